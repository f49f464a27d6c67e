/**
 * The full export of the report (/bericht/export.xlsx and .csv, issue 16) on the demo Kreis over
 * real HTTP: every published value of the API as `leser` for the period, cell by cell, with number
 * formats; the csv parses back to the same values; ranges; German 400s; no raw value of a suppressed cell.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DemoServer, demoServer } from '../server/helpers';
import { ERKLAERUNG_GESPERRT } from '../../shared/disclosure/zeichen';
import { excelFormat, gerundet, nachkommastellenOf } from '../../shared/format/zahlen';
import { standardCatalogue } from '../../shared';
import { LANG_SPALTEN } from '../../sync-server/routes/bericht-export';

jest.setTimeout(300000);

let demo: DemoServer;
const catalogue = standardCatalogue();

beforeAll(async () => {
  demo = await demoServer(['2023', '2024'], 'export');
});
afterAll(() => demo.close());

const binary = (r: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const s = r as unknown as NodeJS.ReadableStream;
  s.on('data', (c: Buffer) => chunks.push(c));
  s.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function xlsx(url: string): Promise<{ wb: ExcelJS.Workbook; bytes: number; ms: number; headers: Record<string, string> }> {
  const t0 = Date.now();
  const res = await request(demo.app).get(url).buffer(true).parse(binary).expect(200);
  const ms = Date.now() - t0;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  return { wb, bytes: (res.body as Buffer).length, ms, headers: res.headers as Record<string, string> };
}

interface IndRow { area: string; indicator: string; value: number | null; numerator: number | null; denominator: number | null; status: string }
interface ValRow { area: string; variable: string; value: number | null; status?: string; geheimhaltung?: unknown }

let reportAreas: Set<string>;
async function leser(period: string): Promise<{ ind: IndRow[]; val: ValRow[] }> {
  const ind = (await request(demo.app).get(`/api/indicators?period=${period}`).set(demo.auth('leser')).expect(200)).body.rows as IndRow[];
  const val = (await request(demo.app).get(`/api/values?period=${period}`).set(demo.auth('leser')).expect(200)).body.rows as ValRow[];
  return { ind: ind.filter((r) => reportAreas.has(r.area)), val: val.filter((r) => reportAreas.has(r.area)) };
}

/** the long sheet as a map (code|jahr|kennung) -> cells Wert, Zähler, Nenner, Hinweis */
function longSheet(wb: ExcelJS.Workbook) {
  const sheet = wb.getWorksheet('Daten')!;
  const out = new Map<string, { wert: ExcelJS.Cell; zaehler: ExcelJS.Cell; nenner: ExcelJS.Cell; hinweis: string; ebene: string }>();
  sheet.eachRow((row, i) => {
    if (i === 1) return;
    out.set(`${row.getCell(2).value}|${row.getCell(4).value}|${row.getCell(11).value}`, { wert: row.getCell(6), zaehler: row.getCell(7), nenner: row.getCell(8), hinweis: String(row.getCell(12).value ?? ''), ebene: String(row.getCell(3).value) });
  });
  return { sheet, out };
}

beforeAll(async () => {
  const meta = (await request(demo.app).get('/bericht/daten/meta').expect(200)).body;
  reportAreas = new Set(meta.areas.map((a: { code: string }) => a.code));
});

