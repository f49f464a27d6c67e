/**
 * The Office.js layer against Microsoft's office-addin-mock: which Excel objects it creates, what it
 * writes into them, how often it syncs, and what it leaves alone. The mock keeps Office.js' rule that
 * a property must be loaded and synced before it is read.
 */
import { OfficeMockObject } from 'office-addin-mock';

// office-addin-mock needs only the OfficeApp enum of office-addin-manifest, whose package entry pulls
// in an ES module jest (CommonJS, Node 20) cannot load; the enum's own module of that package serves.
jest.mock('office-addin-manifest', () => jest.requireActual('office-addin-manifest/lib/officeApp'));
import { OfficeGateway } from '../../addin/src/excel/office-gateway';
import { MARK_PREFIX } from '../../addin/src/excel/gateway';
import { CellValue, FILL, SheetPlan, bodyRowOf } from '../../addin/src/plans/types';
import { TemplateInfo, buildTemplatePlan } from '../../addin/src/plans/template';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { B1, B2, S1, fixtureTree } from '../helpers/core-fixtures';

interface RangeLog {
  row: number;
  col: number;
  rows: number;
  cols: number;
  range: Record<string, any>;
}

/** A workbook with one sheet (existing or not) as office-addin-mock data, logging every call. */
function fakeExcel(opts: { existing: boolean; protectedSheet?: boolean; used?: { values: CellValue[][]; text?: string[][]; rowIndex: number; columnIndex: number }; comments?: string[]; tables?: number; charts?: number }) {
  const ranges: RangeLog[] = [];
  const calls: string[] = [];
  const comments: { address: string; text: string }[] = [];
  const range = (row: number, col: number, rows: number, cols: number) => {
    const r = new OfficeMockObject({
      format: { font: {}, fill: { clear: () => calls.push(`fill.clear ${row},${col}`) }, protection: {} },
      dataValidation: { clear: () => calls.push(`validation.clear ${row},${col}`) },
      clear: (what: string) => calls.push(`clear ${what}`),
      select: () => calls.push(`select ${row},${col}`),
    }) as unknown as Record<string, any>;
    ranges.push({ row, col, rows, cols, range: r });
    return r;
  };
  const data = {
    context: {
      workbook: {
        worksheets: {
          items: [{ name: 'Kennzahlen' }],
          sheet: {
            protection: { protected: opts.protectedSheet ?? true, protect: () => calls.push('protect'), unprotect: () => calls.push('unprotect') },
            tables: {
              items: Array.from({ length: opts.tables ?? 0 }, (_, i) => ({ delete: () => calls.push(`table.delete ${i}`) })),
              add: (address: string, headers: boolean) => {
                calls.push(`table.add ${address} ${headers}`);
                return (tableLog.table = {} as Record<string, unknown>);
              },
            },
            comments: { items: (opts.comments ?? []).map((content, i) => ({ content, delete: () => calls.push(`comment.delete ${i}`) })) },
            used: opts.used ?? { values: [[]], rowIndex: 0, columnIndex: 0 },
            getUsedRange: function (this: { used: unknown }) { return this.used; },
            getRangeByIndexes: range,
            getRange: () => range(-1, -1, 0, 0),
            freezePanes: { freezeRows: (n: number) => calls.push(`freezeRows ${n}`) },
            activate: () => calls.push('activate'),
            charts: {
              items: Array.from({ length: opts.charts ?? 0 }, (_, i) => ({ delete: () => calls.push(`chart.delete ${i}`) })),
              add: (type: string, _r: unknown, by: string) => {
                calls.push(`chart.add ${type} ${by}`);
                return (tableLog.chart = { title: {}, setPosition: (a: string) => calls.push(`chart.position ${a}`) } as Record<string, any>);
              },
            },
          },
          getItemOrNullObject: function (this: { sheet: unknown }, name: string) { calls.push(`getItemOrNullObject ${name}`); return this.sheet; },
          getItem: function (this: { sheet: unknown }, name: string) { calls.push(`getItem ${name}`); return this.sheet; },
          add: function (this: { sheet: unknown }, name: string) { calls.push(`add ${name}`); return this.sheet; },
        },
        comments: { add: (address: string, text: string) => comments.push({ address, text }) },
      },
    },
    run: async function (this: { context: unknown }, batch: (ctx: unknown) => Promise<unknown>) { return batch(this.context); },
  };
  const tableLog: { table?: Record<string, unknown>; chart?: Record<string, any> } = {};
  const excel = new OfficeMockObject(data) as unknown as Record<string, any>;
  // isNullObject is readable after a sync without load in Office.js
  excel.context.workbook.worksheets.sheet.isNullObject = !opts.existing;
  let syncs = 0;
  const sync = excel.context.sync.bind(excel.context);
  excel.context.sync = async () => { syncs++; await sync(); };
  const settingsData = new Map<string, unknown>();
  const settings = {
    get: (k: string) => settingsData.get(k) ?? null,
    set: (k: string, v: unknown) => settingsData.set(k, v),
    saveAsync: (cb: (r: { status: string; error?: { message: string } }) => void) => cb({ status: 'succeeded' }),
  };
  const gateway = (comments10 = true, batchBytes?: number) =>
    new OfficeGateway({
      run: (b) => excel.run(b),
      settings: settings as unknown as Office.Settings,
      isSetSupported: (name, version) => name === 'ExcelApi' && (version === '1.8' || (comments10 && version === '1.10')),
      ...(batchBytes ? { batchBytes } : {}),
    });
  return { excel, ranges, calls, comments, tableLog, gateway, syncs: () => syncs, settings };
}

