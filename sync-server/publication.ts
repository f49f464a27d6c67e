/**
 * Publication rules (Geheimhaltung): what a role may see of counts and computed Kennzahlen.
 *
 * The suppression pattern of a period (shared/disclosure: primary suppression of small counts,
 * secondary suppression so that no suppressed count can be worked out or narrowed from sums and
 * the catalogue's Teil-Ganzes rules) is computed once
 * per period and data revision in the IndicatorCache. Here it is applied by role:
 *  - `kreis` sees every value raw;
 *  - `kommune` sees its own Stadt's areas raw, every other area only as published;
 *  - `leser` sees only published values.
 * Every suppressed cell looks the same to whoever does not see it raw (GesperrtIndicatorRow,
 * GesperrtValueRow: status "gesperrt", value null, no reason); the reason goes only on raw rows, in
 * `geheimhaltung`.
 * Every published output of the server (/api/indicators, /api/values, exports, the report) must go
 * through `publishedIndicators` / `publishedValues`.
 *
 * Published means released (Freigabe): what a role sees raw is the current state (every accepted
 * submission, at once); everything else is the state the Kreis released, and its suppression
 * patterns are computed from the released values only (`datenstandFor`).
 */
import { shiftPeriod, type AmtlicheGesamtzahl, type AreaTree, type Catalogue, type Period, type Role } from '../shared';
import { AltersMuster, CellSuppression, DisclosureOptions, LEGENDE_GESPERRT, alterszellenSuppression, inputSuppression, lueckeCode, mindestNennerOf, valueRuleSuppression } from '../shared/disclosure';
import type { Datenstand, DomainState } from './domain';
import { AcceptedChange, IndicatorCache, IndicatorRow, PeriodView } from './indicator-cache';

/**
 * Why a cell is hidden from readers, given only to roles that see it raw (Kreis: all areas; a
 * Kommune: its own Stadt) on the raw row, so that the Kreis can review what will be hidden.
 */
export interface Geheimhaltung {
  sperre: CellSuppression['sperre'];
  grund: string;
}

/**
 * A suppressed Kennzahl as a reader gets it. Exactly these fields, the same for every kind of
 * suppression (small count, secondary, zero, suppressed input, small denominator): any difference
 * (a reason, a kind, a status such as nenner_null, a `reason` text) would tell an attacker which
 * kind it is and narrow the hidden value (issue 13).
 */
export interface GesperrtIndicatorRow {
  area: string;
  indicator: string;
  period: Period;
  value: null;
  numerator: null;
  denominator: null;
  status: 'gesperrt';
}

/** A suppressed count as a reader gets it: as uniform as GesperrtIndicatorRow. */
export interface GesperrtValueRow {
  area: string;
  variable: string;
  value: null;
  status: 'gesperrt';
}

/** An official total of a published row; numbers null where the role may not see them. */
export type PublishedAmtlich = Omit<AmtlicheGesamtzahl, 'gesamt' | 'ohneZuordnung'> & { gesamt: number | null; ohneZuordnung: number | null };

/** A row as published: raw (with `geheimhaltung` where readers see "."), plain, or uniformly suppressed. */
export type PublishedIndicatorRow = (Omit<IndicatorRow, 'amtlich' | 'alterszellen'> & { amtlich?: PublishedAmtlich[]; geheimhaltung?: Geheimhaltung }) | GesperrtIndicatorRow;

export type PublishedValueRow =
  | { area: string; variable: string; value: number; submissionId?: number; geheimhaltung?: Geheimhaltung }
  | GesperrtValueRow;

const gesperrtIndicator = (row: IndicatorRow): GesperrtIndicatorRow => ({
  area: row.area,
  indicator: row.indicator,
  period: row.period,
  value: null,
  numerator: null,
  denominator: null,
  status: 'gesperrt',
});
const gesperrtValue = (area: string, variable: string): GesperrtValueRow => ({ area, variable, value: null, status: 'gesperrt' });

