/**
 * Findings grouped by severity and kind ("Fehler: 230 × Gebiet unbekannt"), errors first, then the
 * larger groups, each in the order found. One grouping for the add-in's list and sheet and the CLI's
 * `pruefen` output: a long list reads as a few kinds of problem, not as thousands of lines.
 */
import { deNumber } from '../types';
import { FINDING_KIND, Finding } from './validate';

/** "Fehler" / "Warnung", written out. */
export const severityWord = (s: Finding['severity']): string => (s === 'fehler' ? 'Fehler' : 'Warnung');

export interface Group<T> {
  severity: Finding['severity'];
  code: Finding['code'];
  /** "Fehler: 230 × Gebiet unbekannt" */
  title: string;
  items: T[];
}

/** `finding(item)`: the finding an item stands for (the item may carry more, e.g. its cell). */
export function groupFindings<T>(items: readonly T[], finding: (item: T) => Pick<Finding, 'severity' | 'code'>): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const it of items) {
    const f = finding(it);
    const key = `${f.severity}\u0000${f.code}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { severity: f.severity, code: f.code, title: '', items: [] }));
    g.items.push(it);
  }
  const list = [...groups.values()];
  for (const g of list) g.title = `${severityWord(g.severity)}: ${deNumber(g.items.length)} × ${FINDING_KIND[g.code] ?? g.code}`;
  const order = (g: Group<T>) => (g.severity === 'fehler' ? 0 : 1);
  return list.sort((a, b) => order(a) - order(b) || b.items.length - a.items.length);
}
