/** The plans the Excel layer executes: pure data from API data, tested directly. */
import { AreaTree } from '../../shared/areas/areas';
import { HANDLUNGSFELDER } from '../../shared/types';
import { loadCatalogue } from '../../shared/catalogue/catalogue';
import { STANDARD_CATALOGUE_DEFINITION, standardCatalogue } from '../../shared/catalogue/standard';
import { REGISTER_MERKMALE, aggregateRegister, readZuordnung } from '../../shared/register';
import { ValueTable } from '../../shared/indicators/values';
import { AREAS, B1, B2, B3, B4, B5, GT1, GT2, S1, fixtureTree } from '../helpers/core-fixtures';
import { BEWEGUNGEN_CSV, EXPECTED_B1, EXPECTED_B2, EXPECTED_B3, EXPECTED_B4, EXPECTED_GT1, EXPECTED_GT2, STICHTAG, ZUORDNUNG_CSV, bestandCsv } from '../register/fixture';
import { defaultStichtag, ohneBaublock, templateValues, zeilenDerCodes } from '../../addin/src/plans/einwohner';
import { T } from '../../addin/src/texts';
import { DEFAULT_BATCH_BYTES, EXCEL_PAYLOAD_LIMIT, chunk, rowBatches } from '../../addin/src/plans/batches';
import { berichtLinks } from '../../addin/src/plans/bericht';
import { buildChartPlan } from '../../addin/src/plans/chart';
import { altersgruppenIn, merkmalGruppen, merkmalPasst } from '../../addin/src/plans/merkmalwahl';
import { berichtsjahrBestaetigt, berichtsjahrField, checkBerichtsjahr } from '../../addin/src/plans/berichtsjahr';
import { checkEntry, findingsSheetPlan, groupFindings, readEntrySheet, rejectedErrorCount, submissionBody } from '../../addin/src/plans/entry';
import { IndicatorRow, PullRequest, buildPullPlan, ladeFortschritt, numberFormatFor, tableNameFor } from '../../addin/src/plans/pull';
import { formatsOfRow } from '../../addin/src/plans/types';
import { TemplateInfo, buildTemplatePlan, merkmaleForLevel } from '../../addin/src/plans/template';
import { CellValue, bodyRowOf, cellAddress, headerRowOf, safeSheetName } from '../../addin/src/plans/types';

const catalogue = standardCatalogue();
const areaMap = new Map(AREAS.map((a) => [a.code, a]));
const ctx = { catalogue, areas: areaMap, server: 'https://sm.example', fetchedAt: '01.02.2025, 10:00:00', demo: false };

const row = (area: string, indicator: string, period: string, extra: Partial<IndicatorRow>): IndicatorRow => ({
  area, indicator, period, value: null, numerator: null, denominator: null, status: 'ok', ...extra,
});

const GESPERRT = 'Zahlenwert geheim gehalten (Geheimhaltung) – kleine Fallzahlen und Werte, aus denen sie sich errechnen ließen';
const rows: IndicatorRow[] = [
  row(GT1, 'jugendquotient', '2024', { value: 31.25, numerator: 100, denominator: 320 }),
  // as the server sends a suppressed row to whom it hides the value: no reason
  row(GT1, 'sgb2_quote', '2024', { status: 'gesperrt' }),
  row(GT2, 'jugendquotient', '2024', { status: 'nenner_null', reason: 'Der Nenner ist 0' }),
  row(GT2, 'sgb2_quote', '2024', { value: 12.5, numerator: 5, denominator: 40 }),
];
const req: PullRequest = { sheet: 'Kennzahlen', kennzahlen: ['jugendquotient', 'sgb2_quote'], areas: [GT1, GT2], periods: ['2024'], format: 'breit' };

