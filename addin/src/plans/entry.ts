/**
 * Reading an entry sheet back: from the cell values to the dataset the shared validation and the
 * server take, remembering which cell each value came from. Then findings become cell marks.
 */
import type { AreaTree, BaseValues, Catalogue, Finding, Role } from '../../../shared';
import { deNumber } from '../../../shared/types';
import { FINDING_KIND, validateDataset } from '../../../shared/validation/validate';
import { Group, groupFindings as groupShared, severityWord } from '../../../shared/validation/group';
import { T } from '../texts';
import type { TemplateInfo } from './template';
import { CellMark, CellValue, SheetPlan, cellAddress } from './types';

export interface EntryDataset {
  period: string;
  rows: { area: string; variable: string; value: unknown }[];
  /** sheet cell of each row */
  cells: { row: number; col: number }[];
}

/** Finds the header row (the one with "Gebietscode" in column A) and reads every non-empty input cell. */
export function readEntrySheet(values: readonly (readonly CellValue[])[], info: TemplateInfo): EntryDataset {
  const headerRow = values.findIndex((r) => String(r[0] ?? '').trim() === T.spalte.code);
  if (headerRow < 0) throw new Error(T.kopfFehlt(info.sheet));
  const header = values[headerRow]!;
  const cols: { col: number; variable: string }[] = [];
  header.forEach((h, col) => {
    if (col >= 2 && typeof h === 'string' && h.trim()) cols.push({ col, variable: h.trim() });
  });
  const out: EntryDataset = { period: info.period, rows: [], cells: [] };
  for (let row = headerRow + 1; row < values.length; row++) {
    const line = values[row]!;
    const area = String(line[0] ?? '').trim();
    if (!area) continue;
    for (const { col, variable } of cols) {
      const v = line[col];
      if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
      // Excel hands numbers as numbers; text stays text so that the validation names it exactly.
      out.rows.push({ area, variable, value: typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v });
      out.cells.push({ row, col });
    }
  }
  return out;
}

export interface CheckResult {
  ok: boolean;
  marks: CellMark[];
  /** every finding with the cell it points to (if any), for the list in the pane */
  items: { finding: Finding; cell: { row: number; col: number } | null; address: string | null }[];
  errors: number;
  warnings: number;
  rowsOk: number;
}

/**
 * `ctx.context`: values the server already holds for the Stadt (GET /api/values), so that the check
 * finds what the server would find across stored and new values (a Gemeindeteil below its Baublöcke).
 * `ctx.vorjahr`: the Stadt's values of the previous year, so that the clerk sees the server's
 * warnings VORJAHR_SPRUNG before sending.
 */
export function checkEntry(dataset: EntryDataset, ctx: { catalogue: Catalogue; tree: AreaTree; submitter: Role; context?: BaseValues; vorjahr?: BaseValues }): CheckResult {
  const result = validateDataset({ period: dataset.period, rows: dataset.rows }, ctx);
  const items: CheckResult['items'] = [];
  const marks = new Map<string, CellMark>();
  for (const f of [...result.errors, ...result.warnings]) {
    const cell = f.row !== null ? (dataset.cells[f.row] ?? null) : null;
    items.push({ finding: f, cell, address: cell ? cellAddress(cell.row, cell.col) : null });
    if (!cell) continue;
    const key = `${cell.row}:${cell.col}`;
    const prior = marks.get(key);
    // one mark per cell: an error outranks a warning; texts of several findings are joined
    marks.set(key, {
      row: cell.row,
      col: cell.col,
      severity: prior?.severity === 'fehler' || f.severity === 'fehler' ? 'fehler' : 'warnung',
      text: prior ? `${prior.text}\n${f.detail}` : f.detail,
    });
  }
  return { ok: result.ok, marks: [...marks.values()], items, errors: result.errorCount, warnings: result.warningCount, rowsOk: result.validRows.length };
}

export type CheckItem = CheckResult['items'][number];

/** Findings of one kind and severity, for the list in the pane. */
export type FindingGroup = Group<CheckItem>;

export { severityWord };

/** The check's findings grouped by severity and kind (the shared grouping, also used by the CLI). */
export function groupFindings(items: readonly CheckItem[]): FindingGroup[] {
  return groupShared(items, (it) => it.finding);
}

/** Every finding of a check as a sheet (one line each), so that a long list can be worked through in Excel. */
export function findingsSheetPlan(sheet: string, checkedSheet: string, items: readonly CheckItem[]): SheetPlan {
  const rows: CellValue[][] = [];
  for (const g of groupFindings(items)) {
    for (const it of g.items) rows.push([severityWord(g.severity), FINDING_KIND[g.code] ?? g.code, it.address ?? '', it.finding.detail, g.code]);
  }
  return {
    sheet,
    header: [[`Befunde der Prüfung von „${checkedSheet}“: ${deNumber(items.length)}`]],
    columns: [
      { title: 'Schwere', numberFormat: '@', width: 10 },
      { title: 'Art', numberFormat: '@', width: 32 },
      { title: 'Zelle', numberFormat: '@', width: 8 },
      { title: 'Befund', numberFormat: '@', width: 100 },
      { title: 'Code', numberFormat: '@', width: 28 },
    ],
    rows,
    notes: [],
    validations: [],
    protect: false,
  };
}

/** The body for POST /api/submissions. */
export function submissionBody(dataset: EntryDataset, baseRevision: number): { period: string; baseRevision: number; rows: EntryDataset['rows'] } {
  return { period: dataset.period, baseRevision, rows: dataset.rows };
}

/**
 * How many errors a refused submission (403/422) has: the server lists at most 200 findings per
 * severity and counts all in `errorCount`; an answer without it (an older server) counts the list.
 */
export function rejectedErrorCount(body: { errorCount?: unknown; errors?: unknown } | null | undefined): number {
  if (typeof body?.errorCount === 'number' && Number.isInteger(body.errorCount) && body.errorCount >= 0) return body.errorCount;
  return Array.isArray(body?.errors) ? body.errors.length : 0;
}
