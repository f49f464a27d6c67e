/**
 * `sozialmonitor import tabelle` as a real process on real files: xlsx workbooks written with exceljs
 * (title block, merged header cells, a formula, signs, footer), a Windows-1252 CSV, wrong cells and
 * wrong mappings; then the chain import → `pruefen` → `push` against a real sync server.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { cliWorkspace } from '../helpers/cli-workspace';
import { ensureBuilt, testAreas, testServer, type TestServer } from '../server/helpers';

const { dir, file, run } = cliWorkspace('sozialmonitor-import-');

const gebiete = file('gebiete.geojson', JSON.stringify(testAreas()));
const zuordnung = file(
  'zuordnung.json',
  JSON.stringify({
    gebietsspalte: 'Gemeindeteil',
    stadt: '05954036',
    spalten: { 'Arbeitslose insgesamt': 'arbeitslose', 'SGB II eLb': 'elb', 'SGB II LB': 'lb_sgb2' },
    blatt: 'Gemeindeteile',
  }),
);

type Cell = ExcelJS.CellValue;

/** A BA-like delivery: title block, two-row header with merged cells, column numbers, data, footer. */
async function baWorkbook(name: string, data: Cell[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Deckblatt').getCell('A1').value = 'Statistik der Bundesagentur für Arbeit';
  const ws = wb.addWorksheet('Gemeindeteile');
  ws.getCell('A1').value = 'Arbeitsmarkt in Zahlen – Kleinräumige Daten';
  ws.getCell('A2').value = 'Witten, Dezember 2024';
  ws.getRow(4).values = ['Gemeindeteil', 'Arbeitslose', null, 'SGB II', null];
  ws.getRow(5).values = [null, 'insgesamt', 'darunter Frauen', 'eLb', 'LB'];
  ws.mergeCells('A4:A5');
  ws.mergeCells('B4:C4');
  ws.mergeCells('D4:E4');
  ws.getRow(6).values = ['1', '2', '3', '4', '5'];
  data.forEach((row, i) => (ws.getRow(7 + i).values = row));
  const after = 7 + data.length + 1;
  ws.getCell(`A${after}`).value = 'Quelle: Statistik der Bundesagentur für Arbeit';
  ws.getCell(`A${after + 1}`).value = 'Zeichenerklärung: * anonymisiert, - nichts vorhanden';
  const p = join(dir, name);
  await wb.xlsx.writeFile(p);
  return p;
}

beforeAll(() => ensureBuilt(), 120_000);

describe('sozialmonitor import tabelle (xlsx)', () => {
  let good: string;
  const out = join(dir, 'werte.csv');

  beforeAll(async () => {
    good = await baWorkbook('ba.xlsx', [
      // a formula: its cached result is read; a code as area; text with thousands separator
      ['Gemeindeteil 01', '1.234', 600, { formula: 'E7-500', result: 2000 } as Cell, 2500],
      ['05954036-02', '*', '-', 40, 51],
    ]);
  });

  it('writes the long format and reports the anonymised cell as a warning (exit 2)', async () => {
    const r = await run('import', 'tabelle', good, '--zuordnung', zuordnung, '--gebiete', gebiete, '--out', out);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      'WARNUNG ' + good + ', Blatt „Gemeindeteile“, Zelle B8 (Gemeindeteil 02 (05954036-02), Arbeitslose (arbeitslose)): Quelle hat keinen Wert geliefert: „*“ = von der Quelle anonymisiert (kleine Fallzahl).',
    );
    expect(r.out).toContain(`${good}, Blatt „Gemeindeteile“: 2 Gebiete gelesen, 5 Werte, 0 Fehler, 1 Warnung (Kopfzeile 4).`);
    expect(r.out).toContain('Prüfung der Werte wie bei „sozialmonitor pruefen“: 0 Fehler, 0 Warnungen.');
    expect(r.out).toContain(`5 Werte nach ${out} geschrieben (1 Warnung, siehe oben).`);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(
      [
        'area;variable;value',
        '05954036-01;arbeitslose;1234',
        '05954036-01;elb;2000',
        '05954036-01;lb_sgb2;2500',
        '05954036-02;elb;40',
        '05954036-02;lb_sgb2;51',
        '',
      ].join('\n'),
    );
  });

  it('the output passes `sozialmonitor pruefen`', async () => {
    const r = await run('pruefen', out, '--gebiete', gebiete, '--periode', '2024', '--rolle', 'kommune', '--ags', '05954036');
    expect(r.out).toContain('0 Fehler');
    expect(r.out).toContain('Die Datei kann übermittelt werden.');
    expect(r.code).toBe(0);
  });

  it('every wrong cell with its address; exit 1 and nothing written', async () => {
    const bad = await baWorkbook('kaputt.xlsx', [
      ['Gemeindeteil 01', '12,5', 1, 10, 20],
      ['Gemeindeteil 99', 1, 1, 10, 20],
      ['Gemeindeteil 02', -3, 1, 'k.A.', { formula: 'B9*2' } as Cell], // a formula without a cached result
      ['Gemeindeteil 02', 1, 1, 10, 20],
      ['05954016-01', 1, 1, 10, 300001],
    ]);
    const target = join(dir, 'nicht-geschrieben.csv');
    const r = await run('import', 'tabelle', bad, '--zuordnung', zuordnung, '--gebiete', gebiete, '--out', target);
    const at = `FEHLER ${bad}, Blatt „Gemeindeteile“, Zelle`;
    const lines = r.out.split('\n').filter((l) => l.startsWith('FEHLER'));
    expect(lines).toEqual([
      `${at} B7 (Gemeindeteil 01 (05954036-01), Arbeitslose (arbeitslose)): Der Wert 12,5 ist keine ganze Zahl; gezählt werden Personen`,
      `${at} A8: „Gemeindeteil 99“ ist weder ein Gebietscode noch der Name eines Gebiets der Stadt 05954036 (Witten) in der Gebietsgliederung. Eine Zwischensumme (z. B. eines Bezirks) lässt sich mit „auslassen“ in der Zuordnung überspringen. Die Zeile wird nicht übernommen`,
      `${at} B9 (Gemeindeteil 02 (05954036-02), Arbeitslose (arbeitslose)): Der Wert -3 ist negativ; eine Anzahl ist 0 oder größer`,
      `${at} D9 (Gemeindeteil 02 (05954036-02), Erwerbsfähige Leistungsberechtigte (SGB II) (elb)): „k.A.“ ist keine Zahl und kein Zeichen der amtlichen Statistik (-, *, ., x, /).`,
      `${at} E9 (Gemeindeteil 02 (05954036-02), Leistungsberechtigte nach SGB II (lb_sgb2)): „=B9*2“ ist keine Zahl und kein Zeichen der amtlichen Statistik (-, *, ., x, /). Die Formel hat kein gespeichertes Ergebnis; bitte die Datei in Excel öffnen und speichern`,
      `${at} A10 (Gemeindeteil 02 (05954036-02)): Das Gebiet 05954036-02 (Gemeindeteil 02) steht schon in Zelle A9; jedes Gebiet nur einmal`,
      `${at} A11: Das Gebiet „05954016-01“ (Gemeindeteil 01) gehört nicht zur Stadt 05954036 (Witten), für die die Zuordnung gilt. Die Zeile wird nicht übernommen`,
    ]);
    expect(r.out).toContain('7 Fehler: Es wurde nichts geschrieben.');
    expect(r.code).toBe(1);
    expect(existsSync(target)).toBe(false);
  });

  it('a value above the Merkmal maximum, and a catalogue relation broken (elb above lb_sgb2) traced back to the cell', async () => {
    const bad = await baWorkbook('gross.xlsx', [
      ['Gemeindeteil 01', 200001, 1, 10, 20],
      ['Gemeindeteil 02', 5, 1, 30, 20],
    ]);
    const target = join(dir, 'gross.csv');
    const r = await run('import', 'tabelle', bad, '--zuordnung', zuordnung, '--gebiete', gebiete, '--out', target);
    expect(r.out).toContain(
      `FEHLER ${bad}, Blatt „Gemeindeteile“, Zelle B7 (Gemeindeteil 01 (05954036-01), Arbeitslose (arbeitslose)): Der Wert 200.001 ist für ein Gebiet der Ebene Gemeindeteil nicht plausibel; erlaubt sind höchstens 200.000 Personen`,
    );
    expect(r.code).toBe(1);
    expect(existsSync(target)).toBe(false);
    // once the maximum is fixed, the relation check of `pruefen` runs and names the cell
    const rel = await baWorkbook('relation.xlsx', [
      ['Gemeindeteil 01', 20, 1, 10, 20],
      ['Gemeindeteil 02', 5, 1, 30, 20],
    ]);
    const r2 = await run('import', 'tabelle', rel, '--zuordnung', zuordnung, '--gebiete', gebiete, '--out', target);
    expect(r2.out).toContain(
      `FEHLER ${rel}, Blatt „Gemeindeteile“, Zelle D8 (Gemeindeteil 02 (05954036-02), Erwerbsfähige Leistungsberechtigte (SGB II) (elb)): [TEIL_GROESSER_ALS_GANZES] Erwerbsfähige Leistungsberechtigte (SGB II) (elb) + Nicht erwerbsfähige Leistungsberechtigte unter 15 Jahren (nef_u15) (mindestens 30) ist größer als Leistungsberechtigte nach SGB II (lb_sgb2) = 20 in Gemeindeteil 02 (05954036-02).`,
    );
    expect(r2.out).toContain('Prüfung der Werte wie bei „sozialmonitor pruefen“: 1 Fehler, 0 Warnungen.');
    expect(r2.code).toBe(1);
    expect(existsSync(target)).toBe(false);
  });

  it('a mapped header missing, an unknown Merkmal in the mapping, a sheet that does not exist', async () => {
    const z1 = file('z1.json', JSON.stringify({ gebietsspalte: 'Gemeindeteil', blatt: 'Gemeindeteile', spalten: { 'Arbeitslose insgesamt': 'arbeitslose', 'Langzeit-LB': 'lb_langzeit' } }));
    const r1 = await run('import', 'tabelle', good, '--zuordnung', z1, '--gebiete', gebiete, '--out', join(dir, 'x.csv'));
    expect(r1.out).toContain(
      `FEHLER ${good}, Blatt „Gemeindeteile“ (Langzeitleistungsbeziehende (lb_langzeit)): Die Spalte „Langzeit-LB“ aus der Zuordnung steht nicht in den Kopfzeilen 4–5; vorhanden: „Arbeitslose insgesamt“, „Arbeitslose darunter Frauen“, „SGB II eLb“, „SGB II LB“`,
    );
    expect(r1.code).toBe(1);

    const z2 = file('z2.json', JSON.stringify({ gebietsspalte: 'Gemeindeteil', spalten: { 'Arbeitslose insgesamt': 'arbeitslos' }, kopfzeile: '4' }));
    const r2 = await run('import', 'tabelle', good, '--zuordnung', z2, '--gebiete', gebiete, '--out', join(dir, 'x.csv'));
    expect(r2.err).toContain(`Die Zuordnung ${z2} ist fehlerhaft`);
    expect(r2.err).toContain('Feld „kopfzeile“:');
    expect(r2.code).toBe(1);
    const z3 = file('z3.json', JSON.stringify({ gebietsspalte: 'Gemeindeteil', spalten: { 'Arbeitslose insgesamt': 'arbeitslos' } }));
    const r3 = await run('import', 'tabelle', good, '--zuordnung', z3, '--gebiete', gebiete, '--out', join(dir, 'x.csv'));
    expect(r3.err).toContain('Feld „spalten“, Eintrag „Arbeitslose insgesamt“: „arbeitslos“ ist kein Merkmal des Kennzahlenkatalogs');
    expect(r3.code).toBe(1);

    const z4 = file('z4.json', JSON.stringify({ gebietsspalte: 'Gemeindeteil', blatt: 'Tabelle1', spalten: { 'Arbeitslose insgesamt': 'arbeitslose' } }));
    const r4 = await run('import', 'tabelle', good, '--zuordnung', z4, '--gebiete', gebiete, '--out', join(dir, 'x.csv'));
    expect(r4.err).toContain(`Ein Blatt „Tabelle1“ gibt es nicht (Feld „blatt“ der Zuordnung); vorhanden: „Deckblatt“, „Gemeindeteile“`);
    expect(r4.code).toBe(1);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});

describe('sozialmonitor import tabelle (CSV)', () => {
  it('reads a Windows-1252 CSV with `;`, a title line and German numbers; exit 0 without findings', async () => {
    const text = [
      'Erwerbsfähige Leistungsberechtigte nach Gemeindeteilen;;',
      ';;',
      'Gemeindeteil;Erwerbsfähige Leistungsberechtigte;Arbeitslose (Männer und Frauen)',
      'Gemeindeteil 01;1.020;"1.500"',
      'Gemeindeteil 02;-;7',
      'Quelle: Jobcenter EN;;',
      '',
    ].join('\r\n');
    const csv = file('it-nrw.csv', Buffer.from(text, 'latin1'));
    expect(readFileSync(csv).includes(0xe4)).toBe(true); // „ä“ as one byte: really Windows-1252
    const z = file('z-csv.json', JSON.stringify({ gebietsspalte: 'gemeindeteil', stadt: '05954036', spalten: { 'Erwerbsfähige  Leistungsberechtigte': 'elb', 'Arbeitslose (Männer und Frauen)': 'arbeitslose' } }));
    const out = join(dir, 'csv-werte.csv');
    const r = await run('import', 'tabelle', csv, '--zuordnung', z, '--gebiete', gebiete, '--out', out);
    expect(r.out).toContain(`${csv}: 2 Gebiete gelesen, 4 Werte, 0 Fehler, 0 Warnungen (Kopfzeile 3).`);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('area;variable;value\n05954036-01;elb;1020\n05954036-01;arbeitslose;1500\n05954036-02;elb;0\n05954036-02;arbeitslose;7\n');
  });

  it('a bad CSV cell is named like an Excel cell', async () => {
    const csv = file('bad.csv', 'Gemeindeteil,Arbeitslose\nGemeindeteil 01,12\nGemeindeteil 02,1.5\n');
    // without "stadt" names are looked up in the whole Kreis: Witten and Hattingen both have a „Gemeindeteil 01“
    const ohneStadt = file('z-kreis.json', JSON.stringify({ gebietsspalte: 'Gemeindeteil', spalten: { Arbeitslose: 'arbeitslose' } }));
    const r0 = await run('import', 'tabelle', csv, '--zuordnung', ohneStadt, '--gebiete', gebiete, '--out', join(dir, 'bad-out.csv'));
    expect(r0.out).toContain(
      `FEHLER ${csv}, Zelle A2: Der Name „Gemeindeteil 01“ passt auf mehrere Gebiete: 05954036-01 (Gemeindeteil 01, Gemeindeteil), 05954016-01 (Gemeindeteil 01, Gemeindeteil); bitte den Gebietscode statt des Namens verwenden.`,
    );
    expect(r0.code).toBe(1);
    const z = file('z-bad.json', JSON.stringify({ gebietsspalte: 'Gemeindeteil', stadt: '05954036', spalten: { Arbeitslose: 'arbeitslose' } }));
    const r = await run('import', 'tabelle', csv, '--zuordnung', z, '--gebiete', gebiete, '--out', join(dir, 'bad-out.csv'));
    expect(r.out).toContain(`FEHLER ${csv}, Zelle B3 (Gemeindeteil 02 (05954036-02), Arbeitslose (arbeitslose)): „1.5“ ist keine Zahl`);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'bad-out.csv'))).toBe(false);
  });
});

