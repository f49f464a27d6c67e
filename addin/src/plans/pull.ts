/**
 * The table of a pull: one row per area and year with one column per Kennzahl (or the long format:
 * one row per area, year and Kennzahl). Values without a number get a statistical sign and their
 * reason (column "Hinweise" and a note on the cell): "." for suppressed or unknown values, "x" where
 * a value makes no sense (denominator 0, level too fine). A suppressed value carries no reason (the
 * server sends none, so that all look alike); a raw value that readers get as "." carries the
 * reason the server sends to the Kreis or the own Kommune (`geheimhaltung`).
 */
import type { Catalogue, Kennzahl } from '../../../shared';
import { type Zahlenformat, excelFormat, nachkommastellenOf } from '../../../shared/format/zahlen';
import { EBENE_TEXT, T } from '../texts';
import { CellNote, CellValue, ColumnSpec, SheetPlan, safeSheetName } from './types';

/** One computed Kennzahl as /api/indicators returns it (with the disclosure-control fields). */
export interface IndicatorRow {
  area: string;
  indicator: string;
  period: string;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  status: string;
  reason?: string;
  /** only on raw rows (Kreis, own Stadt): why readers get this value as "." */
  geheimhaltung?: { sperre: 'primaer' | 'sekundaer'; grund: string };
}

/** What a pull asked for; stored in the workbook so that "Aktualisieren" can repeat it. */
export interface PullRequest {
  sheet: string;
  kennzahlen: string[];
  areas: string[];
  periods: string[];
  format: 'breit' | 'lang';
}

export interface AreaInfo {
  code: string;
  name: string;
  ebene: string;
}

export interface PullContext {
  catalogue: Catalogue;
  areas: ReadonlyMap<string, AreaInfo>;
  server: string;
  fetchedAt: string;
  demo: boolean;
}

/**
 * The Excel number format of a Kennzahl: its decimals as the report, PDF and export print them
 * (catalogue `nachkommastellen`, shared/format/zahlen.ts), so one value reads the same everywhere.
 */
export function numberFormatFor(k: Zahlenformat): string {
  return excelFormat(nachkommastellenOf(k));
}

/** The sign and explanation of a row without a number, or null for a plain value. */
export function noValue(row: IndicatorRow): { sign: string; text: string } | null {
  if (row.status === 'ok' && typeof row.value === 'number') return null;
  if (row.status === 'gesperrt') return { sign: '.', text: T.gesperrt };
  const sign = row.status === 'nenner_null' || row.status === 'ebene_nicht_verfuegbar' ? 'x' : '.';
  return { sign, text: row.reason ?? T.ohneWert[row.status] ?? row.status };
}

/** The note of a raw row that readers get as ".", or null. */
export function geheimhaltungHinweis(row: IndicatorRow): string | null {
  return row.geheimhaltung ? T.fuerLeserGesperrt(row.geheimhaltung.sperre, row.geheimhaltung.grund) : null;
}

/** Sign (or null for a plain value) and note of a cell: why no value, and what readers see. */
function cellOf(r: IndicatorRow | undefined): { nv: { sign: string; text: string } | null; text: string | null } {
  const nv = r ? noValue(r) : { sign: '.', text: T.ohneWert.fehlende_werte! };
  const texts = [nv?.text, r && geheimhaltungHinweis(r)].filter((t): t is string => !!t);
  return { nv, text: texts.length ? texts.join('; ') : null };
}

export function kennzahlHeaderLine(k: Kennzahl): string {
  return T.kennzahlKopf(k.name, k.einheit, k.definition, k.formel, k.definitionsquelle, k.quellen.join(', '));
}

