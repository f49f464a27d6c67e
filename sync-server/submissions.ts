/**
 * Accepting a submission: the shared validation decides what is valid, the storage stores it whole
 * or not at all. Writers of one Meldebereich and year are serialised by the storage
 * (`serialiseWriters`: a queue per Meldebereich, on PostgreSQL also an advisory lock): revisions are
 * read, the submission validated against them and appended while no other writer of the same
 * Meldebereich runs, so ordinary concurrency never ends in 503. The storage transaction still checks
 * the revisions; a writer outside the lock (another process) makes it validate again. A client that
 * sent a `baseRevision` which is no longer current gets 409 and what changed. Used by the HTTP route
 * and by the demo loader alike.
 *
 * Nothing an answer says may go beyond what the caller may read (issue 13): ownership and validation
 * come before the revision comparison, a Kommune's rows are checked against its own Stadt's values
 * only, and a 409 lists only rows the caller sees raw.
 */
import { AreaTree, Finding, MAX_FINDINGS_LISTED, Role, ValueTable, clipText, deNumber, isPeriod, shiftPeriod, validateDatasetAsync } from '../shared';
import { DomainState, PeriodValues, scopeOf } from './domain';
import { contentHashAsync } from './hash';
import { seesRaw, submissionAccepted } from './publication';
import type { Actor, StoredRow, SubmissionAccepted, SubmissionSummary } from './storage/types';

export type SubmissionOutcome =
  | { status: 201; body: SubmissionAccepted & { warnings: Finding[] }; replayed: boolean }
  | { status: 403 | 422; body: { message: string; errors: Finding[]; warnings: Finding[]; errorCount: number; warningCount: number } }
  | { status: 409; body: ConflictBody }
  | { status: 400 | 503; body: { error: string; message: string } };

export interface ConflictBody {
  error: 'REVISION_VERALTET' | 'IDEMPOTENCY_KEY_ANDERS_VERWENDET';
  message: string;
  meldebereich?: string;
  baseRevision?: number;
  currentRevision?: number;
  /** the submissions accepted since `baseRevision`, each with the values it set that the caller may read raw */
  changes?: VisibleSubmission[];
  /** cells of this submission that someone else changed since `baseRevision` */
  overlapping?: { area: string; variable: string; value: number; submissionId: number }[];
}

/**
 * A submission as a caller may see it. Whole when its Meldebereich is a Stadt the caller sees raw
 * (then every row is in that Stadt); otherwise (a Kreis submission spanning several Städte) only the
 * rows of areas the caller sees raw, `rowCount` counting only those (`rowsInScope`, when the rows
 * at hand are already narrowed, e.g. to one area), and no `contentHash`: a hash of the whole request
 * would let a guess of the hidden small numbers be confirmed.
 */
export type VisibleSubmission = Omit<SubmissionSummary, 'contentHash'> & { contentHash: string | null; rowsShown?: number };

export function visibleSubmission(s: SubmissionSummary, role: Role, tree: AreaTree, rowsInScope?: number): VisibleSubmission {
  if (role.rolle === 'kreis' || (tree.get(s.meldebereich)?.ebene === 'stadt' && seesRaw(role, tree, s.meldebereich))) return s;
  const rows = s.rows.filter((r) => seesRaw(role, tree, r.area));
  return { ...s, rows, rowCount: rowsInScope ?? rows.length, contentHash: null };
}

const MAX_ATTEMPTS = 7;
/** first retry waits up to this long (then 2×, 4×, …): at most about 0.6 s in all */
const RETRY_WAIT_MS = 10;
const MAX_ROWS_IN_CONFLICT = 500;

export interface SubmitRequest {
  body: unknown;
  actor: Actor;
  idempotencyKey?: string;
}

function baseRevisionOf(body: unknown): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || !('baseRevision' in body)) return { ok: true, value: undefined };
  const v = (body as { baseRevision?: unknown }).baseRevision;
  if (v === undefined || v === null) return { ok: true, value: undefined };
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { ok: true, value: v };
  return { ok: false, message: `Feld „baseRevision“: ${clipText(JSON.stringify(v) ?? String(v))} ist keine Revisionsnummer; erwartet wird eine ganze Zahl ab 0 (die zuletzt gesehene Revision) oder das Feld weglassen` };
}

/** The Meldebereiche a dataset touches: the Stadt of each known area, the Kreis for Kreis rows. */
function scopesOf(tree: AreaTree, body: unknown): { meldebereich: string; scopes: string[] } {
  const rows = (body as { rows?: unknown })?.rows;
  const touched = new Set<string>();
  if (Array.isArray(rows)) {
    for (const r of rows) {
      const area = typeof (r as { area?: unknown })?.area === 'string' ? ((r as { area: string }).area.trim()) : '';
      if (tree.has(area)) touched.add(scopeOf(tree, area));
    }
  }
  // A submission for one Stadt counts for that Stadt; one spanning several (or the Kreis itself)
  // counts for the Kreis and also advances each Stadt touched, so every clerk sees the change.
  const list = [...touched].sort();
  const meldebereich = list.length === 1 ? list[0]! : tree.root.code;
  return { meldebereich, scopes: [...new Set([meldebereich, ...list])].sort() };
}