describe('import → push to a real sync server', () => {
  let server: TestServer;
  let http: Server;
  let url: string;

  beforeAll(async () => {
    server = await testServer();
    http = server.app.listen(0);
    await new Promise((r) => http.once('listening', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => http.close(r));
    await server.close();
  });

  it('the imported file is accepted and stored', async () => {
    const xlsx = await baWorkbook('push.xlsx', [
      ['Gemeindeteil 01', '1.234', 600, 2000, 2500],
      ['Gemeindeteil 02', 17, 9, 40, 51],
    ]);
    const out = join(dir, 'push.csv');
    const imp = await run('import', 'tabelle', xlsx, '--zuordnung', zuordnung, '--gebiete', gebiete, '--out', out);
    expect(imp.code).toBe(0);
    const r = await run('push', out, '--server', url, '--token', server.tokens.witten, '--period', '2024');
    expect(r.err).toMatch(/Übermittelt: 6 Werte für 2024/);
    expect(r.code).toBe(0);
    const stored = await server.storage.currentValues('2024', ['05954036']);
    expect(stored.find((v) => v.area === '05954036-01' && v.variable === 'arbeitslose')?.value).toBe(1234);
    expect(stored.find((v) => v.area === '05954036-02' && v.variable === 'lb_sgb2')?.value).toBe(51);
  });
});

describe('sozialmonitor import tabelle without a mapping (official table)', () => {
  const FIXTURE = join(__dirname, '..', 'fixtures', 'real', 'regionalstatistik', '12411-02-03-5-ennepe-ruhr-2015.csv');
  const staedte = [['05954004', 'Breckerfeld'], ['05954008', 'Ennepetal'], ['05954012', 'Gevelsberg'], ['05954016', 'Hattingen'], ['05954020', 'Herdecke'], ['05954024', 'Schwelm'], ['05954028', 'Sprockhövel'], ['05954032', 'Wetter (Ruhr)'], ['05954036', 'Witten']];
  const kreis = file(
    'kreis.geojson',
    JSON.stringify({
      type: 'FeatureCollection',
      features: [['05954', 'Ennepe-Ruhr-Kreis', 'kreis', ''], ...staedte.map(([c, n]) => [c, n, 'stadt', '05954'])].map(([code, name, ebene, parent]) => ({ type: 'Feature', properties: { code, name, ebene, parent }, geometry: null })),
    }),
  );

  it('imports the real Regionalstatistik export and `berechnen` gives the hand-computed share', async () => {
    const out = join(dir, 'regional.csv');
    const r = await run('import', 'tabelle', FIXTURE, '--gebiete', kreis, '--out', out);
    expect(r.err).toBe('');
    expect(r.out).toContain(`HINWEIS ${FIXTURE}: 3 Zeilen mit Gebieten außerhalb der Gebietsgliederung übersprungen (DG Deutschland, 05916 Herne, Kreisfreie Stadt, 05958 Hochsauerlandkreis).`);
    expect(r.out).toContain(`${FIXTURE}: 10 Gebiete gelesen, 190 Werte, 0 Fehler, 0 Warnungen (Kopfzeile 8).`);
    expect(r.out).toContain('Berichtsjahr laut Tabelle: 2015');
    expect(r.code).toBe(0);
    const b = await run('berechnen', out, '--gebiete', kreis, '--periode', '2015', '--kennzahlen', 'anteil_u18');
    expect(b.code).toBe(0);
    const witten = b.out.split('\n').find((l) => l.startsWith('05954036;'))!.split(';');
    // unter 18 in Witten: 2397 + 2348 + 3112 + 3985 + 2756 = 14598 of 96700
    expect([witten[5], witten[6]]).toEqual(['14598', '96700']);
    expect(Number(witten[4]!.replace(',', '.'))).toBeCloseTo((14598 / 96700) * 100, 5);
  });

  it('the same data with the age groups in rows (real 12411-02-03-4) imports without an option', async () => {
    const vier = join(__dirname, '..', 'fixtures', 'real', 'regionalstatistik', '12411-02-03-4-ennepe-ruhr-2015.csv');
    const out = join(dir, 'regional-4.csv');
    const r = await run('import', 'tabelle', vier, '--gebiete', kreis, '--out', out);
    expect(r.err).toBe('');
    expect(r.out).toContain(`${vier}: 1 Gebiet gelesen, 19 Werte, 0 Fehler, 0 Warnungen (Kopfzeile 7).`);
    expect(r.out).toContain('Berichtsjahr laut Tabelle: 2015');
    expect(r.code).toBe(0);
    // the Kreis' rows as the column layout gives them (tests/io/amtliche-tabelle.test.ts compares all 19)
    const zeilen = readFileSync(out, 'utf8').split('\n');
    expect(zeilen).toContain('05954;bev_0_2;7891');
    expect(zeilen).toContain('05954;bevoelkerung;325954');
  });

  it('a table of no known layout: exit 1, the reason, nothing written; .xls stays refused', async () => {
    const csv = file('eigene.csv', 'Gemeindeteil;Arbeitslose\nGemeindeteil 01;12\n');
    const out = join(dir, 'eigene-out.csv');
    const r = await run('import', 'tabelle', csv, '--gebiete', gebiete, '--out', out);
    expect(r.out).toContain(`FEHLER ${csv}: Keine Zeile beginnt mit einem amtlichen Gebietsschlüssel`);
    expect(r.out).toContain('oder eine Zuordnungsdatei (--zuordnung) angeben');
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    const xls = file('alt.xls', 'x');
    const r2 = await run('import', 'tabelle', xls, '--gebiete', gebiete, '--out', out);
    expect(r2.err).toContain('ältere .xls-Dateien bitte in Excel als .xlsx speichern');
    expect(r2.code).toBe(1);
  });
});
