import { standardCatalogue } from '../../shared/catalogue/standard';
import { validateDataset } from '../../shared/validation/validate';
import { aggregateRegister, formatRegisterReport, readZuordnung, REGISTER_MERKMALE, type RegisterResult } from '../../shared/register';
import { B1, B2, B3, B4, B5, GT1, GT2, S1, fixtureTree } from '../helpers/core-fixtures';
import {
  BEWEGUNGEN_CSV, EXPECTED_B1, EXPECTED_B2, EXPECTED_B3, EXPECTED_B4, EXPECTED_B5, EXPECTED_GT1, EXPECTED_GT2, EXPECTED_S1,
  PERSONEN, STICHTAG, ZUORDNUNG_CSV, bestandCsv, latin1, type Expected,
} from './fixture';

const enc = (s: string) => new TextEncoder().encode(s);

async function run(bestand: Uint8Array | string, bewegungen?: Uint8Array | string, extra: Partial<Parameters<typeof aggregateRegister>[1]> = {}): Promise<RegisterResult> {
  const zuordnung = await readZuordnung([ZUORDNUNG_CSV], 'zuordnung.csv');
  return aggregateRegister(
    { bestand, bestandDatei: 'ew.csv', ...(bewegungen !== undefined ? { bewegungen, bewegungenDatei: 'bew.csv' } : {}) },
    { stichtag: STICHTAG, zuordnung, weitereGebiete: fixtureTree().subtree(S1).map((c) => fixtureTree().get(c)!), ...extra },
  );
}

const valuesOf = (res: RegisterResult, area: string): Record<string, number> =>
  Object.fromEntries(res.rows.filter((r) => r.area === area).map((r) => [r.variable, r.value]));

