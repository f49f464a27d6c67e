/**
 * A hand-built register for Stadt 05954036 of the core fixture tree (tests/helpers/core-fixtures.ts):
 * every household and count below is known by construction (see the comments per address).
 */
import { B1, B2, B3, B4, GT1, GT2 } from '../helpers/core-fixtures';

export const AGS = '05954036';
export const STICHTAG = '31.12.2024';

export const ZUORDNUNG_CSV = [
  'gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil',
  `${AGS};100;1;;${B1};${GT1}`,
  `${AGS};100;2;;${B1};${GT1}`,
  `${AGS};0100;3;A;${B2};${GT1}`, // written `3 A` with a leading zero in the street key; the register says `3a`
  `${AGS};200;1;;${B3};${GT2}`,
  `${AGS};200;2;;${B4};${GT2}`,
].join('\n');

export interface P {
  om: string;
  geb: string;
  g: string;
  sa?: string;
  sa2?: string;
  land?: string;
  fam?: string;
  st?: 'H' | 'N' | string;
  str: string;
  hnr: string;
  zus?: string;
  einzug: string;
  ehe?: string;
  eltern?: string;
  bemerkung?: string;
}

export const BESTAND_HEADER = 'ordnungsmerkmal;geburtsdatum;geschlecht;staatsangehoerigkeit;weitere_staatsangehoerigkeit;geburtsland;familienstand;wohnungsstatus;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;einzugsdatum;ehegatte_om;elternteil_om;bemerkung';

export const personLine = (p: P): string =>
  [p.om, p.geb, p.g, p.sa ?? 'DE', p.sa2 ?? '', p.land ?? '', p.fam ?? 'LD', p.st ?? 'H', AGS, p.str, p.hnr, p.zus ?? '', p.einzug, p.ehe ?? '', p.eltern ?? '', p.bemerkung ?? ''].join(';');

export const PERSONEN: P[] = [
  // 100/1 → B1: couple (1, 2) with their daughter 3 = one 3-person household with a child;
  // adult son 4 without a reference = own one-person household (known limit, by construction here)
  { om: '1', geb: '01.05.1980', g: 'm', fam: 'VH', str: '100', hnr: '1', einzug: '01.01.2010', ehe: '2' },
  { om: '2', geb: '1982-07-15', g: 'w', sa: 'TR', fam: 'VH', str: '100', hnr: '1', einzug: '2010-01-01', ehe: '1', bemerkung: 'Gräfin' },
  { om: '3', geb: '10.03.2015', g: 'w', str: '100', hnr: '1', einzug: '10.03.2015', eltern: '1,2' },
  { om: '4', geb: '2004-01-01', g: '1', str: '100', hnr: '1', einzug: '01.01.2004' },
  // 100/2 → B1: single mother 5 (born in Poland) with two children = single-parent household of 3
  { om: '5', geb: '31.12.1990', g: '2', land: 'PL', str: '100', hnr: '2', einzug: '01.06.2022' },
  { om: '6', geb: '01.01.2020', g: 'm', str: '100', hnr: '2', einzug: '01.06.2022', eltern: '5' },
  { om: '7', geb: '28.02.2023', g: 'w', str: '100', hnr: '2', einzug: '28.02.2023', eltern: '5' },
  // 100/3a → B2: shared flat = two one-person households; 10 has only a Nebenwohnung here
  { om: '8', geb: '01.06.1999', g: 'w', str: '100', hnr: '3a', einzug: '01.01.2024' },
  { om: '9', geb: '01.06.1998', g: 'm', sa2: 'IT', str: '100', hnr: '3', zus: 'a', einzug: '01.01.2024' },
  { om: '10', geb: '01.06.1994', g: 'm', st: 'N', str: '100', hnr: '3a', einzug: '01.01.2024' },
  // 200/1 → B3: old couple, only one side references the other
  { om: '11', geb: '01.01.1940', g: 'w', fam: 'VW', str: '200', hnr: '1', einzug: '01.01.1970', ehe: '12' },
  { om: '12', geb: '30.06.1938', g: 'm', fam: 'VH', str: '200', hnr: '1', einzug: '01.01.1970' },
  // 200/2 → B4: couple with three children (5 persons) and a grandmother without reference (1 person)
  { om: '13', geb: '01.01.1975', g: 'm', sa: '000', fam: 'VH', str: '200', hnr: '2', einzug: '01.01.2018', ehe: '14' },
  { om: '14', geb: '01.01.1977', g: 'w', sa: '000', fam: 'VH', str: '200', hnr: '2', einzug: '01.01.2018', ehe: '13' },
  { om: '15', geb: '01.01.2008', g: 'm', str: '200', hnr: '2', einzug: '01.01.2018', eltern: '13,14' },
  { om: '16', geb: '01.01.2012', g: 'w', str: '200', hnr: '2', einzug: '01.01.2018', eltern: '14,13' },
  { om: '17', geb: '01.01.2018', g: 'd', str: '200', hnr: '2', einzug: '01.01.2018', eltern: '13' },
  { om: '18', geb: '01.01.1950', g: 'w', fam: 'VW', str: '200', hnr: '2', einzug: '01.01.2020' },
  // 100/99: not in the table; street 100 lies wholly in GT1 → Gemeindeteil by street fallback
  { om: '19', geb: '01.01.1974', g: 'm', str: '100', hnr: '99', einzug: '01.01.2000' },
  // 300/5: street unknown → counted for the Stadt only
  { om: '20', geb: '01.06.1954', g: 'w', sa: '000', land: '000', str: '300', hnr: '5', einzug: '01.06.2020' },
];