const plan: SheetPlan = {
  sheet: 'Erfassung',
  header: [['Titel'], ['Info']],
  columns: [
    { title: 'Gebietscode', numberFormat: '@' },
    { title: 'Gebiet', numberFormat: '@' },
    { title: 'bevoelkerung', numberFormat: '#,##0', input: true },
  ],
  rows: Array.from({ length: 50 }, (_, i) => [`05954036-${String(i).padStart(2, '0')}`, `Gemeindeteil ${i}`, null]),
  notes: [{ row: 1, col: 2, text: 'Zahlenwert geheim gehalten (Geheimhaltung)' }],
  validations: [{ col: 2, firstRow: 3, rowCount: 50, min: 0, max: 1000000, promptTitle: 'Bevölkerung', prompt: 'Hilfe', errorTitle: 'Ungültiger Wert', errorMessage: 'Bitte ganze Zahl' }],
  protect: true,
  tableName: 'SM_Erfassung',
};

test('per-row number formats (the long table’s Wert column) go to Excel row by row, across batches', async () => {
  const x = fakeExcel({ existing: false });
  const formats = plan.rows.map((_, i) => (i % 2 ? '#,##0.00' : '#,##0.0'));
  await x.gateway(true, 1000).writeSheet({ ...plan, protect: false, validations: [], rowFormats: [{ col: 2, formats }] });
  const body = x.ranges.filter((r) => r.row >= 3 && r.cols === 3 && r.range.values);
  expect(body.length).toBeGreaterThan(1);
  for (const r of body) {
    expect(r.range.numberFormat).toEqual(Array.from({ length: r.rows }, (_, i) => ['@', '@', formats[r.row - 3 + i]]));
  }
});

