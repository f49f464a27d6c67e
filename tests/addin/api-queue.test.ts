/**
 * The task pane's API client and submission queue against the real server app over real HTTP
 * (Node's fetch, the same calls the browser makes): roles, German errors, idempotent retries.
 */
import type { AddressInfo } from 'node:net';
import { ApiClient, ApiError, normalizeServerUrl } from '../../addin/src/api/client';
import { MemoryGateway } from '../../addin/src/excel/memory-gateway';
import { WorkbookStore, PendingSubmission } from '../../addin/src/workbook/store';
import { flushQueue, send } from '../../addin/src/workbook/submit';
import { writeTemplateSheet } from '../../addin/src/workbook/template-sheet';
import { connect } from '../../addin/src/ui/ConnectPanel';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import { AreaTree } from '../../shared';
import { HATTINGEN, HttpTestServer, WITTEN, baublockeOf, httpTestServer } from '../server/helpers';

let ts: HttpTestServer;

beforeAll(async () => {
  ts = await httpTestServer();
});
afterAll(() => ts.close());

class MemoryTokens {
  data = new Map<string, string>();
  getItem(k: string) { return this.data.get(k) ?? null; }
  setItem(k: string, v: string) { this.data.set(k, v); }
  removeItem(k: string) { this.data.delete(k); }
}

test('health, and the role of each token', async () => {
  const kreis = new ApiClient(ts.url, ts.tokens.kreis);
  const h = await kreis.health();
  expect(h).toMatchObject({ status: 'ok', demo: false });
  expect(await kreis.whoami()).toEqual({ rolle: 'kreis', token: { id: expect.any(Number), name: 'kreis' }, perioden: [] });
  expect(await new ApiClient(ts.url, ts.tokens.witten).whoami()).toEqual({ rolle: 'kommune', ags: WITTEN, token: { id: expect.any(Number), name: `kommune:${WITTEN}` }, perioden: [] });
  expect(await new ApiClient(ts.url, ts.tokens.hattingen).whoami()).toMatchObject({ rolle: 'kommune', ags: HATTINGEN });
  expect(await new ApiClient(ts.url, ts.tokens.leser).whoami()).toMatchObject({ rolle: 'leser' });
});

