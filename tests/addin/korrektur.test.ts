/**
 * The plan logic behind "nothing overwritten without asking": free sheet names, German dates and
 * numbers, actors by name, the server's values as a pre-fill, and a 409 as readable cells.
 */
import { actorName, conflictCells, freeSheetName, serverPrefill, sheetExists } from '../../addin/src/plans/korrektur';
import { AreaTree, deDateTime, deNumber, parseAreaExchange, standardCatalogue } from '../../shared';
import { buildTemplatePlan } from '../../addin/src/plans/template';
import { bodyRowOf, fillRuns } from '../../addin/src/plans/types';
import { WITTEN, testAreas } from '../server/helpers';

const tree = AreaTree.build(parseAreaExchange(testAreas()).areas);
const GT1 = `${WITTEN}-01`;
const GT2 = `${WITTEN}-02`;

test('a taken sheet name gets the first free " (n)", case-insensitive as in Excel, within 31 characters', () => {
  expect(freeSheetName('Kennzahlen', ['Tabelle1'])).toBe('Kennzahlen');
  expect(freeSheetName('Kennzahlen', ['kennzahlen'])).toBe('Kennzahlen (2)');
  expect(freeSheetName('Kennzahlen', ['Kennzahlen', 'Kennzahlen (2)'])).toBe('Kennzahlen (3)');
  const long = 'Erfassung Ennepe-Ruhr-Kreis 2024 Baublock';
  const first = freeSheetName(long, []);
  expect(first).toHaveLength(31);
  const second = freeSheetName(long, [first]);
  expect(second).toMatch(/ \(2\)$/);
  expect(second.length).toBeLessThanOrEqual(31);
  expect(sheetExists('KENNZAHLEN', ['Kennzahlen'])).toBe(true);
});

test('dates as "04.12.2026, 03:20 Uhr", numbers as 1.234,5', () => {
  expect(deDateTime(new Date(Date.UTC(2026, 11, 4, 2, 20)))).toBe('04.12.2026, 03:20 Uhr');
  expect(deDateTime('kein Datum')).toBe('kein Datum');
  expect(deNumber(1234.5)).toBe('1.234,5');
  expect(deNumber(1490)).toBe('1.490');
});

test('actors by name, never "kommune:05954036" or token numbers', () => {
  expect(actorName('kommune:05954036 (Token 10)', tree)).toBe(`Kommune ${tree.get(WITTEN)!.name}`);
  expect(actorName('kreis (Token 1)', tree)).toBe('Kreis');
  expect(actorName('Demodaten-Lader', tree)).toBe('Demodaten-Lader');
  expect(actorName('Import (Token 3)', tree)).toBe('Import');
  // the own token: "Sie", with its name if it has a real one (not the default role label)
  expect(actorName('kommune:05954036 (Token 10)', tree, { id: 10, name: 'Sachgebiet Statistik' })).toBe('Sie (Sachgebiet Statistik)');
  expect(actorName('kommune:05954036 (Token 10)', tree, { id: 10, name: 'kommune:05954036' })).toBe('Sie');
  expect(actorName('kommune:05954036 (Token 10)', tree, { id: 11, name: 'Sachgebiet Statistik' })).toBe(`Kommune ${tree.get(WITTEN)!.name}`);
});

test('the pre-fill takes only the template\'s areas and Merkmale', () => {
  const p = serverPrefill(
    [
      { area: GT1, variable: 'bevoelkerung', value: 2982 },
      { area: GT1, variable: 'lb_sgb2', value: 150 },
      { area: `${WITTEN}-01-001`, variable: 'bevoelkerung', value: 100 },
      { area: GT2, variable: 'bev_weiblich', value: 1500 },
    ],
    new Set([GT1, GT2]),
    ['bevoelkerung', 'bev_weiblich'],
  );
  expect(p.count).toBe(2);
  expect([...p.values].map(([a, m]) => [a, Object.fromEntries(m)])).toEqual([[GT1, { bevoelkerung: 2982 }], [GT2, { bev_weiblich: 1500 }]]);
});