export async function submitDataset(state: DomainState, req: SubmitRequest): Promise<SubmissionOutcome> {
  const { body, actor, idempotencyKey } = req;
  const storage = state.storage;
  const requestHash = await contentHashAsync(body);

  if (idempotencyKey && actor.tokenId !== null) {
    const prior = await storage.idempotentResponse(actor.tokenId, idempotencyKey);
    if (prior) return replay(prior, requestHash);
  }
  const base = baseRevisionOf(body);
  if (!base.ok) {
    return { status: 422, body: { message: 'Die Meldung wurde nicht gespeichert.', errors: [baseRevisionFinding(base.message)], warnings: [], errorCount: 1, warningCount: 0 } };
  }
  const catalogue = await state.catalogue();
  const { tree } = await state.areas();
  if (!catalogue || !tree) {
    return { status: 503, body: { error: 'KEINE_GEBIETE', message: 'Es ist noch keine Gebietsgliederung hinterlegt; der Kreis muss sie zuerst hochladen (PUT /api/areas).' } };
  }
  const period = (body as { period?: unknown })?.period;

  const { meldebereich, scopes } = scopesOf(tree, body);
  // One check-and-store under the writer lock of its Meldebereiche; undefined when the revisions
  // moved all the same (a writer outside the lock, e.g. another process on the same SQLite file).
  const attemptOnce = async (): Promise<SubmissionOutcome | undefined> => {
    const revisions = isPeriod(period) ? await storage.revisions(period, scopes) : {};
    const current = revisions[meldebereich] ?? 0;
    const context = isPeriod(period) ? await contextFor(state, actor.role, period, meldebereich, scopes, tree) : undefined;
    // the previous year within the same raw scope, for the VORJAHR_SPRUNG warnings
    const vorjahr = isPeriod(period) ? await contextFor(state, actor.role, shiftPeriod(period, -1), meldebereich, scopes, tree) : undefined;
    // in steps, so that other requests are answered while a large submission is checked
    const result = await validateDatasetAsync(body, { catalogue, tree, submitter: actor.role, context, vorjahr, maxFindings: MAX_FINDINGS_LISTED });
    if (!result.ok) {
      const foreign = result.errors.some((e) => e.code === 'NICHT_EIGENES_GEBIET');
      return {
        status: foreign ? 403 : 422,
        body: {
          message: foreign
            ? 'Die Meldung enthält Gebiete, für die Sie nicht melden dürfen; es wurde nichts gespeichert.'
            : `Die Meldung enthält ${deNumber(result.errorCount)} Fehler; es wurde nichts gespeichert.`,
          errors: result.errors,
          warnings: result.warnings,
          // all found, also those not listed one by one (MAX_FINDINGS_LISTED): the add-in counts these
          errorCount: result.errorCount,
          warningCount: result.warningCount,
        },
      };
    }
    // Only now, with every row the caller's own: what changed since its base is its to see.
    if (base.value !== undefined && base.value !== current) {
      return conflict(state, actor.role, tree, body, meldebereich, result.period!, base.value, current);
    }
    const rows: StoredRow[] = result.validRows.map((r) => ({ area: r.area, variable: r.variable, value: r.value, scope: scopeOf(tree, r.area) }));
    const appended = await storage.appendSubmission({
      period: result.period!,
      rows,
      meldebereich,
      scopes,
      expectedRevisions: revisions,
      actor,
      contentHash: requestHash,
      catalogueVersion: catalogue.version,
      ...(idempotencyKey ? { idempotency: { key: idempotencyKey, requestHash } } : {}),
    });
    if (appended.kind === 'stored') {
      submissionAccepted(state, { period: result.period!, rows, before: appended.valuesVersionBefore, after: appended.valuesVersion });
      return { status: 201, body: { ...appended.accepted, warnings: result.warnings }, replayed: false };
    }
    if (appended.kind === 'replay') return replay(appended, requestHash);
    return undefined;
  };

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Writers of the same Meldebereich wait here for each other (storage.serialiseWriters), so the
    // revisions read inside stay current until the append; no retry under ordinary concurrency.
    // A Kommune's rows of other cities are refused (403) without taking those cities' locks, so it
    // cannot hold up their clerks; the append's revision check still guards in any case.
    const role = actor.role;
    const ownScopes = role.rolle !== 'kommune' || scopes.every((s) => s === role.ags);
    const outcome = isPeriod(period) && ownScopes ? await storage.serialiseWriters(period, scopes, attemptOnce) : await attemptOnce();
    if (outcome) return outcome;
    // stale all the same: a writer outside this process's lock (the CLI or a second server on the
    // same SQLite file). Check again against the new state after a short random wait.
    if (attempt + 1 < MAX_ATTEMPTS) await new Promise((r) => setTimeout(r, Math.random() * RETRY_WAIT_MS * 2 ** attempt));
  }
  return { status: 503, body: { error: 'UEBERLASTET', message: 'Zu viele gleichzeitige Meldungen für dieses Gebiet; bitte in einigen Sekunden erneut senden.' } };
}