test('German errors: wrong token, unreachable server, no Sozialmonitor at the address, bad URL', async () => {
  await expect(new ApiClient(ts.url, 'falsch').whoami()).rejects.toMatchObject({ kind: 'anmeldung', status: 401, message: expect.stringContaining('ungültig, abgelaufen oder widerrufen') });
  // a port nobody listens on
  const closed = await new Promise<number>((resolve) => { const s = ts.app.listen(0, '127.0.0.1', () => { const p = (s.address() as AddressInfo).port; s.close(() => resolve(p)); }); });
  await expect(new ApiClient(`http://127.0.0.1:${closed}`, 'x').health()).rejects.toMatchObject({ kind: 'netzwerk', message: expect.stringContaining(`Der Server http://127.0.0.1:${closed} ist nicht erreichbar`) });
  const html = async () => new Response('<html>kein JSON</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
  await expect(new ApiClient('https://example.invalid', 'x', html).health()).rejects.toMatchObject({ kind: 'server', message: expect.stringContaining('nicht mit Daten') });
  expect(() => normalizeServerUrl('sozialmonitor')).toThrow('„sozialmonitor“ ist keine gültige Adresse');
  expect(normalizeServerUrl(' https://sm.kreis.de/ ')).toBe('https://sm.kreis.de');
});

test('indicators for many areas are fetched in parts and come back complete', async () => {
  const api = new ApiClient(ts.url, ts.tokens.kreis);
  const areas = (await api.areas()).map((a) => a.code);
  const calls: string[] = [];
  const counting = new ApiClient(ts.url, ts.tokens.kreis, (input, init) => { calls.push(String(input)); return fetch(input, init); }, 4);
  const loaded: number[] = [];
  const rows = await counting.indicators('2024', ['jugendquotient'], areas, (n) => loaded.push(n));
  expect(calls).toHaveLength(Math.ceil(areas.length / 4));
  // determinate progress: after each request the areas loaded so far, ending with all
  expect(loaded).toEqual(calls.map((_, i) => Math.min(areas.length, (i + 1) * 4)));
  expect(rows.map((r) => r.area).sort()).toEqual([...areas].sort());
  expect(rows.every((r) => r.value === null && r.status !== 'ok')).toBe(true); // nothing reported yet: no value, never 0
});

test('all Baublöcke of a Stadt are asked as unter=…&ebene=baublock, hand-picked areas as lists; the same rows as listing every code', async () => {
  const features = await new ApiClient(ts.url, ts.tokens.kreis).areas();
  const tree = AreaTree.build(features);
  const chosen = [...baublockeOf(WITTEN), `${HATTINGEN}-01`, HATTINGEN];
  const calls: string[] = [];
  const counting = new ApiClient(ts.url, ts.tokens.kreis, (input, init) => { calls.push(decodeURIComponent(String(input))); return fetch(input, init); }, 4);
  const loaded: number[] = [];
  const rows = await counting.indicators('2024', ['jugendquotient'], chosen, (n) => loaded.push(n), tree);
  expect(calls).toHaveLength(2);
  expect(calls[0]).toContain(`unter=${WITTEN}&ebene=baublock`);
  expect(calls[0]).not.toContain('areas=');
  expect(calls[1]).toContain(`areas=${HATTINGEN}-01,${HATTINGEN}`);
  expect(loaded).toEqual([4, 6]);
  const listed = await new ApiClient(ts.url, ts.tokens.kreis, undefined, 4).indicators('2024', ['jugendquotient'], chosen);
  const key = (r: { area: string }) => r.area;
  expect([...rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...listed].sort((a, b) => key(a).localeCompare(key(b))));
  expect(new Set(rows.map(key))).toEqual(new Set(chosen));
});

test('a server without unter= (before issue 17): the client lists the codes instead, and keeps doing so', async () => {
  const tree = AreaTree.build(await new ApiClient(ts.url, ts.tokens.kreis).areas());
  const calls: string[] = [];
  // the old server's strict parameter check, as it answered an unknown parameter
  const old = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(decodeURIComponent(String(input)));
    if (String(input).includes('unter=')) {
      return new Response(JSON.stringify({ error: 'PARAMETER_UNGUELTIG', message: 'Parameter „unter“: gibt es bei GET /api/indicators nicht; erlaubt: period, ids, areas, ebene', parameter: 'unter' }), { status: 400, headers: { 'Content-Type': 'application/json' } });
    }
    return fetch(input, init);
  };
  const client = new ApiClient(ts.url, ts.tokens.kreis, old, 4);
  const rows = await client.indicators('2024', ['jugendquotient'], baublockeOf(WITTEN), undefined, tree);
  expect(new Set(rows.map((r) => r.area))).toEqual(new Set(baublockeOf(WITTEN)));
  expect(calls.map((c) => c.includes('unter='))).toEqual([true, false]);
  await client.indicators('2024', ['jugendquotient'], baublockeOf(HATTINGEN), undefined, tree);
  expect(calls.slice(2).some((c) => c.includes('unter='))).toBe(false);
  // the new server's own refusal of a code is the user's error, not a reason to fall back
  const gone = AreaTree.build([...tree.all(), ...['1', '2', '3', '4'].map((n) => ({ code: `${HATTINGEN}-09-000${n}`, name: n, ebene: 'baublock' as const, parent: `${HATTINGEN}-09` })), { code: `${HATTINGEN}-09`, name: 'neu', ebene: 'gemeindeteil' as const, parent: HATTINGEN }]);
  await expect(new ApiClient(ts.url, ts.tokens.kreis, undefined, 4).indicators('2024', ['jugendquotient'], gone.subtree(`${HATTINGEN}-09`).slice(1), undefined, gone))
    .rejects.toMatchObject({ status: 400, message: expect.stringContaining(`Gebiet „${HATTINGEN}-09“ gibt es in der Gebietsgliederung nicht`) });
});

