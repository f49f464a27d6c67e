/**
 * Indicator arithmetic: counts are summed up the area hierarchy first, then the formula is applied.
 * Ratios are never averaged.
 *
 * Counting rule for an additive Merkmal at an area:
 *   1. if the area has sub-areas and every one of them has a count, the sum of those counts;
 *   2. otherwise the count reported for the area itself;
 *   3. otherwise no value, with the reason (nothing reported, or sub-areas incomplete).
 * An area whose sub-areas the source calls incomplete (`teileUnvollstaendig` in the area tree:
 * people without a Stadtteil) counts the other way round: its reported count is the official total
 * and wins over the sum of its parts (origin `amtlich`); reported − Σ parts is `ohneZuordnung`
 * (known only when every part has a count). A reported count below the sum of the parts' counts
 * contradicts the source and gives no value, with a reason naming area, Merkmal and both numbers.
 * Without a reported count such an area has no value: the sum of parts known to be incomplete
 * would be too small without saying so. Numerator and denominator of a Kennzahl follow the same
 * rule, so a Kennzahl of such an area is built from official totals only; `amtlich` in its result
 * names them.
 * A Merkmal marked not additive (moves: a move between two blocks of one Gemeindeteil is a move
 * for each block but none for the Gemeindeteil) is only ever taken as reported for the area.
 *
 * Age bands: where an area lacks the catalogue's 14 bands, the age ranges of a formula (u18 = 0 to
 * 17) are built from whatever bands it has (shared/catalogue/altersintervalle.ts); a range the bands
 * have no cut for is the status altersschnitt_fehlt, never an estimate.
 *
 * Exactness: numerator and denominator are integer sums (exact in IEEE doubles below 2^53), and the
 * value is computed as (numerator · factor) / denominator, i.e. one correctly rounded division.
 */
import { AreaTree } from '../areas/areas';
import { Catalogue, Kennzahl } from '../catalogue/catalogue';
import { LinearExpression, formatLinear } from '../catalogue/formula';
import { Altersintervall, altersTerme, intervallText, intervallVonId, zerlegung } from '../catalogue/altersintervalle';
import { EBENE_NAMEN, Period, deNumber, ebeneDepth, shiftPeriod } from '../types';
import { BaseValues, ChangedValues, ValueChange } from './values';

export interface MissingInput {
  area: string;
  merkmal: string;
  period: Period;
  reason: string;
}

export type CountResult =
  | { value: number; origin: 'gemeldet' | 'summiert' }
  /** the official total of an area with incomplete sub-areas; ohneZuordnung = total − Σ parts, null when a part has no count */
  | { value: number; origin: 'amtlich'; ohneZuordnung: number | null }
  | { value: undefined; missing: MissingInput[] };

/** An official total a Kennzahl of an area with incomplete sub-areas was computed from. */
export interface AmtlicheGesamtzahl {
  merkmal: string;
  /** the Merkmal's name in the catalogue, for messages */
  name: string;
  period: Period;
  /** the official total (the area's reported count) */
  gesamt: number;
  /** total − Σ sub-areas: the people without a sub-area; null when not every sub-area has a count */
  ohneZuordnung: number | null;
}

/**
 * altersschnitt_fehlt: the area's age bands have no cut where the Kennzahl needs one (altenquotient
 * needs cuts at 20 and 65; bands 18–26, 27–44 have none at 20); `fehlendeSchnitte` names them.
 */
export type IndicatorStatus = 'ok' | 'fehlende_werte' | 'nenner_null' | 'ebene_nicht_verfuegbar' | 'unbekannt' | 'altersschnitt_fehlt';

/** An age interval a Kennzahl needs that the area's bands cannot give. */
export interface FehlenderAltersschnitt {
  /** the interval needed, e.g. 20 bis 64 */
  intervall: Altersintervall;
  period: Period;
  /** ages at which a band would have to begin; empty when only bands that overlap each other fit */
  schnitte: number[];
}