test('a new sheet: header, body in batches with number formats first, table, validation, protection, comments', async () => {
  const x = fakeExcel({ existing: false });
  const progress: number[] = [];
  await x.gateway(true, 1000).writeSheet(plan, (done) => progress.push(done));
  expect(x.calls).toContain('add Erfassung');
  // body batches of at most 1000 bytes: several syncs, progress rising to 50
  const body = x.ranges.filter((r) => r.row >= 3 && r.cols === 3 && r.range.values);
  expect(body.length).toBeGreaterThan(1);
  expect(body.reduce((n, r) => n + r.rows, 0)).toBe(50);
  expect(progress[progress.length - 1]).toBe(50);
  expect(progress.length).toBe(body.length);
  for (const r of body) {
    expect(r.range.numberFormat).toEqual(Array(r.rows).fill(['@', '@', '#,##0']));
    expect(r.range.values).toEqual(plan.rows.slice(r.row - 3, r.row - 3 + r.rows));
  }
  expect(x.syncs()).toBeGreaterThanOrEqual(body.length + 2);
  const header = x.ranges.find((r) => r.row === 2 && r.cols === 3)!;
  expect(header.range.values).toEqual([['Gebietscode', 'Gebiet', 'bevoelkerung']]);
  expect(header.range.format.fill.color).toBe(FILL.kopf);
  expect(x.calls).toContain('table.add A3:C53 true');
  expect(x.tableLog.table!.name).toBe('SM_Erfassung');
  const validated = x.ranges.find((r) => r.range.dataValidation.rule)!;
  expect(validated).toMatchObject({ row: 3, col: 2, rows: 50, cols: 1 });
  expect(validated.range.dataValidation.rule).toEqual({ wholeNumber: { formula1: 0, formula2: 1000000, operator: 'Between' } });
  expect(validated.range.dataValidation.errorAlert).toMatchObject({ showAlert: true, style: 'Stop', title: 'Ungültiger Wert' });
  expect(validated.range.dataValidation.prompt).toMatchObject({ showPrompt: true, title: 'Bevölkerung', message: 'Hilfe' });
  const inputCol = x.ranges.find((r) => r.col === 2 && r.rows === 50 && r.range.format.protection.locked === false);
  expect(inputCol).toBeDefined();
  expect(x.ranges.find((r) => r.col === 0 && r.rows === 50 && r.range.format.fill.color === FILL.geschuetzt)).toBeDefined();
  expect(x.calls).toContain('protect');
  expect(x.calls).toContain('freezeRows 3');
  expect(x.comments).toEqual([{ address: "'Erfassung'!C5", text: 'Zahlenwert geheim gehalten (Geheimhaltung)' }]);
});

test('refresh in place: an existing sheet is unprotected and emptied (tables, comments, contents) before writing', async () => {
  const x = fakeExcel({ existing: true, tables: 1, comments: ['alt'], charts: 1 });
  await x.gateway().writeSheet({ ...plan, protect: false, notes: [] });
  expect(x.calls).not.toContain('add Erfassung');
  expect(x.calls).toEqual(expect.arrayContaining(['unprotect', 'table.delete 0', 'chart.delete 0', 'comment.delete 0', 'clear All']));
  expect(x.calls.indexOf('clear All')).toBeLessThan(x.calls.indexOf('table.add A3:C53 true'));
  expect(x.calls).not.toContain('protect');
});

test('without ExcelApi 1.10 no comments are written (the reasons stay in the Hinweise column)', async () => {
  const x = fakeExcel({ existing: false });
  const g = x.gateway(false);
  expect(g.hasComments).toBe(false);
  await g.writeSheet(plan);
  expect(x.comments).toEqual([]);
});

test('readSheet with datumAlsText: a cell Excel shows as a date is its date, not its serial number; other numbers stay', async () => {
  // a GENESIS CSV opened in Excel: the Stichtag became a date (42369), the code 05954 the number 5954
  const values: CellValue[][] = [['31.12.2015', 'x'], [42369, 5954], [42370, 1234]];
  const text = [['31.12.2015', 'x'], ['31.12.2015', '5954'], ['1/1/2016', '1.234']];
  const x = fakeExcel({ existing: true, used: { values, text, rowIndex: 0, columnIndex: 0 } });
  expect(await x.gateway().readSheet('Q', { datumAlsText: true })).toEqual([['31.12.2015', 'x'], ['31.12.2015', 5954], ['01.01.2016', 1234]]);
  // without the option the values as Excel holds them
  expect(await x.gateway().readSheet('Q')).toEqual(values);
});

test('readSheet pads the used range so that indices are sheet positions', async () => {
  const x = fakeExcel({ existing: true, used: { values: [['Gebietscode', 'Gebiet'], ['05954036-01', 'A']], rowIndex: 2, columnIndex: 1 } });
  const values = await x.gateway().readSheet('Erfassung');
  expect(values).toEqual([[], [], ['', 'Gebietscode', 'Gebiet'], ['', '05954036-01', 'A']]);
});

