/**
 * The sync server's API as the task pane uses it: plain fetch, German errors that say what to do.
 * Kinds of failure the pane treats differently: `netzwerk` (queue and retry), `anmeldung` (token),
 * `konflikt` (409, show what changed), `pruefung` (422/403 with findings).
 */
import type { AreaTree, CatalogueDefinition, Finding } from '../../../shared';
import { teileFelder } from '../../../shared/areas/exchange';
import type { IndicatorRow } from '../plans/pull';
import { abrufTeile, codeListen } from '../plans/abrufteile';
import { T } from '../texts';

export type ApiErrorKind = 'netzwerk' | 'anmeldung' | 'berechtigung' | 'konflikt' | 'pruefung' | 'server' | 'anfrage';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    message: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Health {
  status: string;
  version: string;
  demo: boolean;
  catalogueVersion: string | null;
  areas: number;
  periods: string[];
  /** the server's database and whether it answers (servers before this field omit it) */
  database?: { kind: 'sqlite' | 'postgres'; reachable: boolean };
}

export interface AreaFeature {
  code: string;
  name: string;
  ebene: 'land' | 'kreis' | 'stadt' | 'stadtbezirk' | 'gemeindeteil' | 'baublock';
  parent: string | null;
  /** the sub-areas do not hold everyone: the area's own count wins (shared/areas/areas.ts); the add-in's check reads it like the server's */
  teileUnvollstaendig?: boolean;
  teileUnvollstaendigGrund?: string;
}

export interface Receipt {
  submissionId: number;
  revision: number;
  revisions: Record<string, number>;
  rowsAccepted: number;
  createdAt: string;
  warnings: Finding[];
  replayed: boolean;
}

export interface Conflict {
  error: string;
  message: string;
  meldebereich?: string;
  baseRevision?: number;
  currentRevision?: number;
  changes?: { submissionId: number; revision: number; submittedBy: string; submittedAt: string; rowCount: number; rows: { area: string; variable: string; value: number }[] }[];
  overlapping?: { area: string; variable: string; value: number; submissionId: number }[];
}

/** The token's role; `token`: its id and name (servers with tokenId in /api/whoami), to say "Sie" for one's own submissions. */
export type Who = ({ rolle: 'kreis' } | { rolle: 'kommune'; ags: string } | { rolle: 'leser' }) & { token?: { id: number; name: string | null }; perioden?: string[] };

/** Area codes per request: keeps query strings short (a Baublock code has 16 to 35 characters). */
const AREAS_PER_REQUEST = 150;
/**
 * Characters of the encoded `areas=` list per request: well under the server's header limit (Node:
 * 16 KB for all headers, the token and the other parameters included), also behind proxies that
 * allow 8 KB.
 */
const AREAS_CHARS_PER_REQUEST = 6000;
/** Areas per `unter=` request at most: a bigger complete level is asked per area below (plans/abrufteile.ts). */
const AREAS_PER_GROUP = 5000;

