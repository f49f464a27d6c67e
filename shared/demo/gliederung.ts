/**
 * The demo Gliederung: Kreis, nine Städte, synthetic Gemeindeteile and Baublöcke, with geometry and
 * the fixed structural profile of every Baublock (base population, social situation, age skew).
 *
 * The Gliederung does not depend on the caller's seed: it is drawn from a fixed stream, so that
 * datasets generated with different seeds refer to the same areas and can be compared or loaded
 * into the same database. The seed only varies the values (see simulation.ts).
 */
import { AreaWithGeometry } from '../areas/exchange';
import { Box, rectanglePolygon, rectanglesMultiPolygon, splitIntoGrid, splitIntoStrips } from './geometry';
import { Random, clamp } from './random';
import { DEMO_KREIS, GemeindeteilTyp, STADT_VORLAGEN } from './staedte';

/** average inhabitants per Baublock; with the ERK's ~324,000 inhabitants about 1,600 blocks */
const MITTLERE_BLOCKGROESSE = 205;
const STRUKTUR_SEED = 0x5954;

/** Baseline deprivation by type: 0 is the Kreis average, 1 a clearly problematic area. */
const DEPRIVATION: Record<GemeindeteilTyp, number> = { belastet: 1, zentrum: 0.35, durchschnitt: -0.05, laendlich: -0.6 };

/**
 * Strip width per inhabitant by type: rural Gemeindeteile spread out, centres are dense. Only the
 * look of the map depends on it.
 */
const FLAECHE_JE_EINWOHNER: Record<GemeindeteilTyp, number> = { belastet: 0.6, zentrum: 0.7, durchschnitt: 1, laendlich: 2.6 };

export interface DemoStadt {
  code: string;
  name: string;
  gemeindeteile: number[];
  bloecke: number[];
}

export interface DemoGemeindeteil {
  code: string;
  name: string;
  typ: GemeindeteilTyp;
  stadt: number;
  deprivation: number;
  bloecke: number[];
}

export interface DemoBaublock {
  code: string;
  stadt: number;
  gemeindeteil: number;
  /** inhabitants at the end of 2018, the start of the simulation */
  basis: number;
  /** social situation: 0 Kreis average, about 1 for problematic blocks, negative for well-off ones */
  deprivation: number;
  /** age skew: positive means more children and young adults, fewer old people */
  jugend: number;
}

export interface DemoGliederung {
  staedte: DemoStadt[];
  gemeindeteile: DemoGemeindeteil[];
  bloecke: DemoBaublock[];
  /** in tree order: Kreis, then each Stadt followed by its Gemeindeteile and their Baublöcke */
  areas: AreaWithGeometry[];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Builds the demo Gliederung afresh (a few milliseconds; fresh objects, so callers may mutate them). */
export function demoGliederung(): DemoGliederung {
  const rng = new Random(STRUKTUR_SEED);
  const staedte: DemoStadt[] = [];
  const gemeindeteile: DemoGemeindeteil[] = [];
  const bloecke: DemoBaublock[] = [];
  const kreisArea: AreaWithGeometry = { code: DEMO_KREIS.code, name: DEMO_KREIS.name, ebene: 'kreis', parent: null, geometry: null };
  const areas: AreaWithGeometry[] = [kreisArea];

  for (const vorlage of STADT_VORLAGEN) {
    const stadtIndex = staedte.length;
    const stadt: DemoStadt = { code: vorlage.code, name: vorlage.name, gemeindeteile: [], bloecke: [] };
    staedte.push(stadt);
    areas.push({ code: vorlage.code, name: vorlage.name, ebene: 'stadt', parent: DEMO_KREIS.code, geometry: rectanglePolygon(vorlage.box) });

    const gewichtSumme = vorlage.gemeindeteile.reduce((s, g) => s + g.gewicht, 0);
    const strips = splitIntoStrips(
      vorlage.box,
      vorlage.gemeindeteile.map((g) => g.gewicht * FLAECHE_JE_EINWOHNER[g.typ]),
    );
    vorlage.gemeindeteile.forEach((gv, j) => {
      const gtIndex = gemeindeteile.length;
      const code = `${vorlage.code}-${pad(j + 1, 2)}`;
      const deprivation = DEPRIVATION[gv.typ] + rng.normal(0, 0.08);
      const gt: DemoGemeindeteil = { code, name: gv.name, typ: gv.typ, stadt: stadtIndex, deprivation, bloecke: [] };
      gemeindeteile.push(gt);
      stadt.gemeindeteile.push(gtIndex);
      areas.push({ code, name: gv.name, ebene: 'gemeindeteil', parent: vorlage.code, geometry: rectanglePolygon(strips[j]!) });

      const einwohner = (vorlage.einwohner * gv.gewicht) / gewichtSumme;
      const anzahl = Math.max(3, Math.round(einwohner / MITTLERE_BLOCKGROESSE));
      // Sizes spread between about a third and 1.6 times the mean, scaled so that the Gemeindeteil
      // keeps its population: the small blocks give the small counts that disclosure control has to
      // deal with.
      const faktoren = Array.from({ length: anzahl }, () => rng.uniform(0.35, 1.6));
      const skala = einwohner / faktoren.reduce((s, f) => s + f, 0);
      const cells: Box[] = splitIntoGrid(strips[j]!, anzahl);
      cells.forEach((cell, k) => {
        const blockCode = `${code}-${pad(k + 1, 4)}`;
        const blockDeprivation = deprivation + rng.normal(0, 0.2);
        bloecke.push({
          code: blockCode,
          stadt: stadtIndex,
          gemeindeteil: gtIndex,
          basis: Math.round(clamp(skala * faktoren[k]!, 55, 360)),
          deprivation: blockDeprivation,
          jugend: clamp(0.5 * blockDeprivation + rng.normal(0, 0.35), -1.2, 1.2),
        });
        gt.bloecke.push(bloecke.length - 1);
        stadt.bloecke.push(bloecke.length - 1);
        areas.push({ code: blockCode, name: `${gv.name}, Block ${k + 1}`, ebene: 'baublock', parent: code, geometry: rectanglePolygon(cell) });
      });
    });
  }
  kreisArea.geometry = rectanglesMultiPolygon(STADT_VORLAGEN.map((s) => s.box));
  return { staedte, gemeindeteile, bloecke, areas };
}
