/**
 * The catalogue's Merkmale whose source is the Einwohnermeldedaten, with the ids exactly as
 * shared/catalogue/kennzahlenkatalog.json has them (tests/register checks the two lists agree).
 */

/** The 14 age bands: [from, to (inclusive), id]; completed years at the Stichtag. */
export const ALTERSGRUPPEN: readonly (readonly [number, number, string])[] = [
  [0, 2, 'bev_0_2'],
  [3, 5, 'bev_3_5'],
  [6, 9, 'bev_6_9'],
  [10, 14, 'bev_10_14'],
  [15, 17, 'bev_15_17'],
  [18, 19, 'bev_18_19'],
  [20, 24, 'bev_20_24'],
  [25, 29, 'bev_25_29'],
  [30, 44, 'bev_30_44'],
  [45, 59, 'bev_45_59'],
  [60, 64, 'bev_60_64'],
  [65, 74, 'bev_65_74'],
  [75, 79, 'bev_75_79'],
  [80, Infinity, 'bev_80_plus'],
];

/** From the Bestand (population at the Stichtag and the generated households). */
export const BESTAND_MERKMALE = [
  'bevoelkerung',
  // the 14 age bands, in the order of ALTERSGRUPPEN (V.bev_0_2 + band index addresses them)
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
  'bev_weiblich',
  'bev_auslaendisch',
  'bev_migrationshintergrund',
  'bev_wohndauer_5plus',
  'wohndauer_summe_jahre',
  'hh_gesamt',
  'hh_1p',
  'hh_2p',
  'hh_3p',
  'hh_4p',
  'hh_5plus',
  'hh_mit_kindern',
  'hh_alleinerziehend',
] as const;

/** From the Bewegungen (events in the year ending at the Stichtag). zuzuege/fortzuege are not additive. */
export const BEWEGUNGS_MERKMALE = ['geburten', 'sterbefaelle', 'zuzuege', 'fortzuege'] as const;

export const REGISTER_MERKMALE = [...BESTAND_MERKMALE, ...BEWEGUNGS_MERKMALE] as const;
export type RegisterMerkmal = (typeof REGISTER_MERKMALE)[number];

/** Column index of each Merkmal in the count table. */
export const V = Object.fromEntries(REGISTER_MERKMALE.map((id, i) => [id, i])) as Record<RegisterMerkmal, number>;
export const NV = REGISTER_MERKMALE.length;

/** Age band index by completed years (0…13). */
export const AGE_BAND: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let age = 0; age < 256; age++) t[age] = ALTERSGRUPPEN.findIndex(([a, b]) => age >= a && age <= b);
  return t;
})();