test('applyMarks removes the previous check\'s fills and its own comments only, then marks and re-protects', async () => {
  const x = fakeExcel({ existing: true, comments: [`${MARK_PREFIX}alt`, 'Kommentar der Sachbearbeiterin'] });
  await x.gateway().applyMarks('Erfassung', [{ row: 4, col: 2, severity: 'fehler', text: 'zu groß' }, { row: 5, col: 3, severity: 'warnung', text: 'auffällig' }], [{ row: 9, col: 2, severity: 'fehler', text: 'x' }]);
  expect(x.calls).toEqual(expect.arrayContaining(['unprotect', 'fill.clear 9,2', 'comment.delete 0', 'protect']));
  expect(x.calls).not.toContain('comment.delete 1');
  expect(x.ranges.find((r) => r.row === 4 && r.col === 2)!.range.format.fill.color).toBe(FILL.fehler);
  expect(x.ranges.find((r) => r.row === 5 && r.col === 3)!.range.format.fill.color).toBe(FILL.warnung);
  expect(x.comments).toEqual([
    { address: "'Erfassung'!C5", text: `${MARK_PREFIX}zu groß` },
    { address: "'Erfassung'!D6", text: `${MARK_PREFIX}auffällig` },
  ]);
  expect(x.calls.lastIndexOf('protect')).toBeGreaterThan(x.calls.indexOf('fill.clear 9,2'));
});

test('applyMarks on an unprotected sheet leaves it unprotected', async () => {
  const x = fakeExcel({ existing: true, protectedSheet: false });
  await x.gateway().applyMarks('Erfassung', [{ row: 4, col: 2, severity: 'fehler', text: 'zu groß' }], []);
  expect(x.calls).not.toContain('unprotect');
  expect(x.calls).not.toContain('protect');
});

test('selectCell activates the sheet and selects the cell', async () => {
  const x = fakeExcel({ existing: true });
  await x.gateway().selectCell('Erfassung', 4, 3);
  expect(x.calls).toEqual(['getItem Erfassung', 'activate', 'select 4,3']);
});

test('insertChart writes the data block (gaps stay empty) and adds the chart', async () => {
  const x = fakeExcel({ existing: false });
  await x.gateway().insertChart({ sheet: 'Diagramm', kind: 'linie', title: 'Jugendquotient', categories: ['2023', '2024'], series: [{ name: 'Annen', values: [30, null] }], numberFormat: '#,##0.0' });
  const block = x.ranges.find((r) => r.range.values)!;
  expect(block.range.values).toEqual([['', 'Annen'], ['2023', 30], ['2024', null]]);
  expect(x.calls).toContain('chart.add Line Columns');
  expect(x.tableLog.chart!.title.text).toBe('Jugendquotient');
});

test('workbook settings: saved through saveAsync; a failure is reported in German', async () => {
  const x = fakeExcel({ existing: false });
  const g = x.gateway();
  g.settings.set('sozialmonitor.server', 'https://sm.example');
  await g.settings.save();
  expect(g.settings.get('sozialmonitor.server')).toBe('https://sm.example');
  expect(g.settings.get('fehlt')).toBeUndefined();
  x.settings.saveAsync = (cb) => cb({ status: 'failed', error: { message: 'schreibgeschützt' } });
  await expect(g.settings.save()).rejects.toThrow('Einstellungen der Arbeitsmappe nicht gespeichert: schreibgeschützt');
});

test('a template pre-filled from the Einwohnerdaten: the counts go into the unlocked input cells as numbers, empty stays empty', async () => {
  const catalogue = standardCatalogue();
  const tree = fixtureTree();
  const info: TemplateInfo = { sheet: 'EW 2024 Baublock Witten', period: '2024', stadt: S1, ebene: 'baublock', merkmale: ['bevoelkerung', 'hh_gesamt'], baseRevision: 0, catalogueVersion: catalogue.version };
  const blocks = [B1, B2].map((c) => tree.get(c)!);
  const pre = buildTemplatePlan(info, blocks, catalogue, 'Witten', new Map([[B1, new Map([['bevoelkerung', 7], ['hh_gesamt', 3]])]]), 'Vorbelegt');
  const x = fakeExcel({ existing: false });
  await x.gateway().writeSheet(pre);
  const body = x.ranges.find((r) => r.row === bodyRowOf(pre) && r.range.values)!;
  expect(body.range.values).toEqual([[B1, 'Block 1', 7, 3], [B2, 'Block 2', null, null]]);
  expect(body.range.numberFormat).toEqual([['@', '@', '#,##0', '#,##0'], ['@', '@', '#,##0', '#,##0']]);
  expect(x.ranges.filter((r) => r.rows === 2 && r.range.format.protection.locked === false).map((r) => r.col)).toEqual([2, 3]);
});

