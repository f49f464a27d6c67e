/**
 * Official tables read without a mapping file: a real Regionalstatistik export (12411-02-03-5,
 * ISO-8859-1, excerpt in tests/fixtures/real/regionalstatistik with its SOURCE.md) imported and its
 * Kennzahlen compared with arithmetic by hand on the published numbers; the same data in the row
 * layout (12411-02-03-4: one row per Kreis and age group) gives the same rows.
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
const FIXTURE_ZEILEN = join(__dirname, '..', 'fixtures', 'real', 'regionalstatistik', '12411-02-03-4-ennepe-ruhr-2015.csv');

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

  it('only rows of other areas: one error saying so', () => {
    const rows = grid(text).filter((r) => !/^05954/.test(r[0] ?? ''));
    const r5 = importTabelle({ datei: 'o.csv', blatt: null, zellen: rows }, null, { catalogue, tree });
    expect(r5.fehler.map((f) => f.grund)).toEqual(['Keine Zeile unter den Kopfzeilen 8–10 betrifft ein Gebiet der Gebietsgliederung (übersprungen: 3 Zeilen)']);
  });
});

describe('Regionalstatistik 12411-02-03-4 (real export, age groups in rows) without a mapping', () => {
  const text = decodeText(readFileSync(FIXTURE_ZEILEN)).text;
  const lies = (rows: string[][], datei = '12411-02-03-4.csv') => importTabelle({ datei, blatt: null, zellen: rows }, null, { catalogue, tree });
  const res = lies(grid(text));
  /** 0-based grid row of an area's row with this age label */
  const zeile = (rows: string[][], code: string, label: string): number => rows.findIndex((r) => r[1] === code && r[3] === label);
  const ohneZelle = (zs: { area: string; variable: string; value: number }[]) => zs.map(({ area, variable, value }) => `${area};${variable};${value}`).sort();

  it('is read area by area: the Stichtag column gives the year, the age label and the column the Merkmal', () => {
    expect(res.fehler).toEqual([]);
    expect(res.warnungen).toEqual([]);
    expect(res.periode).toBe('2015');
    expect(res.kopfzeile).toBe(7);
    // the Kreis is the one area of the tree in this Kreis-level table; its 18 rows are one area
    expect(res.gebieteGelesen).toBe(1);
    expect(res.hinweise).toContain('Stichtag 31.12.2015: Berichtsjahr 2015');
    expect(res.hinweise).toContain('36 Zeilen mit Gebieten außerhalb der Gebietsgliederung übersprungen (05916 Herne, Kreisfreie Stadt, 05958 Hochsauerlandkreis)');
    const ohne = res.hinweise.find((h) => h.includes('ohne Merkmal'))!;
    expect(ohne).toMatch(/^35 Kombinationen aus Spalte und Zeile ohne Merkmal im Katalog [^ ]+ nicht übernommen – „männlich“: unter 3 Jahre, /);
    expect(ohne).toContain('75 Jahre und mehr, Insgesamt; „weiblich“: unter 3 Jahre,');
    // each value keeps its own cell: E26 is the Kreis' „unter 3 Jahre“ × „Insgesamt“
    const rows = grid(text);
    expect(res.zeilen.find((z) => z.variable === 'bev_0_2')).toEqual({ area: '05954', variable: 'bev_0_2', value: 7891, zelle: `E${zeile(rows, '05954', 'unter 3 Jahre') + 1}` });
    expect(res.zeilen.find((z) => z.variable === 'bev_weiblich')).toEqual({ area: '05954', variable: 'bev_weiblich', value: 167642, zelle: `G${zeile(rows, '05954', 'Insgesamt') + 1}` });
    // „männlich“ has no Merkmal: the Kreis' 158312 men are not read
    expect(res.zeilen.some((z) => z.value === 158312)).toBe(false);
  });

  it('gives exactly the rows of the column layout (12411-02-03-5) for the same Kreis and Stichtag', () => {
    const spalten = importTabelle({ datei: '12411-02-03-5.csv', blatt: null, zellen: grid(decodeText(readFileSync(FIXTURE)).text) }, null, { catalogue, tree });
    const kreisAusSpalten = spalten.zeilen.filter((z) => z.area === '05954');
    expect(kreisAusSpalten).toHaveLength(19);
    expect(ohneZelle(res.zeilen)).toEqual(ohneZelle(kreisAusSpalten));
    expect(res.periode).toBe(spalten.periode);
  });

  it('its Kennzahlen equal arithmetic by hand: anteil_u18 of the Kreis 49392 / 325954', () => {
    const v = validateDataset({ period: '2015', rows: res.zeilen }, { catalogue, tree, submitter: { rolle: 'kreis' } });
    expect(v.errors).toEqual([]);
    const table = new ValueTable();
    table.addRows('2015', v.validRows);
    const engine = new IndicatorEngine(catalogue, tree, table);
    // 7891 + 7618 + 10403 + 13955 + 9525 = 49392
    const u18 = engine.indicator('anteil_u18', '05954', '2015');
    expect([u18.numerator, u18.denominator]).toEqual([49392, 325954]);
    expect(u18.value).toBeCloseTo((49392 / 325954) * 100, 10);
  });

  it('a truncated row: its empty value cell is named, nothing is read', () => {
    const rows = grid(text);
    const r = zeile(rows, '05954', '3 bis unter 6 Jahre');
    rows[r] = rows[r]!.slice(0, 4);
    const r2 = lies(rows);
    expect(r2.ok).toBe(false);
    expect(r2.zeilen).toEqual([]);
    expect(r2.fehler.map((f) => f.meldung)).toEqual([
      `12411-02-03-4.csv, Zelle E${r + 1} (Ennepe-Ruhr-Kreis (05954), Bevölkerung 3 bis 5 Jahre (bev_3_5)): Die Zelle ist leer; erwartet wird eine Zahl oder ein Zeichen der amtlichen Statistik (- für nichts, *, ., x, /)`,
    ]);
  });

  it('an unknown age label is refused with its cell, and the area then lacks that row', () => {
    const rows = grid(text);
    const r = zeile(rows, '05954', '75 Jahre und mehr');
    rows[r]![3] = '75 Jahre und drüber';
    const r2 = lies(rows);
    expect(r2.zeilen).toEqual([]);
    const erste = zeile(rows, '05954', 'unter 3 Jahre') + 1;
    expect(r2.fehler.map((f) => [f.art, f.meldung])).toEqual([
      ['ZEILENMERKMAL_UNBEKANNT', `12411-02-03-4.csv, Zelle D${r + 1} (Ennepe-Ruhr-Kreis (05954)): „75 Jahre und drüber“ ist keine Altersgruppe und kein Geschlecht, wie sie die Zeilen dieser Tabelle nennen; erwartet wird z. B. „unter 3 Jahre“, „3 bis unter 6 Jahre“, „6 bis unter 10 Jahre“. Die Zeile wird nicht übernommen`],
      ['ZEILE_FEHLT', `12411-02-03-4.csv, Zelle B${erste} (Ennepe-Ruhr-Kreis (05954)): In den Zeilen ${erste}–${erste + 17} fehlt die Zeile „75 Jahre und mehr“ (die Tabelle hat je Gebiet 18 Zeilen); ohne sie fehlten Werte dieses Gebiets. Bitte die Tabelle vollständig abrufen`],
    ]);
  });

  it('an area with some but not all age rows, a row twice, an area split up: errors naming the lines', () => {
    const rows = grid(text);
    const erste = zeile(rows, '05954', 'unter 3 Jahre');
    // the Kreis without its „15 bis unter 18 Jahre“ row: u18 would silently lack a band
    const ohne = rows.filter((_, i) => i !== erste + 4);
    expect(lies(ohne).fehler.map((f) => f.meldung)).toEqual([
      `12411-02-03-4.csv, Zelle B${erste + 1} (Ennepe-Ruhr-Kreis (05954)): In den Zeilen ${erste + 1}–${erste + 17} fehlt die Zeile „15 bis unter 18 Jahre“ (die Tabelle hat je Gebiet 18 Zeilen); ohne sie fehlten Werte dieses Gebiets. Bitte die Tabelle vollständig abrufen`,
    ]);
    // „unter 3 Jahre“ twice
    const doppelt = [...rows.slice(0, erste + 1), rows[erste]!, ...rows.slice(erste + 1)];
    expect(lies(doppelt).fehler.map((f) => f.meldung)).toEqual([
      `12411-02-03-4.csv, Zelle B${erste + 2} (Ennepe-Ruhr-Kreis (05954)): „unter 3 Jahre“ steht für dieses Gebiet schon in Zeile ${erste + 1}; jede Zeile nur einmal je Gebiet. Die Zeile wird nicht übernommen`,
    ]);
    // the Kreis' „Insgesamt“ row moved below the Hochsauerlandkreis
    const insgesamt = erste + 17;
    const ende = zeile(rows, '05958', 'Insgesamt');
    const getrennt = [...rows.slice(0, insgesamt), ...rows.slice(insgesamt + 1, ende + 1), rows[insgesamt]!, ...rows.slice(ende + 1)];
    const r3 = lies(getrennt);
    expect(r3.zeilen).toEqual([]);
    expect(r3.fehler.map((f) => f.meldung)).toEqual([
      `12411-02-03-4.csv, Zelle B${ende + 1} (Ennepe-Ruhr-Kreis (05954)): Das Gebiet stand schon in den Zeilen ${erste + 1}–${erste + 17}; die Zeilen eines Gebiets stehen untereinander, jedes Gebiet nur einmal. Die Zeile wird nicht übernommen`,
      `12411-02-03-4.csv, Zelle B${erste + 1} (Ennepe-Ruhr-Kreis (05954)): In den Zeilen ${erste + 1}–${erste + 17} fehlt die Zeile „Insgesamt“ (die Tabelle hat je Gebiet 18 Zeilen); ohne sie fehlten Werte dieses Gebiets. Bitte die Tabelle vollständig abrufen`,
    ]);
  });

  it('signs follow the same rules: „.“ gives no value and a warning naming the cell, „-“ is 0', () => {
    const rows = grid(text);
    const r = zeile(rows, '05954', 'unter 3 Jahre');
    rows[r]![4] = '.';
    rows[r + 1]![4] = '-';
    const r2 = lies(rows, 't.csv');
    expect(r2.fehler).toEqual([]);
    expect(r2.warnungen.map((w) => w.meldung)).toEqual([
      `t.csv, Zelle E${r + 1} (Ennepe-Ruhr-Kreis (05954), Bevölkerung 0 bis 2 Jahre (bev_0_2)): Quelle hat keinen Wert geliefert: „.“ = Zahlenwert unbekannt oder geheim zu halten. Für dieses Gebiet wird kein Wert übernommen`,
    ]);
    expect(r2.zeilen.some((z) => z.variable === 'bev_0_2')).toBe(false);
    expect(r2.zeilen.find((z) => z.variable === 'bev_3_5')?.value).toBe(0);
  });

  it('the Kreis-level code of a kreisfreie Stadt is its Stadt, all its rows one area', () => {
    const herne = AreaTree.build([
      { code: '05916', name: 'Herne', ebene: 'kreis', parent: null },
      { code: '05916000', name: 'Herne', ebene: 'stadt', parent: '05916' },
    ]);
    const r3 = importTabelle({ datei: 'h.csv', blatt: null, zellen: grid(text) }, null, { catalogue, tree: herne });
    expect(r3.fehler).toEqual([]);
    expect(r3.gebieteGelesen).toBe(1);
    expect(r3.zeilen.find((z) => z.variable === 'bevoelkerung')?.value).toBe(155851);
    expect(new Set(r3.zeilen.map((z) => z.area))).toEqual(new Set(['05916000']));
  });

  it('refused with the reason: several Stichtage, a row dimension other than age and sex', () => {
    const rows = grid(text);
    for (const r of rows) if (r[1] === '05916') r[0] = '31.12.2014';
    const r2 = lies(rows);
    expect(r2.zeilen).toEqual([]);
    expect(r2.fehler.map((f) => f.meldung)).toEqual([
      '12411-02-03-4.csv: Die Tabelle hat mehrere Stichtage (31.12.2014 ab Zeile 8, 31.12.2015 ab Zeile 26); gelesen wird ein Berichtsjahr je Datei. Bitte je Stichtag eine Tabelle abrufen',
    ]);
    const nation = grid(text).map((r) => (r[3] === 'unter 3 Jahre' ? [...r.slice(0, 3), 'Deutsche', ...r.slice(4)] : r));
    expect(lies(nation).fehler.map((f) => f.meldung)).toEqual([
      '12411-02-03-4.csv: Zelle D8: „Deutsche“ steht als Merkmal in der Zeile (eine Zeile je Gebiet und Ausprägung), ist aber weder Altersgruppe noch Geschlecht. Ohne Zuordnungsdatei werden in den Zeilen nur Altersgruppen („unter 3 Jahre“ … „75 Jahre und mehr“), Geschlecht und „Insgesamt“ gelesen; bitte die Tabelle mit dieser Gliederung in den Spalten abrufen (in GENESIS: Tabellenaufbau ändern)',
    ]);
  });
});

