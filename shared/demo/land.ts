/**
 * A synthetic Land the size of NRW for the Land benchmark (`npm run bench land`): Land 05 > 31
 * Kreise (5-digit) with 374 kreisangehörige Gemeinden, and 22 kreisfreie Städte (8-digit, directly
 * under the Land) > Gemeindeteile > about 100,000 Baublöcke, about 18 million inhabitants.
 *
 * Only the frame is new: it is a DemoGliederung like the demo Kreis's, so the values come from the
 * same simulation (simulation.ts: every Merkmal per Baublock, Gemeindeteil and Gemeinde, the
 * catalogue's relations holding by construction, age bands summing to the population). One year is
 * simulated (2024) from the frame's base populations. The Land-level Zu-/Fortzüge are the moves
 * across the Land boundary (the simulation's "Kreis" is the whole frame); the 31 Kreise get no
 * rows of their own (everything of theirs is the sum of their Gemeinden). Names and codes are
 * invented (the Land code 05 and the shapes of the codes are NRW's), geometry is left out.
 *
 * `massstab` scales the inhabitants and with them the Baublöcke and Gemeindeteile; the 53 Kreise
 * and kreisfreien Städte and the 396 Gemeinden stay, so that a smaller run has the same frame.
 */
import { AreaWithGeometry } from '../areas/exchange';
import { ValueRow } from '../indicators/values';
import { DemoBaublock, DemoGemeindeteil, DemoGliederung, DemoStadt } from './gliederung';
import { simuliere } from './simulation';
import { GemeindeteilTyp } from './staedte';
import { Random, clamp, mixSeed } from './random';

export const LAND_KREISE = 31;
export const LAND_KREISFREIE_STAEDTE = 22;
export const LAND_GEMEINDEN = 396;
/** inhabitants of the full-size Land (NRW: about 18 million) */
export const LAND_EINWOHNER = 18_000_000;
/** inhabitants per Baublock on average: 18 million in about 100,000 blocks */
const MITTLERE_BLOCKGROESSE = 180;
/** inhabitants per Gemeindeteil on average (at least 2 per Gemeinde) */
const MITTLERER_GEMEINDETEIL = 2500;
/** share of the Land's inhabitants living in the kreisfreien Städten (NRW: about 45 %) */
const ANTEIL_KREISFREI = 0.45;
const JAHR = '2024';

const DEPRIVATION: Record<GemeindeteilTyp, number> = { belastet: 1, zentrum: 0.35, durchschnitt: -0.05, laendlich: -0.6 };

export interface DemoLandOptions {
  /** integer; the same seed and massstab give identical output. Default 5. */
  seed?: number;
  /** scale of the inhabitants (and so of Baublöcke and Gemeindeteile), 0 < massstab <= 1; default 1 */
  massstab?: number;
}

export interface DemoLand {
  label: string;
  /** Land, then each Kreis with its Gemeinden, each kreisfreie Stadt, each Gemeinde followed by its Gemeindeteile and Baublöcke; parents before children */
  areas: AreaWithGeometry[];
  period: string;
  /** the year's values, grouped by Gemeinde (each a Meldebereich; its Gemeindeteile and Baublöcke included), and the Land-level rows */
  gemeinden: { code: string; rows: ValueRow[] }[];
  landRows: ValueRow[];
  einwohner: number;
  counts: { kreise: number; kreisfreieStaedte: number; gemeinden: number; gemeindeteile: number; baublocks: number; werte: number };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Sizes that sum to `total`, drawn around equal shares with a log-normal spread. */
function teile(rng: Random, n: number, total: number, sd: number): number[] {
  const w = Array.from({ length: n }, () => Math.exp(rng.normal(0, sd)));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => (total * x) / s);
}

function typOf(rng: Random, kreisfrei: boolean): GemeindeteilTyp {
  const u = rng.uniform();
  if (kreisfrei) return u < 0.22 ? 'belastet' : u < 0.45 ? 'zentrum' : u < 0.92 ? 'durchschnitt' : 'laendlich';
  return u < 0.08 ? 'belastet' : u < 0.25 ? 'zentrum' : u < 0.65 ? 'durchschnitt' : 'laendlich';
}