/**
 * Thresholds in force. Configurable by the environment variable SOZIALMONITOR_GEHEIMHALTUNG
 * (JSON: {"schwelle":3,"schwelleJeMerkmal":{"hlu":5},"nullVertraulich":false,"mindestNenner":50});
 * a Kennzahl's `mindestNenner` in the catalogue wins over the default.
 */
export function disclosureOptions(env: NodeJS.ProcessEnv = process.env): DisclosureOptions {
  const raw = env.SOZIALMONITOR_GEHEIMHALTUNG;
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`SOZIALMONITOR_GEHEIMHALTUNG ist kein gültiges JSON: ${raw}`);
  }
  const o = parsed as DisclosureOptions;
  const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  if (
    typeof o !== 'object' ||
    o === null ||
    (o.schwelle !== undefined && !isCount(o.schwelle)) ||
    (o.mindestNenner !== undefined && !(Number.isInteger(o.mindestNenner) && o.mindestNenner >= 0)) ||
    (o.schwelleJeMerkmal !== undefined && !Object.values(o.schwelleJeMerkmal).every(isCount))
  ) {
    throw new Error(
      'SOZIALMONITOR_GEHEIMHALTUNG: erwartet {"schwelle": ganze Zahl ab 1, "schwelleJeMerkmal": {Merkmal: ganze Zahl ab 1}, "nullVertraulich": true/false, "mindestNenner": ganze Zahl ab 0}',
    );
  }
  return o;
}

/**
 * A truthful description of the rules in force (sent with every published answer): the one general
 * explanation of "." and the rules in general terms, never a reason of a single cell.
 */
export function disclosureNote(options: DisclosureOptions = {}): string {
  const t = options.schwelle ?? 3;
  const extra = Object.entries(options.schwelleJeMerkmal ?? {}).map(([m, v]) => `${m}: ${v}`);
  return (
    `Geheimhaltung: ${LEGENDE_GESPERRT}. Jede geheim gehaltene Zahl sieht gleich aus: status "gesperrt", Wert null, ohne Grund. ` +
    `Regeln: Fallzahlen unter ${t}${extra.length ? ` (abweichend ${extra.join(', ')})` : ''}` +
    `${options.nullVertraulich === true ? ' und Nullwerte' : ' (ohne 0)'} sind geheim; ` +
    'weitere Zahlen werden gesperrt, damit keine geheime Zahl aus Summen der Gebiete, den Summenregeln oder den Teil-Ganzes-Regeln ' +
    `des Katalogs (z. B. weibliche Bevölkerung höchstens Bevölkerung) errechnet oder auf ein Intervall enger als ${t} eingegrenzt ` +
    'werden kann. Kennzahlen sind gesperrt, wenn eine ihrer Zahlen gesperrt ist, ihr Zähler eine Fallzahl unter der Schwelle ' +
    `oder ihr Nenner kleiner als ${options.mindestNenner ?? 50} ist (oder der Mindestnenner des Katalogs). ` +
    'Der Kreis sieht alle Werte, eine Kommune die ihrer Stadt; bei Werten, die andere als „.“ sehen, steht für sie der Grund im Feld „geheimhaltung“.'
  );
}

/** Whether `role` sees the raw values of `area` (Kreis: all; Kommune: its own Stadt). */
export function seesRaw(role: Role, tree: AreaTree, area: string): boolean {
  if (role.rolle === 'kreis') return true;
  if (role.rolle === 'kommune') return tree.stadtOf(area) === role.ags;
  return false;
}

/**
 * The one place that decides which state of the data `role` sees for `area`: the current state
 * where it sees raw values (Kreis: all; Kommune: its own Stadt), else the released state, with the
 * Geheimhaltung applied. A reader never sees a value or a suppression pattern from unreleased data.
 */
