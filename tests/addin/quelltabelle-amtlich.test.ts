/**
 * "Quelltabelle übernehmen" of official tables at plan level: both real Regionalstatistik exports
 * (tests/fixtures/real/regionalstatistik, SOURCE.md there) as Excel shows them after opening the CSV
 * (codes without their leading zero, the Stichtag a date) are recognised without a mapping, read to
 * the same rows as `import tabelle` reads the file, and become template values for a Stadt; a
 * Stichtag in another year than the chosen Berichtsjahr is asked about; a BA-like table still goes
 * to the mapping.
 */
import { join } from 'node:path';
import { AreaTree } from '../../shared/areas/areas';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { DEMO_KREIS, DEMO_STAEDTE } from '../../shared/demo/staedte';
import { importTabelle, type Zelle } from '../../shared/io/tabelle-import';
import { datumAlsText, excelDatum } from '../../addin/src/plans/excel-datum';
import { amtlichLesen, amtlicheTabelleErkennen, amtlicheTabelleUebernehmen, jahrAbgleich } from '../../addin/src/plans/quelltabelle-amtlich';
import { wieCli, wieExcel } from './wie-excel';

const catalogue = standardCatalogue();
const tree = AreaTree.build([
  { code: DEMO_KREIS.code, name: DEMO_KREIS.name, ebene: 'kreis', parent: null },
  ...DEMO_STAEDTE.map((s) => ({ code: s.code, name: s.name, ebene: 'stadt' as const, parent: DEMO_KREIS.code })),
]);
const WITTEN = '05954036';
const DIR = join(__dirname, '..', 'fixtures', 'real', 'regionalstatistik');
const SPALTEN = join(DIR, '12411-02-03-5-ennepe-ruhr-2015.csv');
const ZEILEN = join(DIR, '12411-02-03-4-ennepe-ruhr-2015.csv');
const quelle = { datei: 'Diese Arbeitsmappe', blatt: 'Tabelle1' };

/** what the gateway hands the pane: Excel's values with dates as their text */
const blatt = (file: string): Zelle[][] => {
  const { values, texts } = wieExcel(file);
  return datumAlsText(values, texts) as Zelle[][];
};
const U18 = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17'];
const zeilenVon = (rows: readonly { area: string; variable: string; value: number }[]) => rows.map((z) => `${z.area} ${z.variable} ${z.value}`).sort();

test('Excel dates: serial days of the 1900 system, the shown German date kept, other numbers untouched', () => {
  expect(excelDatum(42369)).toBe('31.12.2015');
  expect(excelDatum(1)).toBe('01.01.1900');
  expect(excelDatum(61)).toBe('01.03.1900');
  expect(datumAlsText([[42369, 42369, 1234, 'x']], [['31.12.15', '31.12.2015', '1.234', 'x']])).toEqual([['31.12.2015', '31.12.2015', 1234, 'x']]);
  // the fixture as Excel holds it: the Stichtag a number, codes without their zero
  const { values } = wieExcel(SPALTEN);
  expect(values[6]![0]).toBe(42369);
  expect(values.find((r) => r[1] === '      Ennepe-Ruhr-Kreis')![0]).toBe(5954);
});

describe('12411-02-03-5 (age × sex in columns) opened in Excel', () => {
  const e = amtlicheTabelleErkennen(blatt(SPALTEN), quelle, { tree, catalogue });

  test('recognised: number, title, Stichtag, areas read and skipped, Merkmale', () => {
    if ('grund' in e) throw new Error(e.grund);
    expect(e.nummer).toBe('12411-02-03-5');
    expect(e.titel).toBe('Bevölkerung nach Geschlecht und Altersgruppen (17)');
    expect(e.stichtag).toBe('31.12.2015');
    expect(e.periode).toBe('2015');
    expect([e.gebiete, e.ausserhalb]).toEqual([10, 3]);
    expect(e.ergebnis.fehler).toEqual([]);
    expect(e.merkmale.slice(0, 3)).toEqual(['bev_0_2', 'bev_3_5', 'bev_6_9']);
    expect(e.merkmale).toEqual(expect.arrayContaining(['bevoelkerung', 'bev_weiblich', 'bev_alter_75_plus']));
  });

  test('the same rows as import tabelle reads from the file; anteil_u18 inputs of the Kreis and of Witten', () => {
    if ('grund' in e) throw new Error(e.grund);
    const cli = importTabelle({ datei: 'x.csv', blatt: null, zellen: wieCli(SPALTEN) }, null, { tree, catalogue });
    expect(cli.ok).toBe(true);
    expect(zeilenVon(e.ergebnis.zeilen)).toEqual(zeilenVon(cli.zeilen));
    const summe = (area: string) => e.ergebnis.zeilen.filter((z) => z.area === area && U18.includes(z.variable)).reduce((n, z) => n + z.value, 0);
    const wert = (area: string, v: string) => e.ergebnis.zeilen.find((z) => z.area === area && z.variable === v)?.value;
    expect([summe('05954'), wert('05954', 'bevoelkerung')]).toEqual([49392, 325954]);
    expect([summe(WITTEN), wert(WITTEN, 'bevoelkerung')]).toEqual([14598, 96700]);
  });

  test('template values for Witten: its own row at the level Stadt; the bands in other cuts written too', () => {
    const u = amtlicheTabelleUebernehmen(blatt(SPALTEN), quelle, { tree, catalogue, stadt: WITTEN });
    if ('grund' in u) throw new Error(u.grund);
    expect(u.ebene).toBe('stadt');
    expect([...u.werte!.values.keys()]).toEqual([WITTEN]);
    const w = u.werte!.values.get(WITTEN)!;
    expect(U18.map((id) => w.get(id))).toEqual([2397, 2348, 3112, 3985, 2756]);
    expect([w.get('bevoelkerung'), w.get('bev_weiblich'), w.get('bev_65_74')]).toEqual([96700, 49703, 10324]);
    // the 17 bands of the table, 30–34 and 75+ among them (tests/addin/altersvorlage.test.ts takes them to the server)
    expect([w.get('bev_alter_30_34'), w.get('bev_alter_75_plus')]).toEqual([5563, 11521]);
    expect(u.werte!.leftOut).toEqual([]);
    // the other eight Gemeinden are named as not written; the Kreis is another level
    expect(u.werte!.notWritten.map((n) => n.area)).toHaveLength(8);
    expect(u.werte!.otherLevels).toBeGreaterThan(0);
  });

  test('a wrong cell stops the take-over and is named by its cell in the sheet', () => {
    const g = blatt(SPALTEN);
    const witten = g.findIndex((r) => r[0] === 5954036);
    g[witten]![2] = '12,5';
    const u = amtlicheTabelleUebernehmen(g, quelle, { tree, catalogue, stadt: WITTEN });
    if ('grund' in u) throw new Error(u.grund);
    expect(u.werte).toBeNull();
    expect(u.ergebnis.fehler.map((f) => [f.art, f.zelle])).toEqual([['WERT_NICHT_GANZZAHLIG', `C${witten + 1}`]]);
    expect(u.ergebnis.fehler[0]!.meldung).toContain(`Diese Arbeitsmappe, Blatt „Tabelle1“, Zelle C${witten + 1} (Witten (${WITTEN})`);
  });
});