test('a 409 becomes cells: names, the clerk\'s value from the sheet and the newest server value', () => {
  const dataset = {
    period: '2024',
    rows: [{ area: GT1, variable: 'bevoelkerung', value: 2982 }, { area: GT2, variable: 'bev_weiblich', value: 1510 }],
    cells: [{ row: 5, col: 2 }, { row: 6, col: 3 }],
  };
  const cells = conflictCells(
    {
      error: 'REVISION_VERALTET', message: '', currentRevision: 4,
      overlapping: [
        { area: GT2, variable: 'bev_weiblich', value: 1490, submissionId: 3 },
        { area: GT2, variable: 'bev_weiblich', value: 1495, submissionId: 4 },
        { area: GT1, variable: 'bev_maennlich', value: 7, submissionId: 4 },
      ],
    },
    dataset, tree, standardCatalogue(),
  );
  expect(cells).toEqual([
    { area: GT2, areaName: tree.get(GT2)!.name, variable: 'bev_weiblich', merkmalName: standardCatalogue().merkmale.get('bev_weiblich')!.name, mine: 1510, server: 1495, cell: { row: 6, col: 3 } },
    expect.objectContaining({ area: GT1, variable: 'bev_maennlich', mine: null, cell: null, server: 7 }),
  ]);
});

test('a template pre-filled from the server notes every pre-filled cell and only those', () => {
  const catalogue = standardCatalogue();
  const info = { sheet: 'Erfassung Witten 2024', period: '2024', stadt: WITTEN, ebene: 'gemeindeteil' as const, merkmale: ['bevoelkerung', 'bev_weiblich'], baseRevision: 1, catalogueVersion: catalogue.version };
  const areas = [GT1, GT2].map((c) => ({ code: c, name: tree.get(c)!.name, ebene: 'gemeindeteil' }));
  const { values } = serverPrefill([{ area: GT1, variable: 'bevoelkerung', value: 3000 }, { area: GT2, variable: 'bev_weiblich', value: 1000 }], new Set([GT1, GT2]), info.merkmale);
  const plan = buildTemplatePlan(info, areas, catalogue, 'Witten', values, 'Vorausgefüllt …', 'Wert vom Server (Stand 04.12.2026, 03:20 Uhr)');
  expect(plan.rows).toEqual([[GT1, tree.get(GT1)!.name, 3000, null], [GT2, tree.get(GT2)!.name, null, 1000]]);
  expect(plan.notes).toEqual([
    { row: 0, col: 2, text: 'Wert vom Server (Stand 04.12.2026, 03:20 Uhr)' },
    { row: 1, col: 3, text: 'Wert vom Server (Stand 04.12.2026, 03:20 Uhr)' },
  ]);
  expect(plan.header.some((l) => l[0] === 'Vorausgefüllt …')).toBe(true);
  // coloured: the pre-filled cells at their sheet position, and the legend line above the table
  const legend = plan.header.findIndex((l) => String(l[0]).startsWith('Hellgrün hinterlegt: Wert vom Server (Stand 04.12.2026, 03:20 Uhr)'));
  expect(legend).toBe(plan.header.length - 2);
  const body = bodyRowOf(plan);
  expect(plan.fills).toEqual([
    { row: legend, col: 0, fill: 'vorbelegt' },
    { row: body, col: 2, fill: 'vorbelegt' },
    { row: body + 1, col: 3, fill: 'vorbelegt' },
  ]);
  // the input rules still start at the first body row
  expect(plan.validations.every((v) => v.firstRow === body)).toBe(true);
  const plain = buildTemplatePlan(info, areas, catalogue, 'Witten', values, 'Einwohnerdaten');
  expect(plain.notes).toEqual([]);
  expect(plain.fills).toBeUndefined();
  expect(plain.header.some((l) => String(l[0]).startsWith('Hellgrün'))).toBe(false);
});

test('fills become runs of consecutive rows per column (one Excel range each)', () => {
  const f = (row: number, col: number) => ({ row, col, fill: 'vorbelegt' as const });
  expect(fillRuns([f(5, 2), f(3, 2), f(4, 2), f(7, 2), f(3, 3), f(0, 0), f(4, 2)])).toEqual([
    { row: 0, col: 0, rows: 1, fill: 'vorbelegt' },
    { row: 3, col: 2, rows: 3, fill: 'vorbelegt' },
    { row: 7, col: 2, rows: 1, fill: 'vorbelegt' },
    { row: 3, col: 3, rows: 1, fill: 'vorbelegt' },
  ]);
  expect(fillRuns([])).toEqual([]);
});
