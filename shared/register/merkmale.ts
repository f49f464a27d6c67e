/**
 * The catalogue's Merkmale whose source is the Einwohnermeldedaten, with the ids exactly as
 * shared/catalogue/kennzahlenkatalog.json has them (tests/register checks the two lists agree).
 */

/** From the Bestand (population at the Stichtag and the generated households). */
export const BESTAND_MERKMALE = [
  'bevoelkerung',
  // the 14 age bands in ascending order (ALTERSGRUPPEN below reads their ranges off these ids; V.bev_0_2 + band index addresses them)
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

/**
 * The 14 age bands as [from, to (inclusive), id], read off their catalogue ids (`bev_15_17` = 15 to 17
 * completed years, `bev_80_plus` = 80 and over), so the ids above are the only list of them.
 */
export const ALTERSGRUPPEN: readonly (readonly [number, number, string])[] = BESTAND_MERKMALE.flatMap((id) => {
  const m = /^bev_(\d+)_(\d+|plus)$/.exec(id);
  return m ? [[Number(m[1]), m[2] === 'plus' ? Infinity : Number(m[2]), id] as const] : [];
});

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
