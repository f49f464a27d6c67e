/**
 * The demo Kreis: the Ennepe-Ruhr-Kreis with synthetic small areas and synthetic values for every
 * Merkmal of the shipped catalogue, one dataset per year, each passing the validation as a Kreis
 * submission without errors or warnings.
 */
import { AreaTree } from '../areas/areas';
import { AreaWithGeometry, toAreaExchange } from '../areas/exchange';
import { ValueRow } from '../indicators/values';
import { isPeriod } from '../types';
import { demoGliederung } from './gliederung';
import { simuliere } from './simulation';

export interface DemoKreisOptions {
  /** integer; the same seed gives identical output. Default 5954. */
  seed?: number;
  /** reporting years as strings; default 2019 to 2024 */
  years?: string[];
}

export interface DemoDataset {
  period: string;
  rows: ValueRow[];
}

export interface DemoKreis {
  /** says that the data are synthetic; shown wherever the demo data are displayed */
  label: string;
  /** Kreis, Städte, Gemeindeteile, Baublöcke, parents before children */
  areas: AreaWithGeometry[];
  /** one dataset per requested year, in ascending order */
  datasets: DemoDataset[];
}

export const DEMO_DEFAULT_SEED = 5954;
export const DEMO_DEFAULT_YEARS: readonly string[] = ['2019', '2020', '2021', '2022', '2023', '2024'];
/**
 * The simulation always starts here (or earlier, if earlier years are asked for), so a year's
 * values do not depend on which other years are requested: `years: ['2024']` gives the same 2024
 * as the default.
 */
const SIMULATIONSBEGINN = 2019;

export function generateDemoKreis(options: DemoKreisOptions = {}): DemoKreis {
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Demo-Kreis: seed muss eine ganze Zahl sein, nicht ${String(seed)}`);
  const years = [...new Set(options.years ?? DEMO_DEFAULT_YEARS)].sort();
  if (years.length === 0) throw new RangeError('Demo-Kreis: mindestens ein Berichtsjahr angeben');
  const invalid = years.filter((y) => !isPeriod(y));
  if (invalid.length > 0) throw new RangeError(`Demo-Kreis: keine Berichtsjahre: ${invalid.join(', ')} (erwartet z. B. „2024“)`);

  const g = demoGliederung();
  const von = Math.min(SIMULATIONSBEGINN, Number(years[0]));
  const jahre = simuliere(g, seed, von, Number(years[years.length - 1]));

  const datasets = years.map((period): DemoDataset => {
    const j = jahre[Number(period) - von]!;
    const rows: ValueRow[] = [];
    const push = (area: string, werte: Record<string, number>): void => {
      for (const [variable, value] of Object.entries(werte)) rows.push({ area, variable, value });
    };
    // tree order, as the areas: Kreis, then each Stadt with its Gemeindeteile and Baublöcke
    push(g.areas[0]!.code, j.kreis);
    g.staedte.forEach((s, si) => {
      push(s.code, j.staedte[si]!);
      for (const gi of s.gemeindeteile) {
        const gt = g.gemeindeteile[gi]!;
        push(gt.code, j.gemeindeteile[gi]!);
        for (const b of gt.bloecke) push(g.bloecke[b]!.code, j.bloecke[b]!);
      }
    });
    return { period, rows };
  });

  return {
    label: `Demo-Kreis ${g.areas[0]!.name}: synthetische Demodaten, frei erfunden (keine echten Daten), Seed ${seed}`,
    areas: g.areas,
    datasets,
  };
}

/** The demo areas in the area exchange format (GeoJSON FeatureCollection). */
export function demoAreaExchange(demo: DemoKreis): object {
  return toAreaExchange(demo.areas);
}

/** The demo areas as a checked tree. */
export function demoAreaTree(demo: DemoKreis): AreaTree {
  return AreaTree.build(demo.areas);
}