describe('register → Merkmale on a hand-built register', () => {
  test('the catalogue’s Einwohnermeldedaten Merkmale are exactly those produced', () => {
    const fromCatalogue = [...standardCatalogue().merkmale.values()].filter((m) => m.quelle === 'Einwohnermeldedaten').map((m) => m.id).sort();
    expect([...REGISTER_MERKMALE].sort()).toEqual(fromCatalogue);
    for (const id of REGISTER_MERKMALE) expect(standardCatalogue().merkmale.get(id)?.tiefsteEbene).toBe('baublock');
  });

  test('every Baublock, Gemeindeteil and the Stadt get the counts known by construction', async () => {
    const res = await run(bestandCsv(), BEWEGUNGEN_CSV);
    const expected: [string, Expected][] = [[B1, EXPECTED_B1], [B2, EXPECTED_B2], [B3, EXPECTED_B3], [B4, EXPECTED_B4], [B5, EXPECTED_B5], [GT1, EXPECTED_GT1], [GT2, EXPECTED_GT2], [S1, EXPECTED_S1]];
    for (const [area, exp] of expected) expect({ area, ...valuesOf(res, area) }).toEqual({ area, ...exp });
    expect(new Set(res.rows.map((r) => r.area))).toEqual(new Set([B1, B2, B3, B4, B5, GT1, GT2, S1]));
    expect(res.report.fehler).toBe(0);
    expect(res.report.bestand).toMatchObject({ zeilen: 20, gezaehlt: 19, nebenwohnung: 1, uebersprungen: 0 });
    expect(res.report.bewegungen).toMatchObject({ zeilen: 12, gezaehlt: 10, ausserhalbZeitraum: 2, uebersprungen: 0, zeitraum: '01.01.2024 bis 31.12.2024' });
    expect(res.report.personenNachZuordnung).toEqual({ baublock: 17, gemeindeteil: 0, strasse: 1, ohne: 1 });
    expect(res.report.nichtZugeordnet).toEqual([
      { gemeindeschluessel: '05954036', strassenschluessel: '300', hausnummer: '5', hausnummerzusatz: '', personen: 1, ereignisse: 1, gemeindeteil: null, art: 'ohne' },
      { gemeindeschluessel: '05954036', strassenschluessel: '100', hausnummer: '99', hausnummerzusatz: '', personen: 1, ereignisse: 0, gemeindeteil: GT1, art: 'strasse' },
    ]);
    expect(res.report.haushalte).toMatchObject({ haushalte: 10, personen: 19, minderjaehrigeOhneVerknuepfung: 0 });
    // move 34 starts at an address with unknown street: reported, counted for no area below the Stadt
    expect(res.report.befunde.filter((f) => f.code === 'UMZUG_GEBIET_UNBESTIMMT').map((f) => [f.severity, f.line])).toEqual([['warnung', 10]]);
    expect(formatRegisterReport(res.report)).toMatch(/1 über die Straße einem Gemeindeteil, 1 nur der Stadt/);
  });

  test('the counts pass the catalogue validation for the municipality (warnings only for unassigned persons)', async () => {
    const res = await run(bestandCsv(), BEWEGUNGEN_CSV);
    const v = validateDataset({ period: '2024', rows: res.rows }, { catalogue: standardCatalogue(), tree: fixtureTree(), submitter: { rolle: 'kommune', ags: S1 } });
    expect(v.errors).toEqual([]);
    // GT1 has person 19 (street fallback) above its blocks, the Stadt person 20 above its Gemeindeteile
    expect(v.warnings.map((w) => `${w.code} ${w.area} ${w.variable}`).filter((w) => w.includes('bevoelkerung'))).toEqual(
      expect.arrayContaining([`UNTERGEBIETE_SUMME_ABWEICHEND ${GT1} bevoelkerung`, `UNTERGEBIETE_SUMME_ABWEICHEND ${S1} bevoelkerung`]),
    );
  });

  test('without the street fallback person 19 counts for the Stadt only', async () => {
    const res = await run(bestandCsv(), undefined, { strassenFallback: false });
    expect(valuesOf(res, GT1).bevoelkerung).toBe(EXPECTED_GT1.bevoelkerung - 1);
    expect(valuesOf(res, S1).bevoelkerung).toBe(EXPECTED_S1.bevoelkerung);
    expect(res.report.personenNachZuordnung).toEqual({ baublock: 17, gemeindeteil: 0, strasse: 0, ohne: 2 });
  });

  test('without a movements file no movement Merkmale are written (no value rather than 0)', async () => {
    const res = await run(bestandCsv());
    expect(res.rows.some((r) => r.variable === 'zuzuege' || r.variable === 'geburten')).toBe(false);
    expect(valuesOf(res, B1).bevoelkerung).toBe(7);
  });

  test('Windows-1252 with CRLF and a BOM-less file give the same counts as UTF-8 with BOM', async () => {
    const utf8 = await run(enc('\uFEFF' + bestandCsv()), enc(BEWEGUNGEN_CSV));
    const cp1252 = await run(latin1(bestandCsv(undefined, '\r\n')), latin1(BEWEGUNGEN_CSV.replace(/\n/g, '\r\n')));
    expect(cp1252.rows).toEqual(utf8.rows);
    expect(cp1252.report.bestand.kodierung).toBe('windows-1252');
    expect(utf8.report.bestand.kodierung).toBe('utf-8');
  });

  test('person keys with letters or leading zeros link exactly like numbers (007 is not 7)', async () => {
    const rename = (k: string, i: number) => (i % 3 === 0 ? `A-${k}` : i % 3 === 1 ? `00${k}` : k);
    const byOm = new Map(PERSONEN.map((p, i) => [p.om, rename(p.om, i)]));
    const ref = (list?: string) => list?.split(',').map((k) => byOm.get(k) ?? k).join(',');
    const renamed = PERSONEN.map((p) => ({ ...p, om: byOm.get(p.om)!, ehe: ref(p.ehe), eltern: ref(p.eltern) }));
    // a person whose key is "7" while "007" exists: distinct persons, no duplicate
    const a = await run(bestandCsv(), BEWEGUNGEN_CSV);
    const b = await run(bestandCsv(renamed), BEWEGUNGEN_CSV);
    expect(b.rows).toEqual(a.rows);
    expect(b.report.fehler).toBe(0);
    // "007" next to "7" (person 20 renamed): two persons, not a duplicate
    const both = PERSONEN.map((p) => (p.om === '20' ? { ...p, om: '007' } : p));
    const c = await run(bestandCsv(both), BEWEGUNGEN_CSV);
    expect(c.report.fehler).toBe(0);
    expect(c.rows).toEqual(a.rows);
  });

  test('column order does not matter and extra columns are ignored', async () => {
    const lines = bestandCsv().trim().split('\n').map((l) => l.split(';'));
    const perm = lines[0]!.map((_, i) => i).reverse();
    const shuffled = lines.map((cells) => ['x', ...perm.map((i) => cells[i]!)].join(';')).join('\n');
    const a = await run(bestandCsv(), BEWEGUNGEN_CSV);
    const b = await run(shuffled, BEWEGUNGEN_CSV);
    expect(b.rows).toEqual(a.rows);
  });
});
