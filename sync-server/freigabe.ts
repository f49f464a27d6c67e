/**
 * The Kreis's release step (Freigabe): an accepted submission is visible raw to its own Stadt and
 * the Kreis at once, but to readers and other cities only once the Kreis has released it. A release
 * records per Meldebereich (Stadt, or the Kreis level) and year the revision made public; the
 * published view (API, report, exports) is computed from the released values (publication.ts).
 *
 * `SOZIALMONITOR_FREIGABE=automatisch` is for a Kreis that wants no review: every accepted
 * submission is released right after it was stored (`releaseOnAcceptance`).
 */
import { AreaTree, Catalogue, Finding, Period, Role, ValueTable, isPeriod, shiftPeriod, vorjahrFindings } from '../shared';
import type { DomainState } from './domain';
import { hasReleasedCache, releaseApplied } from './publication';
import { publishedSnapshotsOf } from './published-snapshot';
import type { Actor, ReleaseRecord, SubmissionAccepted } from './storage/types';

/** `pruefung`: the Kreis releases (the default); `automatisch`: released on acceptance. */
export type FreigabeModus = 'pruefung' | 'automatisch';

/** SOZIALMONITOR_FREIGABE; unset or empty is `pruefung`; anything else unknown stops the start. */
export function freigabeModusFromEnv(env: NodeJS.ProcessEnv = process.env): FreigabeModus {
  const v = (env.SOZIALMONITOR_FREIGABE ?? '').trim();
  if (v === '' || v === 'pruefung') return 'pruefung';
  if (v === 'automatisch') return 'automatisch';
  throw new Error(`SOZIALMONITOR_FREIGABE „${v}“ gibt es nicht; erlaubt sind „pruefung“ (der Kreis gibt frei, Vorgabe) und „automatisch“ (jede angenommene Meldung ist sofort veröffentlicht)`);
}

const AUTOMATIC: Actor = { tokenId: null, role: { rolle: 'kreis' }, label: 'automatische Freigabe (SOZIALMONITOR_FREIGABE=automatisch)' };

/** Longest comment of a release. */
export const KOMMENTAR_MAX = 500;

export type ReleaseOutcome =
  | { status: 201; release: ReleaseRecord }
  | { status: 200; release: undefined; message: string }
  | { status: 400 | 422; error: string; message: string };

/** "Witten (05954036)"; the Kreis level as "Kreisebene …", a Land's as "Landesebene …". */
export function meldebereichName(tree: AreaTree, scope: string): string {
  const a = tree.get(scope);
  if (!a) return scope;
  if (a.ebene === 'kreis') return `Kreisebene ${a.name} (${a.code})`;
  return a.ebene === 'land' ? `Landesebene ${a.name} (${a.code})` : `${a.name} (${a.code})`;
}

/** Every Meldebereich of a Kreis: the Kreis level and its Städte, in code order. */
export function meldebereiche(tree: AreaTree): string[] {
  // a kreisfreie Stadt as root is one Meldebereich, not two
  return [tree.root.code, ...tree.atLevel('stadt').map((a) => a.code).filter((c) => c !== tree.root.code).sort()];
}

/**
 * Releases the current state of `period` (of one Stadt, or of every Meldebereich incl. the Kreis
 * level). 422 naming the period or Stadt when there is nothing to release; 200 without a new record
 * when everything asked for is already released at its current revision.
 */