/** A count read to build an age interval from bands (area, band id, period). */
export interface AltersZelle {
  area: string;
  merkmal: string;
  period: Period;
}

type AltersErgebnis = { art: 'ok'; value: number; baender: string[]; zellen: AltersZelle[] } | { art: 'schnitt'; schnitte: number[] } | { art: 'fehlt' };

/** `baender`: the age bands outside the catalogue's 14 that a value was built from; `zellen`: every band count read for that */
type Evaluation =
  | { value: number; baender: string[]; zellen: AltersZelle[] }
  | { value: undefined; missing: MissingInput[]; schnitte: FehlenderAltersschnitt[]; baender: string[]; zellen: AltersZelle[] };

export interface IndicatorResult {
  area: string;
  indicator: string;
  period: Period;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: IndicatorStatus;
  /** German explanation when there is no value */
  reason?: string;
  missing?: MissingInput[];
  /** with status altersschnitt_fehlt: the ages at which the area's age bands would need a cut */
  fehlendeSchnitte?: number[];
  /**
   * the age bands outside the catalogue's 14 (bev_alter_…) that numerator or denominator were built
   * from (they are cells of the suppressed table, shared/disclosure/altersbaender.ts)
   */
  altersbaender?: string[];
  /**
   * where an age interval was built from bands (altersbaender): every band count read for it, of
   * this area or its sub-areas; readers get the row only when all of them are published
   * (sync-server/publication.ts). Not part of a published row.
   */
  alterszellen?: AltersZelle[];
  /**
   * for an area whose sub-areas are incomplete (area tree `teileUnvollstaendig`): the official
   * totals numerator and denominator were built from, with the count without a sub-area
   */
  amtlich?: AmtlicheGesamtzahl[];
}

export class IndicatorEngine {
  /** memo of age intervals built from bands (only filled where the catalogue's bands are missing) */
  private readonly altersCache = new Map<string, AltersErgebnis>();
  /** memo of counts: period > Merkmal > area (nested maps: no key string per lookup) */
  private readonly cache = new Map<Period, Map<string, Map<string, CountResult>>>();

  /** the values given, with the changes applied since (applyChanges) laid over them */
  readonly values: ChangedValues;

  constructor(
    readonly catalogue: Catalogue,
    readonly tree: AreaTree,
    values: BaseValues,
  ) {
    this.values = new ChangedValues(values);
  }

  /**
   * Applies changed cells in place (accepted submissions, sync-server/indicator-cache.ts) and drops
   * only what they feed: a count depends on the area's own value and its sub-areas' counts, so the
   * memoised counts of the changed area and its ancestors, of that Merkmal and period, go, and for
   * an age band the age intervals built at those areas. Everything else stays valid. Only values
   * set anew, never removed: a deletion or a change of areas or catalogue needs a new engine.
   */
  applyChanges(changes: readonly ValueChange[]): void {
    const alters = new Set<string>();
    for (const c of changes) {
      this.values.set(c);
      const byArea = this.cache.get(c.period)?.get(c.merkmal);
      for (const a of [c.area, ...this.tree.ancestors(c.area)]) {
        byArea?.delete(a);
        if (intervallVonId(c.merkmal)) alters.add(`${a}\u0000${c.period}\u0000`);
      }
    }
    if (alters.size > 0 && this.altersCache.size > 0) {
      for (const key of [...this.altersCache.keys()]) {
        const [area, period] = key.split('\u0000');
        if (alters.has(`${area}\u0000${period}\u0000`)) this.altersCache.delete(key);
      }
    }
  }

  /**
   * Whether Kennzahl `id` reads Merkmal `merkmal` of the period `offset` years from its own (t-5:
   * -5): which computed results a changed cell can move. An age band counts as read by every
   * Kennzahl with an age term at that offset, since age intervals may be built from any bands.
   */
  reads(id: string, merkmal: string, offset: number): boolean {
    const k = this.catalogue.kennzahlen.get(id);
    if (!k) return false;
    const band = intervallVonId(merkmal) !== undefined;
    return [...k.zaehler.terms, ...k.nenner.terms].some((t) => t.offset === offset && (t.merkmal === merkmal || (band && intervallVonId(t.merkmal) !== undefined)));
  }