export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ApiError('anfrage', null, T.urlUngueltig(input));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('anfrage', null, T.urlUngueltig(input));
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class ApiClient {
  readonly base: string;
  constructor(
    server: string,
    private readonly token: string,
    private readonly fetchFn: typeof fetch = (...a) => globalThis.fetch(...a),
    private readonly areasPerRequest = AREAS_PER_REQUEST,
  ) {
    this.base = normalizeServerUrl(server);
  }

  /** the server does not know `unter=` (before issue 17): pulls list codes only */
  private ohneUnter = false;

  private async request<R>(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}): Promise<{ status: number; body: R; headers: Headers }> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (opts.auth !== false) headers.Authorization = `Bearer ${this.token}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}/api${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
    } catch {
      throw new ApiError('netzwerk', null, T.netzwerk(this.base));
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      if (res.status >= 500 || res.status === 0) throw new ApiError('netzwerk', res.status, T.netzwerk(this.base));
      throw new ApiError('server', res.status, T.keinJson(res.status));
    }
    return { status: res.status, body: body as R, headers: res.headers };
  }

  /** Maps non-2xx answers to ApiErrors with the server's German message. */
  private fail(status: number, body: unknown): never {
    const b = (body ?? {}) as Record<string, unknown>;
    const msg = typeof b.message === 'string' ? b.message : T.keineAntwort(status);
    if (status === 401) throw new ApiError('anmeldung', status, T.tokenUngueltig, b);
    if (status === 429) throw new ApiError('anmeldung', status, T.zuVieleVersuche, b);
    if (status === 403 && Array.isArray(b.errors)) throw new ApiError('pruefung', status, msg, b);
    if (status === 403) throw new ApiError('berechtigung', status, msg, b);
    if (status === 409) throw new ApiError('konflikt', status, msg, b);
    if (status === 422) throw new ApiError('pruefung', status, msg, b);
    // The server itself answered 503 with its reason (database unreachable, too many writers at once):
    // it is reachable, so say what it said; still 'netzwerk', so a submission waits in the queue.
    if (status === 503 && typeof b.message === 'string') throw new ApiError('netzwerk', status, b.message, b);
    if (status === 502 || status === 503 || status === 504) throw new ApiError('netzwerk', status, `${T.netzwerk(this.base)} (${msg})`, b);
    if (status >= 500) throw new ApiError('server', status, msg, b);
    throw new ApiError('anfrage', status, msg, b);
  }

  private async get<R>(path: string, auth = true): Promise<R> {
    const { status, body } = await this.request<R>('GET', path, { auth });
    if (status < 200 || status > 299) this.fail(status, body);
    return body;
  }

  async health(): Promise<Health> {
    const h = await this.get<Health>('/health', false).catch((e: ApiError) => {
      if (e.status === 404) throw new ApiError('anfrage', 404, T.keinSozialmonitor);
      throw e;
    });
    if (h?.status !== 'ok' || !Array.isArray(h.periods)) throw new ApiError('anfrage', null, T.keinSozialmonitor);
    return h;
  }

  catalogue(): Promise<{ version: string; definition: CatalogueDefinition; demo: boolean }> {
    return this.get('/catalogue');
  }

  async areas(): Promise<AreaFeature[]> {
    const fc = await this.get<{ features: { properties: { code: string; name: string; ebene: AreaFeature['ebene']; parent?: string | null; teileUnvollstaendig?: boolean; teileUnvollstaendigGrund?: string } }[] }>('/areas');
    // (the incomplete-parts flag too: without it the add-in's check would read such an area as the sum of its parts, the server's not)
    return fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name, ebene: f.properties.ebene, parent: f.properties.parent || null, ...teileFelder(f.properties) }));
  }

  /** The token's role, from GET /api/whoami (one call; the server knows the token's role). */
  async whoami(): Promise<Who> {
    const me = await this.get<{ rolle?: unknown; ags?: unknown; tokenId?: unknown; tokenName?: unknown; perioden?: unknown }>('/whoami');
    const token = {
      ...(typeof me.tokenId === 'number' ? { token: { id: me.tokenId, name: typeof me.tokenName === 'string' ? me.tokenName : null } } : {}),
      // the years this token may know of (its own unreleased ones too); /api/health lists only released years
      ...(Array.isArray(me.perioden) && me.perioden.every((p) => typeof p === 'string') ? { perioden: me.perioden as string[] } : {}),
    };
    if (me.rolle === 'kommune' && typeof me.ags === 'string') return { rolle: 'kommune', ags: me.ags, ...token };
    if (me.rolle === 'kreis' || me.rolle === 'leser') return { rolle: me.rolle, ...token };
    // a server without /whoami answers 404 (thrown by get with its German message)
    throw new ApiError('server', 200, T.keineAntwort(200));
  }

  /**
   * Kennzahlen for one period, in several requests (plans/abrufteile.ts): with the area tree, every
   * complete level under an area (what „alle Baublöcke von …“ chooses) as `unter=…&ebene=…`, the
   * rest as lists of codes short enough for any server. `loaded(n)` is told after each request how
   * many of the areas are loaded, for a determinate progress bar.
   */
  async indicators(period: string, ids: readonly string[], areas: readonly string[], loaded?: (areasDone: number) => void, tree?: AreaTree): Promise<IndicatorRow[]> {
    const out: IndicatorRow[] = [];
    let done = 0;
    const grenzen = { maxCodes: this.areasPerRequest, maxZeichen: AREAS_CHARS_PER_REQUEST, maxGruppe: AREAS_PER_GROUP };
    const ask = async (where: Record<string, string>) => (await this.get<{ rows: IndicatorRow[] }>(`/indicators?${new URLSearchParams({ period, ids: ids.join(','), ...where }).toString()}`)).rows;
    for (const part of abrufTeile(this.ohneUnter ? undefined : tree, areas, grenzen)) {
      if ('areas' in part) out.push(...(await ask({ areas: part.areas.join(',') })));
      else {
        try {
          out.push(...(await ask({ unter: part.unter, ebene: part.ebene })));
        } catch (e) {
          // A server from before `unter` refuses the parameter itself (naming only the parameter; this
          // server's own refusals of `unter` name the code): list the codes, and from now on always.
          if (!(e instanceof ApiError && e.status === 400 && e.body?.parameter === 'unter' && !e.message.includes(part.unter))) throw e;
          this.ohneUnter = true;
          for (const list of codeListen(part.codes, grenzen.maxCodes, grenzen.maxZeichen)) out.push(...(await ask({ areas: list.join(',') })));
        }
      }
      loaded?.((done += 'areas' in part ? part.areas.length : part.codes.length));
    }
    return out;
  }

  /** Revision of a Meldebereich (a Stadt, or the Kreis) for a period. */
  async revision(period: string, scope: string): Promise<number> {
    const r = await this.get<{ bereiche: { code: string; revision: number }[] }>(`/status?period=${encodeURIComponent(period)}`);
    return r.bereiche.find((b) => b.code === scope)?.revision ?? 0;
  }

  async values(period: string, areas?: readonly string[]): Promise<{ area: string; variable: string; value: number }[]> {
    const q = new URLSearchParams({ period, ...(areas ? { areas: areas.join(',') } : {}) });
    return (await this.get<{ rows: { area: string; variable: string; value: number }[] }>(`/values?${q.toString()}`)).rows;
  }

  /** POST /api/submissions; throws ApiError (konflikt: body is the Conflict; pruefung: findings). */
  async submit(body: unknown, idempotencyKey: string): Promise<Receipt> {
    const r = await this.request<Omit<Receipt, 'replayed'>>('POST', '/submissions', { body, headers: { 'Idempotency-Key': idempotencyKey } });
    if (r.status !== 201) this.fail(r.status, r.body);
    return { ...r.body, replayed: r.headers.get('Idempotent-Replayed') === 'true' };
  }
}
