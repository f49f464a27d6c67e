/**
 * Age structure of a Baublock: the 14 age bands of the catalogue, their expected shares, and the
 * birth and death rates that follow from them.
 */
import { ALTERSGRUPPEN, type Altersgruppe } from '../catalogue/altersgruppen';
import { Random } from './random';

// local copies: global lookups are slow inside jest's vm context (see random.ts)
const { exp, floor, max, min } = Math;

export { ALTERSGRUPPEN, type Altersgruppe } from '../catalogue/altersgruppen';

/** Shares in % of an older West German Kreis (about 22 % aged 65 and over), end of 2018. */
const BASIS_ANTEILE = [2.7, 2.8, 3.6, 4.5, 2.8, 1.9, 5.4, 5.8, 18.3, 22.2, 8.0, 10.5, 4.5, 7.0];
/** How strongly a band reacts to a block's age skew (`jugend`): children and young adults up, the old down. */
const JUGEND_WIRKUNG = [0.3, 0.3, 0.3, 0.3, 0.3, 0.25, 0.25, 0.25, 0.12, 0, -0.1, -0.35, -0.35, -0.35];
/** Yearly change of a band's weight: the baby boomers move from 45-59 towards 60 and over. */
const ALTERUNG_JE_JAHR = [0, 0, 0, 0, 0, 0, 0, 0, 0, -0.006, 0.015, 0.01, 0.008, 0.01];
/** Deaths per person and year by band (rounded German life table). */
const STERBLICHKEIT = [0.0012, 0.0001, 0.0001, 0.0001, 0.0002, 0.0004, 0.0004, 0.0005, 0.0008, 0.003, 0.008, 0.016, 0.035, 0.11];
/** Births per person (both sexes) and year by band; about 8.5 per 1,000 inhabitants overall. */
const FRUCHTBARKEIT = [0, 0, 0, 0, 0, 0.004, 0.026, 0.043, 0.025, 0.0005, 0, 0, 0, 0];

/** Index of bev_0_2 in ALTERSGRUPPEN. */
const KLEINKINDER = 0;

/** Expected band weights of a block in a year; `rng` adds a little year-to-year noise. */
export function altersGewichte(jugend: number, jahr: number, rng?: Random): number[] {
  const t = jahr - 2018;
  return BASIS_ANTEILE.map((a, i) => {
    const noise = rng ? exp(rng.normal(0, 0.05)) : 1;
    return a * exp(JUGEND_WIRKUNG[i]! * jugend) * max(0.5, 1 + ALTERUNG_JE_JAHR[i]! * t) * noise;
  });
}

/**
 * Splits `total` into integers in proportion to the weights (largest remainder), so that the
 * parts sum exactly to the total.
 */
export function verteile(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const parts = exact.map(floor);
  const remainders = exact.map((e, i) => e - parts[i]!);
  // fewer leftovers than parts: hand them out one by one to the largest remainder (first wins ties);
  // called some 10,000 times per year, so no sorting and no temporary objects
  for (let rest = total - parts.reduce((s, p) => s + p, 0); rest > 0; rest--) {
    let best = 0;
    for (let i = 1; i < remainders.length; i++) if (remainders[i]! > remainders[best]!) best = i;
    parts[best]!++;
    remainders[best] = -1;
  }
  return parts;
}

/**
 * Age bands summing exactly to `einwohner`. At least `geburten` of them are under three: the
 * children born this year still live here at the end of it (catalogue relation geburten_kleinkinder).
 */
export function altersgruppen(einwohner: number, gewichte: readonly number[], geburten: number): number[] {
  const bands = verteile(einwohner, gewichte);
  let fehlend = min(geburten, einwohner) - bands[KLEINKINDER]!;
  while (fehlend > 0) {
    // take from the currently largest other band, one person at a time (only ever a few)
    let largest = 1;
    for (let i = 2; i < bands.length; i++) if (bands[i]! > bands[largest]!) largest = i;
    bands[largest]!--;
    bands[KLEINKINDER]!++;
    fehlend--;
  }
  return bands;
}

export const erwarteteSterbefaelle = (bands: readonly number[]): number =>
  bands.reduce((s, n, i) => s + n * STERBLICHKEIT[i]!, 0);

/** Somewhat higher fertility in deprived areas, as in the Ruhr cities. */
export const erwarteteGeburten = (bands: readonly number[], deprivation: number): number =>
  bands.reduce((s, n, i) => s + n * FRUCHTBARKEIT[i]!, 0) * exp(0.12 * deprivation);

/** Sum of the bands with the given ids. */
export function summe(bands: readonly number[], ids: readonly Altersgruppe[]): number {
  return ids.reduce((s, id) => s + bands[ALTERSGRUPPEN.indexOf(id)]!, 0);
}

export const U15: readonly Altersgruppe[] = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14'];
export const U18: readonly Altersgruppe[] = [...U15, 'bev_15_17'];
export const A15_64: readonly Altersgruppe[] = ['bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64'];
export const A18_64: readonly Altersgruppe[] = A15_64.filter((a) => a !== 'bev_15_17');
export const A65PLUS: readonly Altersgruppe[] = ['bev_65_74', 'bev_75_79', 'bev_80_plus'];