  /** The count of a Merkmal for an area and period by the counting rule above (memoised). */
  count(area: string, merkmal: string, period: Period): CountResult {
    let byMerkmal = this.cache.get(period);
    if (!byMerkmal) this.cache.set(period, (byMerkmal = new Map()));
    let byArea = byMerkmal.get(merkmal);
    if (!byArea) byMerkmal.set(merkmal, (byArea = new Map()));
    const hit = byArea.get(area);
    if (hit) return hit;
    const result = this.computeCount(area, merkmal, period);
    byArea.set(area, result);
    return result;
  }

  private computeCount(area: string, merkmal: string, period: Period): CountResult {
    const reported = this.values.get(area, merkmal, period);
    // an age band beyond the catalogue's (bev_alter_18_26) counts like the catalogue's bands
    const m = this.catalogue.merkmal(merkmal);
    const missing = (reason: string): CountResult => ({ value: undefined, missing: [{ area, merkmal, period, reason }] });
    if (!m) return missing(`„${merkmal}“ ist kein Merkmal des Katalogs`);
    if (!m.additiv) {
      return reported !== undefined
        ? { value: reported, origin: 'gemeldet' }
        : missing('nicht gemeldet (nicht additiv, wird nicht aus Teilgebieten summiert)');
    }
    const children = this.tree.children(area);
    if (children.length > 0 && this.tree.get(area)?.teileUnvollstaendig) return this.amtlicheZahl(area, merkmal, period, reported, children);
    if (children.length > 0) {
      const { sum, have } = this.sumOfParts(children, merkmal, period);
      if (have === children.length) return { value: sum, origin: 'summiert' };
      if (reported !== undefined) return { value: reported, origin: 'gemeldet' };
      if (have > 0) return missing(`unvollständig: für ${children.length - have} von ${children.length} Teilgebieten fehlt der Wert`);
    }
    if (reported !== undefined) return { value: reported, origin: 'gemeldet' };
    return missing('nicht gemeldet');
  }

  /** The sum of the parts' counts that exist, and how many parts have one. */
  private sumOfParts(children: readonly string[], merkmal: string, period: Period): { sum: number; have: number } {
    let sum = 0;
    let have = 0;
    for (const c of children) {
      const r = this.count(c, merkmal, period);
      if (r.value !== undefined) {
        sum += r.value;
        have++;
      }
    }
    return { sum, have };
  }

  /** The counting rule for an area whose sub-areas are incomplete: the reported total wins (see the header). */
  private amtlicheZahl(area: string, merkmal: string, period: Period, reported: number | undefined, children: readonly string[]): CountResult {
    const a = this.tree.get(area)!;
    const grund = a.teileUnvollstaendigGrund ? ` (${a.teileUnvollstaendigGrund})` : '';
    const missing = (reason: string): CountResult => ({ value: undefined, missing: [{ area, merkmal, period, reason }] });
    if (reported === undefined) {
      return missing(`Die Teilgebiete von ${a.name} (${area}) sind laut Gebietsgliederung unvollständig${grund}; ohne gemeldete Gesamtzahl wird nicht aus ihnen summiert`);
    }
    const { sum, have } = this.sumOfParts(children, merkmal, period);
    if (sum > reported) {
      const name = this.catalogue.merkmal(merkmal)?.name ?? merkmal;
      return missing(
        `Widerspruch: ${name} (${merkmal}) in ${a.name} (${area}) ist amtlich ${deNumber(reported)}, die Teilgebiete haben ${have === children.length ? '' : 'schon ohne die fehlenden '}zusammen ${deNumber(sum)}; die Gesamtzahl kann nicht kleiner sein als die Summe ihrer Teile`,
      );
    }
    return { value: reported, origin: 'amtlich', ohneZuordnung: have === children.length ? reported - sum : null };
  }