export function datenstandFor(role: Role, tree: AreaTree, area: string): Datenstand {
  return seesRaw(role, tree, area) ? 'aktuell' : 'freigegeben';
}

const cacheByState = new WeakMap<DomainState, { options: DisclosureOptions; caches: Map<Datenstand, IndicatorCache> }>();

/**
 * The one IndicatorCache (results and suppression patterns) of a DomainState per state of the data;
 * without `stand` the released one, the source of everything published. The thresholds are read
 * once per DomainState, so both caches use the same.
 */
export function indicatorCacheOf(state: DomainState, options: DisclosureOptions = disclosureOptions(), stand: Datenstand = 'freigegeben'): IndicatorCache {
  let entry = cacheByState.get(state);
  if (!entry) cacheByState.set(state, (entry = { options, caches: new Map() }));
  let c = entry.caches.get(stand);
  if (!c) entry.caches.set(stand, (c = new IndicatorCache(state, entry.options, stand)));
  return c;
}

/**
 * Tells the raw cache of `state` (if one was built) about an accepted submission, so that it updates
 * the Kennzahlen it touches in place (IndicatorCache.accepted). The finished raw answers
 * (raw-answers.ts) need no telling: the submission moved the period's data version in their key.
 * The released cache is not concerned: a submission changes no released value.
 */
export function submissionAccepted(state: DomainState, change: AcceptedChange): void {
  cacheByState.get(state)?.caches.get('aktuell')?.accepted(change);
}

/** Whether `state` has a released cache built (a release then tells it what changed: freigabe.ts). */
export function hasReleasedCache(state: DomainState): boolean {
  return cacheByState.get(state)?.caches.has('freigegeben') === true;
}

/** Tells the released cache of `state` (if one was built) which released cells a release changed (IndicatorCache.releasedChanged). */
export function releaseApplied(state: DomainState, change: AcceptedChange): void {
  cacheByState.get(state)?.caches.get('freigegeben')?.releasedChanged(change);
}

/**
 * Suppression patterns shared by all period entries of an IndicatorCache, each filed under exactly
 * what it is computed from: catalogue, areas and the released values of its own period. A write to 2024
 * rebuilds the cache entry of 2024, but the pattern of 2019 (read for t-5) is still the right one
 * and is not computed again; entries of several years share the patterns of the years they
 * overlap in. Never stale: the revisions are read before the view is taken, so a pattern is filed
 * under a revision no newer than its data, and any write moves the revision on.
 */
const patternStore = new WeakMap<IndicatorCache, Map<Period, { key: string; pattern: AltersMuster }>>();

async function viewWithPatterns(state: DomainState, cache: IndicatorCache, catalogue: Catalogue, period: Period) {
  // Patterns are what readers see; computed from anything but the released values they would leak.
  if (cache.stand !== 'freigegeben') throw new Error('Sperrmuster nur aus freigegebenen Werten');
  const offsets = new Set([0, ...[...catalogue.kennzahlen.values()].flatMap((k) => k.perioden)]);
  const keys = new Map<Period, string>();
  for (const o of offsets) {
    const p = shiftPeriod(period, o);
    const v = await state.storage.versions(p);
    keys.set(p, `${catalogue.version}|${v.catalogue}|${v.areas}|${v.released}`);
  }
  let store = patternStore.get(cache);
  if (!store) patternStore.set(cache, (store = new Map()));
  const patterns = store;
  // a Land's first pattern of the year: its Kreise in worker threads first (sync-server/disclosure-parallel.ts)
  if (patterns.get(period)?.key !== keys.get(period)) await cache.preparePattern(period);
  const view = await cache.view(period);
  const pattern = (p: Period = period): AltersMuster => {
    const key = keys.get(p);
    const hit = patterns.get(p);
    if (key !== undefined && hit?.key === key) return hit.pattern;
    const computed = view.pattern(p);
    if (key !== undefined) patterns.set(p, { key, pattern: computed });
    return computed;
  };
  return { ...view, pattern };
}

