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
 * Every published output of the server (/api/indicators, /api/values, exports, the report) must go
 * through `publishedIndicators` / `publishedValues`.
 *
 * Published means released (Freigabe): what a role sees raw is the current state (every accepted
 * submission, at once); everything else is the state the Kreis released, and its suppression
 * patterns are computed from the released values only (`datenstandFor`).
 */
import { shiftPeriod, type AreaTree, type Catalogue, type Period, type Role } from '../shared';
import { CellSuppression, DisclosureOptions, SuppressionPattern, indicatorSuppression, mindestNennerOf } from '../shared/disclosure';
import type { Datenstand, DomainState } from './domain';
import { IndicatorCache, IndicatorRow, PeriodView } from './indicator-cache';

/** A row as published: suppressed rows carry `status: "gesperrt"`, `grund` and `sperre`. */
export type PublishedIndicatorRow =
  | IndicatorRow
  | (Omit<IndicatorRow, 'status' | 'value' | 'numerator' | 'denominator'> & {
      status: 'gesperrt';
      value: null;
      numerator: null;
      denominator: null;
      grund: string;
      sperre: CellSuppression['sperre'];
    });

export type PublishedValueRow =
  | { area: string; variable: string; value: number; submissionId?: number }
  | { area: string; variable: string; value: null; status: 'gesperrt'; grund: string; sperre: CellSuppression['sperre'] };

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

/** A truthful description of the rules in force (sent with every published answer). */
export function disclosureNote(options: DisclosureOptions = {}): string {
  const t = options.schwelle ?? 3;
  const extra = Object.entries(options.schwelleJeMerkmal ?? {}).map(([m, v]) => `${m}: ${v}`);
  return (
    `Geheimhaltung: Fallzahlen unter ${t}${extra.length ? ` (abweichend ${extra.join(', ')})` : ''}` +
    `${options.nullVertraulich === true ? ' und Nullwerte' : ' (ohne 0)'} sind gesperrt (primär); ` +
    'weitere Zahlen sind gesperrt, damit keine gesperrte Zahl aus Summen der Gebiete, den Summenregeln oder den Teil-Ganzes-Regeln ' +
    `des Katalogs (z. B. weibliche Bevölkerung höchstens Bevölkerung) errechnet oder auf ein Intervall enger als ${t} eingegrenzt ` +
    'werden kann (sekundär). Kennzahlen sind gesperrt, wenn eine ' +
    `ihrer Zahlen gesperrt ist oder ihr Nenner kleiner als ${options.mindestNenner ?? 50} ist (oder der Mindestnenner des Katalogs). ` +
    'Gesperrte Werte: status "gesperrt", Wert null, Zeichen „.“. Der Kreis sieht alle Werte, eine Kommune die eigenen.'
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
 * Suppression patterns shared by all period entries of an IndicatorCache, each filed under exactly
 * what it is computed from: catalogue, areas and the released values of its own period. A write to 2024
 * rebuilds the cache entry of 2024, but the pattern of 2019 (read for t-5) is still the right one
 * and is not computed again; entries of several years share the patterns of the years they
 * overlap in. Never stale: the revisions are read before the view is taken, so a pattern is filed
 * under a revision no newer than its data, and any write moves the revision on.
 */
const patternStore = new WeakMap<IndicatorCache, Map<Period, { key: string; pattern: SuppressionPattern }>>();

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
  const view = await cache.view(period);
  let store = patternStore.get(cache);
  if (!store) patternStore.set(cache, (store = new Map()));
  const patterns = store;
  const pattern = (p: Period = period): SuppressionPattern => {
    const key = keys.get(p);
    const hit = patterns.get(p);
    if (key !== undefined && hit?.key === key) return hit.pattern;
    const computed = view.pattern(p);
    if (key !== undefined) patterns.set(p, { key, pattern: computed });
    return computed;
  };
  return { ...view, pattern };
}

/** Stands in for the released view when every area of a request is seen raw: it is never read then. */
const NO_RELEASED_VIEW: PeriodView = {
  indicator: () => {
    throw new Error('freigegebene Sicht nicht geladen');
  },
  count: () => {
    throw new Error('freigegebene Sicht nicht geladen');
  },
  pattern: () => {
    throw new Error('freigegebene Sicht nicht geladen');
  },
};

/** Applies the pattern to computed rows: suppressed rows keep area and indicator, lose their numbers. */
export function applyPublicationRules(
  role: Role,
  tree: AreaTree,
  catalogue: Catalogue,
  view: PeriodView,
  rows: IndicatorRow[],
  options: DisclosureOptions = {},
): PublishedIndicatorRow[] {
  return rows.map((row) => {
    if (seesRaw(role, tree, row.area) || (row.numerator === null && row.denominator === null)) return row;
    const k = catalogue.kennzahlen.get(row.indicator);
    if (!k) return row;
    const s = indicatorSuppression(k, row.area, row.period, row.numerator, row.denominator, view.pattern, options);
    if (!s) return row;
    // A row without a value (missing input, denominator 0) keeps its status and reason but must
    // not show a numerator or denominator built from suppressed counts.
    if (row.status !== 'ok') return { ...row, numerator: null, denominator: null };
    const { reason: _reason, ...rest } = row;
    return { ...rest, status: 'gesperrt', value: null, numerator: null, denominator: null, grund: s.grund, sperre: s.sperre };
  });
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
  // Each view only when some area needs it: a reader's request never loads the current values.
  const released = needs.has('freigegeben') ? await viewWithPatterns(state, cache, catalogue, q.period) : NO_RELEASED_VIEW;
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
  // Raw: the stored values of the areas the role may see raw.
  const scopes = q.role.rolle === 'kreis' ? undefined : q.role.rolle === 'kommune' ? [q.role.ags] : [];
  if (!scopes || scopes.length > 0) {
    for (const v of await state.storage.currentValues(q.period, scopes)) {
      if (want(v.area, v.variable) && seesRaw(q.role, tree, v.area)) out.push({ area: v.area, variable: v.variable, value: v.value, submissionId: v.submissionId });
    }
  }
  if (q.role.rolle !== 'kreis') {
    const view = await viewWithPatterns(state, indicatorCacheOf(state), catalogue, q.period);
    const pattern = view.pattern();
    const areas = q.areas ?? tree.all().map((a) => a.code);
    const variables = q.variables ?? [...catalogue.merkmale.keys()];
    for (const area of areas) {
      if (seesRaw(q.role, tree, area)) continue;
      for (const variable of variables) {
        const value = view.count(area, variable);
        if (value === undefined) continue;
        const s = pattern.get(area, variable);
        out.push(s ? { area, variable, value: null, status: 'gesperrt', grund: s.grund, sperre: s.sperre } : { area, variable, value });
      }
    }
  }
  out.sort((a, b) => (a.area === b.area ? a.variable.localeCompare(b.variable) : a.area < b.area ? -1 : 1));
  return out;
}

export { mindestNennerOf };