describe('submissions through the queue', () => {
  const body = (value: number, baseRevision: number) => ({ period: '2024', baseRevision, rows: [{ area: `${WITTEN}-01`, variable: 'bev_weiblich', value }, { area: `${WITTEN}-01`, variable: 'bevoelkerung', value: 5000 }] });
  const pending = (key: string, value: number, base: number): PendingSubmission => ({ idempotencyKey: key, sheet: 'Erfassung', body: body(value, base), queuedAt: new Date().toISOString(), attempts: 0 });

  test('a network failure keeps it queued in the workbook; the retry with the same key stores it once', async () => {
    const wb = new MemoryGateway();
    const store = new WorkbookStore(wb.settings, new MemoryTokens());
    const offline = new ApiClient(ts.url, ts.tokens.witten, async () => { throw new TypeError('Failed to fetch'); });
    const first = await send(offline, store, pending('k-1', 2000, 0));
    expect(first.kind).toBe('wartet');
    expect(store.queue()).toEqual([expect.objectContaining({ idempotencyKey: 'k-1', attempts: 1 })]);
    expect(wb.settings.saves).toBeGreaterThan(0);

    // the request reached the server but the answer was lost: the server stored it already
    const online = new ApiClient(ts.url, ts.tokens.witten);
    await online.submit(body(2000, 0), 'k-1');
    const [again] = await flushQueue(online, store);
    expect(again).toMatchObject({ kind: 'angenommen', receipt: { replayed: true, revision: 1 } });
    expect(store.queue()).toEqual([]);
    const history = await fetch(`${ts.url}/api/submissions?period=2024`, { headers: ts.auth(ts.tokens.kreis) }).then((r) => r.json() as Promise<{ submissions: unknown[] }>);
    expect(history.submissions).toHaveLength(1);
  });

  test('a stale base revision is a conflict (not queued) with what changed', async () => {
    const store = new WorkbookStore(new MemoryGateway().settings, new MemoryTokens());
    const out = await send(new ApiClient(ts.url, ts.tokens.witten), store, pending('k-2', 2100, 0));
    expect(out.kind).toBe('abgelehnt');
    if (out.kind !== 'abgelehnt') return;
    expect(out.error).toBeInstanceOf(ApiError);
    expect(out.error.kind).toBe('konflikt');
    expect(out.error.body).toMatchObject({ error: 'REVISION_VERALTET', currentRevision: 1, overlapping: expect.arrayContaining([expect.objectContaining({ variable: 'bev_weiblich', value: 2000 })]) });
    expect(store.queue()).toEqual([]);
  });

  test('invalid data is refused with the findings, nothing stored, not queued', async () => {
    const store = new WorkbookStore(new MemoryGateway().settings, new MemoryTokens());
    const out = await send(new ApiClient(ts.url, ts.tokens.witten), store, pending('k-3', 9000, 1));
    expect(out).toMatchObject({ kind: 'abgelehnt', error: { kind: 'pruefung', status: 422 } });
    expect(store.queue()).toEqual([]);
  });
});

test('the token is remembered per workbook and server in the browser profile, never in the workbook', async () => {
  const wb = new MemoryGateway();
  const tokens = new MemoryTokens();
  const store = new WorkbookStore(wb.settings, tokens);
  await store.remember('https://sm.kreis.de', 'geheim');
  expect(await store.connection()).toEqual({ server: 'https://sm.kreis.de', token: 'geheim' });
  expect(JSON.stringify([...((wb.settings as unknown as { data: Map<string, string> }).data)])).not.toContain('geheim');
  // another workbook (another id) does not see it
  const other = new WorkbookStore(new MemoryGateway().settings, tokens);
  other['s'].set('sozialmonitor.server', 'https://sm.kreis.de');
  expect(await other.connection()).toEqual({ server: 'https://sm.kreis.de' });
  await store.forget('https://sm.kreis.de');
  expect(await store.connection()).toEqual({ server: 'https://sm.kreis.de' });
});

describe('connecting the pane (the same function the Verbinden button calls)', () => {
  test('a Kommune token gives a session for its own Stadt', async () => {
    const session = await connect(ts.url, ` ${ts.tokens.witten} `);
    expect(session.who).toMatchObject({ rolle: 'kommune', ags: WITTEN });
    expect(session.tree.get(WITTEN)?.ebene).toBe('stadt');
  });

  test('a Kommune token for a Stadt outside this Kreis is refused with a plain reason', async () => {
    const fremd = await createToken(ts.storage, { rolle: 'kommune', ags: '05958004' }, OPERATOR);
    await expect(connect(ts.url, fremd.token)).rejects.toThrow('Mit diesem Token ist keine Stadt dieses Kreises freigegeben');
  });

  test('an empty token is refused before any request', async () => {
    await expect(connect('http://127.0.0.1:1', '  ')).rejects.toBeInstanceOf(ApiError);
  });
});

describe('answers that say the server is busy or cut off', () => {
  const answering = (status: number, body: string, type = 'application/json') =>
    new ApiClient('http://sm.example', 't', async () => new Response(body, { status, headers: { 'Content-Type': type } }));

  test('a 503 with the server\'s own reason shows that reason and is a network kind (queued, retried)', async () => {
    const message = 'Die Datenbank ist nicht erreichbar (der Server selbst läuft). Bitte später erneut versuchen; es wurde nichts gespeichert.';
    const e = await answering(503, JSON.stringify({ error: 'DATENBANK_NICHT_ERREICHBAR', message })).health().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).kind).toBe('netzwerk');
    expect((e as ApiError).message).toBe(message);
  });

  test('a 502 from a proxy in front says the server cannot be reached', async () => {
    const e = await answering(502, JSON.stringify({})).health().catch((x: unknown) => x);
    expect((e as ApiError).kind).toBe('netzwerk');
    expect((e as ApiError).message).toContain('ist nicht erreichbar');
  });
});

const asIs = async (s: string): Promise<string | null> => s;

