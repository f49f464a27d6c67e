/**
 * A Köln-like Stadt (Stadtbezirk between Stadt and Gemeindeteil): the register counts into the
 * Stadtbezirke the area tree names, moves across them count there, moves within one do not, and an
 * address without a known Gemeindeteil leaves its Stadtbezirk unknown (reported, not guessed).
 */
import { AreaTree, type Area } from '../../shared/areas/areas';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { validateDataset } from '../../shared/validation/validate';
import { aggregateRegister, readZuordnung, stadtbezirkeDerGliederung, type RegisterResult } from '../../shared/register';
import { BESTAND_HEADER, STICHTAG, personLine, type P } from './fixture';

const K = '05315000';
const Z1 = `${K}-1`;
const Z2 = `${K}-2`;
const AREAS: Area[] = [
  { code: '05315', name: 'Kreis', ebene: 'kreis', parent: null },
  { code: K, name: 'Köln', ebene: 'stadt', parent: '05315' },
  { code: Z1, name: 'Innenstadt', ebene: 'stadtbezirk', parent: K },
  { code: Z2, name: 'Rodenkirchen', ebene: 'stadtbezirk', parent: K },
  { code: `${Z1}-101`, name: 'Altstadt-Süd', ebene: 'gemeindeteil', parent: Z1 },
  { code: `${Z1}-102`, name: 'Neustadt-Süd', ebene: 'gemeindeteil', parent: Z1 },
  { code: `${Z2}-201`, name: 'Bayenthal', ebene: 'gemeindeteil', parent: Z2 },
  { code: `${Z1}-101-0001`, name: 'Block 1', ebene: 'baublock', parent: `${Z1}-101` },
  { code: `${Z1}-101-0002`, name: 'Block 2', ebene: 'baublock', parent: `${Z1}-101` },
  { code: `${Z1}-102-0001`, name: 'Block 3', ebene: 'baublock', parent: `${Z1}-102` },
  { code: `${Z2}-201-0001`, name: 'Block 4', ebene: 'baublock', parent: `${Z2}-201` },
];
const tree = AreaTree.build(AREAS);

const ZUORDNUNG = [
  'gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil',
  `${K};10;1;;${Z1}-101-0001;${Z1}-101`,
  `${K};10;2;;${Z1}-101-0002;${Z1}-101`,
  `${K};11;1;;${Z1}-102-0001;${Z1}-102`,
  `${K};20;1;;${Z2}-201-0001;${Z2}-201`,
].join('\n');

const inKoeln = (p: P) => personLine(p).replace(/;05954036;/, `;${K};`);
const person = (om: string, str: string, hnr: string): P => ({ om, geb: '01.01.1980', g: 'm', str, hnr, einzug: '01.01.2010' });
const BESTAND = [BESTAND_HEADER, ...[person('1', '10', '1'), person('2', '10', '2'), person('3', '11', '1'), person('4', '20', '1'), person('5', '20', '1'), person('6', '30', '9')].map(inKoeln)].join('\n') + '\n';
const BEWEGUNGEN = [
  'ordnungsmerkmal;ereignis;datum;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz',
  `1;umzug_von;01.03.2024;${K};10;1;`, // 101 → 102, both in Innenstadt: not a move of the Stadtbezirk
  `1;umzug_nach;01.03.2024;${K};11;1;`,
  `3;umzug_von;01.04.2024;${K};11;1;`, // Innenstadt → Rodenkirchen
  `3;umzug_nach;01.04.2024;${K};20;1;`,
  `6;umzug_von;01.05.2024;${K};30;9;`, // unknown street → 101: Gemeindeteil and Stadtbezirk of the old address unknown
  `6;umzug_nach;01.05.2024;${K};10;1;`,
].join('\n') + '\n';

async function run(mitBezirken: boolean): Promise<RegisterResult> {
  return aggregateRegister(
    { bestand: BESTAND, bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN, bewegungenDatei: 'bew.csv' },
    {
      stichtag: STICHTAG,
      zuordnung: await readZuordnung([ZUORDNUNG], 'zuordnung.csv'),
      weitereGebiete: tree.subtree(K).map((c) => tree.get(c)!),
      ...(mitBezirken ? { stadtbezirke: stadtbezirkeDerGliederung(tree.all()) } : {}),
    },
  );
}

const valuesOf = (res: RegisterResult, area: string): Record<string, number> =>
  Object.fromEntries(res.rows.filter((r) => r.area === area).map((r) => [r.variable, r.value]));

describe('Stadtbezirke from the area tree', () => {
  test('the tree names each Gemeindeteil\'s Stadtbezirk', () => {
    expect(stadtbezirkeDerGliederung(tree.all())).toEqual(new Map([[`${Z1}-101`, Z1], [`${Z1}-102`, Z1], [`${Z2}-201`, Z2]]));
  });

  test('persons and moves counted in the Stadtbezirke; the values pass the validation', async () => {
    const res = await run(true);
    expect(valuesOf(res, Z1)).toMatchObject({ bevoelkerung: 3, zuzuege: 0, fortzuege: 1 });
    expect(valuesOf(res, Z2)).toMatchObject({ bevoelkerung: 2, zuzuege: 1, fortzuege: 0 });
    expect(valuesOf(res, K)).toMatchObject({ bevoelkerung: 6, zuzuege: 0, fortzuege: 0 });
    expect(valuesOf(res, `${Z1}-102`)).toMatchObject({ zuzuege: 1, fortzuege: 1 });
    const warnung = res.report.befunde.filter((f) => f.code === 'UMZUG_GEBIET_UNBESTIMMT').map((f) => f.message);
    expect(warnung).toHaveLength(1);
    expect(warnung[0]).toContain('Stadtbezirk: ob die Grenze überschritten wurde, ist unbekannt – nicht gezählt');
    const v = validateDataset({ period: '2024', rows: res.rows }, { catalogue: standardCatalogue(), tree, submitter: { rolle: 'kommune', ags: K } });
    expect(v.errors).toEqual([]);
  });

  test('without the Stadtbezirke no row is written for them (not a row of zeros)', async () => {
    const res = await run(false);
    expect(res.rows.some((r) => r.area === Z1 || r.area === Z2)).toBe(false);
    expect(valuesOf(res, K).bevoelkerung).toBe(6);
  });
});