/**
 * What a reader gets of a computed row:
 *  - `gesperrt`: the uniform suppressed row (GesperrtIndicatorRow), with the reason for raw viewers.
 *    Every row whose inputs touch a suppressed count, whatever its computed status (ok, nenner_null,
 *    fehlende_werte), and every `ok` row withheld by the value rules (small numerator, mindestNenner);
 *  - `ohneZahlen`: a row without a value and without suppressed inputs (a missing input, denominator
 *    0) keeps its status and reason, which come from published or missing counts only, but shows no
 *    numerator or denominator the value rules would withhold;
 *  - undefined: the row as computed. Statuses of the catalogue, not of the data
 *    (ebene_nicht_verfuegbar, unbekannt), are never suppressed.
 */
function readerView(
  catalogue: Catalogue,
  view: PeriodView,
  row: IndicatorRow,
  options: DisclosureOptions,
): { gesperrt: CellSuppression } | 'ohneZahlen' | undefined {
  if (row.status === 'ebene_nicht_verfuegbar' || row.status === 'unbekannt') return undefined;
  const k = catalogue.kennzahlen.get(row.indicator);
  if (!k) return undefined;
  // (an age interval built from bands reads other cells than the Kennzahl's terms: `alterszellen`)
  const input = alterszellenSuppression(catalogue, row.alterszellen, view.pattern) ?? inputSuppression(k, row.area, row.period, view.pattern);
  if (input) return { gesperrt: input };
  if (row.numerator === null && row.denominator === null) return undefined;
  const s = valueRuleSuppression(k, row.period, row.numerator, row.denominator, view.pattern, options);
  if (!s) return undefined;
  return row.status === 'ok' ? { gesperrt: s } : 'ohneZahlen';
}

/**
 * Applies the pattern to computed rows by role: a row the role sees raw stays as computed (with
 * `geheimhaltung` where readers get "."); any other row becomes what a reader gets.
 */
export function applyPublicationRules(
  role: Role,
  tree: AreaTree,
  catalogue: Catalogue,
  view: PeriodView,
  rows: IndicatorRow[],
  options: DisclosureOptions = {},
): PublishedIndicatorRow[] {
  return rows.map((computed) => {
    const r = readerView(catalogue, view, computed, options);
    // the cells an age interval was read from serve the decision only (engine.ts `alterszellen`)
    const { alterszellen: _zellen, ...row } = computed;
    if (seesRaw(role, tree, row.area)) return r && r !== 'ohneZahlen' ? { ...row, geheimhaltung: { sperre: r.gesperrt.sperre, grund: r.gesperrt.grund } } : row;
    if (r === undefined) return row.amtlich ? { ...row, amtlich: amtlichFuerLeser(row, view) } : row;
    if (r === 'ohneZahlen') return { ...row, numerator: null, denominator: null, ...(row.amtlich ? { amtlich: row.amtlich.map((a) => ({ ...a, gesamt: null, ohneZuordnung: null })) } : {}) };
    return gesperrtIndicator(row);
  });
}

/**
 * The official totals of a row as readers get them: the count without a sub-area („ohne
 * Zuordnung“, total − Σ parts) is a cell of the suppression pattern (shared/disclosure/luecke.ts);
 * where it is suppressed, readers get null, as for a gap that is not known (a part without count).
 */
function amtlichFuerLeser(row: IndicatorRow, view: PeriodView): PublishedAmtlich[] {
  return row.amtlich!.map((a) => (a.ohneZuordnung !== null && view.pattern(a.period).get(lueckeCode(row.area), a.merkmal) ? { ...a, ohneZuordnung: null } : a));
}

export interface PublishedQuery {
  period: Period;
  role: Role;
  /** Kennzahlen (default: all of the catalogue) */
  ids?: string[];
  /** area codes (default: all); unknown codes are the caller's to reject */
  areas?: string[];
}