test('xlsx holds every published value of the API (leser) for the period, cell by cell, with number formats', async () => {
  const { wb, bytes, ms, headers } = await xlsx('/bericht/export.xlsx?period=2024');
  console.log(`export.xlsx?period=2024: ${bytes} Bytes in ${ms} ms`);
  expect(headers['content-type']).toContain('spreadsheetml');
  expect(headers['cache-control']).toBe('public, no-cache');
  expect(headers['content-disposition']).toContain('sozialbericht_2024.xlsx');
  const { ind, val } = await leser('2024');
  const { sheet, out } = longSheet(wb);
  expect(sheet.getRow(1).values).toEqual([undefined, ...LANG_SPALTEN]);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.autoFilter).toBeTruthy();
  expect(out.size).toBe(reportAreas.size * (catalogue.kennzahlen.size + catalogue.merkmale.size));
  expect(ind).toHaveLength(reportAreas.size * catalogue.kennzahlen.size);
  let gesperrt = 0;
  let numbers = 0;
  for (const r of ind) {
    const c = out.get(`${r.area}|2024|${r.indicator}`)!;
    const k = catalogue.kennzahlen.get(r.indicator)!;
    if (r.value !== null) {
      expect([r.area, r.indicator, c.wert.value]).toEqual([r.area, r.indicator, r.value]);
      expect(c.wert.numFmt).toBe(excelFormat(nachkommastellenOf(k)));
      expect([c.zaehler.value, c.nenner.value]).toEqual([r.numerator, r.denominator]);
      expect(c.zaehler.numFmt).toBe('#,##0');
      numbers++;
    } else {
      const sign = r.status === 'gesperrt' ? '.' : 'x';
      if (r.status === 'gesperrt') {
        gesperrt++;
        expect(c.hinweis).toBe('gesperrt');
        expect([c.wert.value, c.zaehler.value, c.nenner.value]).toEqual(['.', '.', '.']);
      } else expect(c.wert.value).toBe(sign);
    }
  }
  expect(gesperrt).toBeGreaterThan(0);
  expect(numbers).toBeGreaterThan(1000);
  // a Merkmal the catalogue has only down to the Stadt: "x" with that reason, not "not delivered"
  const gt = [...reportAreas].find((c) => /^\d{8}-\d{2}$/.test(c))!;
  expect([out.get(`${gt}|2024|svb_vollzeit`)!.wert.value, out.get(`${gt}|2024|svb_vollzeit`)!.hinweis]).toEqual(['x', expect.stringMatching(/nur bis zur Ebene Stadt verfügbar \(Quelle: BA\)/)]);
  const ebenen = new Set([...out.values()].map((c) => c.ebene));
  expect([...ebenen].sort()).toEqual(['Gemeindeteil', 'Kreis', 'Stadt']);
  // Merkmale: the published counts (summed over the hierarchy), "." where suppressed
  for (const r of val) {
    const c = out.get(`${r.area}|2024|${r.variable}`)!;
    expect([r.area, r.variable, c.wert.value]).toEqual([r.area, r.variable, r.value ?? '.']);
    if (r.value !== null) expect(c.wert.numFmt).toBe('#,##0');
  }
  // the wide sheets say the same, the definitions and the legend are there
  const armut = wb.getWorksheet('Armut')!;
  const cols = (armut.getRow(1).values as string[]).slice(1);
  const iQuote = cols.findIndex((t) => t.startsWith(catalogue.kennzahlen.get('sgb12_quote')!.name)) + 1;
  armut.eachRow((row, i) => {
    if (i === 1) return;
    expect(row.getCell(iQuote).value).toEqual(out.get(`${row.getCell(2).value}|2024|sgb12_quote`)!.wert.value);
  });
  expect(wb.worksheets.map((s) => s.name)).toEqual(['Daten', 'Demografie', 'Lebensalter', 'Familie', 'Wohnen', 'Arbeit und Transferleistungen', 'Armut', 'Definitionen', 'Datenstand', 'Zeichenerklärung']);
  const defs = JSON.stringify(wb.getWorksheet('Definitionen')!.getSheetValues());
  for (const k of catalogue.kennzahlen.values()) expect(defs).toContain(k.formel);
  expect(JSON.stringify(wb.getWorksheet('Datenstand')!.getSheetValues())).toMatch(/Datenstand 2024.*freigegebener Stand vom \d\d\.\d\d\.\d{4}/);
  expect(JSON.stringify(wb.getWorksheet('Zeichenerklärung')!.getSheetValues())).toContain(ERKLAERUNG_GESPERRT);
  // never a reason of a suppressed cell
  expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/primär|sekundär|weniger als|Nenner kleiner/);
});

test('csv (UTF-8 with BOM, ";", decimal comma) parses back to the values of the xlsx', async () => {
  const res = await request(demo.app).get('/bericht/export.csv?period=2024').buffer(true).parse(binary).expect(200);
  const buf = res.body as Buffer;
  console.log(`export.csv?period=2024: ${buf.length} Bytes`);
  expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
  expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(buf.toString('utf8'), { delimiter: ';', bom: true, columns: true }) as Record<string, string>[];
  expect(Object.keys(rows[0]!)).toEqual([...LANG_SPALTEN]);
  const { wb } = await xlsx('/bericht/export.xlsx?period=2024');
  const { out } = longSheet(wb);
  expect(rows).toHaveLength(out.size);
  const num = (s: string) => Number(s.replace(',', '.'));
  let decimals = 0;
  for (const r of rows) {
    const c = out.get(`${r.Code}|${r.Jahr}|${r.Kennung}`)!;
    const v = c.wert.value;
    if (typeof v === 'number') {
      const stellen = r.Art === 'Kennzahl' ? nachkommastellenOf(catalogue.kennzahlen.get(r.Kennung!)!) : 0;
      expect(r.Wert).not.toContain('.');
      expect([r.Code, r.Kennung, num(r.Wert!)]).toEqual([r.Code, r.Kennung, gerundet(v, stellen)]);
      if (r.Wert!.includes(',')) decimals++;
      if (r.Art === 'Kennzahl') expect([num(r.Zähler!), num(r.Nenner!)]).toEqual([c.zaehler.value, c.nenner.value]);
    } else expect(r.Wert).toBe(v);
  }
  expect(decimals).toBeGreaterThan(100);
  // public and cacheable, asked again each time: unchanged is a 304
  expect(res.headers['cache-control']).toBe('public, no-cache');
  await request(demo.app).get('/bericht/export.csv?period=2024').set('If-None-Match', res.headers.etag!).expect(304);
});

