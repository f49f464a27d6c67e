/**
 * Nothing overwritten without asking, corrections not made blind: free sheet names ("Kennzahlen (2)"),
 * the server's current values as a template's pre-fill, and a 409 conflict as cells the clerk can read
 * (area and Merkmal by name, the clerk's value next to the server's). Pure functions; the panels ask,
 * the gateway writes.
 */
import type { AreaTree, Catalogue } from '../../../shared';
import type { Conflict } from '../api/client';
import type { EntryDataset } from './entry';
import type { InitialValues } from './template';
import { safeSheetName } from './types';

/** What the clerk chose for a sheet name that exists already. */
export type SheetChoice = 'ersetzen' | 'neu' | 'abbrechen';

/** Excel compares sheet names without regard to case. */
export const sameSheet = (a: string, b: string): boolean => a.toLocaleLowerCase('de-DE') === b.toLocaleLowerCase('de-DE');

export function sheetExists(name: string, existing: readonly string[]): boolean {
  return existing.some((e) => sameSheet(e, name));
}

/** The first of "Name", "Name (2)", "Name (3)" … that is not taken, shortened to Excel's 31 characters. */
export function freeSheetName(wished: string, existing: readonly string[]): string {
  const base = safeSheetName(wished);
  if (!sheetExists(base, existing)) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${base.slice(0, 31 - suffix.length).trimEnd()}${suffix}`;
    if (!sheetExists(name, existing)) return name;
  }
}

/**
 * Who sent a submission, in words: the server names actors "kreis (Token 1)" or
 * "kommune:05954036 (Token 10)"; the clerk reads "Kreis" or "Kommune Witten", and "Sie" (with the
 * token's name, if it has a real one) for submissions made with the own token (`me` from /api/whoami).
 */
export function actorName(submittedBy: string, tree: AreaTree, me?: { id: number; name: string | null }): string {
  const token = /\(Token (\d+)\)/.exec(submittedBy);
  if (me && token && Number(token[1]) === me.id) {
    return me.name && !/^(kreis|leser|kommune:\d{8})\b/.test(me.name) ? `Sie (${me.name})` : 'Sie';
  }
  const m = /^\s*(kreis|leser|kommune:(\d{8}))\b/.exec(submittedBy);
  if (!m) return submittedBy.replace(/\s*\(Token \d+\)/g, '').trim() || 'unbekannt';
  if (m[1] === 'kreis') return 'Kreis';
  if (m[1] === 'leser') return 'Lesezugriff';
  return `Kommune ${tree.get(m[2]!)?.name ?? m[2]}`;
}

/**
 * The server's current values for a new template's cells: only areas of the template (the Stadt's areas
 * at its level) and its Merkmale. `count` is the number of cells that get a value.
 */
export function serverPrefill(
  rows: readonly { area: string; variable: string; value: number }[],
  areas: ReadonlySet<string>,
  merkmale: readonly string[],
): { values: InitialValues; count: number } {
  const wanted = new Set(merkmale);
  const values = new Map<string, Map<string, number>>();
  let count = 0;
  for (const r of rows) {
    if (!areas.has(r.area) || !wanted.has(r.variable) || typeof r.value !== 'number') continue;
    let m = values.get(r.area);
    if (!m) values.set(r.area, (m = new Map()));
    if (!m.has(r.variable)) count++;
    m.set(r.variable, r.value);
  }
  return { values, count };
}

export interface ConflictCell {
  area: string;
  areaName: string;
  variable: string;
  merkmalName: string;
  /** the clerk's value in the sheet (null: the cell is empty now) */
  mine: number | string | null;
  server: number;
  /** sheet cell of the clerk's value, if the sheet has it */
  cell: { row: number; col: number } | null;
}

/**
 * The overlapping rows of a 409 as cells: the latest server value per area and Merkmal (changes come
 * newest first or oldest first; the highest submission id wins), with the clerk's value from the sheet.
 */
export function conflictCells(conflict: Conflict, dataset: EntryDataset, tree: AreaTree, catalogue: Catalogue): ConflictCell[] {
  const latest = new Map<string, { area: string; variable: string; value: number; submissionId: number }>();
  for (const o of conflict.overlapping ?? []) {
    const k = `${o.area}\u0000${o.variable}`;
    const prior = latest.get(k);
    if (!prior || o.submissionId >= prior.submissionId) latest.set(k, o);
  }
  const mineAt = new Map<string, number>();
  dataset.rows.forEach((r, i) => mineAt.set(`${r.area}\u0000${r.variable}`, i));
  return [...latest.values()].map((o) => {
    const i = mineAt.get(`${o.area}\u0000${o.variable}`);
    const mine = i === undefined ? null : (dataset.rows[i]!.value as number | string);
    return {
      area: o.area,
      areaName: tree.get(o.area)?.name ?? o.area,
      variable: o.variable,
      merkmalName: catalogue.merkmal(o.variable)?.name ?? o.variable,
      mine: typeof mine === 'number' || typeof mine === 'string' ? mine : null,
      server: o.value,
      cell: i === undefined ? null : dataset.cells[i]!,
    };
  });
}