describe('writing an entry template (the one path of the Erfassung, Einwohnerdaten and Quelltabelle tabs)', () => {
  test('the base revision is the server\'s, pre-filled cells are counted, the template is remembered', async () => {
    const session = await connect(ts.url, ts.tokens.witten);
    const wb = new MemoryGateway();
    const store = new WorkbookStore(wb.settings, new MemoryTokens());
    const revision = await session.api.revision('2024', WITTEN);
    expect(revision).toBeGreaterThan(0); // the queue tests above stored a submission for Witten
    const gts = session.tree.subtree(WITTEN).filter((c) => session.tree.get(c)?.ebene === 'gemeindeteil');
    const values = new Map([[gts[0]!, new Map([['bevoelkerung', 5000], ['bev_weiblich', 2600]])], ['05954999-01', new Map([['bevoelkerung', 1]])]]);
    const out = await writeTemplateSheet(
      { ...session, gateway: wb, store, chooseSheet: asIs },
      { sheet: 'EW 2024 Gemeindeteil Witten: Test/Blatt', period: ' 2024 ', stadt: WITTEN, ebene: 'gemeindeteil', merkmale: ['bevoelkerung', 'bev_weiblich'], values, herkunft: 'aus einem Test' },
    );
    expect(out!.info).toEqual({ sheet: 'EW 2024 Gemeindeteil Witten Tes', period: '2024', stadt: WITTEN, ebene: 'gemeindeteil', merkmale: ['bevoelkerung', 'bev_weiblich'], baseRevision: revision, catalogueVersion: session.catalogue.version });
    expect(out!.rows).toBe(gts.length);
    expect(out!.written).toBe(2); // the area of another Kreis is no row of the sheet
    expect(store.templates()[out!.info.sheet]).toEqual(out!.info);
    const cells = await wb.readSheet(out!.info.sheet);
    expect(cells.some((r) => r[0] === 'aus einem Test')).toBe(true);
    expect(cells.find((r) => r[0] === gts[0])?.slice(2)).toEqual([5000, 2600]);
  });

  test('a sheet that cannot be written leaves no template record; an unknown Merkmal is named', async () => {
    const session = await connect(ts.url, ts.tokens.witten);
    const wb = new MemoryGateway();
    const store = new WorkbookStore(wb.settings, new MemoryTokens());
    const failing = Object.assign(Object.create(wb) as MemoryGateway, { writeSheet: async () => { throw new Error('Excel: Blatt ist schreibgeschützt'); } });
    const t = { sheet: 'Erfassung Witten 2024', period: '2024', stadt: WITTEN, ebene: 'gemeindeteil' as const, merkmale: ['bevoelkerung'] };
    await expect(writeTemplateSheet({ ...session, gateway: failing, store, chooseSheet: asIs }, t)).rejects.toThrow('Blatt ist schreibgeschützt');
    expect(store.templates()).toEqual({});
    await expect(writeTemplateSheet({ ...session, gateway: wb, store, chooseSheet: asIs }, { ...t, merkmale: ['gibt_es_nicht'] })).rejects.toThrow('gibt_es_nicht');
    expect(store.templates()).toEqual({});
    expect(await wb.sheetNames()).toEqual([]);
  });

  test('an existing sheet is not replaced without the clerk\'s choice: cancelled writes nothing, a new name leaves the old sheet', async () => {
    const session = await connect(ts.url, ts.tokens.witten);
    const wb = new MemoryGateway();
    const store = new WorkbookStore(wb.settings, new MemoryTokens());
    wb.putTable('Erfassung Witten 2024', [['meine Formel', 42]]);
    const t = { sheet: 'Erfassung Witten 2024', period: '2024', stadt: WITTEN, ebene: 'gemeindeteil' as const, merkmale: ['bevoelkerung'] };
    const asked: string[] = [];
    expect(await writeTemplateSheet({ ...session, gateway: wb, store, chooseSheet: async (s) => { asked.push(s); return null; } }, t)).toBeNull();
    expect(asked).toEqual(['Erfassung Witten 2024']);
    expect(await wb.readSheet('Erfassung Witten 2024')).toEqual([['meine Formel', 42]]);
    expect(store.templates()).toEqual({});
    const out = await writeTemplateSheet({ ...session, gateway: wb, store, chooseSheet: async () => 'Erfassung Witten 2024 (2)' }, t);
    expect(out!.info.sheet).toBe('Erfassung Witten 2024 (2)');
    expect(await wb.readSheet('Erfassung Witten 2024')).toEqual([['meine Formel', 42]]);
    expect(Object.keys(store.templates())).toEqual(['Erfassung Witten 2024 (2)']);
  });
});