test('von/bis: every released year in the range; each year as in its own export', async () => {
  const both = longSheet((await xlsx('/bericht/export.xlsx?von=2023&bis=2024')).wb).out;
  const y23 = longSheet((await xlsx('/bericht/export.xlsx?period=2023')).wb).out;
  expect(both.size).toBe(2 * y23.size);
  for (const [key, c] of y23) expect(both.get(key)!.wert.value).toEqual(c.wert.value);
  const { ind } = await leser('2023');
  for (const r of ind.slice(0, 300)) expect(both.get(`${r.area}|2023|${r.indicator}`)!.wert.value).toEqual(r.value ?? (r.status === 'gesperrt' ? '.' : 'x'));
  // open ranges and the default (newest year)
  expect(longSheet((await xlsx('/bericht/export.xlsx?von=2024')).wb).out.size).toBe(y23.size);
  const csv = (await request(demo.app).get('/bericht/export.csv?bis=2024').expect(200)).text;
  expect(csv).toContain(';2023;');
  expect(csv).toContain(';2024;');
  const dflt = (await request(demo.app).get('/bericht/export.csv').expect(200));
  expect(dflt.headers['content-disposition']).toContain('sozialbericht_2024.csv');
});

test('bad parameters: 400 in German naming the parameter', async () => {
  const cases: [string, string][] = [
    ['period=zwanzig', 'period'],
    ['period=1999', 'period'],
    ['von=2024&bis=2023', 'von'],
    ['period=2024&von=2023', 'von'],
    ['von=2010&bis=2012', 'von'],
    ['jahr=2024', 'jahr'],
    ['period=2024&period=2023', 'period'],
  ];
  for (const [q, param] of cases) {
    for (const ext of ['xlsx', 'csv']) {
      const res = await request(demo.app).get(`/bericht/export.${ext}?${q}`);
      expect([q, res.status, res.body.parameter]).toEqual([q, 400, param]);
      expect(res.body.message).toMatch(/^Parameter „/);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  }
});

test('no raw value of a suppressed cell: the Kreis’s raw numbers are not in the export', async () => {
  const raw = (await request(demo.app).get('/api/indicators?period=2024').set(demo.auth('kreis')).expect(200)).body.rows as (IndRow & { geheimhaltung?: unknown })[];
  const hidden = raw.filter((r) => reportAreas.has(r.area) && r.geheimhaltung && r.value !== null);
  expect(hidden.length).toBeGreaterThan(3);
  const { out } = longSheet((await xlsx('/bericht/export.xlsx?period=2024')).wb);
  const csv = parse((await request(demo.app).get('/bericht/export.csv?period=2024').expect(200)).text, { delimiter: ';', bom: true, columns: true }) as Record<string, string>[];
  for (const r of hidden.slice(0, 40)) {
    const c = out.get(`${r.area}|2024|${r.indicator}`)!;
    expect([r.area, r.indicator, c.wert.value, c.zaehler.value, c.nenner.value]).toEqual([r.area, r.indicator, '.', '.', '.']);
    const line = csv.find((x) => x.Code === r.area && x.Kennung === r.indicator)!;
    expect([line.Wert, line['Zähler'], line.Nenner, line.Hinweis]).toEqual(['.', '.', '.', 'gesperrt']);
  }
  // Merkmale: the Kreis stores block values; a suppressed Gemeindeteil or Stadt count is the sum of its blocks
  const rawValues = (await request(demo.app).get('/api/values?period=2024').set(demo.auth('kreis')).expect(200)).body.rows as ValRow[];
  const { val } = await leser('2024');
  const hiddenValues = val.filter((r) => r.status === 'gesperrt');
  expect(hiddenValues.length).toBeGreaterThan(0);
  for (const r of hiddenValues.slice(0, 40)) {
    const rawSum = rawValues.filter((x) => x.variable === r.variable && (x.area === r.area || x.area.startsWith(`${r.area}-`))).reduce((sum, x) => sum + (x.value ?? 0), 0);
    expect(rawSum).toBeGreaterThan(0);
    const line = csv.find((x) => x.Code === r.area && x.Kennung === r.variable)!;
    expect([r.area, r.variable, out.get(`${r.area}|2024|${r.variable}`)!.wert.value, line.Wert]).toEqual([r.area, r.variable, '.', '.']);
  }
});