/** Published Kennzahlen of period P for role R (the rows of /api/indicators). */
export async function publishedIndicators(state: DomainState, q: PublishedQuery): Promise<PublishedIndicatorRow[]> {
  const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
  if (!tree || !catalogue) return [];
  const cache = indicatorCacheOf(state);
  const ids = q.ids ?? [...catalogue.kennzahlen.keys()];
  const areas = q.areas ?? tree.all().map((a) => a.code).sort();
  const stand = new Map(areas.map((a) => [a, datenstandFor(q.role, tree, a)]));
  const needs = new Set(stand.values());
  // The released view always: its pattern decides what readers get, and the reason (`geheimhaltung`)
  // on raw rows says how readers see that cell in the released state. The current view only when
  // some area is seen raw: a reader's request never loads the current values.
  const released = await viewWithPatterns(state, cache, catalogue, q.period);
  const current = needs.has('aktuell') ? await indicatorCacheOf(state, cache.options, 'aktuell').view(q.period) : undefined;
  const rows: IndicatorRow[] = [];
  for (const area of areas) for (const id of ids) rows.push((stand.get(area) === 'aktuell' ? current! : released).indicator(id, area));
  return applyPublicationRules(q.role, tree, catalogue, released, rows, cache.options);
}

/**
 * Published counts of period P for role R: the current stored values where the role sees raw values,
 * else the released counts as the engine computes them (summed up the hierarchy) with the
 * suppression applied.
 */
export async function publishedValues(
  state: DomainState,
  q: { period: Period; role: Role; areas?: string[]; variables?: string[] },
): Promise<PublishedValueRow[]> {
  const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
  if (!tree || !catalogue) return [];
  const wantAreas = q.areas && new Set(q.areas);
  const wantVars = q.variables && new Set(q.variables);
  const want = (area: string, variable: string) => (!wantAreas || wantAreas.has(area)) && (!wantVars || wantVars.has(variable));
  const out: PublishedValueRow[] = [];
  const view = await viewWithPatterns(state, indicatorCacheOf(state), catalogue, q.period);
  const pattern = view.pattern();
  // Raw: the stored values of the areas the role may see raw, with the reason where readers see ".".
  const scopes = q.role.rolle === 'kreis' ? undefined : q.role.rolle === 'kommune' ? [q.role.ags] : [];
  if (!scopes || scopes.length > 0) {
    for (const v of await state.storage.currentValues(q.period, scopes)) {
      if (!want(v.area, v.variable) || !seesRaw(q.role, tree, v.area)) continue;
      const s = pattern.get(v.area, v.variable);
      out.push({ area: v.area, variable: v.variable, value: v.value, submissionId: v.submissionId, ...(s ? { geheimhaltung: { sperre: s.sperre, grund: s.grund } } : {}) });
    }
  }
  if (q.role.rolle !== 'kreis') {
    const areas = q.areas ?? tree.all().map((a) => a.code);
    // Age bands outside the catalogue's (bev_alter_…) are published as cells of the pattern
    // (`altersbaender`); one it does not cover (shared/disclosure/altersbaender.ts) only to those who
    // see it raw.
    const baender = new Set(pattern.altersbaender);
    const variables = (q.variables ?? [...catalogue.merkmale.keys(), ...baender]).filter((v) => catalogue.merkmale.has(v) || baender.has(v));
    for (const area of areas) {
      if (seesRaw(q.role, tree, area)) continue;
      for (const variable of variables) {
        const value = view.count(area, variable);
        if (value === undefined) continue;
        out.push(pattern.get(area, variable) ? gesperrtValue(area, variable) : { area, variable, value });
      }
    }
  }
  out.sort((a, b) => (a.area === b.area ? a.variable.localeCompare(b.variable) : a.area < b.area ? -1 : 1));
  return out;
}

export { mindestNennerOf };
