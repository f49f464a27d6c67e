/**
 * Official tables read without a mapping file: a real Regionalstatistik export (12411-02-03-5,
 * ISO-8859-1, excerpt in tests/fixtures/real/regionalstatistik with its SOURCE.md) imported and its
 * Kennzahlen compared with arithmetic by hand on the published numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AreaTree, IndicatorEngine, ValueTable, standardCatalogue, validateDataset } from '../../shared';
import { DEMO_KREIS, DEMO_STAEDTE } from '../../shared/demo/staedte';
import { decodeText } from '../../shared/io/text';
import { altersMerkmal, parseAltersband } from '../../shared/io/amtliche-tabelle';
import { importTabelle, type Zelle } from '../../shared/io/tabelle-import';

const catalogue = standardCatalogue();
const tree = AreaTree.build([
  { code: DEMO_KREIS.code, name: DEMO_KREIS.name, ebene: 'kreis', parent: null },
  ...DEMO_STAEDTE.map((s) => ({ code: s.code, name: s.name, ebene: 'stadt' as const, parent: DEMO_KREIS.code })),
]);
const FIXTURE = join(__dirname, '..', 'fixtures', 'real', 'regionalstatistik', '12411-02-03-5-ennepe-ruhr-2015.csv');

/** the grid as the CLI reads a CSV (cli/import-commands.ts: decodeText, csv-parse with `;`) */
function grid(text: string): string[][] {
  return parse(text, { delimiter: ';', relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
}

describe('age headers of official statistics', () => {
  it.each([
    ['unter 3 Jahre', { von: 0, bis: 2 }, 'bev_0_2'],
    ['3 bis unter 6 Jahre', { von: 3, bis: 5 }, 'bev_3_5'],
    ['30 bis unter 35 Jahre', { von: 30, bis: 34 }, 'bev_alter_30_34'],
    ['65 bis unter 75 Jahre', { von: 65, bis: 74 }, 'bev_65_74'],
    ['75 Jahre und mehr', { von: 75, bis: null }, 'bev_alter_75_plus'],
    ['80 und älter', { von: 80, bis: null }, 'bev_80_plus'],
    ['18 bis 24 Jahre', { von: 18, bis: 24 }, 'bev_alter_18_24'],
  ])('„%s“ → %j → %s', (kopf, band, id) => {
    expect(parseAltersband(kopf)).toEqual(band);
    expect(altersMerkmal(parseAltersband(kopf)!)).toBe(id);
  });
  it.each(['Insgesamt', 'männlich', 'Altersgruppen (unter 3 bis 75 u.m.)', '6 bis unter 3 Jahre'])('„%s“ is no age band', (kopf) => {
    expect(parseAltersband(kopf)).toBeNull();
  });
});

describe('Regionalstatistik 12411-02-03-5 (real export, ISO-8859-1) without a mapping', () => {
  const bytes = readFileSync(FIXTURE);
  const { text, encoding } = decodeText(bytes);
  const res = importTabelle({ datei: '12411-02-03-5.csv', blatt: null, zellen: grid(text) }, null, { catalogue, tree });
  const wert = (area: string, variable: string): number | undefined => res.zeilen.find((z) => z.area === area && z.variable === variable)?.value;

  it('is read as ISO-8859-1, with the Stichtag as Berichtsjahr and the rows outside the tree in one note', () => {
    expect(encoding).toBe('windows-1252');
    expect(res.fehler).toEqual([]);
    expect(res.warnungen).toEqual([]);
    expect(res.ok).toBe(true);
    expect(res.periode).toBe('2015');
    expect(res.kopfzeile).toBe(8);
    expect(res.hinweise).toContain('3 Zeilen mit Gebieten außerhalb der Gebietsgliederung übersprungen (DG Deutschland, 05916 Herne, Kreisfreie Stadt, 05958 Hochsauerlandkreis)');
    // the sex-specific age columns have no Merkmal and are named once per group; every band of both
    // sexes is a Merkmal (the catalogue's own, or an interval in other cuts such as bev_alter_30_34)
    const ohne = res.hinweise.find((h) => h.includes('ohne Merkmal'))!;
    expect(ohne).toMatch(/^35 Spalten ohne Merkmal/);
    expect(ohne).not.toContain('„Insgesamt /');
    expect(ohne).toContain('„männlich / Altersgruppen (unter 3 bis 75 u.m.)“: unter 3 Jahre,');
    expect(ohne.match(/„männlich \/ Altersgruppen/g)).toHaveLength(1);
    // the Kreis row and the nine Gemeinden are data
    expect(res.gebieteGelesen).toBe(10);
  });

  it('maps sex × age headers to the catalogue and keeps the published numbers', () => {
    expect(wert('05954036', 'bevoelkerung')).toBe(96700);
    expect(wert('05954036', 'bev_weiblich')).toBe(49703);
    expect(wert('05954036', 'bev_0_2')).toBe(2397);
    expect(wert('05954036', 'bev_65_74')).toBe(10324);
    expect(wert('05954004', 'bev_15_17')).toBe(304);
    expect(wert('05954', 'bevoelkerung')).toBe(325954);
    // „männlich“ has no Merkmal: nothing of it is read
    expect(res.zeilen.some((z) => z.value === 46997)).toBe(false);
    const variablen = [...new Set(res.zeilen.map((z) => z.variable))].sort();
    expect(variablen).toEqual([
      'bev_0_2', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_3_5', 'bev_60_64', 'bev_65_74', 'bev_6_9',
      'bev_alter_30_34', 'bev_alter_35_39', 'bev_alter_40_44', 'bev_alter_45_49', 'bev_alter_50_54', 'bev_alter_55_59', 'bev_alter_75_plus',
      'bev_weiblich', 'bevoelkerung',
    ]);
    expect(wert('05954036', 'bev_alter_75_plus')).toBe(11521);
  });

  it('passes the validation, and its Kennzahlen equal arithmetic by hand', () => {
    const v = validateDataset({ period: '2015', rows: res.zeilen }, { catalogue, tree, submitter: { rolle: 'kreis' } });
    expect(v.errors).toEqual([]);
    const table = new ValueTable();
    table.addRows('2015', v.validRows);
    const engine = new IndicatorEngine(catalogue, tree, table);
    // Witten: unter 18 = 2397 + 2348 + 3112 + 3985 + 2756 = 14598 of 96700
    const witten = engine.indicator('anteil_u18', '05954036', '2015');
    expect(witten.numerator).toBe(14598);
    expect(witten.denominator).toBe(96700);
    expect(witten.value).toBeCloseTo((14598 / 96700) * 100, 10);
    // Breckerfeld: 204 + 218 + 332 + 466 + 304 = 1524 of 9004
    expect(engine.indicator('anteil_u18', '05954004', '2015').value).toBeCloseTo((1524 / 9004) * 100, 10);
    // the Kreis: 7891 + 7618 + 10403 + 13955 + 9525 = 49392 of 325954 (its published row equals the sum of its Gemeinden)
    const kreis = engine.indicator('anteil_u18', '05954', '2015');
    expect(kreis.numerator).toBe(49392);
    expect(kreis.denominator).toBe(325954);
    // altenquotient needs cuts at 20 and 65, which the 17 bands have: Witten 65+ = 10324 + 11521 = 21845,
    // 20 to 64 = 5659 + 5988 + 5563 + 5519 + 5593 + 7780 + 8432 + 7350 + 6347 = 58231
    const aq = engine.indicator('altenquotient', '05954036', '2015');
    expect([aq.numerator, aq.denominator]).toEqual([21845, 58231]);
    expect(aq.value).toBeCloseTo((21845 / 58231) * 100, 10);
    // a cut the table does not have (80: 75 Jahre und mehr is one band): a status naming it, no number
    const greying = engine.indicator('greying_index', '05954036', '2015');
    expect(greying.value).toBeNull();
    expect(greying.status).toBe('altersschnitt_fehlt');
    expect(greying.fehlendeSchnitte).toEqual([80]);
  });

  it('signs of official statistics: „-“ is 0, „.“ gives no value and one warning naming the cell', () => {
    const rows = grid(text);
    const witten = rows.findIndex((r) => r[0] === '05954036');
    rows[witten]![2] = '.';
    rows[witten]![3] = '-';
    const r2 = importTabelle({ datei: 't.csv', blatt: null, zellen: rows }, null, { catalogue, tree });
    expect(r2.warnungen.map((w) => w.meldung)).toEqual([
      't.csv, Zelle C' + (witten + 1) + ' (Witten (05954036), Bevölkerung 0 bis 2 Jahre (bev_0_2)): Quelle hat keinen Wert geliefert: „.“ = Zahlenwert unbekannt oder geheim zu halten. Für dieses Gebiet wird kein Wert übernommen',
    ]);
    expect(r2.zeilen.find((z) => z.area === '05954036' && z.variable === 'bev_3_5')?.value).toBe(0);
  });

  it('the Kreis-level code of a kreisfreie Stadt is its Stadt', () => {
    // a kreisfreie Stadt in the tree: the Kreis with its one Stadt
    const koeln = AreaTree.build([
      { code: '05315', name: 'Köln', ebene: 'kreis', parent: null },
      { code: '05315000', name: 'Köln', ebene: 'stadt', parent: '05315' },
    ]);
    const rows = grid(text).filter((r) => !/^(05954|05916|05958|DG)/.test(r[0] ?? '') || r[0] === '05916');
    const herne = rows.findIndex((r) => r[0] === '05916');
    rows[herne]![0] = '05315';
    rows[herne]![1] = '      Köln, Kreisfreie Stadt';
    const r3 = importTabelle({ datei: 'k.csv', blatt: null, zellen: rows }, null, { catalogue, tree: koeln });
    expect(r3.fehler).toEqual([]);
    expect(r3.zeilen.find((z) => z.variable === 'bevoelkerung')).toEqual({ area: '05315000', variable: 'bevoelkerung', value: 155851, zelle: `T${herne + 1}` });
  });

  it('a table of no known layout is refused with the reason, nothing read', () => {
    const r4 = importTabelle({ datei: 'x.csv', blatt: null, zellen: [['Stadtteil', 'Einwohner'], ['Annen', '5']] }, null, { catalogue, tree });
    expect(r4.ok).toBe(false);
    expect(r4.zeilen).toEqual([]);
    expect(r4.fehler.map((f) => f.art)).toEqual(['KOPFZEILE_FEHLT']);
    expect(r4.fehler[0]!.meldung).toMatch(/^x\.csv: Keine Zeile beginnt mit einem amtlichen Gebietsschlüssel/);
  });

  it('the layout with age groups in rows (real 12411-02-03-4 lines) is refused plainly, not read as one row per area', () => {
    const vier = grid(
      [
        'GENESIS-Tabelle: 12411-02-03-4',
        'Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;;;',
        'und Altersgruppen (17) - Stichtag 31.12. -;;;;;;',
        'regionale Tiefe: Kreise und krfr. Städte;;;;;;',
        'Fortschreibung des Bevölkerungsstandes;;;;;;',
        'Bevölkerungsstand (Anzahl);;;;;;',
        ';;;;Insgesamt;männlich;weiblich',
        '31.12.2015;DG;Deutschland;unter 3 Jahre;2200407;1130438;1069969',
        '31.12.2015;DG;Deutschland;3 bis unter 6 Jahre;2130002;1093753;1036249',
      ].join('\n'),
    );
    const r6 = importTabelle({ datei: '12411-02-03-4.csv', blatt: null, zellen: vier }, null, { catalogue, tree });
    expect(r6.zeilen).toEqual([]);
    expect(r6.fehler.map((f) => f.meldung)).toEqual([
      '12411-02-03-4.csv: Zelle D8: „unter 3 Jahre“ steht als Merkmal in der Zeile (eine Zeile je Gebiet und Altersgruppe). Solche Tabellen werden ohne Zuordnungsdatei noch nicht gelesen; bitte die Tabelle mit den Altersgruppen in den Spalten abrufen (in GENESIS: Tabellenaufbau ändern) oder je Gebiet eine Zeile anlegen',
    ]);
  });

  it('only rows of other areas: one error saying so', () => {
    const rows = grid(text).filter((r) => !/^05954/.test(r[0] ?? ''));
    const r5 = importTabelle({ datei: 'o.csv', blatt: null, zellen: rows }, null, { catalogue, tree });
    expect(r5.fehler.map((f) => f.grund)).toEqual(['Keine Zeile unter den Kopfzeilen 8–10 betrifft ein Gebiet der Gebietsgliederung (übersprungen: 3 Zeilen)']);
  });
});