describe('pull plan', () => {
  test('loading progress is determinate: areas of all, over every year', () => {
    expect(ladeFortschritt(0, 4800, 0, 1)).toEqual({ label: 'Kennzahlen werden geladen: 0 von 4.800 Gebieten …', value: 0 });
    expect(ladeFortschritt(1200, 4800, 0, 1).value).toBe(0.25);
    expect(ladeFortschritt(1200, 4800, 1, 2)).toEqual({ label: 'Kennzahlen werden geladen: Jahr 2 von 2, 1.200 von 4.800 Gebieten …', value: 0.625 });
    expect(ladeFortschritt(4800, 4800, 1, 2).value).toBe(1);
    expect(ladeFortschritt(0, 0, 0, 1).value).toBe(0);
  });
  test('wide: one row per area and year, a column per Kennzahl, signs with reasons', () => {
    const plan = buildPullPlan(req, rows, ctx);
    expect(plan.columns.map((c) => c.title)).toEqual(['Gebietscode', 'Gebiet', 'Ebene', 'Jahr', 'Jugendquotient (je 100)', 'SGB-II-Quote (%)', 'Hinweise']);
    expect(plan.columns.map((c) => c.numberFormat)).toEqual(['@', '@', '@', '0', '#,##0.0', '#,##0.0', '@']);
    expect(plan.rows).toEqual([
      [GT1, 'Gemeindeteil 01', 'Gemeindeteil', 2024, 31.25, '.', `SGB-II-Quote: ${GESPERRT}`],
      [GT2, 'Gemeindeteil 02', 'Gemeindeteil', 2024, 'x', 12.5, 'Jugendquotient: Der Nenner ist 0'],
    ].map((r) => [r[0], expect.any(String), ...r.slice(2)]));
    expect(plan.notes).toEqual([
      { row: 0, col: 5, text: GESPERRT },
      { row: 1, col: 4, text: 'Der Nenner ist 0' },
    ]);
    // header: title, source line, one line per Kennzahl with definition, formula and source, legend
    expect(plan.header).toHaveLength(5);
    expect(String(plan.header[2]![0])).toContain('Formel: u20 / a20_64 * 100');
    expect(String(plan.header[2]![0])).toContain('Bertelsmann');
    expect(plan.tableName).toBe('SM_Kennzahlen');
    for (const r of plan.rows) expect(r).toHaveLength(plan.columns.length);
  });

  test('long: one row per Kennzahl; suppressed rows carry neither numerator nor denominator', () => {
    const plan = buildPullPlan({ ...req, format: 'lang' }, rows, ctx);
    expect(plan.rows).toHaveLength(4);
    const suppressed = plan.rows.find((r) => r[0] === GT1 && r[3] === 'sgb2_quote')!;
    expect(suppressed.slice(5)).toEqual(['.', '%', null, null, GESPERRT]);
    const ok = plan.rows.find((r) => r[0] === GT1 && r[3] === 'jugendquotient')!;
    expect(ok.slice(5)).toEqual([31.25, 'je 100', 100, 320, '']);
  });

  test('one Kennzahl, the same decimals in the wide and the long table (the catalogue’s, as in the report)', () => {
    const withHh = { ...req, kennzahlen: ['jugendquotient', 'durchschnittliche_haushaltsgroesse', 'sgb2_quote'] };
    const wide = buildPullPlan(withHh, rows, ctx);
    const long = buildPullPlan({ ...withHh, format: 'lang' }, rows, ctx);
    const wideFormat = new Map(withHh.kennzahlen.map((id, i) => [id, wide.columns[4 + i]!.numberFormat]));
    expect(wideFormat.get('durchschnittliche_haushaltsgroesse')).toBe('#,##0.00');
    expect(wideFormat.get('sgb2_quote')).toBe('#,##0.0');
    expect(long.rowFormats).toHaveLength(1);
    long.rows.forEach((r, i) => expect(formatsOfRow(long, i)[5]).toBe(wideFormat.get(String(r[3]))));
  });

  test('every suppressed value reads the same; a reason only where the row carries one (raw rows of the Kreis)', () => {
    // two suppressed rows as a reader gets them (one would have been nenner_null): identical cells
    const leser = [row(GT1, 'sgb2_quote', '2024', { status: 'gesperrt' }), row(GT2, 'sgb2_quote', '2024', { status: 'gesperrt' })];
    const plan = buildPullPlan({ ...req, kennzahlen: ['sgb2_quote'], format: 'lang' }, leser, ctx);
    expect(plan.rows.map((r) => r.slice(5))).toEqual([['.', '%', null, null, GESPERRT], ['.', '%', null, null, GESPERRT]]);
    expect(JSON.stringify(plan)).not.toMatch(/primär|sekundär|Fälle|Nenner kleiner/);
    // the Kreis gets the raw value and why readers get "."
    const kreis = [row(GT1, 'sgb2_quote', '2024', { value: 4, numerator: 2, denominator: 50, geheimhaltung: { sperre: 'primaer', grund: 'weniger als 3 Fälle' } })];
    const wide = buildPullPlan({ ...req, kennzahlen: ['sgb2_quote'], areas: [GT1] }, kreis, ctx);
    expect(wide.rows[0]!.slice(4)).toEqual([4, 'SGB-II-Quote: Für Leser „.“ (Geheimhaltung, primär: weniger als 3 Fälle)']);
    expect(wide.notes).toEqual([{ row: 0, col: 4, text: 'Für Leser „.“ (Geheimhaltung, primär: weniger als 3 Fälle)' }]);
    const long = buildPullPlan({ ...req, kennzahlen: ['sgb2_quote'], areas: [GT1], format: 'lang' }, kreis, ctx);
    expect(long.rows[0]!.slice(5)).toEqual([4, '%', 2, 50, 'Für Leser „.“ (Geheimhaltung, primär: weniger als 3 Fälle)']);
    expect(String(plan.header[plan.header.length - 1]![0])).toContain(`„.“ = ${GESPERRT}`);
  });

  test('a value the server did not send is "." with a reason, never 0', () => {
    const plan = buildPullPlan({ ...req, periods: ['2023'] }, rows, ctx);
    expect(plan.rows[0]!.slice(4, 6)).toEqual(['.', '.']);
  });

  test('an unknown Kennzahl is refused', () => {
    expect(() => buildPullPlan({ ...req, kennzahlen: ['gibtsnicht'] }, rows, ctx)).toThrow(/„gibtsnicht“ gibt es im Katalog/);
  });

  test('number formats, table and sheet names', () => {
    // the decimals the report prints: catalogue nachkommastellen, else 2 for averages in persons, else 1
    expect(numberFormatFor({ einheit: 'Personen' })).toBe('#,##0.00');
    expect(numberFormatFor({ einheit: '%' })).toBe('#,##0.0');
    expect(numberFormatFor({ einheit: '%', nachkommastellen: 2 })).toBe('#,##0.00');
    expect(numberFormatFor({ einheit: 'Anzahl', nachkommastellen: 0 })).toBe('#,##0');
    expect(tableNameFor('Kennzahlen Ä 2024')).toBe('SM_Kennzahlen_A_2024');
    expect(safeSheetName('Erfassung: Witten/Süd [2024] mit sehr langem Namen')).toBe('Erfassung Witten Süd 2024 mit s');
    expect(cellAddress(0, 0)).toBe('A1');
    expect(cellAddress(9, 27)).toBe('AB10');
  });
});