export async function releasePeriod(state: DomainState, body: unknown, actor: Actor): Promise<ReleaseOutcome> {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const unknownFields = Object.keys(b).filter((k) => !['period', 'stadt', 'kommentar'].includes(k));
  if (unknownFields.length) return { status: 400, error: 'FELD_UNBEKANNT', message: `Unbekannte Felder ${unknownFields.map((f) => `„${f}“`).join(', ')}; erlaubt sind period, stadt (optional) und kommentar (optional). Es wurde nichts freigegeben.` };
  if (!isPeriod(b.period)) return { status: 400, error: 'PERIODE_FEHLT', message: `Feld „period“: ${b.period === undefined ? 'fehlt' : `${JSON.stringify(b.period)} ist kein Berichtsjahr`}; erwartet wird z. B. "2024". Es wurde nichts freigegeben.` };
  if (b.stadt !== undefined && typeof b.stadt !== 'string') return { status: 400, error: 'STADT_UNGUELTIG', message: 'Feld „stadt“: erwartet wird der Gemeindeschlüssel einer Stadt als Text, z. B. "05954036", oder das Feld weglassen (dann alle Städte und die Kreisebene). Es wurde nichts freigegeben.' };
  if (b.kommentar !== undefined && (typeof b.kommentar !== 'string' || b.kommentar.length > KOMMENTAR_MAX)) return { status: 400, error: 'KOMMENTAR_UNGUELTIG', message: `Feld „kommentar“: erwartet wird ein Text mit höchstens ${KOMMENTAR_MAX} Zeichen. Es wurde nichts freigegeben.` };
  const period: Period = b.period;
  const { tree } = await state.areas();
  if (!tree) return { status: 422, error: 'KEINE_GEBIETE', message: 'Es ist noch keine Gebietsgliederung hinterlegt; es gibt nichts freizugeben.' };
  const periods = await state.storage.periods();
  if (!periods.includes(period)) return { status: 422, error: 'KEINE_DATEN', message: `Für das Jahr ${period} liegen keine Meldungen vor; es gibt nichts freizugeben. Jahre mit Meldungen: ${periods.join(', ') || 'keine'}.` };
  const stadt = typeof b.stadt === 'string' ? b.stadt.trim() : undefined;
  if (stadt !== undefined && tree.get(stadt)?.ebene !== 'stadt') {
    const staedte = tree.atLevel('stadt').map((a) => `${a.code} (${a.name})`).join(', ');
    return { status: 422, error: 'STADT_UNBEKANNT', message: `„${stadt}“ ist keine Stadt der Gebietsgliederung; es wurde nichts freigegeben. Vorhanden: ${staedte}.` };
  }
  const scopes = stadt ? [stadt] : meldebereiche(tree);
  if (stadt && (await state.storage.revisions(period, [stadt]))[stadt] === 0) {
    return { status: 422, error: 'KEINE_DATEN', message: `Für ${meldebereichName(tree, stadt)} liegt im Jahr ${period} keine Meldung vor; es gibt nichts freizugeben.` };
  }
  const kommentar = typeof b.kommentar === 'string' && b.kommentar.trim() ? b.kommentar.trim() : undefined;
  const release = await releaseTelling(state, period, scopes, actor, kommentar);
  if (release) await refreshPublished(state, period);
  if (!release) {
    return { status: 200, release: undefined, message: `Der aktuelle Stand ${stadt ? `von ${meldebereichName(tree, stadt)}` : 'aller Meldebereiche'} im Jahr ${period} ist schon freigegeben; es wurde keine neue Freigabe angelegt.` };
  }
  return { status: 201, release };
}

/**
 * `storage.release`, and then the released cache told which released cells changed, so that it
 * updates the released Kennzahlen in place (IndicatorCache.releasedChanged) instead of computing the
 * whole Kreis or Land again. The changed cells are the released values of the Meldebereiche whose
 * revision is new, read before and after; they are exact only when this release was the one write to
 * the period's released values between the two version reads around them (released version v → v + 1).
 * Otherwise (another release in between, another process) nothing is told and the cache, seeing a
 * version it did not expect, builds its entries anew.
 */
async function releaseTelling(state: DomainState, period: Period, scopes: string[], actor: Actor, kommentar?: string): Promise<ReleaseRecord | undefined> {
  if (!hasReleasedCache(state)) return state.storage.release(period, scopes, actor, kommentar);
  const v0 = (await state.storage.versions(period)).released;
  const [now, released] = await Promise.all([state.storage.revisions(period, scopes), state.storage.releasedRevisions(period)]);
  const changing = scopes.filter((s) => (now[s] ?? 0) > 0 && now[s] !== (released[s] ?? 0));
  const before = changing.length ? await state.storage.releasedValues(period, changing) : [];
  const release = await state.storage.release(period, scopes, actor, kommentar);
  if (!release) return release;
  const done = release.scopes.map((s) => s.scope);
  const after = await state.storage.releasedValues(period, done);
  const v1 = (await state.storage.versions(period)).released;
  if (v1 !== v0 + 1 || done.length !== changing.length || done.some((s) => !changing.includes(s))) return release;
  const key = (v: { area: string; variable: string }) => `${v.area}\u0000${v.variable}`;
  const old = new Map(before.map((v) => [key(v), v.value]));
  // a released cell is never removed (current values are not deleted); if one were, the cache rebuilds
  const still = new Set(after.map(key));
  if ([...old.keys()].some((k) => !still.has(k))) return release;
  const rows = after.filter((v) => old.get(key(v)) !== v.value).map((v) => ({ area: v.area, variable: v.variable, value: v.value }));
  releaseApplied(state, { period, rows, before: v0, after: v1 });
  return release;
}

/**
 * After a release: the readers' snapshot of the published view is computed now (published-snapshot.ts),
 * and the answer to the release waits for it, so readers get the released state from then on.
 * It cannot fail the release: a reader's next request computes what is missing.
 */