export function buildPullPlan(req: PullRequest, rows: readonly IndicatorRow[], ctx: PullContext): SheetPlan {
  const kennzahlen = req.kennzahlen.map((id) => {
    const k = ctx.catalogue.kennzahlen.get(id);
    if (!k) throw new Error(T.kennzahlUnbekannt(id, ctx.catalogue.version));
    return k;
  });
  const header: CellValue[][] = [
    [T.abrufTitel],
    [T.abrufInfo(ctx.server, ctx.catalogue.version, ctx.fetchedAt, ctx.demo)],
    ...kennzahlen.map((k) => [kennzahlHeaderLine(k)]),
    [T.zeichenerklaerung],
  ];
  const byKey = new Map<string, IndicatorRow>();
  for (const r of rows) byKey.set(`${r.area}|${r.period}|${r.indicator}`, r);
  const areaName = (code: string) => ctx.areas.get(code)?.name ?? code;
  const areaLevel = (code: string) => EBENE_TEXT[ctx.areas.get(code)?.ebene ?? ''] ?? '';
  const notes: CellNote[] = [];
  const body: CellValue[][] = [];
  const S = T.spalte;

  if (req.format === 'breit') {
    const columns: ColumnSpec[] = [
      { title: S.code, numberFormat: '@', width: 16 },
      { title: S.gebiet, numberFormat: '@', width: 28 },
      { title: S.ebene, numberFormat: '@', width: 14 },
      { title: S.jahr, numberFormat: '0', width: 8 },
      ...kennzahlen.map((k) => ({ title: `${k.name} (${k.einheit})`, numberFormat: numberFormatFor(k), width: 16 })),
      { title: S.hinweise, numberFormat: '@', width: 50 },
    ];
    for (const area of req.areas) {
      for (const period of req.periods) {
        const line: CellValue[] = [area, areaName(area), areaLevel(area), Number(period)];
        const hints: string[] = [];
        kennzahlen.forEach((k, i) => {
          const r = byKey.get(`${area}|${period}|${k.id}`);
          const { nv, text } = cellOf(r);
          line.push(nv ? nv.sign : r!.value);
          if (!text) return;
          notes.push({ row: body.length, col: 4 + i, text });
          hints.push(`${k.name}: ${text}`);
        });
        line.push(hints.join('; '));
        body.push(line);
      }
    }
    return { sheet: safeSheetName(req.sheet), header, columns, rows: body, notes, validations: [], protect: false, tableName: tableNameFor(req.sheet) };
  }

  const wertFormate: string[] = [];
  const columns: ColumnSpec[] = [
    { title: S.code, numberFormat: '@', width: 16 },
    { title: S.gebiet, numberFormat: '@', width: 28 },
    { title: S.jahr, numberFormat: '0', width: 8 },
    { title: S.kennzahl, numberFormat: '@', width: 20 },
    { title: S.name, numberFormat: '@', width: 30 },
    // per row: the decimals of the row's Kennzahl (rowFormats below), as in the wide table
    { title: S.wert, numberFormat: '#,##0.0##', width: 12 },
    { title: S.einheit, numberFormat: '@', width: 12 },
    { title: S.zaehler, numberFormat: '#,##0', width: 12 },
    { title: S.nenner, numberFormat: '#,##0', width: 12 },
    { title: S.hinweise, numberFormat: '@', width: 50 },
  ];
  for (const area of req.areas) {
    for (const period of req.periods) {
      for (const k of kennzahlen) {
        const r = byKey.get(`${area}|${period}|${k.id}`);
        const { nv, text } = cellOf(r);
        // Suppressed rows never carry numerator or denominator into the sheet.
        const showParts = !nv;
        if (text) notes.push({ row: body.length, col: 5, text });
        wertFormate.push(numberFormatFor(k));
        body.push([
          area, areaName(area), Number(period), k.id, k.name, nv ? nv.sign : r!.value, k.einheit,
          showParts ? (r!.numerator ?? null) : null, showParts ? (r!.denominator ?? null) : null, text ?? '',
        ]);
      }
    }
  }
  return { sheet: safeSheetName(req.sheet), header, columns, rows: body, notes, validations: [], protect: false, tableName: tableNameFor(req.sheet), rowFormats: [{ col: 5, formats: wertFormate }] };
}

/** Excel table names: letters, digits, underscore; must start with a letter. */
export function tableNameFor(sheet: string): string {
  const base = sheet.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_]/g, '_');
  return `SM_${base}`.slice(0, 250);
}

/**
 * Progress of loading a pull: areas loaded of all (every year loads every area once), as a bar value
 * (0…1) and in words: "Kennzahlen werden geladen: 1.200 von 4.800 Gebieten …", with several years
 * "… Jahr 2 von 3, 1.200 von 4.800 Gebieten …".
 */
export function ladeFortschritt(areasDone: number, areas: number, yearIndex: number, years: number): { label: string; value: number } {
  const total = Math.max(1, areas * years);
  const value = Math.min(1, (yearIndex * areas + areasDone) / total);
  return { label: T.laedtGebiete(areasDone, areas, years > 1 ? { jahr: yearIndex + 1, von: years } : null), value };
}