test('pre-filled cells and their legend are coloured as runs per column, before the sheet is protected', async () => {
  const catalogue = standardCatalogue();
  const tree = fixtureTree();
  const info: TemplateInfo = { sheet: 'Erfassung Witten 2024', period: '2024', stadt: S1, ebene: 'baublock', merkmale: ['bevoelkerung', 'hh_gesamt'], baseRevision: 3, catalogueVersion: catalogue.version };
  const blocks = [B1, B2].map((c) => tree.get(c)!);
  const values = new Map([[B1, new Map([['bevoelkerung', 7], ['hh_gesamt', 3]])], [B2, new Map([['bevoelkerung', 5]])]]);
  const pre = buildTemplatePlan(info, blocks, catalogue, 'Witten', values, 'Vorausgefüllt', 'Wert vom Server (Stand 04.12.2026)');
  const x = fakeExcel({ existing: false });
  await x.gateway().writeSheet(pre);
  const filled = x.ranges.filter((r) => r.range.format.fill.color === FILL.vorbelegt).map((r) => ({ row: r.row, col: r.col, rows: r.rows }));
  const body = bodyRowOf(pre);
  expect(filled).toEqual([{ row: body - 3, col: 0, rows: 1 }, { row: body, col: 2, rows: 2 }, { row: body, col: 3, rows: 1 }]);
  expect(x.ranges.find((r) => r.row === body - 3 && r.range.values)!.range.values[0][0]).toMatch(/^Hellgrün hinterlegt: Wert vom Server/);
  // set before the protection (a protected sheet refuses format changes)
  const fillIndex = x.ranges.findIndex((r) => r.range.format.fill.color === FILL.vorbelegt);
  const lockIndex = x.ranges.findIndex((r) => r.range.format.protection.locked === false);
  expect(fillIndex).toBeLessThan(lockIndex);
  expect(x.calls.indexOf('protect')).toBeGreaterThan(-1);
  // without pre-filled values nothing is coloured beyond the header and the locked columns
  const y = fakeExcel({ existing: false });
  await y.gateway().writeSheet(buildTemplatePlan(info, blocks, catalogue, 'Witten'));
  expect(y.ranges.some((r) => r.range.format.fill.color === FILL.vorbelegt)).toBe(false);
});

test('writeCells writes only the given cells of a protected sheet and protects it again; no clear, no delete', async () => {
  const x = fakeExcel({ existing: true, comments: ['Kommentar der Sachbearbeiterin'], tables: 1 });
  await x.gateway().writeCells('Erfassung', [{ row: 5, col: 3, value: 1490 }, { row: 6, col: 2, value: null }]);
  expect(x.ranges.find((r) => r.row === 5 && r.col === 3)!.range.values).toEqual([[1490]]);
  expect(x.ranges.find((r) => r.row === 6 && r.col === 2)!.range.values).toEqual([['']]);
  expect(x.calls).toEqual(['getItemOrNullObject Erfassung', 'unprotect', 'protect']);
  expect(x.ranges).toHaveLength(2);
});

test('writeCells on a missing sheet says so in German and writes nothing', async () => {
  const x = fakeExcel({ existing: false });
  await expect(x.gateway().writeCells('Erfassung', [{ row: 5, col: 3, value: 1 }])).rejects.toThrow('Das Blatt „Erfassung“ gibt es in dieser Arbeitsmappe nicht');
  expect(x.ranges).toHaveLength(0);
});

test('sheetNames (what the overwrite question asks about) loads the worksheet names in one sync', async () => {
  const x = fakeExcel({ existing: true });
  expect(await x.gateway().sheetNames()).toEqual(['Kennzahlen']);
  expect(x.syncs()).toBe(1);
});
