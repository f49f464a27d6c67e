/**
 * The catalogue's Merkmale whose source is the Einwohnermeldedaten, with the ids exactly as
 * shared/catalogue/kennzahlenkatalog.json has them (tests/register checks the two lists agree).
 */

import { ALTERSGRUPPEN, altersbereich } from '../catalogue/altersgruppen';

/** From the Bestand (population at the Stichtag and the generated households). */
export const BESTAND_MERKMALE = [
  'bevoelkerung',
  // the 14 age bands in ascending order, from the catalogue's one list (V.bev_0_2 + band index addresses them)
  ...ALTERSGRUPPEN,
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
  const ranges = ALTERSGRUPPEN.map(altersbereich);
  for (let age = 0; age < 256; age++) t[age] = ranges.findIndex(({ von, bis }) => age >= von && age <= bis);
  return t;
})();
