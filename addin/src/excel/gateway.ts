/**
 * The one boundary to Excel. Everything above it (plans, API client, React) is plain TypeScript and
 * receives a gateway; only the implementations in this folder touch Office.js.
 */
import { T } from '../texts';
import type { CellMark, CellValue, ChartPlan, SheetPlan } from '../plans/types';

export type Progress = (done: number, total: number) => void;

/** Settings stored inside the workbook file (Office document settings). Never put tokens here. */
export interface WorkbookSettings {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  save(): Promise<void>;
}

export interface ExcelGateway {
  /** "office" inside Excel, "vorschau" for the in-memory browser preview */
  readonly kind: 'office' | 'vorschau';
  readonly settings: WorkbookSettings;
  /** cell comments exist (ExcelApi 1.10); without them reasons live in the "Hinweise" column only */
  readonly hasComments: boolean;
  /** writes a sheet plan, replacing what the sheet held before (refresh in place) */
  writeSheet(plan: SheetPlan, onProgress?: Progress): Promise<void>;
  /**
   * the used range of a sheet as values (top-left is A1); with `datumAlsText` a cell Excel shows as a
   * date is its date as text (TT.MM.JJJJ), not its serial number (see plans/excel-datum.ts)
   */
  readSheet(sheet: string, opts?: { datumAlsText?: boolean }): Promise<CellValue[][]>;
  /** removes the previous check's marks and sets new ones */
  applyMarks(sheet: string, marks: readonly CellMark[], previous: readonly CellMark[]): Promise<void>;
  selectCell(sheet: string, row: number, col: number): Promise<void>;
  insertChart(plan: ChartPlan): Promise<void>;
  sheetNames(): Promise<string[]>;
  /**
   * Writes single values into cells of an existing sheet (values taken from the server after a
   * conflict); a protected sheet is unprotected for it and protected again. Nothing else is touched.
   */
  writeCells(sheet: string, cells: readonly { row: number; col: number; value: CellValue }[]): Promise<void>;
}

/** Prefix of every comment the check writes; it finds and removes its own comments by it. */
export const MARK_PREFIX = T.markierung;