const info: TemplateInfo = { sheet: 'Erfassung S1 2024', period: '2024', stadt: S1, ebene: 'gemeindeteil', merkmale: ['bevoelkerung', 'bev_weiblich'], baseRevision: 3, catalogueVersion: catalogue.version };
const gts = [fixtureTree().get(GT2)!, fixtureTree().get(GT1)!];

describe('entry template plan', () => {
  const plan = buildTemplatePlan(info, gts, catalogue, 'Stadt 1');

  test('one row per area, ids in the header row, validation from the catalogue, protected codes', () => {
    expect(plan.columns.map((c) => c.title)).toEqual(['Gebietscode', 'Gebiet', 'bevoelkerung', 'bev_weiblich']);
    expect(plan.columns.map((c) => !!c.input)).toEqual([false, false, true, true]);
    expect(plan.rows.map((r) => r[0])).toEqual([GT1, GT2]);
    expect(plan.protect).toBe(true);
    const max = catalogue.merkmale.get('bevoelkerung')!.maximum;
    expect(plan.validations[0]).toMatchObject({ col: 2, firstRow: bodyRowOf(plan), rowCount: 2, min: 0, max });
    for (const v of plan.validations) {
      expect(v.promptTitle.length).toBeLessThanOrEqual(32); // Excel's limits
      expect(v.prompt.length).toBeLessThanOrEqual(255);
      expect(v.errorMessage.length).toBeLessThanOrEqual(255);
    }
    expect(plan.validations[0]!.prompt).toContain('Ganze Zahl von 0 bis 1.000.000');
  });

  test('Merkmale below their finest level, or computed Kennzahlen, are refused', () => {
    expect(() => buildTemplatePlan({ ...info, merkmale: ['jugendquotient'] }, gts, catalogue, 'S')).toThrow(/kein Merkmal/);
    const coarse = [...catalogue.merkmale.values()].find((m) => m.tiefsteEbene === 'gemeindeteil')!;
    expect(() => buildTemplatePlan({ ...info, ebene: 'baublock', merkmale: [coarse.id] }, gts, catalogue, 'S')).toThrow(/nur bis zur Ebene gemeindeteil/);
    expect(merkmaleForLevel(catalogue, 'baublock').map((m) => m.id)).not.toContain(coarse.id);
    expect(merkmaleForLevel(catalogue, 'gemeindeteil').map((m) => m.id)).toContain(coarse.id);
  });

  /** The sheet as Excel would return it after the clerk typed values. */
  const sheetWith = (values: Record<string, [CellValue, CellValue]>): CellValue[][] => [
    ...plan.header.map((h) => [...h]),
    plan.columns.map((c) => c.title),
    ...plan.rows.map((r) => [r[0]!, r[1]!, ...(values[String(r[0])] ?? [null, null])]),
  ];

  test('reading back: empty cells are not reported, each value remembers its cell', () => {
    const ds = readEntrySheet(sheetWith({ [GT1]: [600, 300], [GT2]: [null, ' '] }), info);
    expect(ds.rows).toEqual([{ area: GT1, variable: 'bevoelkerung', value: 600 }, { area: GT1, variable: 'bev_weiblich', value: 300 }]);
    expect(ds.cells).toEqual([{ row: bodyRowOf(plan), col: 2 }, { row: bodyRowOf(plan), col: 3 }]);
    expect(submissionBody(ds, 3)).toEqual({ period: '2024', baseRevision: 3, rows: ds.rows });
    expect(headerRowOf(plan)).toBe(3);
  });

  test('check: faulty cells are marked with the shared validation\'s message; a clean sheet has no marks', () => {
    const submitter = { rolle: 'kommune' as const, ags: S1 };
    const bad = checkEntry(readEntrySheet(sheetWith({ [GT1]: [600, 700], [GT2]: ['viele', 200] }), info), { catalogue, tree: fixtureTree(), submitter });
    expect(bad.ok).toBe(false);
    const byCell = Object.fromEntries(bad.marks.map((m) => [cellAddress(m.row, m.col), m]));
    expect(byCell.D5).toMatchObject({ severity: 'fehler', text: expect.stringMatching(/Bevölkerung weiblich \(bev_weiblich\) = 700 ist größer als Bevölkerung \(bevoelkerung\) = 600/) });
    expect(byCell.C6).toMatchObject({ severity: 'fehler', text: expect.stringContaining('„viele“') });
    expect(bad.items.map((i) => i.address)).toEqual(expect.arrayContaining(['D5', 'C6']));

    const good = checkEntry(readEntrySheet(sheetWith({ [GT1]: [600, 300] }), info), { catalogue, tree: fixtureTree(), submitter });
    expect(good).toMatchObject({ ok: true, marks: [], errors: 0, rowsOk: 2 });

    const foreign = checkEntry(readEntrySheet(sheetWith({ [GT1]: [600, 300] }), info), { catalogue, tree: fixtureTree(), submitter: { rolle: 'kommune', ags: '05954008' } });
    expect(foreign.items.map((i) => i.finding.code)).toContain('NICHT_EIGENES_GEBIET');
  });

  test('findings grouped by kind with a count, "Fehler:" / "Warnung:" written out, errors first; the full list as a sheet', () => {
    const submitter = { rolle: 'kommune' as const, ags: S1 };
    const r = checkEntry(readEntrySheet(sheetWith({ [GT1]: ['viele', 'etliche'], [GT2]: [600, 700] }), info), { catalogue, tree: fixtureTree(), submitter });
    const groups = groupFindings(r.items);
    expect(groups.map((g) => g.title)).toEqual(['Fehler: 2 × Wert ist keine Zahl', 'Fehler: 1 × Teil größer als das Ganze']);
    expect(groups[0]!.items.map((i) => i.address)).toEqual(['C5', 'D5']);
    const warn = groupFindings([{ ...r.items[0]!, finding: { ...r.items[0]!.finding, severity: 'warnung', code: 'VORJAHR_SPRUNG' } }, ...r.items]);
    expect(warn.map((g) => g.title)).toEqual(['Fehler: 2 × Wert ist keine Zahl', 'Fehler: 1 × Teil größer als das Ganze', 'Warnung: 1 × Starke Änderung zum Vorjahr']);
    const many = groupFindings(Array.from({ length: 1234 }, () => r.items[0]!));
    expect(many[0]!.title).toBe('Fehler: 1.234 × Wert ist keine Zahl');

    const sheet = findingsSheetPlan('Befunde Vorlage', 'Vorlage', r.items);
    expect(sheet.sheet).toBe('Befunde Vorlage');
    expect(sheet.protect).toBe(false);
    expect(sheet.columns.map((c) => c.title)).toEqual(['Schwere', 'Art', 'Zelle', 'Befund', 'Code']);
    expect(sheet.rows).toHaveLength(3);
    expect(sheet.rows[0]).toEqual(['Fehler', 'Wert ist keine Zahl', 'C5', r.items.find((i) => i.address === 'C5')!.finding.detail, 'WERT_KEINE_ZAHL']);
    expect(sheet.rows[2]).toEqual(['Fehler', 'Teil größer als das Ganze', 'D6', expect.stringContaining('Bevölkerung weiblich (bev_weiblich) = 700'), 'TEIL_GROESSER_ALS_GANZES']);
  });

  test('with the values the server holds, the check finds what the server would (a Gemeindeteil below its Baublöcke)', () => {
    const submitter = { rolle: 'kommune' as const, ags: S1 };
    const stored = new ValueTable();
    stored.set('05954036-01-0001', 'bevoelkerung', '2024', 350);
    stored.set('05954036-01-0002', 'bevoelkerung', '2024', 250);
    const ds = readEntrySheet(sheetWith({ [GT1]: [500, 200] }), info);
    expect(checkEntry(ds, { catalogue, tree: fixtureTree(), submitter }).ok).toBe(true);
    const withContext = checkEntry(ds, { catalogue, tree: fixtureTree(), submitter, context: stored });
    expect(withContext.ok).toBe(false);
    expect(withContext.items.map((i) => i.finding.code)).toContain('UNTERGEBIETE_SUMME_GROESSER');
    expect(withContext.marks.map((m) => cellAddress(m.row, m.col))).toContain('C5');
  });

  test('with the previous year\'s values, the clerk sees the VORJAHR warning before sending, on the cell', () => {
    const submitter = { rolle: 'kommune' as const, ags: S1 };
    const vorjahr = new ValueTable();
    vorjahr.set(GT1, 'bevoelkerung', '2023', 1400);
    vorjahr.set(GT1, 'bev_weiblich', '2023', 290);
    const ds = readEntrySheet(sheetWith({ [GT1]: [600, 300] }), info);
    const r = checkEntry(ds, { catalogue, tree: fixtureTree(), submitter, vorjahr });
    expect(r.ok).toBe(true);
    expect(r.items.map((i) => [i.finding.code, i.address])).toEqual([['VORJAHR_SPRUNG', 'C5']]);
    expect(r.marks).toEqual([expect.objectContaining({ severity: 'warnung', text: expect.stringContaining('600 statt 1.400 im Vorjahr 2023 (−57 %)') })]);
  });

  test('a refused submission counts all errors (errorCount), not only the 200 listed; the list where the count is missing', () => {
    const listed = Array.from({ length: 200 }, () => ({ code: 'WERT_NEGATIV' }));
    expect(rejectedErrorCount({ errorCount: 4812, errors: listed })).toBe(4812);
    expect(rejectedErrorCount({ errors: listed })).toBe(200);
    expect(rejectedErrorCount({ errorCount: 'viele', errors: listed.slice(0, 3) })).toBe(3);
    expect(rejectedErrorCount({ errorCount: -1, errors: [] })).toBe(0);
    expect(rejectedErrorCount(null)).toBe(0);
  });

  test('findings in the pane name the area and Merkmal by name with the code in brackets', () => {
    const r = checkEntry(readEntrySheet(sheetWith({ [GT1]: [600, 700] }), info), { catalogue, tree: fixtureTree(), submitter: { rolle: 'kommune', ags: S1 } });
    expect(r.errors).toBe(1);
    expect(r.items[0]!.finding.message).toMatch(new RegExp(`^Zeile 2, Annen \\(${GT1}\\), Bevölkerung weiblich \\(bev_weiblich\\): `));
  });

  test('a sheet without the header row is refused with its name', () => {
    expect(() => readEntrySheet([['irgendwas']], info)).toThrow('Im Blatt „Erfassung S1 2024“ fehlt die Kopfzeile');
  });
});