  /** The official totals (origin amtlich) among the inputs of a Kennzahl of an area, for its result. */
  private amtlicheEingaben(k: Kennzahl, area: string, period: Period): AmtlicheGesamtzahl[] {
    if (!this.tree.get(area)?.teileUnvollstaendig) return [];
    const out: AmtlicheGesamtzahl[] = [];
    const seen = new Set<string>();
    for (const t of [...k.zaehler.terms, ...k.nenner.terms]) {
      const p = shiftPeriod(period, t.offset);
      const key = `${t.merkmal}\u0000${p}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = this.count(area, t.merkmal, p);
      if (r.value !== undefined && r.origin === 'amtlich') out.push({ merkmal: t.merkmal, name: this.catalogue.merkmal(t.merkmal)?.name ?? t.merkmal, period: p, gesamt: r.value, ohneZuordnung: r.ohneZuordnung });
    }
    return out;
  }

  /** Evaluates a linear expression of counts; undefined with the missing inputs if any is missing. */
  evaluate(expr: LinearExpression, area: string, period: Period): { value: number } | { value: undefined; missing: MissingInput[] } {
    let value = expr.constant;
    const missing: MissingInput[] = [];
    for (const t of expr.terms) {
      const r = this.count(area, t.merkmal, shiftPeriod(period, t.offset));
      if (r.value === undefined) missing.push(...r.missing);
      else value += t.coefficient * r.value;
    }
    return missing.length > 0 ? { value: undefined, missing } : { value };
  }

  /**
   * Evaluates a numerator or denominator whose age bands may come in other cuts than the catalogue's:
   * first as written; if age bands are missing, each age interval of the expression (u18 = 0 to 17)
   * is built from the bands the area has (shared/catalogue/altersintervalle.ts). An interval the
   * bands cannot give exactly is a missing cut, never an estimate.
   */
  private evaluateMitAltern(expr: LinearExpression, area: string, period: Period): Evaluation {
    const direct = this.evaluate(expr, area, period);
    if (direct.value !== undefined) return { ...direct, baender: [], zellen: [] };
    if (!direct.missing.some((m) => intervallVonId(m.merkmal))) return { ...direct, schnitte: [], baender: [], zellen: [] };
    const { intervalle, rest } = altersTerme(expr.terms);
    const ohneAlter = this.evaluate({ terms: rest, constant: expr.constant }, area, period);
    let value = ohneAlter.value ?? 0;
    const missing = ohneAlter.value === undefined ? [...ohneAlter.missing] : [];
    const schnitte: FehlenderAltersschnitt[] = [];
    const benutzt = new Set<string>();
    const zellen: AltersZelle[] = [];
    for (const i of intervalle) {
      const p = shiftPeriod(period, i.offset);
      const r = this.altersIntervall(area, i.iv, p);
      if (r.art === 'ok') {
        value += i.coefficient * r.value;
        for (const id of r.baender) benutzt.add(id);
        zellen.push(...r.zellen);
      } else if (r.art === 'schnitt') {
        // every age is delivered, only cut elsewhere: the data are complete but do not fit
        schnitte.push({ intervall: i.iv, period: p, schnitte: r.schnitte });
      } else {
        // ages not delivered at all (no bands, or some of the catalogue's missing): missing values,
        // named as evaluate() named them
        missing.push(...direct.missing.filter((m) => i.terme.some((t) => t.merkmal === m.merkmal && shiftPeriod(period, t.offset) === m.period)));
      }
    }
    const baender = [...benutzt].sort();
    return missing.length > 0 || schnitte.length > 0 ? { value: undefined, missing, schnitte, baender, zellen } : { value, baender, zellen };
  }

  /**
   * The count of an age interval for an area, by the counting rule extended to bands: from the
   * area's bands (its own or summed from sub-areas with the same bands), else as the sum of its
   * sub-areas' counts of the interval, each built from its own bands (Städte with the register's
   * bands beside a Stadt with bands of its own). `schnitt`: all ages are there, but a cut is missing
   * (the area's own cuts, or those its sub-areas lack); `fehlt`: ages are not delivered.
   */
  private altersIntervall(area: string, iv: Altersintervall, period: Period): AltersErgebnis {
    const key = `${area}\u0000${period}\u0000${iv.von}\u0000${iv.bis}`;
    const hit = this.altersCache.get(key);
    if (hit) return hit;
    const result = this.computeAltersIntervall(area, iv, period);
    this.altersCache.set(key, result);
    return result;
  }

  private computeAltersIntervall(area: string, iv: Altersintervall, period: Period): AltersErgebnis {
    const baender = this.altersbaender(area, period);
    const z = zerlegung(iv, baender);
    if (z.ok) {
      return {
        art: 'ok',
        value: z.baender.reduce((sum, id) => sum + (this.count(area, id, period).value as number), 0),
        baender: z.baender.filter((id) => !this.catalogue.merkmale.has(id)),
        zellen: z.baender.map((merkmal) => ({ area, merkmal, period })),
      };
    }
    // (not for an area with incomplete sub-areas: their sum is not its count, see the header)
    const children = this.tree.get(area)?.teileUnvollstaendig ? [] : this.tree.children(area);
    const teile = children.map((c) => this.altersIntervall(c, iv, period));
    if (children.length > 0 && teile.every((t) => t.art === 'ok')) {
      return {
        art: 'ok',
        value: teile.reduce((sum, t) => sum + (t.art === 'ok' ? t.value : 0), 0),
        baender: [...new Set(teile.flatMap((t) => (t.art === 'ok' ? t.baender : [])))],
        zellen: teile.flatMap((t) => (t.art === 'ok' ? t.zellen : [])),
      };
    }
    if (baender.length > 0 && z.luecken.length === 0) return { art: 'schnitt', schnitte: z.fehlendeSchnitte };
    if (children.length > 0 && teile.every((t) => t.art !== 'fehlt')) {
      return { art: 'schnitt', schnitte: [...new Set(teile.flatMap((t) => (t.art === 'schnitt' ? t.schnitte : [])))].sort((a, b) => a - b) };
    }
    return { art: 'fehlt' };
  }

  /** The age bands with a value for an area: the catalogue's first (the contract), then any others delivered. */
  private altersbaender(area: string, period: Period): { id: string; iv: Altersintervall }[] {
    const ids = [...this.catalogue.merkmale.keys()].filter((id) => intervallVonId(id));
    const katalog = new Set(ids);
    const andere = [...(this.values.merkmalIds?.(period) ?? [])].filter((id) => !katalog.has(id) && intervallVonId(id)).sort();
    return [...ids, ...andere]
      .filter((id) => this.count(area, id, period).value !== undefined)
      .map((id) => ({ id, iv: intervallVonId(id)! }));
  }

  /** Computes one Kennzahl for one area and period. */
  indicator(id: string, area: string, period: Period): IndicatorResult {
    const base = { area, indicator: id, period, value: null, numerator: null, denominator: null };
    const k = this.catalogue.kennzahlen.get(id);
    if (!k) return { ...base, status: 'unbekannt', reason: `„${id}“ ist keine Kennzahl des Katalogs ${this.catalogue.version}` };
    const a = this.tree.get(area);
    if (!a) return { ...base, status: 'unbekannt', reason: `Gebiet „${area}“ ist nicht bekannt` };
    if (ebeneDepth(a.ebene) > ebeneDepth(k.tiefsteEbene)) {
      return {
        ...base,
        status: 'ebene_nicht_verfuegbar',
        reason: `${k.name} ist laut Katalog nur bis zur Ebene ${EBENE_NAMEN[k.tiefsteEbene]} verfügbar (Quelle: ${k.quellen.join(', ')})`,
      };
    }
    const result = this.applyFormula(k, area, period);
    const amtlich = this.amtlicheEingaben(k, area, period);
    return amtlich.length > 0 && result.status !== 'unbekannt' ? { ...result, amtlich } : result;
  }

  private applyFormula(k: Kennzahl, area: string, period: Period): IndicatorResult {
    const n = this.evaluateMitAltern(k.zaehler, area, period);
    const d = this.evaluateMitAltern(k.nenner, area, period);
    const baender = [...new Set([...n.baender, ...d.baender])].sort();
    const zellen = [...n.zellen, ...d.zellen];
    const base = { area, indicator: k.id, period, ...(baender.length > 0 ? { altersbaender: baender } : {}), ...(zellen.length > 0 ? { alterszellen: zellen } : {}) };
    const schnitte = [...(n.value === undefined ? n.schnitte : []), ...(d.value === undefined ? d.schnitte : [])];
    if (schnitte.length > 0) {
      const fehlend = [...new Set(schnitte.flatMap((s) => s.schnitte))].sort((a, b) => a - b);
      return {
        ...base,
        value: null,
        numerator: null,
        denominator: null,
        status: 'altersschnitt_fehlt',
        reason: describeSchnitte(k.name, schnitte),
        fehlendeSchnitte: fehlend,
      };
    }
    if (n.value === undefined || d.value === undefined) {
      // An input used in numerator and denominator (bevoelkerung(t-5) in the 5-year change) is listed once.
      const missing = [...(n.value === undefined ? n.missing : []), ...(d.value === undefined ? d.missing : [])].filter(
        (m, i, all) => all.findIndex((o) => o.area === m.area && o.merkmal === m.merkmal && o.period === m.period) === i,
      );
      return {
        ...base,
        value: null,
        numerator: n.value ?? null,
        denominator: d.value ?? null,
        status: 'fehlende_werte',
        reason: `Es fehlen Werte: ${describeMissing(missing)}`,
        missing,
      };
    }
    if (d.value === 0) {
      return {
        ...base,
        value: null,
        numerator: n.value,
        denominator: 0,
        status: 'nenner_null',
        reason: `Der Nenner (${formatLinear(k.nenner)}) ist 0; die Kennzahl ist für dieses Gebiet nicht definiert`,
      };
    }
    const value = (n.value * k.faktor) / d.value;
    if (!Number.isFinite(value)) {
      // The loader bounds factors and coefficients so that this cannot happen; should it still (a
      // catalogue built around the loader), no Infinity or NaN is ever shown as a valid value.
      return {
        ...base,
        value: null,
        numerator: n.value,
        denominator: d.value,
        status: 'unbekannt',
        reason: `${k.name} ergibt hier keinen endlichen Wert (Zähler ${n.value}, Nenner ${d.value}, Faktor ${k.faktor}); bitte Formel und Faktor im Katalog prüfen`,
      };
    }
    return { ...base, value, numerator: n.value, denominator: d.value, status: 'ok' };
  }
}

/** „Für Altenquotient fehlt in den Altersgruppen des Gebiets ein Schnitt bei 20 Jahren (gebraucht: 20 bis 64 Jahre)“ */
function describeSchnitte(name: string, schnitte: FehlenderAltersschnitt[]): string {
  const teile = schnitte.map((s) => {
    const gebraucht = `${intervallText(s.intervall)}${s.period === schnitte[0]!.period ? '' : ` in ${s.period}`}`;
    if (s.schnitte.length > 0) {
      return `ein Schnitt bei ${s.schnitte.join(' und ')} Jahren (gebraucht: ${gebraucht})`;
    }
    return `eine Zerlegung ohne sich überschneidende Altersgruppen (gebraucht: ${gebraucht})`;
  });
  const unique = [...new Set(teile)];
  return `Für ${name} fehlt in den gelieferten Altersgruppen des Gebiets ${unique.join('; ')}. Aus anders geschnittenen Altersgruppen wird nicht geschätzt.`;
}

function describeMissing(missing: MissingInput[]): string {
  const shown = missing.slice(0, 3).map((m) => `${m.merkmal} für ${m.area} (${m.period}): ${m.reason}`);
  return shown.join('; ') + (missing.length > 3 ? `; und ${missing.length - 3} weitere` : '');
}
