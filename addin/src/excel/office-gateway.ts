/**
 * ExcelGateway on Office.js. Minimum requirement set ExcelApi 1.8 (data validation); comments
 * (ExcelApi 1.10) are used when `isSetSupported` says they exist. Large bodies are written in batches
 * (see plans/batches.ts), one `context.sync()` each, well under Excel's 5 MB request limit.
 * No enums of the Excel namespace are used (string literals instead), so the layer runs against
 * office-addin-mock in tests.
 */
import { T } from '../texts';
import { rowBatches, DEFAULT_BATCH_BYTES, chunk } from '../plans/batches';
import { datumAlsText } from '../plans/excel-datum';
import { CellMark, CellValue, ChartPlan, FILL, SheetPlan, bodyRowOf, cellAddress, fillRuns, formatsOfRow, headerRowOf } from '../plans/types';
import { ExcelGateway, MARK_PREFIX, Progress, WorkbookSettings } from './gateway';

export interface OfficeDeps {
  run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  settings: Office.Settings;
  isSetSupported: (name: string, version: string) => boolean;
  batchBytes?: number;
}

const COMMENTS_PER_SYNC = 200;
/** coloured ranges set per sync (a template pre-filled in scattered cells can have thousands) */
const FILLS_PER_SYNC = 500;

class OfficeSettings implements WorkbookSettings {
  constructor(private readonly s: Office.Settings) {}
  get<T>(key: string): T | undefined {
    const v = this.s.get(key) as T | null | undefined;
    return v === null ? undefined : v;
  }
  set(key: string, value: unknown): void {
    this.s.set(key, value);
  }
  save(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.s.saveAsync((r) => ((r.status as unknown as string) === 'succeeded' ? resolve() : reject(new Error(T.einstellungenNichtGespeichert(r.error?.message ?? 'unbekannt'))))),
    );
  }
}

export class OfficeGateway implements ExcelGateway {
  readonly kind = 'office' as const;
  readonly settings: WorkbookSettings;
  readonly hasComments: boolean;
  private readonly batchBytes: number;

  constructor(private readonly deps: OfficeDeps) {
    this.settings = new OfficeSettings(deps.settings);
    this.hasComments = deps.isSetSupported('ExcelApi', '1.10');
    this.batchBytes = deps.batchBytes ?? DEFAULT_BATCH_BYTES;
  }

