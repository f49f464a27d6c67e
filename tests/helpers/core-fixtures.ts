/**
 * A small, hand-made Kreis for the domain-core tests (tests/core). Every number below was chosen by
 * hand so that the expected sums and indicator values can be written out in the tests.
 *
 *   Kreis 05954
 *   ├── Stadt 05954036 (S1)                 values only at the finest level the source delivers
 *   │   ├── Gemeindeteil 05954036-01 (GT1)
 *   │   │   ├── Baublock 05954036-01-0001 (B1)   Bevölkerung 350
 *   │   │   └── Baublock 05954036-01-0002 (B2)   Bevölkerung 250
 *   │   └── Gemeindeteil 05954036-02 (GT2)
 *   │       ├── Baublock 05954036-02-0001 (B3)   Bevölkerung 450
 *   │       ├── Baublock 05954036-02-0002 (B4)   Bevölkerung 200
 *   │       └── Baublock 05954036-02-0003 (B5)   unbewohnt (alles 0)
 *   └── Stadt 05954008 (S2)                 no sub-areas: all values reported for the Stadt
 *
 * Additive Merkmale are reported at the finest level they exist at (Baublock for the register, the
 * Kreis' SGB XII data and Wohngeld; Gemeindeteil for BA data; Stadt for the BA wage statistics).
 * Zu- und Fortzüge are not additive and are reported for every area separately (internal moves make
 * the block values add up to more than the Gemeindeteil's).
 */
import { Area, AreaTree } from '../../shared/areas/areas';
import { ALTERSGRUPPEN } from '../../shared/catalogue/altersgruppen';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { IndicatorEngine } from '../../shared/indicators/engine';
import { ValueRow, ValueTable } from '../../shared/indicators/values';

export const PERIOD = '2024';
/** five years before PERIOD, for bevoelkerungsentwicklung_5j */
export const PERIOD_T5 = '2019';

export const KREIS = '05954';
export const S1 = '05954036';
export const S2 = '05954008';
export const GT1 = '05954036-01';
export const GT2 = '05954036-02';
export const B1 = '05954036-01-0001';
export const B2 = '05954036-01-0002';
export const B3 = '05954036-02-0001';
export const B4 = '05954036-02-0002';
export const B5 = '05954036-02-0003';

export const AREAS: Area[] = [
  { code: KREIS, name: 'Ennepe-Ruhr-Kreis', ebene: 'kreis', parent: null },
  { code: S1, name: 'Witten', ebene: 'stadt', parent: KREIS },
  { code: S2, name: 'Breckerfeld', ebene: 'stadt', parent: KREIS },
  { code: GT1, name: 'Annen', ebene: 'gemeindeteil', parent: S1 },
  { code: GT2, name: 'Bommern', ebene: 'gemeindeteil', parent: S1 },
  { code: B1, name: 'Block 1', ebene: 'baublock', parent: GT1 },
  { code: B2, name: 'Block 2', ebene: 'baublock', parent: GT1 },
  { code: B3, name: 'Block 3', ebene: 'baublock', parent: GT2 },
  { code: B4, name: 'Block 4', ebene: 'baublock', parent: GT2 },
  { code: B5, name: 'Block 5 (Gewerbe)', ebene: 'baublock', parent: GT2 },
];

export const fixtureTree = (): AreaTree => AreaTree.build(AREAS);

/** The 14 age bands, youngest first: the catalogue's own list (the AGES_* columns below follow it). */
export const AGE_BANDS = ALTERSGRUPPEN;

export const ages = (values: readonly number[]): Record<string, number> => {
  if (values.length !== AGE_BANDS.length) throw new Error('14 Altersgruppen erwartet');
  return Object.fromEntries(AGE_BANDS.map((b, i) => [b, values[i]!]));
};

