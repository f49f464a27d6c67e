/**
 * An in-memory workbook behind the same interface: the task pane's browser preview (opened outside
 * Excel) and the end-to-end browser test use it. It keeps what Excel would keep (values, number
 * formats, notes, fills, validation rules, protection, charts) and enforces the parts a user meets
 * when typing: locked cells of a protected sheet and the whole-number validation with its stop alert.
 */
import { T } from '../texts';
import { CellMark, CellValue, ChartPlan, SheetPlan, WholeNumberRule, bodyRowOf, headerRowOf } from '../plans/types';
import { ExcelGateway, MARK_PREFIX, Progress, WorkbookSettings } from './gateway';
import { rowBatches } from '../plans/batches';

export interface MemorySheet {
  name: string;
  cells: CellValue[][];
  formats: Map<string, string>;
  notes: Map<string, string>;
  fills: Map<string, string>;
  validations: WholeNumberRule[];
  unlockedCols: Set<number>;
  bodyRow: number;
  protected: boolean;
  charts: ChartPlan[];
}

const key = (r: number, c: number) => `${r}:${c}`;

class MemorySettings implements WorkbookSettings {
  private readonly data = new Map<string, string>();
  saves = 0;
  get<T>(k: string): T | undefined {
    const v = this.data.get(k);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  set(k: string, value: unknown): void {
    this.data.set(k, JSON.stringify(value));
  }
  async save(): Promise<void> {
    this.saves++;
  }
}

export class MemoryGateway implements ExcelGateway {
  readonly kind = 'vorschau' as const;
  readonly settings = new MemorySettings();
  readonly hasComments = true;
  readonly sheets = new Map<string, MemorySheet>();
  active: string | null = null;
  selection: { sheet: string; row: number; col: number } | null = null;
  private listeners = new Set<() => void>();

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  async writeSheet(plan: SheetPlan, onProgress?: Progress): Promise<void> {
    const sheet: MemorySheet = {
      name: plan.sheet, cells: [], formats: new Map(), notes: new Map(), fills: new Map(), validations: plan.validations,
      unlockedCols: new Set(plan.columns.flatMap((c, i) => (c.input ? [i] : []))), bodyRow: bodyRowOf(plan), protected: plan.protect, charts: [],
    };
    plan.header.forEach((line) => sheet.cells.push([...line]));
    sheet.cells.push(plan.columns.map((c) => c.title));
    const formats = plan.columns.map((c) => c.numberFormat);
    // same batching as in Excel, so that progress behaves alike
    for (const b of rowBatches(plan.rows, formats)) {
      for (let i = b.start; i < b.start + b.count; i++) sheet.cells[bodyRowOf(plan) + i] = [...plan.rows[i]!];
      onProgress?.(b.start + b.count, plan.rows.length);
      await Promise.resolve();
    }
    formats.forEach((f, c) => sheet.formats.set(`col:${c}`, f));
    for (const r of plan.rowFormats ?? []) r.formats.forEach((f, i) => sheet.formats.set(key(bodyRowOf(plan) + i, r.col), f));
    for (const n of plan.notes) sheet.notes.set(key(bodyRowOf(plan) + n.row, n.col), n.text);
    for (const f of plan.fills ?? []) sheet.fills.set(key(f.row, f.col), f.fill);
    void headerRowOf;
    this.sheets.set(plan.sheet, sheet);
    this.active = plan.sheet;
    this.changed();
  }

  async readSheet(name: string): Promise<CellValue[][]> {
    const s = this.sheets.get(name);
    if (!s) throw new Error(T.blattFehlt(name));
    return s.cells.map((r) => r.map((v) => (v === undefined ? null : v)));
  }

  async applyMarks(name: string, marks: readonly CellMark[], previous: readonly CellMark[]): Promise<void> {
    const s = this.sheets.get(name);
    if (!s) throw new Error(T.blattFehlt(name));
    for (const m of previous) s.fills.delete(key(m.row, m.col));
    for (const [k, text] of [...s.notes]) if (text.startsWith(MARK_PREFIX)) s.notes.delete(k);
    for (const m of marks) {
      s.fills.set(key(m.row, m.col), m.severity);
      s.notes.set(key(m.row, m.col), MARK_PREFIX + m.text);
    }
    this.changed();
  }

  async selectCell(name: string, row: number, col: number): Promise<void> {
    this.active = name;
    this.selection = { sheet: name, row, col };
    this.changed();
  }

  async insertChart(plan: ChartPlan): Promise<void> {
    const s: MemorySheet = {
      name: plan.sheet, cells: [['', ...plan.series.map((x) => x.name)], ...plan.categories.map((c, i) => [c, ...plan.series.map((x) => x.values[i] ?? null)])],
      formats: new Map(), notes: new Map(), fills: new Map(), validations: [], unlockedCols: new Set(), bodyRow: 1, protected: false, charts: [plan],
    };
    this.sheets.set(plan.sheet, s);
    this.active = plan.sheet;
    this.changed();
  }

  /**
   * A plain sheet of values, as Excel holds a table the clerk opened or pasted (no formats, no
   * protection): the preview's "Tabelle einfügen" and the browser tests put source tables here.
   */
  putTable(name: string, cells: readonly (readonly CellValue[])[]): void {
    this.sheets.set(name, {
      name, cells: cells.map((r) => [...r]), formats: new Map(), notes: new Map(), fills: new Map(), validations: [],
      unlockedCols: new Set(), bodyRow: 0, protected: false, charts: [],
    });
    this.active = name;
    this.changed();
  }

  async writeCells(name: string, cells: readonly { row: number; col: number; value: CellValue }[]): Promise<void> {
    const s = this.sheets.get(name);
    if (!s) throw new Error(T.blattFehlt(name));
    for (const c of cells) {
      while (s.cells.length <= c.row) s.cells.push([]);
      s.cells[c.row]![c.col] = c.value;
    }
    this.changed();
  }

  async sheetNames(): Promise<string[]> {
    return [...this.sheets.keys()];
  }

  /**
   * A user typing into a cell, as Excel would take it: refused on locked cells of a protected sheet
   * and, where a validation rule applies, unless it is a whole number in range (Excel's stop alert).
   * Returns the German message of the refusal, or null when the value was taken.
   */
  editCell(name: string, row: number, col: number, input: string): string | null {
    const s = this.sheets.get(name);
    if (!s) return T.blattFehlt(name);
    if (s.protected && (row < s.bodyRow || !s.unlockedCols.has(col))) {
      return T.zelleGeschuetzt;
    }
    const text = input.trim();
    const rule = s.validations.find((v) => v.col === col && row >= v.firstRow && row < v.firstRow + v.rowCount);
    let value: CellValue = text === '' ? null : /^-?\d+([.,]\d+)?$/.test(text) ? Number(text.replace(',', '.')) : text;
    if (rule && value !== null) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) return `${rule.errorTitle}: ${rule.errorMessage}`;
    }
    if (typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
    while (s.cells.length <= row) s.cells.push([]);
    s.cells[row]![col] = value;
    this.changed();
    return null;
  }
}
