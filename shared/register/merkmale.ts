/**
 * The catalogue's Merkmale whose source is the Einwohnermeldedaten, with the ids exactly as
 * shared/catalogue/kennzahlenkatalog.json has them (tests/register checks the two lists agree).
 */

import { ALTERSGRUPPEN } from '../catalogue/altersgruppen';

/** From the Bestand (population at the Stichtag and the generated households). */
export const BESTAND_MERKMALE = [
  'bevoelkerung',
  // the 14 age bands in ascending order, from the catalogue's one list; the count itself goes by
  // altersbaender.ts (these or own cuts), in columns after the fixed ones
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