//                      0_2 3_5 6_9 10_14 15_17 18_19 20_24 25_29 30_44 45_59 60_64 65_74 75_79 80+
export const AGES_B1 = [10, 10, 10, 20, 10, 10, 20, 20, 60, 70, 30, 50, 20, 10]; // = 350
export const AGES_B2 = [5, 5, 10, 10, 5, 5, 10, 20, 40, 50, 20, 30, 10, 30]; //     = 250
export const AGES_B3 = [20, 20, 20, 40, 20, 10, 30, 40, 100, 80, 20, 30, 10, 10]; // = 450
export const AGES_B4 = [0, 0, 5, 5, 5, 5, 20, 30, 30, 40, 20, 20, 10, 10]; //       = 200
export const AGES_B5 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; //               = 0
export const AGES_S2 = [30, 30, 40, 50, 30, 20, 50, 60, 200, 220, 70, 100, 50, 50]; // = 1000

/** Register, Kreis (SGB XII) and Kommune (Wohngeld) counts per Baublock. */
export const BLOCK_VALUES: Record<string, Record<string, number>> = {
  [B1]: {
    ...ages(AGES_B1),
    bevoelkerung: 350,
    bev_weiblich: 180,
    bev_auslaendisch: 35,
    bev_migrationshintergrund: 70,
    bev_wohndauer_5plus: 200,
    wohndauer_summe_jahre: 3500,
    geburten: 4,
    sterbefaelle: 3,
    zuzuege: 30,
    fortzuege: 20,
    hh_gesamt: 150,
    hh_1p: 60,
    hh_2p: 50,
    hh_3p: 20,
    hh_4p: 15,
    hh_5plus: 5,
    hh_mit_kindern: 40,
    hh_alleinerziehend: 8,
    hh_wohngeld: 6,
    hlu: 2,
    gsiae: 6,
    gsia_65plus: 4,
  },
  [B2]: {
    ...ages(AGES_B2),
    bevoelkerung: 250,
    bev_weiblich: 130,
    bev_auslaendisch: 20,
    bev_migrationshintergrund: 50,
    bev_wohndauer_5plus: 150,
    wohndauer_summe_jahre: 3000,
    geburten: 2,
    sterbefaelle: 5,
    zuzuege: 25,
    fortzuege: 30,
    hh_gesamt: 110,
    hh_1p: 50,
    hh_2p: 40,
    hh_3p: 10,
    hh_4p: 10,
    hh_5plus: 0,
    hh_mit_kindern: 20,
    hh_alleinerziehend: 5,
    hh_wohngeld: 4,
    hlu: 1,
    gsiae: 4,
    gsia_65plus: 3,
  },
  [B3]: {
    ...ages(AGES_B3),
    bevoelkerung: 450,
    bev_weiblich: 230,
    bev_auslaendisch: 90,
    bev_migrationshintergrund: 180,
    bev_wohndauer_5plus: 225,
    wohndauer_summe_jahre: 4500,
    geburten: 6,
    sterbefaelle: 2,
    zuzuege: 40,
    fortzuege: 35,
    hh_gesamt: 200,
    hh_1p: 75,
    hh_2p: 60,
    hh_3p: 30,
    hh_4p: 25,
    hh_5plus: 10,
    hh_mit_kindern: 60,
    hh_alleinerziehend: 15,
    hh_wohngeld: 20,
    hlu: 5,
    gsiae: 9,
    gsia_65plus: 5,
  },
  [B4]: {
    ...ages(AGES_B4),
    bevoelkerung: 200,
    bev_weiblich: 100,
    bev_auslaendisch: 15,
    bev_migrationshintergrund: 40,
    bev_wohndauer_5plus: 80,
    wohndauer_summe_jahre: 1600,
    geburten: 0,
    sterbefaelle: 4,
    zuzuege: 20,
    fortzuege: 15,
    hh_gesamt: 90,
    hh_1p: 40,
    hh_2p: 30,
    hh_3p: 10,
    hh_4p: 5,
    hh_5plus: 5,
    hh_mit_kindern: 8,
    hh_alleinerziehend: 2,
    hh_wohngeld: 3,
    hlu: 1,
    gsiae: 3,
    gsia_65plus: 2,
  },
  [B5]: {
    ...ages(AGES_B5),
    bevoelkerung: 0,
    bev_weiblich: 0,
    bev_auslaendisch: 0,
    bev_migrationshintergrund: 0,
    bev_wohndauer_5plus: 0,
    wohndauer_summe_jahre: 0,
    geburten: 0,
    sterbefaelle: 0,
    zuzuege: 0,
    fortzuege: 0,
    hh_gesamt: 0,
    hh_1p: 0,
    hh_2p: 0,
    hh_3p: 0,
    hh_4p: 0,
    hh_5plus: 0,
    hh_mit_kindern: 0,
    hh_alleinerziehend: 0,
    hh_wohngeld: 0,
    hlu: 0,
    gsiae: 0,
    gsia_65plus: 0,
  },
};