/** The frame (areas and structural profiles) of the Land; values come from simuliere. */
export function demoLandGliederung(options: DemoLandOptions = {}): DemoGliederung {
  const seed = options.seed ?? 5;
  const massstab = options.massstab ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Demo-Land: seed muss eine ganze Zahl sein, nicht ${String(seed)}`);
  if (!(massstab > 0 && massstab <= 1)) throw new RangeError(`Demo-Land: massstab muss größer als 0 und höchstens 1 sein, nicht ${String(massstab)}`);
  const rng = new Random(mixSeed(seed, 7));
  const einwohner = LAND_EINWOHNER * massstab;
  const staedte: DemoStadt[] = [];
  const gemeindeteile: DemoGemeindeteil[] = [];
  const bloecke: DemoBaublock[] = [];
  const areas: AreaWithGeometry[] = [{ code: '05', name: 'Demo-Land (NRW-groß)', ebene: 'land', parent: null, geometry: null }];

  const addGemeinde = (code: string, name: string, parent: string, ew: number, kreisfrei: boolean): void => {
    const stadtIndex = staedte.length;
    const stadt: DemoStadt = { code, name, gemeindeteile: [], bloecke: [] };
    staedte.push(stadt);
    areas.push({ code, name, ebene: 'stadt', parent, geometry: null });
    const nGt = clamp(Math.round(ew / MITTLERER_GEMEINDETEIL), 2, 999);
    teile(rng, nGt, ew, 0.4).forEach((gtEw, j) => {
      const typ = typOf(rng, kreisfrei);
      const gtCode = `${code}-${pad(j + 1, 3)}`;
      const deprivation = DEPRIVATION[typ] + rng.normal(0, 0.08);
      const gtName = `${name}-${typ === 'zentrum' ? 'Mitte' : 'Ortsteil'} ${j + 1}`;
      const gt: DemoGemeindeteil = { code: gtCode, name: gtName, typ, stadt: stadtIndex, deprivation, bloecke: [] };
      gemeindeteile.push(gt);
      stadt.gemeindeteile.push(gemeindeteile.length - 1);
      areas.push({ code: gtCode, name: gtName, ebene: 'gemeindeteil', parent: code, geometry: null });
      const nBl = Math.max(3, Math.round(gtEw / MITTLERE_BLOCKGROESSE));
      // as in the demo Kreis: sizes from a third to 1.6 times the mean, the small blocks giving the small counts
      const faktoren = Array.from({ length: nBl }, () => rng.uniform(0.35, 1.6));
      const skala = gtEw / faktoren.reduce((s, f) => s + f, 0);
      faktoren.forEach((f, k) => {
        const blockDeprivation = deprivation + rng.normal(0, 0.2);
        const blockCode = `${gtCode}-${pad(k + 1, 4)}`;
        bloecke.push({
          code: blockCode,
          stadt: stadtIndex,
          gemeindeteil: gemeindeteile.length - 1,
          basis: Math.round(clamp(skala * f, 40, 360)),
          deprivation: blockDeprivation,
          jugend: clamp(0.5 * blockDeprivation + rng.normal(0, 0.35), -1.2, 1.2),
        });
        gt.bloecke.push(bloecke.length - 1);
        stadt.bloecke.push(bloecke.length - 1);
        areas.push({ code: blockCode, name: `${gtName}, Block ${k + 1}`, ebene: 'baublock', parent: gtCode, geometry: null });
      });
    });
  };

  // Five Regierungsbezirke (the third digit) as in NRW; kreisfreie Städte numbered 11.., Kreise 54.. within them.
  const kreisfreiEw = teile(rng, LAND_KREISFREIE_STAEDTE, einwohner * ANTEIL_KREISFREI, 0.6);
  const kreisEw = teile(rng, LAND_KREISE, einwohner * (1 - ANTEIL_KREISFREI), 0.3);
  const gemeindenJeKreis = teile(rng, LAND_KREISE, LAND_GEMEINDEN - LAND_KREISFREIE_STAEDTE, 0.25).map((x) => Math.max(2, Math.round(x)));
  // rounding must not change the count of Gemeinden: the difference goes to the largest Kreis
  const diff = LAND_GEMEINDEN - LAND_KREISFREIE_STAEDTE - gemeindenJeKreis.reduce((a, b) => a + b, 0);
  gemeindenJeKreis[gemeindenJeKreis.indexOf(Math.max(...gemeindenJeKreis))]! += diff;
  const rb = (i: number, n: number): number => 1 + Math.floor((i * 5) / n);
  const nrInRb = new Map<number, number>();
  const next = (key: number, start: number): number => {
    const v = nrInRb.get(key) ?? start;
    nrInRb.set(key, v + 1);
    return v;
  };
  for (let i = 0; i < LAND_KREISFREIE_STAEDTE; i++) {
    const code = `05${rb(i, LAND_KREISFREIE_STAEDTE)}${pad(next(rb(i, LAND_KREISFREIE_STAEDTE), 11), 2)}000`;
    addGemeinde(code, `Kreisfreie Stadt ${i + 1}`, '05', kreisfreiEw[i]!, true);
  }
  for (let i = 0; i < LAND_KREISE; i++) {
    const kreis = `05${rb(i, LAND_KREISE)}${pad(next(10 + rb(i, LAND_KREISE), 54), 2)}`;
    areas.push({ code: kreis, name: `Kreis ${i + 1}`, ebene: 'kreis', parent: '05', geometry: null });
    teile(rng, gemeindenJeKreis[i]!, kreisEw[i]!, 0.7).forEach((ew, j) => addGemeinde(`${kreis}${pad(4 * (j + 1), 3)}`, `Gemeinde ${i + 1}.${j + 1}`, kreis, ew, false));
  }
  // tree order for the caller: parents before children (Kreise were pushed before their Gemeinden)
  return { staedte, gemeindeteile, bloecke, areas };
}

/** The Land with one year of values (see the top of this file). */
export function generateDemoLand(options: DemoLandOptions = {}): DemoLand {
  const seed = options.seed ?? 5;
  const g = demoLandGliederung(options);
  const [j] = simuliere(g, seed, Number(JAHR), Number(JAHR));
  const rowsOf = (area: string, werte: Record<string, number>, into: ValueRow[]): void => {
    for (const [variable, value] of Object.entries(werte)) into.push({ area, variable, value });
  };
  let werte = 0;
  const gemeinden = g.staedte.map((s, si) => {
    const rows: ValueRow[] = [];
    rowsOf(s.code, j!.staedte[si]!, rows);
    for (const gi of s.gemeindeteile) {
      rowsOf(g.gemeindeteile[gi]!.code, j!.gemeindeteile[gi]!, rows);
      for (const b of g.gemeindeteile[gi]!.bloecke) rowsOf(g.bloecke[b]!.code, j!.bloecke[b]!, rows);
    }
    werte += rows.length;
    return { code: s.code, rows };
  });
  const landRows: ValueRow[] = [];
  rowsOf('05', j!.kreis, landRows);
  werte += landRows.length;
  const einwohner = j!.bloecke.reduce((s, b) => s + b.bevoelkerung!, 0);
  return {
    label: `Demo-Land (NRW-groß, Maßstab ${options.massstab ?? 1}): synthetische Daten, frei erfunden, Seed ${seed}`,
    areas: g.areas,
    period: JAHR,
    gemeinden,
    landRows,
    einwohner,
    counts: {
      kreise: g.areas.filter((a) => a.ebene === 'kreis').length,
      kreisfreieStaedte: g.areas.filter((a) => a.ebene === 'stadt' && a.parent === '05').length,
      gemeinden: g.staedte.length,
      gemeindeteile: g.gemeindeteile.length,
      baublocks: g.bloecke.length,
      werte,
    },
  };
}
