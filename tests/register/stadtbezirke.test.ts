/**
 * A Köln-like Stadt (Stadtbezirk between Stadt and Gemeindeteil): the register counts into the
 * Stadtbezirke the area tree names, moves across them count there, moves within one do not, and an
 * address without a known Gemeindeteil leaves its Stadtbezirk unknown (reported, not guessed).
 */
import { standardCatalogue } from '../../shared/catalogue/standard';
import { validateDataset } from '../../shared/validation/validate';
import { aggregateRegister, readZuordnung, stadtbezirkeDerGliederung, type RegisterResult } from '../../shared/register';
import { STICHTAG } from './fixture';
import { BESTAND, BEWEGUNGEN, K, Z1, Z2, ZUORDNUNG, koelnTree } from './fixture-koeln';

const tree = koelnTree();

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
