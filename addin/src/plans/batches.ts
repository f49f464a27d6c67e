/**
 * Splitting a large write into batches under Excel's request payload limit. Excel on the web rejects
 * a request above 5 MB; values and number formats of a batch travel in one request, so the estimate
 * counts both as JSON. The default target (1 MB) stays well under the limit even if the estimate is
 * off by a factor of several.
 */
import { T } from '../texts';
import type { CellValue } from './types';

export const EXCEL_PAYLOAD_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_BATCH_BYTES = 1024 * 1024;

export interface RowBatch {
  /** index of the first row of the batch within the rows */
  start: number;
  count: number;
  bytes: number;
}

const rowBytes = (row: readonly CellValue[], formats: readonly string[]): number =>
  JSON.stringify(row).length + JSON.stringify(formats).length + 8;

export function rowBatches(rows: readonly (readonly CellValue[])[], formats: readonly string[], maxBytes = DEFAULT_BATCH_BYTES): RowBatch[] {
  const batches: RowBatch[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const b = rowBytes(rows[i]!, formats);
    if (b > maxBytes) throw new Error(T.zeileZuGross(i + 1, maxBytes));
    if (bytes + b > maxBytes && i > start) {
      batches.push({ start, count: i - start, bytes });
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  if (rows.length > start) batches.push({ start, count: rows.length - start, bytes });
  return batches;
}

/** Splits a list into chunks (e.g. area codes for query strings of bounded length). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
