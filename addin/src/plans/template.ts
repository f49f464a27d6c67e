/**
 * Entry templates: one row per area of the clerk's own Stadt at a chosen level, one column per chosen
 * Merkmal. The header row carries the Merkmal ids (what the check and the submission read back); the
 * line above carries their names. Excel's own data validation comes from the catalogue (whole number
 * from 0 to the Merkmal's plausible maximum), with the definition as input help. Code and name columns
 * are locked; the sheet is protected without password (against slips, not against intent).
 * Input cells start empty, or pre-filled from counts made in the task pane (Einwohnerdaten tab).
 */
import type { Catalogue, Ebene, Merkmal } from '../../../shared';
import { ebeneDepth } from '../../../shared/types';
import { T } from '../texts';
import type { AreaInfo } from './pull';
import { CellFill, CellValue, ColumnSpec, SheetPlan, WholeNumberRule, bodyRowOf, safeSheetName } from './types';

/** What the workbook remembers about a template (to read it back and submit it). */
export interface TemplateInfo {
  sheet: string;
  period: string;
  /** the Stadt (Meldebereich) */
  stadt: string;
  ebene: Ebene;
  merkmale: string[];
  /** server revision of the Meldebereich when the template was made (or last submitted) */
  baseRevision: number;
  catalogueVersion: string;
}

/** Merkmale that can be entered at a level: those delivered down to that level or finer. */
export function merkmaleForLevel(catalogue: Catalogue, ebene: Ebene): Merkmal[] {
  return [...catalogue.merkmale.values()].filter((m) => ebeneDepth(m.tiefsteEbene) >= ebeneDepth(ebene));
}

/** Values to pre-fill, by area code and Merkmal id. */
export type InitialValues = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * `initial`: counts to pre-fill. A cell gets a value only if its area is a row of the template and its
 * Merkmal a column; everything else in `initial` is not written (templateValues in einwohner.ts says
 * which and why). Cells without a value stay empty: empty is "not reported", never 0.
 */
export function buildTemplatePlan(
  info: TemplateInfo,
  areas: readonly AreaInfo[],
  catalogue: Catalogue,
  stadtName: string,
  initial?: InitialValues,
  /** where pre-filled values came from: one more header line */
  herkunft?: string,
  /** a note on every pre-filled cell (values from the server: "Wert vom Server (Stand …)") */
  initialNote?: string,
): SheetPlan {
  const merkmale = info.merkmale.map((id) => {
    // catalogue.merkmal, not merkmale.get: age bands in other cuts (bev_alter_30_34) are Merkmale too,
    // with their name, maximum and level from the catalogue's bands
    const m = catalogue.merkmal(id);
    if (!m) throw new Error(T.keinMerkmal(id, catalogue.version));
    if (ebeneDepth(m.tiefsteEbene) < ebeneDepth(info.ebene)) {
      throw new Error(T.merkmalZuFein(m.name, m.tiefsteEbene, info.ebene));
    }
    return m;
  });
  const header: CellValue[][] = [
    [T.vorlageTitel(stadtName, info.period)],
    [T.vorlageInfo(catalogue.version, info.baseRevision)],
    ...(herkunft ? [[herkunft]] : []),
    ['', '', ...merkmale.map((m) => `${m.name} (${m.einheit})`)],
  ];
  const columns: ColumnSpec[] = [
    { title: T.spalte.code, numberFormat: '@', width: 18 },
    { title: T.spalte.gebiet, numberFormat: '@', width: 28 },
    ...merkmale.map((m) => ({ title: m.id, numberFormat: '#,##0', width: 16, input: true })),
  ];
  const rows = [...areas]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => [a.code, a.name, ...merkmale.map((m) => initial?.get(a.code)?.get(m.id) ?? null)] as CellValue[]);
  const first = bodyRowOf({ header });
  const validations: WholeNumberRule[] = merkmale.map((m, i) => ({
    col: 2 + i,
    firstRow: first,
    rowCount: rows.length,
    min: 0,
    max: m.maximum,
    promptTitle: T.eingabeTitel(m.name),
    prompt: T.eingabeHilfe(m.definition, m.maximum, m.einheit),
    errorTitle: T.eingabeFehlerTitel,
    errorMessage: T.eingabeFehler(m.name, m.maximum),
  }));
  const notes = initialNote
    ? rows.flatMap((r, row) => r.flatMap((v, col) => (col >= 2 && v !== null ? [{ row, col, text: initialNote }] : [])))
    : [];
  if (!notes.length) return { sheet: safeSheetName(info.sheet), header, columns, rows, notes, validations, protect: true };
  // pre-filled cells are coloured, and a legend line above the table (its first cell in the same
  // colour) says what the colour means: the clerk sees at a glance what came from elsewhere
  const legend = header.length - 1;
  const withLegend = [...header.slice(0, legend), [T.legendeVorbelegt(initialNote!)], header[legend]!];
  const body = bodyRowOf({ header: withLegend });
  const fills: CellFill[] = [{ row: legend, col: 0, fill: 'vorbelegt' }, ...notes.map((n) => ({ row: body + n.row, col: n.col, fill: 'vorbelegt' as const }))];
  const moved = validations.map((v) => ({ ...v, firstRow: body }));
  return { sheet: safeSheetName(info.sheet), header: withLegend, columns, rows, notes, validations: moved, protect: true, fills };
}