function baseRevisionFinding(detail: string): Finding {
  return { severity: 'fehler', code: 'DATENSATZ_UNGUELTIG', row: null, area: null, variable: null, detail, message: detail };
}

function replay(prior: { requestHash: string; response: SubmissionAccepted }, requestHash: string): SubmissionOutcome {
  if (prior.requestHash !== requestHash) {
    return {
      status: 409,
      body: {
        error: 'IDEMPOTENCY_KEY_ANDERS_VERWENDET',
        message: 'Dieser Idempotency-Key wurde schon für eine andere Meldung verwendet; für eine neue Meldung bitte einen neuen Schlüssel senden.',
      },
    };
  }
  return { status: 201, body: { ...prior.response, warnings: [] }, replayed: true };
}

/**
 * Stored values the consistency checks may use, and which the findings may quote: never more than
 * the submitter may read. The Kreis's checks see everything raw (a Kreis-wide submission the whole
 * period, cached; one for a single Stadt that Stadt and the Kreis-level rows). A Kommune's checks see
 * its own Stadt raw and nothing else. Its rows lie in its Stadt, so the checks read other areas only
 * above the Stadt (Stadt within Kreis), and there neither the raw Kreis row (not the Kommune's to
 * see, and a finding would quote it) nor the published count would do: the published Kreis count is
 * the sum of the parts, the Kommune's old values included, and would reject every change of them
 * as "Teile größer als das Ganze". The Kreis's own check covers the Kreis level.
 * The same scope, read for the previous year, is what the VORJAHR_SPRUNG warnings compare with: a
 * warning never quotes another city's value.
 */
async function contextFor(state: DomainState, role: Role, period: string, meldebereich: string, scopes: string[], tree: AreaTree): Promise<ValueTable | PeriodValues> {
  const table = new ValueTable();
  if (role.rolle === 'kommune') {
    for (const v of await state.storage.currentValues(period, [role.ags])) if (seesRaw(role, tree, v.area)) table.set(v.area, v.variable, period, v.value);
    return table;
  }
  if (role.rolle !== 'kreis') return table;
  if (meldebereich === tree.root.code) return state.values([period]);
  for (const v of await state.storage.currentValues(period, [...new Set([...scopes, tree.root.code])])) {
    table.set(v.area, v.variable, period, v.value);
  }
  return table;
}

async function conflict(
  state: DomainState,
  role: Role,
  tree: AreaTree,
  body: unknown,
  meldebereich: string,
  period: string,
  baseRevision: number,
  current: number,
): Promise<SubmissionOutcome> {
  // A Kreis submission spanning several Städte counts in each Stadt's revisions: a Kommune sees its
  // own Stadt's rows of it, never the others'.
  const since = (baseRevision < current ? await state.storage.submissionsSince(meldebereich, period, baseRevision) : []).map((s) => visibleSubmission(s, role, tree));
  const mine = new Set<string>();
  const rows = (body as { rows?: unknown }).rows;
  if (Array.isArray(rows)) for (const r of rows) mine.add(`${(r as { area?: unknown })?.area}\u0000${(r as { variable?: unknown })?.variable}`);
  const overlapping: NonNullable<ConflictBody['overlapping']> = [];
  for (const s of since) {
    for (const r of s.rows) if (mine.has(`${r.area}\u0000${r.variable}`)) overlapping.push({ ...r, submissionId: s.submissionId });
  }
  const message =
    baseRevision > current
      ? `Revision ${baseRevision} gibt es für ${meldebereich} im Jahr ${period} nicht; aktuell ist Revision ${current}. Bitte den aktuellen Stand neu laden.`
      : `Seit Ihrer Revision ${baseRevision} wurde für ${meldebereich} im Jahr ${period} ${current - baseRevision}-mal gemeldet (aktuell Revision ${current}). Es wurde nichts gespeichert, damit keine Änderung verloren geht. Bitte die Änderungen prüfen und mit baseRevision ${current} erneut senden.`;
  return {
    status: 409,
    body: {
      error: 'REVISION_VERALTET',
      message,
      meldebereich,
      baseRevision,
      currentRevision: current,
      changes: since.map((s) => ({ ...s, rows: s.rows.slice(0, MAX_ROWS_IN_CONFLICT), rowsShown: Math.min(s.rows.length, MAX_ROWS_IN_CONFLICT) })),
      overlapping: overlapping.slice(0, MAX_ROWS_IN_CONFLICT),
    },
  };
}