async function refreshPublished(state: DomainState, period: Period): Promise<void> {
  await publishedSnapshotsOf(state)
    .refreshAfterRelease(period)
    .catch(() => undefined);
}

/**
 * The years a role may know of: published years (with a release) for everyone; the Kreis also every
 * year with a submission; a Kommune also the years its own Stadt (or the Kreis level it reads raw)
 * submitted for. That another city sent data for a year not yet released is not a reader's or
 * another city's business, so neither /api/health nor any default period may reveal it.
 */
export async function visiblePeriods(state: DomainState, role: Role): Promise<Period[]> {
  if (role.rolle === 'kreis') return state.storage.periods();
  const released = await state.storage.releasedPeriods();
  if (role.rolle === 'leser') return released;
  const own: Period[] = [];
  for (const period of await state.storage.periods()) {
    if (released.includes(period)) continue;
    if (((await state.storage.revisions(period, [role.ags]))[role.ags] ?? 0) > 0) own.push(period);
  }
  return [...released, ...own].sort();
}

/**
 * After a submission was stored (201): in automatic mode its Meldebereiche are released at once.
 * A submission arriving meanwhile for the same Meldebereich is released with it, which is what
 * automatic mode means anyway. A failing release does not turn the stored submission into an error
 * (the client would resend what is stored): it is logged, and the next release of the Meldebereich
 * (the next acceptance, or POST /api/freigaben) takes the state along.
 */
export async function releaseOnAcceptance(state: DomainState, modus: FreigabeModus, period: unknown, accepted: SubmissionAccepted, log: (line: string) => void): Promise<void> {
  if (modus !== 'automatisch' || !isPeriod(period)) return;
  try {
    const release = await releaseTelling(state, period, Object.keys(accepted.revisions), AUTOMATIC, `Meldung ${accepted.submissionId}`);
    if (release) await refreshPublished(state, period);
  } catch (e) {
    log(`Automatische Freigabe nach Meldung ${accepted.submissionId} (${period}) fehlgeschlagen: ${e instanceof Error ? e.message : String(e)}. Die Meldung ist gespeichert; freigegeben wird sie mit der nächsten Freigabe ihres Meldebereichs (nächste Meldung oder POST /api/freigaben).`);
  }
}

/**
 * The Datenstand of the published view: per year the time of its newest release (what readers see
 * is the state released then). Years never released are absent.
 */
export async function datenstand(state: DomainState, period?: Period): Promise<Record<Period, string>> {
  const out: Record<Period, string> = {};
  // newest first: the first release met per year is its newest
  for (const r of await state.storage.releases(period)) out[r.period] ??= r.releasedAt;
  return out;
}

/** Open Vorjahr warnings listed per Meldebereich on the review desk (all are counted). */
export const MAX_VORJAHR_LISTED = 200;

/**
 * The review desk's open VORJAHR_SPRUNG warnings of one Meldebereich and year: every cell of its
 * current state that is not released as it is (new, or changed since the released revision),
 * compared with the previous year's current values of the same Meldebereich (the threshold of
 * the catalogue, as at submission). Only the Meldebereich's own values are read: the caller must
 * see it raw (the route asks `seesRaw` first). A later submission that corrects a value closes
 * its warning; a release closes all.
 */
export async function openVorjahrWarnings(state: DomainState, catalogue: Catalogue, tree: AreaTree, period: Period, scope: string): Promise<{ anzahl: number; liste: Finding[] }> {
  const [current, released, before] = await Promise.all([
    state.storage.currentValues(period, [scope]),
    state.storage.releasedValues(period, [scope]),
    state.storage.currentValues(shiftPeriod(period, -1), [scope]),
  ]);
  const releasedValue = new Map(released.map((v) => [`${v.area}\u0000${v.variable}`, v.value]));
  const unreleased = current.filter((v) => releasedValue.get(`${v.area}\u0000${v.variable}`) !== v.value).map((v) => ({ area: v.area, variable: v.variable, value: v.value, row: null }));
  if (unreleased.length === 0) return { anzahl: 0, liste: [] };
  const previous = new ValueTable();
  for (const v of before) previous.set(v.area, v.variable, shiftPeriod(period, -1), v.value);
  const all = vorjahrFindings(unreleased, period, previous, catalogue, tree);
  all.sort((a, b) => (a.area ?? '').localeCompare(b.area ?? '') || (a.variable ?? '').localeCompare(b.variable ?? ''));
  return { anzahl: all.length, liste: all.slice(0, MAX_VORJAHR_LISTED) };
}
