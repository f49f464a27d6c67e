/**
 * The catalogue's 14 age bands of the population, in ascending order: the summands of its rule
 * `altersgruppen_summe` (bevoelkerung = Σ bands; tests/core/altersgruppen.test.ts checks the two agree).
 * The demo generator and the register aggregation both need the bands as a typed list at compile
 * time, so the list lives here once instead of being read from the JSON at run time.
 */
export const ALTERSGRUPPEN = [
  'bev_0_2',
  'bev_3_5',
  'bev_6_9',
  'bev_10_14',
  'bev_15_17',
  'bev_18_19',
  'bev_20_24',
  'bev_25_29',
  'bev_30_44',
  'bev_45_59',
  'bev_60_64',
  'bev_65_74',
  'bev_75_79',
  'bev_80_plus',
] as const;
export type Altersgruppe = (typeof ALTERSGRUPPEN)[number];

/**
 * A band's ages in completed years, read off its id: `bev_15_17` is 15 to 17, `bev_80_plus` is 80 and
 * over (to = Infinity).
 */
export function altersbereich(id: Altersgruppe): { von: number; bis: number } {
  const m = /^bev_(\d+)_(\d+|plus)$/.exec(id)!;
  return { von: Number(m[1]), bis: m[2] === 'plus' ? Infinity : Number(m[2]) };
}
