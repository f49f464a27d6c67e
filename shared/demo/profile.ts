/**
 * Value profiles: the seed-dependent, time-constant character of each Baublock, Gemeindeteil and
 * Stadt (trend, mobility, household structure, origin, poverty rates). They are drawn once per run
 * from the value stream; the yearly values then scatter around them, so that a block keeps its
 * character over the years and the time series look plausible.
 */
import { DemoGliederung } from './gliederung';
import { Random, clamp } from './random';

export interface BlockProfil {
  /** yearly relative change of the target population */
  trend: number;
  /** Fortzüge per inhabitant and year */
  umzugsrate: number;
  /** mean household size */
  hhGroesse: number;
  /** relative shares of households with 1, 2, 3, 4, 5+ persons */
  hhAnteile: number[];
  /** share of inhabitants (5 years and older) living at their address for 5 years or more */
  anteilWohndauer5: number;
  /** mean years at the address of those living there 5 years or more */
  wohndauerLang: number;
  auslaenderAnteil: number;
  /** share of Germans with a migration background */
  migrationDeutsche: number;
  /** share of households with children that are single parents */
  alleinerziehend: number;
  /** share of households with Wohngeld (before the 2023 reform) */
  wohngeld: number;
  /** multiplier of the SGB XII rates */
  sgb12: number;
}

export interface GemeindeteilProfil {
  /** multiplier of the SGB II rates */
  sgb2: number;
  /** multiplier of the unemployment rate */
  arbeitslosigkeit: number;
  /** share of 15-64-year-olds in employment subject to social insurance */
  beschaeftigung: number;
}

export interface StadtProfil {
  /** share of the employed who are full-time core workers */
  vollzeit: number;
  /** share of full-time core workers below the low-wage threshold */
  niedriglohn: number;
}

export interface Profile {
  bloecke: BlockProfil[];
  gemeindeteile: GemeindeteilProfil[];
  staedte: StadtProfil[];
}

/** Household size shares of an average block (1 to 5+ persons). */
const HH_ANTEILE = [0.43, 0.33, 0.12, 0.085, 0.035];

export function zieheProfile(g: DemoGliederung, rng: Random): Profile {
  const stadtTrend = g.staedte.map(() => rng.normal(-0.0025, 0.002));
  const gtTrend = g.gemeindeteile.map((gt) => rng.normal(0, 0.003) + 0.002 * gt.deprivation);

  const bloecke = g.bloecke.map((b): BlockProfil => {
    const d = b.deprivation;
    const laendlich = g.gemeindeteile[b.gemeindeteil]!.typ === 'laendlich';
    const belastung = Math.max(0, d);
    const umzugsrate = clamp(0.068 * Math.exp(0.3 * d + rng.normal(0, 0.12)), 0.035, 0.12);
    const hhAnteile = HH_ANTEILE.map((s, i) => {
      // deprived blocks: more people living alone and more large families; rural: more families
      const belastet = [0.04, -0.05, 0, 0, 0.01][i]! * belastung;
      const land = laendlich ? [-0.1, 0.02, 0.04, 0.04, 0][i]! : 0;
      return Math.max(0.01, s + belastet + land) * Math.exp(rng.normal(0, 0.06));
    });
    return {
      trend: stadtTrend[b.stadt]! + gtTrend[b.gemeindeteil]! + rng.normal(0, 0.004),
      umzugsrate,
      hhGroesse: 2.04 + (laendlich ? 0.18 : 0) - 0.06 * d + rng.normal(0, 0.04),
      hhAnteile,
      anteilWohndauer5: clamp(0.95 * (1 - umzugsrate) ** 5 + rng.normal(0, 0.03), 0.3, 0.9),
      wohndauerLang: clamp(17 - 5 * b.jugend + rng.normal(0, 1.5), 10, 30),
      auslaenderAnteil: clamp(0.075 * Math.exp(0.95 * d + rng.normal(0, 0.2)), 0.01, 0.5),
      migrationDeutsche: clamp(0.15 * Math.exp(0.4 * d + rng.normal(0, 0.15)), 0.02, 0.5),
      alleinerziehend: clamp(0.16 * Math.exp(0.5 * d + rng.normal(0, 0.15)), 0.03, 0.6),
      wohngeld: clamp(0.016 * Math.exp(0.9 * d + rng.normal(0, 0.25)), 0.002, 0.15),
      sgb12: Math.exp(0.85 * d + rng.normal(0, 0.2)),
    };
  });

  const gemeindeteile = g.gemeindeteile.map((gt): GemeindeteilProfil => ({
    sgb2: Math.exp(0.95 * gt.deprivation + rng.normal(0, 0.1)),
    arbeitslosigkeit: Math.exp(0.7 * gt.deprivation + rng.normal(0, 0.1)),
    beschaeftigung: clamp(0.6 - 0.06 * gt.deprivation + rng.normal(0, 0.015), 0.4, 0.75),
  }));

  const staedte = g.staedte.map((s): StadtProfil => {
    const einwohner = s.bloecke.reduce((sum, b) => sum + g.bloecke[b]!.basis, 0);
    const deprivation = s.bloecke.reduce((sum, b) => sum + g.bloecke[b]!.basis * g.bloecke[b]!.deprivation, 0) / einwohner;
    return {
      vollzeit: clamp(0.56 + rng.normal(0, 0.02), 0.45, 0.65),
      niedriglohn: clamp(0.17 + 0.05 * deprivation + rng.normal(0, 0.01), 0.08, 0.3),
    };
  });
  return { bloecke, gemeindeteile, staedte };
}