export const bestandCsv = (persons: P[] = PERSONEN, eol = '\n'): string => [BESTAND_HEADER, ...persons.map(personLine)].join(eol) + eol;

export const BEWEGUNGEN_CSV = [
  'ordnungsmerkmal;ereignis;datum;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz',
  `30;geburt;05.05.2024;${AGS};100;1;`,
  `31;tod;2024-03-03;${AGS};200;1;`,
  `8;zuzug;01.01.2024;${AGS};100;3;A`,
  `32;fortzug;01.07.2024;${AGS};200;2;`,
  `9;umzug_von;01.01.2024;${AGS};100;1;`, // B1 → B2, both in GT1: a move for the blocks only
  `9;umzug_nach;01.01.2024;${AGS};100;3a;`,
  `33;umzug_nach;15.08.2024;${AGS};100;2;`, // B3 (GT2) → B1 (GT1), halves in either order
  `33;umzug_von;15.08.2024;${AGS};200;1;`,
  `34;umzug_von;2024-09-09;${AGS};300;5;`, // unknown street → B4: the old block and Gemeindeteil are unknown, so not counted below the Stadt (reported)
  `34;umzug_nach;2024-09-09;${AGS};200;2;`,
  `35;fortzug;31.12.2023;${AGS};200;2;`, // before the period
  `36;geburt;01.01.2025;${AGS};200;2;`, // after the Stichtag
].join('\n') + '\n';

/** Expected values, written out by hand from the comments above. */
const zero = {
  bevoelkerung: 0, bev_0_2: 0, bev_3_5: 0, bev_6_9: 0, bev_10_14: 0, bev_15_17: 0, bev_18_19: 0, bev_20_24: 0, bev_25_29: 0,
  bev_30_44: 0, bev_45_59: 0, bev_60_64: 0, bev_65_74: 0, bev_75_79: 0, bev_80_plus: 0, bev_weiblich: 0, bev_auslaendisch: 0,
  bev_migrationshintergrund: 0, bev_wohndauer_5plus: 0, wohndauer_summe_jahre: 0, hh_gesamt: 0, hh_1p: 0, hh_2p: 0, hh_3p: 0,
  hh_4p: 0, hh_5plus: 0, hh_mit_kindern: 0, hh_alleinerziehend: 0, geburten: 0, sterbefaelle: 0, zuzuege: 0, fortzuege: 0,
};
export type Expected = typeof zero;

export const EXPECTED_B1: Expected = {
  ...zero, bevoelkerung: 7, bev_0_2: 1, bev_3_5: 1, bev_6_9: 1, bev_20_24: 1, bev_30_44: 3, bev_weiblich: 4, bev_auslaendisch: 1,
  bev_migrationshintergrund: 5, bev_wohndauer_5plus: 4, wohndauer_summe_jahre: 14 + 14 + 9 + 20 + 2 + 2 + 1,
  hh_gesamt: 3, hh_1p: 1, hh_3p: 2, hh_mit_kindern: 2, hh_alleinerziehend: 1, geburten: 1, zuzuege: 1, fortzuege: 1,
};
export const EXPECTED_B2: Expected = {
  ...zero, bevoelkerung: 2, bev_25_29: 2, bev_weiblich: 1, bev_migrationshintergrund: 1, hh_gesamt: 2, hh_1p: 2, zuzuege: 2,
};
export const EXPECTED_B3: Expected = {
  ...zero, bevoelkerung: 2, bev_80_plus: 2, bev_weiblich: 1, bev_wohndauer_5plus: 2, wohndauer_summe_jahre: 108, hh_gesamt: 1, hh_2p: 1,
  sterbefaelle: 1, fortzuege: 1,
};
export const EXPECTED_B4: Expected = {
  ...zero, bevoelkerung: 6, bev_6_9: 1, bev_10_14: 1, bev_15_17: 1, bev_45_59: 2, bev_65_74: 1, bev_weiblich: 3,
  bev_wohndauer_5plus: 5, wohndauer_summe_jahre: 6 * 5 + 4, hh_gesamt: 2, hh_1p: 1, hh_5plus: 1, hh_mit_kindern: 1, zuzuege: 0, fortzuege: 1,
};
export const EXPECTED_B5: Expected = { ...zero };

const sum = (...xs: Expected[]): Expected => {
  const out = { ...zero };
  for (const x of xs) for (const k of Object.keys(out) as (keyof Expected)[]) out[k] += x[k];
  return out;
};
/** Person 19 (fallback), 50 years, 24 years at the address, one-person household */
const P19: Expected = { ...zero, bevoelkerung: 1, bev_45_59: 1, bev_wohndauer_5plus: 1, wohndauer_summe_jahre: 24, hh_gesamt: 1, hh_1p: 1 };
/** Person 20 (Stadt only), 70 years, 4 years at the address */
const P20: Expected = { ...zero, bevoelkerung: 1, bev_65_74: 1, bev_weiblich: 1, wohndauer_summe_jahre: 4, hh_gesamt: 1, hh_1p: 1 };

// Moves are not additive: per level by hand.
export const EXPECTED_GT1: Expected = { ...sum(EXPECTED_B1, EXPECTED_B2, P19), zuzuege: 2, fortzuege: 0 };
export const EXPECTED_GT2: Expected = { ...sum(EXPECTED_B3, EXPECTED_B4, EXPECTED_B5), zuzuege: 0, fortzuege: 2 };
export const EXPECTED_S1: Expected = { ...sum(EXPECTED_GT1, EXPECTED_GT2, P20), zuzuege: 1, fortzuege: 1 };

/** Windows-1252 bytes of text with characters below U+0100 only. */
export const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
