/**
 * Sozialindex in the manner of Berlin's Monitoring Soziale Stadtentwicklung (MSS):
 *  - status index: per indicator, the values of all Gemeindeteile are z-standardised
 *    (z = (x - mean) / standard deviation, population SD over the areas with a value); the sign is
 *    turned so that a higher z always means more need for action (direction per indicator); the
 *    index is the weighted mean of the z-values; the index itself is standardised again.
 *  - dynamics index: the same on the change of each indicator between two years (percentage points).
 *  - classes by standard-deviation thresholds of the standardised index, as in the MSS:
 *    z > +1 "sehr niedrig" status (MSS: status "sehr niedrig" = highest need), +0.5..1 "niedrig",
 *    -1..+0.5 "mittel", < -1 "hoch". Here the class names describe the social status, as in the MSS.
 * An area with a suppressed or missing value in any indicator is not classified (with the reason):
 * filling it in (mean, zero) would invent a value that the Geheimhaltung has withheld.
 */

export interface SozialindexIndicator {
  id: string;
  /** +1: higher value = more need (e.g. sgb2_quote); -1: higher value = less need */
  richtung: 1 | -1;
  gewicht: number;
}

/** The Kreis-configurable default set (MSS core indicators, mapped to this catalogue). */
export const DEFAULT_SOZIALINDEX: SozialindexIndicator[] = [
  { id: 'arbeitslosendichte', richtung: 1, gewicht: 1 },
  { id: 'sgb2_quote', richtung: 1, gewicht: 1 },
  { id: 'sozialgeld_quote', richtung: 1, gewicht: 1 },
  { id: 'anteil_alleinerziehende', richtung: 1, gewicht: 1 },
];

export type Klasse = 'hoch' | 'mittel' | 'niedrig' | 'sehr niedrig';

/** Value of one indicator in one area: a number, or null with the reason (gesperrt, fehlt). */
export interface IndexInput {
  area: string;
  indicator: string;
  value: number | null;
  grund?: string;
}

export interface IndexRow {
  area: string;
  /** standardised index (mean 0, SD 1 over classified areas); null if not classified */
  index: number | null;
  klasse: Klasse | null;
  /** z-value per indicator (sign already turned to "higher = more need") */
  z: Record<string, number>;
  /** why the area is not classified */
  grund?: string;
}

export function klasseOf(z: number): Klasse {
  if (z > 1) return 'sehr niedrig';
  if (z > 0.5) return 'niedrig';
  if (z >= -1) return 'mittel';
  return 'hoch';
}

function meanSd(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return { mean, sd };
}

/** Checks a Kreis-supplied configuration; German message on the first fault. */
export function checkConfig(config: SozialindexIndicator[]): void {
  if (config.length === 0) throw new Error('Sozialindex: mindestens eine Kennzahl angeben.');
  const seen = new Set<string>();
  for (const [i, c] of config.entries()) {
    if (!c.id) throw new Error(`Sozialindex: Eintrag ${i + 1} hat keine Kennzahl (id).`);
    if (seen.has(c.id)) throw new Error(`Sozialindex: Kennzahl ${c.id} ist doppelt angegeben.`);
    seen.add(c.id);
    if (c.richtung !== 1 && c.richtung !== -1) throw new Error(`Sozialindex: Kennzahl ${c.id}: richtung muss 1 oder -1 sein.`);
    if (!(Number.isFinite(c.gewicht) && c.gewicht > 0)) throw new Error(`Sozialindex: Kennzahl ${c.id}: gewicht muss eine Zahl größer 0 sein.`);
  }
}

/** Status index over `areas` from published values (`inputs`). */
export function sozialindex(areas: string[], inputs: IndexInput[], config: SozialindexIndicator[] = DEFAULT_SOZIALINDEX): IndexRow[] {
  checkConfig(config);
  const byKey = new Map(inputs.map((r) => [`${r.area}\u0000${r.indicator}`, r]));
  const rows: IndexRow[] = areas.map((area) => ({ area, index: null, klasse: null, z: {} }));
  // Areas with every indicator available; the others are named with the first missing reason.
  const complete = rows.filter((row) => {
    for (const c of config) {
      const r = byKey.get(`${row.area}\u0000${c.id}`);
      if (!r || r.value === null || !Number.isFinite(r.value)) {
        row.grund = `${c.id}: ${r?.grund ?? 'kein Wert'}`;
        return false;
      }
    }
    return true;
  });
  if (complete.length < 2) {
    for (const row of complete) row.grund = 'zu wenige Gebiete mit allen Kennzahlen für eine Standardisierung';
    return rows;
  }
  const wsum = config.reduce((s, c) => s + c.gewicht, 0);
  const raw: number[] = [];
  for (const c of config) {
    const xs = complete.map((row) => byKey.get(`${row.area}\u0000${c.id}`)!.value as number);
    const { mean, sd } = meanSd(xs);
    complete.forEach((row, i) => (row.z[c.id] = sd === 0 ? 0 : (c.richtung * (xs[i]! - mean)) / sd));
  }
  for (const row of complete) raw.push(config.reduce((s, c) => s + c.gewicht * row.z[c.id]!, 0) / wsum);
  const { mean, sd } = meanSd(raw);
  complete.forEach((row, i) => {
    row.index = sd === 0 ? 0 : (raw[i]! - mean) / sd;
    row.klasse = klasseOf(row.index);
  });
  return rows;
}

/** Dynamics index: the status method on the change (to - from) of each indicator. */
export function dynamikindex(areas: string[], from: IndexInput[], to: IndexInput[], config: SozialindexIndicator[] = DEFAULT_SOZIALINDEX): IndexRow[] {
  const before = new Map(from.map((r) => [`${r.area}\u0000${r.indicator}`, r]));
  const diff: IndexInput[] = to.map((r) => {
    const b = before.get(`${r.area}\u0000${r.indicator}`);
    if (r.value === null) return r;
    if (!b || b.value === null) return { ...r, value: null, grund: `Vorjahreswert: ${b?.grund ?? 'kein Wert'}` };
    return { ...r, value: r.value - b.value };
  });
  return sozialindex(areas, diff, config);
}

export * from './einstellung';
export * from './matrix';