describe('batches under Excel\'s payload limit', () => {
  const wide: CellValue[][] = Array.from({ length: 20000 }, (_, i) => [`05954036-01-${String(i).padStart(4, '0')}`, 'Ein längerer Gebietsname', 2024, i * 1.5, '.', 'Gesperrt (primär): weniger als 10 Fälle im Nenner']);
  const formats = ['@', '@', '0', '#,##0.0', '#,##0.0', '@'];

  test('every batch stays well under 5 MB and together they cover every row once', () => {
    const batches = rowBatches(wide, formats);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) {
      expect(b.bytes).toBeLessThanOrEqual(DEFAULT_BATCH_BYTES);
      // the real request for the batch: values and formats as JSON
      const json = JSON.stringify({ values: wide.slice(b.start, b.start + b.count), numberFormat: Array(b.count).fill(formats) });
      expect(json.length).toBeLessThan(EXCEL_PAYLOAD_LIMIT / 2);
    }
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(wide.length);
    batches.forEach((b, i) => expect(b.start).toBe(i === 0 ? 0 : batches[i - 1]!.start + batches[i - 1]!.count));
  });

  test('small writes are one batch; a single oversized row is refused', () => {
    expect(rowBatches(wide.slice(0, 10), formats)).toEqual([{ start: 0, count: 10, bytes: expect.any(Number) }]);
    expect(rowBatches([], formats)).toEqual([]);
    expect(() => rowBatches([['x'.repeat(2000)]], ['@'], 1000)).toThrow(/Zeile 1 ist allein größer/);
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

test('chart plans: bars across areas for the latest year, lines over years; gaps stay null', () => {
  const multi = [...rows, row(GT1, 'jugendquotient', '2023', { value: 30 })];
  const bars = buildChartPlan({ ...req, periods: ['2023', '2024'] }, multi, catalogue, areaMap, 'jugendquotient', 'balken');
  expect(bars).toMatchObject({ kind: 'balken', categories: [areaMap.get(GT1)!.name, areaMap.get(GT2)!.name], series: [{ name: '2024', values: [31.25, null] }] });
  const lines = buildChartPlan({ ...req, periods: ['2024', '2023'] }, multi, catalogue, areaMap, 'jugendquotient', 'linie');
  expect(lines.categories).toEqual(['2023', '2024']);
  expect(lines.series).toEqual([{ name: areaMap.get(GT1)!.name, values: [30, 31.25] }, { name: areaMap.get(GT2)!.name, values: [null, null] }]);
  expect(lines.title).toContain('2023–2024');
});

describe('entry template pre-filled from the register aggregation (Einwohnerdaten tab)', () => {
  // the real aggregation of the hand-built register, whose counts are known by construction
  let rows: { area: string; variable: string; value: number }[];
  beforeAll(async () => {
    const res = await aggregateRegister(
      { bestand: bestandCsv(), bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN_CSV, bewegungenDatei: 'bew.csv' },
      { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG_CSV], 'zuordnung.csv') },
    );
    rows = res.rows;
  });
  // the core tree plus a Gemeindeteil and Baublock of the other Stadt
  const OTHER_GT = '05954008-01';
  const OTHER_BB = '05954008-01-0001';
  const tree = AreaTree.build([...AREAS, { code: OTHER_GT, name: 'Breckerfeld-Mitte', ebene: 'gemeindeteil', parent: '05954008' }, { code: OTHER_BB, name: 'Block B', ebene: 'baublock', parent: OTHER_GT }]);
  const blockInfo = (merkmale: string[]): TemplateInfo => ({ sheet: 'Einwohner 2024', period: '2024', stadt: S1, ebene: 'baublock', merkmale, baseRevision: 0, catalogueVersion: catalogue.version });
  const byArea = (plan: ReturnType<typeof buildTemplatePlan>) =>
    Object.fromEntries(plan.rows.map((r) => [r[0], Object.fromEntries(plan.columns.slice(2).map((c, i) => [c.title, r[2 + i]]))]));

  test('Baublock level: every register Merkmal, cells equal the counts by construction; a block without value stays empty', () => {
    const tv = templateValues(rows, { tree, catalogue, stadt: S1, ebene: 'baublock' });
    expect(tv.merkmale).toEqual([...REGISTER_MERKMALE]);
    expect(tv.leftOut).toEqual([]);
    expect(tv.notWritten).toEqual([]);
    expect(tv.withoutValue).toEqual([B5]); // not in the address table: no value, not 0
    expect(tv.otherLevels).toBe(rows.filter((r) => !r.area.match(/-\d{4}$/)).length);
    const areas = tree.subtree(S1).map((c) => tree.get(c)!).filter((a) => a.ebene === 'baublock');
    const plan = buildTemplatePlan(blockInfo(tv.merkmale), areas, catalogue, 'Witten', tv.values);
    const cells = byArea(plan);
    expect(cells[B1]).toEqual(EXPECTED_B1);
    expect(cells[B2]).toEqual(EXPECTED_B2);
    expect(cells[B3]).toEqual(EXPECTED_B3);
    expect(cells[B4]).toEqual(EXPECTED_B4);
    expect(Object.values(cells[B5]!).every((v) => v === null)).toBe(true);
    // what the sheet gives back is exactly the aggregation's block rows, and it passes the catalogue validation
    const sheet: CellValue[][] = [...plan.header.map((h) => [...h]), plan.columns.map((c) => c.title), ...plan.rows];
    const ds = readEntrySheet(sheet, blockInfo(tv.merkmale));
    const blockRows = rows.filter((r) => [B1, B2, B3, B4].includes(r.area));
    expect([...ds.rows].sort(cmp)).toEqual([...blockRows].sort(cmp));
    const check = checkEntry(ds, { catalogue, tree, submitter: { rolle: 'kommune', ags: S1 } });
    expect(check.items.map((i) => i.finding.message)).toEqual([]);
    expect(check.ok).toBe(true);
  });

  test('Gemeindeteil level: the Gemeindeteil rows (with the street fallback and their own moves), not block sums', () => {
    const tv = templateValues(rows, { tree, catalogue, stadt: S1, ebene: 'gemeindeteil' });
    const plan = buildTemplatePlan({ ...blockInfo(tv.merkmale), ebene: 'gemeindeteil' }, [tree.get(GT1)!, tree.get(GT2)!], catalogue, 'Witten', tv.values);
    expect(byArea(plan)[GT1]).toEqual(EXPECTED_GT1);
    expect(byArea(plan)[GT2]).toEqual(EXPECTED_GT2);
  });

  test('a code the tree does not know is reported at every level, its level never guessed from its shape; the table line is found', async () => {
    const unknown = [
      { area: '05954036-99', variable: 'bevoelkerung', value: 7 }, // shaped like a Gemeindeteil, asked for Baublöcke
      { area: '05954036-99-0001', variable: 'bevoelkerung', value: 7 },
      { area: '05954036-99-0001', variable: 'bev_weiblich', value: 4 },
      { area: 'x', variable: 'bevoelkerung', value: 1 }, // no code shape at all
    ];
    const tv = templateValues([...rows, ...unknown], { tree, catalogue, stadt: S1, ebene: 'baublock' });
    expect(tv.notWritten).toEqual([
      { area: '05954036-99', reason: 'unbekannt', values: 1, bevoelkerung: 7 },
      { area: '05954036-99-0001', reason: 'unbekannt', values: 2, bevoelkerung: 7 },
      { area: 'x', reason: 'unbekannt', values: 1, bevoelkerung: 1 },
    ]);
    // not counted as values of other levels: those are areas the tree knows
    expect(tv.otherLevels).toBe(rows.filter((r) => tree.get(r.area)!.ebene !== 'baublock').length);
    const asGt = templateValues(unknown, { tree, catalogue, stadt: S1, ebene: 'gemeindeteil' });
    expect(asGt.notWritten.map((n) => n.area)).toEqual(['05954036-99', '05954036-99-0001', 'x']);
    expect(asGt.values.size).toBe(0);
    // the address table's line of each code: the Baublock column, the Gemeindeteil it begins with
    const csv = [
      'gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil',
      `${S1};00001;1;;${B1};`,
      `${S1};00001;2;;05954036-99-0001;`,
      `${S1};00002;5;;;05954036-98`,
    ].join('\n');
    const zeilen = await zeilenDerCodes([csv], 'zuordnung.csv', new Set(['05954036-99', '05954036-99-0001', '05954036-98', 'x']));
    expect(Object.fromEntries(zeilen)).toEqual({ '05954036-99': 3, '05954036-99-0001': 3, '05954036-98': 4 });
    const text = T.ew.unbekannt('05954036-99-0001', { datei: 'zuordnung.csv', zeile: zeilen.get('05954036-99-0001') }, 2, 7);
    expect(text).toBe('Gebiet 05954036-99-0001 gibt es in der Gebietsgliederung nicht (Zuordnungstabelle zuordnung.csv, Zeile 3): 2 Werte (7 Personen) nicht eingetragen. Bitte den Code in der Zuordnungstabelle prüfen oder das Gebiet in die Gebietsgliederung aufnehmen lassen.');
    expect(T.ew.unbekannt('x', { datei: 'zuordnung.csv', zeile: zeilen.get('x') }, 1, null)).toContain('(Zuordnungstabelle zuordnung.csv): 1 Wert nicht eingetragen');
  });

  test('areas of another Stadt and unknown codes are reported, not written; unusable variables are left out with the reason', () => {
    const coarseDef = structuredClone(STANDARD_CATALOGUE_DEFINITION) as unknown as { merkmale: { id: string; tiefsteEbene: string }[] };
    coarseDef.merkmale.find((m) => m.id === 'geburten')!.tiefsteEbene = 'gemeindeteil';
    const coarse = loadCatalogue(coarseDef);
    const extra = [
      { area: OTHER_BB, variable: 'bevoelkerung', value: 12 },
      { area: OTHER_BB, variable: 'bev_weiblich', value: 5 },
      { area: '05954036-07-0001', variable: 'bevoelkerung', value: 3 }, // unknown to the tree
      { area: B1, variable: 'bev_unbekannt', value: 1 }, // no Merkmal of the catalogue
    ];
    const tv = templateValues([...rows, ...extra], { tree, catalogue: coarse, stadt: S1, ebene: 'baublock' });
    expect(tv.leftOut).toEqual([{ variable: 'geburten', reason: 'zu_fein', tiefsteEbene: 'gemeindeteil' }, { variable: 'bev_unbekannt', reason: 'kein_merkmal' }]);
    expect(tv.merkmale).not.toContain('geburten');
    expect(tv.notWritten).toEqual([
      { area: '05954008-01-0001', reason: 'andere_stadt', values: 2, bevoelkerung: 12 },
      { area: '05954036-07-0001', reason: 'unbekannt', values: 1, bevoelkerung: 3 },
    ]);
    expect([...tv.values.keys()].sort()).toEqual([B1, B2, B3, B4]);
    // even if handed foreign values, the plan writes only its own rows and columns
    const values = new Map(tv.values);
    values.set(OTHER_BB, new Map([['bevoelkerung', 12]]));
    const plan = buildTemplatePlan(blockInfo(tv.merkmale), [tree.get(B1)!], coarse, 'Witten', values);
    expect(plan.rows.map((r) => r[0])).toEqual([B1]);
    expect(plan.columns.map((c) => c.title)).not.toContain('geburten');
  });

  test('no initial values: every input cell is empty, as before; the Stichtag follows the period', () => {
    const plan = buildTemplatePlan(blockInfo(['bevoelkerung']), [tree.get(B1)!], catalogue, 'Witten');
    expect(plan.rows).toEqual([[B1, 'Block 1', null]]);
    expect(defaultStichtag('2024')).toBe('31.12.2024');
    expect(defaultStichtag('20x4')).toBe('');
  });
});

const cmp = (a: { area: string; variable: string }, b: { area: string; variable: string }) => a.area.localeCompare(b.area) || a.variable.localeCompare(b.variable);

describe('links to the social report', () => {
  test('one chapter per Handlungsfeld of the chosen Kennzahlen, in report order, for the latest chosen year', () => {
    const sgb2 = catalogue.kennzahlen.get('sgb2_quote')!.handlungsfeld;
    const jugend = catalogue.kennzahlen.get('jugendquotient')!.handlungsfeld;
    expect(sgb2).not.toBe(jugend);
    const links = berichtLinks('https://sm.example/', catalogue, new Set(['sgb2_quote', 'jugendquotient', 'gibt_es_nicht']), new Set(['2023', '2024', '2019']));
    const felder: string[] = [...new Set([jugend, sgb2])].sort((a, b) => HANDLUNGSFELDER.indexOf(a) - HANDLUNGSFELDER.indexOf(b));
    expect(links.map((l) => l.kapitel)).toEqual([...felder, 'Sozialindex']);
    const url = new URL(links[0]!.href);
    expect(url.origin + url.pathname).toBe('https://sm.example/bericht/');
    expect(url.searchParams.get('kapitel')).toBe(links[0]!.kapitel);
    expect(url.searchParams.get('jahr')).toBe('2024');
  });

  test('without a choice every chapter, and no year when none is chosen', () => {
    const links = berichtLinks('https://sm.example', catalogue, new Set(), new Set());
    expect(links.map((l) => l.kapitel)).toEqual([...HANDLUNGSFELDER, 'Sozialindex']);
    expect(new URL(links[0]!.href).searchParams.has('jahr')).toBe(false);
  });
});

describe('Berichtsjahr typed into the pane', () => {
  const now = new Date('2026-12-04T13:00:00Z');
  test('"24" and other short or odd inputs are refused in words, without API parameter names', () => {
    for (const v of ['24', '', ' 202', '20245', '2024a', '0024']) {
      const c = checkBerichtsjahr(v, now);
      expect(c.ok).toBe(false);
      if (!c.ok) {
        expect(c.text).toContain('Bitte ein Berichtsjahr wie 2024 eingeben');
        expect(c.text).not.toMatch(/period|baseRevision|ids/);
      }
    }
    expect(berichtsjahrField('24', now)).toEqual({ validationState: 'error', validationMessage: expect.stringContaining('Bitte ein Berichtsjahr wie 2024 eingeben') });
  });
  test('this year, the last and the next are fine; further ahead is questioned, not refused', () => {
    for (const v of ['2025', ' 2026 ', '2027']) expect(checkBerichtsjahr(v, now)).toEqual({ ok: true });
    expect(checkBerichtsjahr('2052', now)).toEqual({ ok: true, frage: '2052 liegt mehr als ein Jahr in der Zukunft. Ist das Berichtsjahr richtig?' });
    expect(berichtsjahrField('2028', now)).toMatchObject({ validationState: 'warning' });
    expect(berichtsjahrField('2024', now)).toEqual({});
  });
  test('before writing, a year far ahead is asked about (a dialog); "no" stops with a text, "yes" goes on; near years are not asked', async () => {
    const asked: string[] = [];
    const ask = (answer: boolean) => async (frage: string) => (asked.push(frage), answer);
    const nein = (jahr: string) => `nicht ${jahr}`;
    expect(await berichtsjahrBestaetigt('2052', now, ask(false), nein)).toBe('nicht 2052');
    expect(asked).toEqual(['2052 liegt mehr als ein Jahr in der Zukunft. Ist das Berichtsjahr richtig?']);
    expect(await berichtsjahrBestaetigt(' 2052 ', now, ask(true), nein)).toBeNull();
    expect(asked).toHaveLength(2);
    expect(await berichtsjahrBestaetigt('2027', now, ask(false), nein)).toBeNull();
    expect(await berichtsjahrBestaetigt('24', now, ask(true), nein)).toContain('Bitte ein Berichtsjahr wie 2024 eingeben');
    expect(asked).toHaveLength(2);
  });
});

describe('Merkmal picker of the entry template', () => {
  const catalogue = standardCatalogue();
  const all = [...catalogue.merkmale.values()];
  test('grouped by Handlungsfeld in the catalogue order, every Merkmal once', () => {
    const gruppen = merkmalGruppen(all, '');
    expect(gruppen.map((g) => g.feld)).toEqual(HANDLUNGSFELDER.filter((f) => all.some((m) => m.handlungsfeld === f)));
    expect(gruppen.flatMap((g) => g.merkmale.map((m) => m.id)).sort()).toEqual(all.map((m) => m.id).sort());
    for (const g of gruppen) expect(g.merkmale.every((m) => m.handlungsfeld === g.feld)).toBe(true);
  });
  test('search by name (with or without umlaut), id or several words; no hit gives no group', () => {
    const ids = (q: string) => merkmalGruppen(all, q).flatMap((g) => g.merkmale.map((m) => m.id));
    expect(ids('weiblich')).toEqual(['bev_weiblich']);
    expect(ids('Bevolkerung weiblich')).toEqual(['bev_weiblich']);
    expect(ids('BEV_WEIBLICH')).toEqual(['bev_weiblich']);
    expect(ids('Lebendgeborene')).toEqual(['geburten']);
    expect(ids('gibt es nicht')).toEqual([]);
    expect(merkmalPasst(catalogue.merkmale.get('bevoelkerung')!, 'bevölkerung')).toBe(true);
  });
  test('the 14 age bands at once, in ascending order, only those offered at the level', () => {
    expect(altersgruppenIn(all)).toHaveLength(14);
    expect(altersgruppenIn(all)[0]).toBe('bev_0_2');
    expect(altersgruppenIn(all.filter((m) => m.id !== 'bev_0_2'))).toHaveLength(13);
    expect(altersgruppenIn(all.filter((m) => !m.id.startsWith('bev_')))).toEqual([]);
  });
});

describe('people without a Baublock (Einwohnerdaten tab)', () => {
  const z = { baublock: 19, gemeindeteil: 2, strasse: 1, ohne: 1 };
  test('a Baublock template names both: Gemeindeteil known and only the Stadt; a Gemeindeteil template only the latter; the Stadt holds all', () => {
    expect(ohneBaublock(z, 'baublock')).toEqual({ gemeindeteil: 3, stadt: 1 });
    expect(ohneBaublock(z, 'gemeindeteil')).toEqual({ gemeindeteil: 0, stadt: 1 });
    expect(ohneBaublock(z, 'stadt')).toBeNull();
    expect(ohneBaublock({ ...z, gemeindeteil: 0, strasse: 0, ohne: 0 }, 'baublock')).toBeNull();
    expect(ohneBaublock({ ...z, ohne: 0 }, 'gemeindeteil')).toBeNull();
  });
  test('in words, with the template that holds them', () => {
    expect(T.ew.ohneBaublock(3, 1, 'Baublock')).toBe(
      '4 Personen ohne Baublock stehen nicht in dieser Vorlage der Ebene Baublock, gehen aber nicht verloren: 3 (Gemeindeteil bekannt) in der Vorlage der Ebene Gemeindeteil, 1 (nur die Stadt bekannt) nur in der Vorlage der Ebene Stadt. Bitte auch diese Vorlage übernehmen und übermitteln.',
    );
    expect(T.ew.ohneBaublock(0, 1, 'Gemeindeteil')).toBe(
      '1 Person ohne Baublock steht nicht in dieser Vorlage der Ebene Gemeindeteil, geht aber nicht verloren: 1 (nur die Stadt bekannt) nur in der Vorlage der Ebene Stadt. Bitte auch diese Vorlage übernehmen und übermitteln.',
    );
  });
});