/** BA counts (delivered down to Gemeindeteil) and the non-additive moves of each Gemeindeteil. */
export const GT_VALUES: Record<string, Record<string, number>> = {
  [GT1]: { svb_wohnort: 230, arbeitslose: 15, lb_sgb2: 40, elb: 28, nef_u15: 10, lb_langzeit: 18, zuzuege: 45, fortzuege: 40 },
  [GT2]: { svb_wohnort: 280, arbeitslose: 30, lb_sgb2: 90, elb: 60, nef_u15: 25, lb_langzeit: 40, zuzuege: 50, fortzuege: 42 },
};

/** Stadt 1: BA wage statistics (Stadt only) and moves; Stadt 2: every Merkmal for the Stadt itself. */
export const STADT_VALUES: Record<string, Record<string, number>> = {
  [S1]: { svb_vollzeit: 300, svb_vollzeit_niedrig: 45, zuzuege: 70, fortzuege: 65 },
  [S2]: {
    ...ages(AGES_S2),
    bevoelkerung: 1000,
    bev_weiblich: 510,
    bev_auslaendisch: 80,
    bev_migrationshintergrund: 150,
    bev_wohndauer_5plus: 600,
    wohndauer_summe_jahre: 14000,
    geburten: 8,
    sterbefaelle: 12,
    zuzuege: 60,
    fortzuege: 55,
    hh_gesamt: 450,
    hh_1p: 180,
    hh_2p: 150,
    hh_3p: 60,
    hh_4p: 40,
    hh_5plus: 20,
    hh_mit_kindern: 100,
    hh_alleinerziehend: 20,
    hh_wohngeld: 15,
    svb_wohnort: 420,
    svb_vollzeit: 250,
    svb_vollzeit_niedrig: 50,
    arbeitslose: 25,
    lb_sgb2: 60,
    elb: 42,
    nef_u15: 15,
    lb_langzeit: 25,
    hlu: 4,
    gsiae: 12,
    gsia_65plus: 8,
  },
};

/** Moves into and out of the Kreis as a whole (not the sum of its cities: moves between cities). */
export const KREIS_VALUES: Record<string, Record<string, number>> = {
  [KREIS]: { zuzuege: 110, fortzuege: 100 },
};

/** Population five years earlier (PERIOD_T5). */
export const BEV_T5: Record<string, number> = { [B1]: 320, [B2]: 260, [B3]: 430, [B4]: 190, [B5]: 5, [S2]: 1040 };

const toRows = (byArea: Record<string, Record<string, number>>): ValueRow[] =>
  Object.entries(byArea).flatMap(([area, vals]) =>
    Object.entries(vals).map(([variable, value]) => ({ area, variable, value })),
  );

/** Every row of PERIOD, as a dataset would carry them. */
export function fixtureRows(): ValueRow[] {
  return [...toRows(BLOCK_VALUES), ...toRows(GT_VALUES), ...toRows(STADT_VALUES), ...toRows(KREIS_VALUES)];
}

/** PERIOD and the population of PERIOD_T5. */
export function fixtureTable(): ValueTable {
  const table = ValueTable.fromRows(PERIOD, fixtureRows());
  for (const [area, value] of Object.entries(BEV_T5)) table.set(area, 'bevoelkerung', PERIOD_T5, value);
  return table;
}

export function fixtureEngine(table: ValueTable = fixtureTable()): IndicatorEngine {
  return new IndicatorEngine(standardCatalogue(), fixtureTree(), table);
}

/** A copy of a definition that a test may change freely. */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