describe('row layout: labels that cannot be read together', () => {
  const text = decodeText(readFileSync(FIXTURE_ZEILEN)).text;
  const lies = (rows: string[][]) => importTabelle({ datei: 'z.csv', blatt: null, zellen: rows }, null, { catalogue, tree });

  it('two spellings of one age group are one Merkmal twice: refused with the line, not read twice', () => {
    const rows = grid(text);
    const r = rows.findIndex((x) => x[1] === '05958' && x[3] === 'unter 3 Jahre');
    rows[r]![3] = 'unter 3 Jahren';
    expect(lies(rows).fehler.map((f) => f.meldung)).toEqual([
      `z.csv: Zeile ${r + 1}: „Insgesamt / unter 3 Jahren“ steht für dasselbe Merkmal bev_0_2 wie „Insgesamt / unter 3 Jahre“ (zwei Beschriftungen für dieselbe Altersgruppe?); bitte die Tabelle mit einheitlichen Zeilen abrufen`,
    ]);
  });

  it('two value columns that stand for the same Merkmal in a row: refused, not one of them guessed', () => {
    // headers that say neither sex nor age leave the row's label alone to name the Merkmal
    const rows = grid(text).map((r) => (r[4] === 'Insgesamt' ? ['', '', '', '', 'Anzahl', 'Anteil', 'Rang'] : r));
    expect(lies(rows).fehler.map((f) => f.meldung)).toEqual([
      'z.csv: Die Spalten „Anzahl“ und „Anteil“ stehen in den Zeilen „unter 3 Jahre“ beide für das Merkmal bev_0_2; bitte die Tabelle nur mit einer davon abrufen',
    ]);
  });
});