describe('12411-02-03-4 (age groups in rows) opened in Excel', () => {
  const g = blatt(ZEILEN);

  test('the Stichtag column is read as dates, the codes in column B get their zero back', () => {
    expect(g[7]!.slice(0, 2)).toEqual(['31.12.2015', 5916]);
    const l = amtlichLesen(g, catalogue);
    if ('grund' in l) throw new Error(l.grund);
    expect(l.zellen[7]!.slice(0, 2)).toEqual(['31.12.2015', '05916']);
    // the values stay numbers
    expect(l.zellen[7]!.slice(4)).toEqual([3946, 2060, 1886]);
    expect(l.layout.gebietsSpalte).toBe(1);
    expect(l.layout.zeilen).not.toBeNull();
  });

  test('recognised, equal to import tabelle on the file and to the column layout for the Kreis', () => {
    const e = amtlicheTabelleErkennen(g, quelle, { tree, catalogue });
    if ('grund' in e) throw new Error(e.grund);
    expect([e.periode, e.stichtag, e.nummer, e.gebiete, e.ausserhalb]).toEqual(['2015', '31.12.2015', '12411-02-03-4', 1, 2]);
    const cli = importTabelle({ datei: 'x.csv', blatt: null, zellen: wieCli(ZEILEN) }, null, { tree, catalogue });
    expect(zeilenVon(e.ergebnis.zeilen)).toEqual(zeilenVon(cli.zeilen));
    const u18 = e.ergebnis.zeilen.filter((z) => z.area === '05954' && U18.includes(z.variable)).reduce((n, z) => n + z.value, 0);
    expect(u18).toBe(49392);
    expect(e.ergebnis.zeilen.find((z) => z.area === '05954' && z.variable === 'bevoelkerung')?.value).toBe(325954);
  });

  test('a Kreis-only table has nothing for a Stadt template: no values, not a wrong row', () => {
    const u = amtlicheTabelleUebernehmen(g, quelle, { tree, catalogue, stadt: WITTEN });
    if ('grund' in u) throw new Error(u.grund);
    expect(u.ergebnis.ok).toBe(true);
    expect([u.ebene, u.werte]).toEqual([null, null]);
  });
});

test('the Stichtag against the chosen Berichtsjahr: equal, asked when different, kept when the clerk said so', () => {
  expect(jahrAbgleich('2015', '2015', null)).toBe('gleich');
  expect(jahrAbgleich('2015', '2024', null)).toBe('abweichend');
  expect(jahrAbgleich('2015', ' 2024 ', '2024')).toBe('bestaetigt');
  // a confirmation of another year does not carry over
  expect(jahrAbgleich('2015', '2023', '2024')).toBe('abweichend');
  expect(jahrAbgleich(null, '2024', null)).toBe('ohne');
});

test('no official table: a BA-like table goes to the mapping; an official one of another region says why', () => {
  const ba: Zelle[][] = [
    ['Arbeitsmarkt in Zahlen – kleinräumige Daten'],
    [],
    ['Gemeindeteil', 'Arbeitslose insgesamt', 'SGB II eLb'],
    ['Annen', 5, 28],
    ['Bommern', '*', 1060],
  ];
  const e = amtlicheTabelleErkennen(ba, quelle, { tree, catalogue });
  expect(e).toMatchObject({ amtlich: false });
  // only other Kreise (Herne, Hochsauerlandkreis): recognised as official, but nothing of the tree
  const fremd = blatt(SPALTEN).filter((r) => !String(r[0]).startsWith('5954'));
  const f = amtlicheTabelleErkennen(fremd, quelle, { tree, catalogue });
  expect(f).toMatchObject({ amtlich: true });
  expect('grund' in f && f.grund).toMatch(/Keine Zeile unter den Kopfzeilen 8–10 betrifft ein Gebiet der Gebietsgliederung/);
});