  async writeSheet(plan: SheetPlan, onProgress?: Progress): Promise<void> {
    const ncol = plan.columns.length;
    const formats = plan.columns.map((c) => c.numberFormat);
    const batches = rowBatches(plan.rows, formats, this.batchBytes);
    await this.deps.run(async (ctx) => {
      const ws = await this.freshSheet(ctx, plan.sheet);
      plan.header.forEach((line, i) => {
        const r = ws.getRangeByIndexes(i, 0, 1, line.length);
        r.values = [line as (string | number | boolean)[]];
        if (i === 0) r.format.font.bold = true;
      });
      const head = ws.getRangeByIndexes(headerRowOf(plan), 0, 1, ncol);
      head.numberFormat = [plan.columns.map(() => '@')];
      head.values = [plan.columns.map((c) => c.title)];
      head.format.font.bold = true;
      head.format.fill.color = FILL.kopf;
      plan.columns.forEach((c, i) => {
        if (c.width) ws.getRangeByIndexes(headerRowOf(plan), i, 1, 1).format.columnWidth = c.width * 7;
      });
      await ctx.sync();
      let done = 0;
      for (const b of batches) {
        const range = ws.getRangeByIndexes(bodyRowOf(plan) + b.start, 0, b.count, ncol);
        // formats first: "@" keeps codes like 05954 as text when the values arrive
        range.numberFormat = plan.rowFormats?.length ? Array.from({ length: b.count }, (_, i) => formatsOfRow(plan, b.start + i)) : Array.from({ length: b.count }, () => formats);
        range.values = plan.rows.slice(b.start, b.start + b.count) as (string | number | boolean)[][];
        await ctx.sync();
        done += b.count;
        onProgress?.(done, plan.rows.length);
      }
      if (plan.tableName && plan.rows.length) {
        const table = ws.tables.add(`${cellAddress(headerRowOf(plan), 0)}:${cellAddress(bodyRowOf(plan) + plan.rows.length - 1, ncol - 1)}`, true);
        table.name = plan.tableName;
      }
      for (const v of plan.validations) {
        const range = ws.getRangeByIndexes(v.firstRow, v.col, Math.max(1, v.rowCount), 1);
        range.dataValidation.clear();
        range.dataValidation.rule = { wholeNumber: { formula1: v.min, formula2: v.max, operator: 'Between' } };
        range.dataValidation.prompt = { showPrompt: true, title: v.promptTitle, message: v.prompt };
        range.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: v.errorTitle, message: v.errorMessage };
      }
      // coloured cells (pre-filled values; the legend is the header line above the Merkmal names) as runs, one range per column stretch;
      // before the protection, which refuses format changes
      for (const part of chunk(fillRuns(plan.fills ?? []), FILLS_PER_SYNC)) {
        for (const f of part) ws.getRangeByIndexes(f.row, f.col, f.rows, 1).format.fill.color = FILL[f.fill];
        await ctx.sync();
      }
      if (plan.protect && plan.rows.length) {
        plan.columns.forEach((c, i) => {
          const col = ws.getRangeByIndexes(bodyRowOf(plan), i, plan.rows.length, 1);
          if (c.input) col.format.protection.locked = false;
          else col.format.fill.color = FILL.geschuetzt;
        });
        ws.protection.protect({ allowFormatColumns: true, allowAutoFilter: true, allowSort: false });
      }
      ws.freezePanes.freezeRows(bodyRowOf(plan));
      ws.activate();
      await ctx.sync();
      if (this.hasComments && plan.notes.length) {
        for (const part of chunk(plan.notes, COMMENTS_PER_SYNC)) {
          for (const n of part) ctx.workbook.comments.add(`'${plan.sheet}'!${cellAddress(bodyRowOf(plan) + n.row, n.col)}`, n.text);
          await ctx.sync();
        }
      }
    });
  }

  /** The sheet emptied for a rewrite (tables, comments, contents, formats, protection), or a new one. */
  private async freshSheet(ctx: Excel.RequestContext, name: string): Promise<Excel.Worksheet> {
    const existing = ctx.workbook.worksheets.getItemOrNullObject(name);
    await ctx.sync();
    if (existing.isNullObject) return ctx.workbook.worksheets.add(name);
    existing.protection.unprotect();
    existing.tables.load('items');
    existing.charts.load('items');
    if (this.hasComments) existing.comments.load('items');
    await ctx.sync();
    for (const t of existing.tables.items) t.delete();
    for (const c of existing.charts.items) c.delete();
    if (this.hasComments) for (const c of existing.comments.items) c.delete();
    existing.getRange().clear('All');
    existing.getRange().dataValidation.clear();
    existing.getRange().format.protection.locked = true;
    return existing;
  }

  async readSheet(sheet: string, opts: { datumAlsText?: boolean } = {}): Promise<CellValue[][]> {
    return this.deps.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
      await ctx.sync();
      if (ws.isNullObject) throw new Error(T.blattFehlt(sheet));
      const used = ws.getUsedRange(true);
      // the shown text only when asked: it doubles what Excel hands over
      used.load(opts.datumAlsText ? ['values', 'text', 'rowIndex', 'columnIndex'] : ['values', 'rowIndex', 'columnIndex']);
      await ctx.sync();
      const values = opts.datumAlsText ? datumAlsText(used.values as CellValue[][], used.text as string[][]) : (used.values as CellValue[][]);
      // pad to start at A1, so that row and column indices are sheet positions
      const pad = (n: number) => Array.from({ length: n }, () => '' as CellValue);
      const rows: CellValue[][] = Array.from({ length: used.rowIndex }, () => []);
      for (const r of values) rows.push([...pad(used.columnIndex), ...r]);
      return rows;
    });
  }

  async applyMarks(sheet: string, marks: readonly CellMark[], previous: readonly CellMark[]): Promise<void> {
    await this.deps.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.protection.load('protected');
      if (this.hasComments) ws.comments.load('items');
      await ctx.sync();
      const wasProtected = ws.protection.protected;
      if (wasProtected) ws.protection.unprotect();
      for (const m of previous) ws.getRangeByIndexes(m.row, m.col, 1, 1).format.fill.clear();
      if (this.hasComments) for (const c of ws.comments.items) if (c.content.startsWith(MARK_PREFIX)) c.delete();
      for (const m of marks) {
        ws.getRangeByIndexes(m.row, m.col, 1, 1).format.fill.color = m.severity === 'fehler' ? FILL.fehler : FILL.warnung;
      }
      await ctx.sync();
      if (this.hasComments) {
        for (const part of chunk(marks, COMMENTS_PER_SYNC)) {
          for (const m of part) ctx.workbook.comments.add(`'${sheet}'!${cellAddress(m.row, m.col)}`, MARK_PREFIX + m.text);
          await ctx.sync();
        }
      }
      if (wasProtected) ws.protection.protect({ allowFormatColumns: true, allowAutoFilter: true, allowSort: false });
      await ctx.sync();
    });
  }

  async selectCell(sheet: string, row: number, col: number): Promise<void> {
    await this.deps.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRangeByIndexes(row, col, 1, 1).select();
      await ctx.sync();
    });
  }

  async insertChart(plan: ChartPlan): Promise<void> {
    await this.deps.run(async (ctx) => {
      const ws = await this.freshSheet(ctx, plan.sheet);
      const ncol = plan.series.length + 1;
      const data: CellValue[][] = [['', ...plan.series.map((s) => s.name)], ...plan.categories.map((c, i) => [c, ...plan.series.map((s) => s.values[i] ?? null)])];
      const range = ws.getRangeByIndexes(0, 0, data.length, ncol);
      range.numberFormat = data.map((_, i) => [i === 0 ? '@' : '@', ...plan.series.map(() => (i === 0 ? '@' : plan.numberFormat))]);
      // null leaves a cell empty: a gap in the chart, never a 0
      range.values = data as (string | number | boolean)[][];
      const chart = ws.charts.add(plan.kind === 'balken' ? 'BarClustered' : 'Line', range, 'Columns');
      chart.title.text = plan.title;
      chart.setPosition(cellAddress(0, ncol + 1));
      ws.activate();
      await ctx.sync();
    });
  }

  async writeCells(sheet: string, cells: readonly { row: number; col: number; value: CellValue }[]): Promise<void> {
    await this.deps.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
      await ctx.sync();
      if (ws.isNullObject) throw new Error(T.blattFehlt(sheet));
      ws.protection.load('protected');
      await ctx.sync();
      const wasProtected = ws.protection.protected;
      if (wasProtected) ws.protection.unprotect();
      for (const c of cells) ws.getRangeByIndexes(c.row, c.col, 1, 1).values = [[(c.value ?? '') as string | number | boolean]];
      if (wasProtected) ws.protection.protect({ allowFormatColumns: true, allowAutoFilter: true, allowSort: false });
      await ctx.sync();
    });
  }

  async sheetNames(): Promise<string[]> {
    return this.deps.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load('items');
      await ctx.sync();
      return sheets.items.map((s) => s.name);
    });
  }
}
