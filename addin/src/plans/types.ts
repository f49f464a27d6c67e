/**
 * Plans: pure data describing what the Excel layer writes. Built from API data by the functions in
 * this folder, executed by an ExcelGateway (Office.js or in-memory). Rows and columns are 0-based
 * sheet positions.
 */
export type CellValue = string | number | boolean | null;

export interface ColumnSpec {
  title: string;
  /** Excel number format code (invariant, e.g. "#,##0.0"; "@" = text, keeps leading zeros) */
  numberFormat: string;
  width?: number;
  /** input column of an entry template: unlocked, validated */
  input?: boolean;
}

export interface CellNote {
  row: number;
  col: number;
  text: string;
}

/** Excel data validation: a whole number between min and max, with input help and a stop alert. */
export interface WholeNumberRule {
  col: number;
  firstRow: number;
  rowCount: number;
  min: number;
  max: number;
  promptTitle: string;
  prompt: string;
  errorTitle: string;
  errorMessage: string;
}

export interface SheetPlan {
  sheet: string;
  /** lines above the table (title, source, definitions); first cell of each line, long text */
  header: CellValue[][];
  columns: ColumnSpec[];
  /** body rows, each as long as `columns` */
  rows: CellValue[][];
  /** notes on body cells (row/col relative to the body) */
  notes: CellNote[];
  validations: WholeNumberRule[];
  /** protect the sheet; only `input` columns of the body stay editable */
  protect: boolean;
  /** name of the Excel table over header row and body (letters, digits, _) */
  tableName?: string;
  /** cells with a background colour: pre-filled values and the legend line saying what the colour means */
  fills?: CellFill[];
  /**
   * Columns whose number format differs per body row (the long table's "Wert": each row's Kennzahl
   * has its own decimals): `formats[i]` for body row i, instead of the column's `numberFormat`.
   */
  rowFormats?: { col: number; formats: readonly string[] }[];
}

/** The number formats of body row `i`: the columns' formats with the plan's per-row overrides. */
export function formatsOfRow(plan: Pick<SheetPlan, 'columns' | 'rowFormats'>, i: number): string[] {
  const out = plan.columns.map((c) => c.numberFormat);
  for (const r of plan.rowFormats ?? []) out[r.col] = r.formats[i] ?? out[r.col]!;
  return out;
}

/**
 * A cell coloured by the plan, at its sheet position (0-based row and column, not relative to the
 * body: the legend above the table is coloured too). `fill` names a colour of FILL.
 */
export interface CellFill {
  row: number;
  col: number;
  fill: 'vorbelegt';
}

/**
 * Fills as runs of consecutive rows in one column with the same colour: one Excel range per run
 * instead of one per cell (a pre-filled column of 4.000 Baublöcke is one range).
 */
export function fillRuns(fills: readonly CellFill[]): { row: number; col: number; rows: number; fill: CellFill['fill'] }[] {
  const sorted = [...fills].sort((a, b) => a.col - b.col || a.row - b.row);
  const runs: { row: number; col: number; rows: number; fill: CellFill['fill'] }[] = [];
  for (const f of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.col === f.col && last.fill === f.fill && last.row + last.rows === f.row) last.rows++;
    else if (!(last && last.col === f.col && f.row < last.row + last.rows)) runs.push({ row: f.row, col: f.col, rows: 1, fill: f.fill });
  }
  return runs;
}

/** Row of the table header: directly below the header lines. */
export const headerRowOf = (plan: Pick<SheetPlan, 'header'>): number => plan.header.length;
/** First body row. */
export const bodyRowOf = (plan: Pick<SheetPlan, 'header'>): number => plan.header.length + 1;

/** A mark left by a check on a cell of an entry sheet. */
export interface CellMark {
  row: number;
  col: number;
  severity: 'fehler' | 'warnung';
  text: string;
}

export interface ChartPlan {
  /** sheet receiving the chart data block and the chart */
  sheet: string;
  kind: 'balken' | 'linie';
  title: string;
  /** axis categories (area names for bars, years for lines) */
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  numberFormat: string;
}

export const FILL = { fehler: '#FFC7CE', warnung: '#FFEB9C', geschuetzt: '#EDEDED', kopf: '#DDEBF7', vorbelegt: '#E2EFDA' } as const;

/** "A1" style address of a 0-based cell. */
export function cellAddress(row: number, col: number): string {
  let c = col + 1;
  let letters = '';
  while (c > 0) {
    const r = (c - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    c = Math.floor((c - 1) / 26);
  }
  return `${letters}${row + 1}`;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  return (cleaned || 'Blatt').slice(0, 31);
}
