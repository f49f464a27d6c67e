/**
 * The full export of the published report (issue 16): every Kennzahl and Merkmal for every area of
 * the report and every year asked for, in one workbook or one csv file.
 *  GET /bericht/export.xlsx?period=2024          one year (default: the newest released)
 *  GET /bericht/export.xlsx?von=2019&bis=2024    every released year in the range
 *  GET /bericht/export.csv?…                      the long table as csv (UTF-8 with BOM, `;`, decimal comma)
 *
 * Only the published view (role `leser`): every number comes from the readers' snapshot of the
 * released state (reader-view.ts), i.e. the released state with the Geheimhaltung applied; a
 * finished file is kept until a release changes it. A suppressed cell is "."
 * (one explanation for all, shared/disclosure/zeichen.ts, never a reason); a value that does not
 * exist for other reasons (denominator 0, missing input) is "x" with the reason the API gives too.
 *
 * Levels: Kreis, Städte and Gemeindeteile, as the report's tables. Baublöcke are not included: the
 * demo Kreis has 1,578 (a real one several thousand), which would make 114,000 rows per year, most
 * of them "." (small numbers), and a workbook of tens of MB built in memory; the blocks of one
 * Stadt stay available per Kennzahl and year in /bericht/daten/kennzahl/<id>?ebene=baublock.
 */
import ExcelJS from 'exceljs';
import { Request, Router } from 'express';
import { PassThrough } from 'node:stream';
import { EBENE_NAMEN, HANDLUNGSFELDER, clipText, ebeneDepth, isPeriod } from '../../shared';
import type { Area, Catalogue, Period } from '../../shared';
import { ERKLAERUNG_GESPERRT, ZEICHEN_GESPERRT } from '../../shared/disclosure/zeichen';
import { excelFormat, nachkommastellenOf } from '../../shared/format/zahlen';
import { DomainState } from '../domain';
import { toCsv, type CsvCell } from '../http/csv';
import { ApiError, badRequest } from '../http/errors';
import { disclosureNote, indicatorCacheOf } from '../publication';
import { sendAnswer } from '../http/answer';
import { ReaderView, readerAnswer } from '../reader-view';
import { XLSX_TYPE, datenstandText } from './bericht';

const EXPORT_LEVELS = new Set(['land', 'kreis', 'stadt', 'stadtbezirk', 'gemeindeteil']);
const PARAMS = ['period', 'von', 'bis'];

/** The sign of a value that does not exist (not secret): "Aussage nicht sinnvoll / nicht möglich". */
export const ZEICHEN_KEIN_WERT = 'x';
export const ERKLAERUNG_KEIN_WERT = 'kein Wert, weil er sich nicht bilden lässt (z. B. Nenner 0, fehlende Meldung); warum, steht in der Spalte „Hinweis“';

/** Columns of the long table (xlsx sheet „Daten“ and csv). */
export const LANG_SPALTEN = ['Gebiet', 'Code', 'Ebene', 'Jahr', 'Kennzahl', 'Wert', 'Zähler', 'Nenner', 'Einheit', 'Art', 'Kennung', 'Hinweis'] as const;

/** One row of the long table; numbers as numbers, or a sign ("." secret, "x" no value). */
export interface LangZeile {
  gebiet: string;
  code: string;
  ebene: string;
  jahr: number;
  name: string;
  wert: number | string;
  zaehler: number | string;
  nenner: number | string;
  einheit: string;
  art: 'Kennzahl' | 'Merkmal';
  kennung: string;
  hinweis: string;
  /** decimals of `wert` (Kennzahl from the catalogue; counts 0) */
  stellen: number;
}

/** The years asked for: `period`, or `von`/`bis` (each optional, within the released years). */
export function exportPeriods(req: Request, released: Period[]): Period[] {
  for (const name of Object.keys(req.query)) {
    if (!PARAMS.includes(name)) throw badRequest(clipText(name, 40), `gibt es beim Export nicht; erlaubt sind period (ein Jahr) oder von und bis (ein Zeitraum), z. B. period=2024 oder von=2019&bis=2024`);
  }
  const q = (n: string): string | undefined => {
    const v = req.query[n];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw badRequest(n, 'darf nur einmal angegeben werden');
    const t = v.trim();
    if (t === '') return undefined;
    if (!isPeriod(t)) throw badRequest(n, `„${clipText(t)}“ ist kein Berichtsjahr; erwartet wird z. B. ${n}=2024`);
    return t;
  };
  const period = q('period');
  const von = q('von');
  const bis = q('bis');
  const vorhanden = `freigegeben sind: ${released.join(', ') || 'keine Jahre'}`;
  if (released.length === 0) throw new ApiError(404, 'KEINE_DATEN', 'Es ist noch kein Jahr freigegeben; der Export enthält nur freigegebene Werte.');
  if (period !== undefined) {
    if (von !== undefined || bis !== undefined) throw badRequest(von !== undefined ? 'von' : 'bis', 'entweder period (ein Jahr) oder von/bis (ein Zeitraum) angeben, nicht beides');
    if (!released.includes(period)) throw badRequest('period', `Für das Jahr ${period} liegen keine freigegebenen Daten vor; ${vorhanden}`);
    return [period];
  }
  if (von === undefined && bis === undefined) return [released[released.length - 1]!];
  if (von !== undefined && bis !== undefined && von > bis) throw badRequest('von', `${von} liegt nach bis=${bis}; erwartet wird von ≤ bis`);
  const years = released.filter((p) => (von === undefined || p >= von) && (bis === undefined || p <= bis));
  if (years.length === 0) throw badRequest(von !== undefined ? 'von' : 'bis', `Im Zeitraum ${von ?? '…'} bis ${bis ?? '…'} liegen keine freigegebenen Daten vor; ${vorhanden}`);
  return years;
}

/** Areas of the export in code order: Kreis, then each Stadt followed by its Gemeindeteile. */
function exportAreas(areas: Area[]): Area[] {
  return areas.filter((a) => EXPORT_LEVELS.has(a.ebene)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Every published number of the years, as rows of the long table (Kennzahlen first, then Merkmale). */
export async function exportRows(view: ReaderView, catalogue: Catalogue, areas: Area[], years: Period[]): Promise<LangZeile[]> {
  const codes = areas.map((a) => a.code);
  const out: LangZeile[] = [];
  const base = (a: Area, year: Period) => ({ gebiet: a.name, code: a.code, ebene: EBENE_NAMEN[a.ebene], jahr: Number(year) });
  for (const year of years) {
    const indicators = await view.indicators(year, codes);
    const ind = new Map(indicators.map((r) => [`${r.area}|${r.indicator}`, r]));
    const values = await view.values(year, codes);
    const val = new Map(values.map((r) => [`${r.area}|${r.variable}`, r]));
    for (const a of areas) {
      for (const k of catalogue.kennzahlen.values()) {
        const r = ind.get(`${a.code}|${k.id}`);
        if (!r) continue;
        const gesperrt = r.status === 'gesperrt';
        const sign = gesperrt ? ZEICHEN_GESPERRT : ZEICHEN_KEIN_WERT;
        out.push({
          ...base(a, year),
          name: k.name,
          wert: r.value ?? sign,
          zaehler: r.numerator ?? sign,
          nenner: r.denominator ?? sign,
          einheit: k.einheit,
          art: 'Kennzahl',
          kennung: k.id,
          // the reader's row of a suppressed cell has no reason, and neither has this one
          hinweis: gesperrt ? 'gesperrt' : r.status === 'ok' ? '' : ('reason' in r ? (r.reason ?? '') : ''),
          stellen: nachkommastellenOf(k),
        });
      }
      for (const m of catalogue.merkmale.values()) {
        const r = val.get(`${a.code}|${m.id}`);
        const gesperrt = r !== undefined && 'status' in r;
        out.push({
          ...base(a, year),
          name: m.name,
          wert: r ? (r.value ?? ZEICHEN_GESPERRT) : ZEICHEN_KEIN_WERT,
          zaehler: '',
          nenner: '',
          einheit: m.einheit,
          art: 'Merkmal',
          kennung: m.id,
          hinweis: gesperrt ? 'gesperrt' : r ? '' : ebeneDepth(m.tiefsteEbene) < ebeneDepth(a.ebene) ? `${m.name} ist laut Katalog nur bis zur Ebene ${EBENE_NAMEN[m.tiefsteEbene]} verfügbar (Quelle: ${m.quelle})` : 'kein Wert gemeldet',
          stellen: 0,
        });
      }
    }
  }
  return out;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F0' } };
type Sheet = ExcelJS.Worksheet & { commit?: () => void };
type Row = ExcelJS.Row & { commit?: () => void };

/** A sheet with widths, bold header row, frozen header and (for tables) an autofilter. */
function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, titles: string[], widths: number[], filter = true): Sheet {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] }) as Sheet;
  sheet.columns = titles.map((_, i) => ({ width: widths[i] ?? widths[widths.length - 1] ?? 14 }));
  if (filter) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: titles.length } };
  const row = sheet.addRow(titles) as Row;
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'top' };
  row.eachCell((c) => (c.fill = HEADER_FILL));
  row.commit?.();
  return sheet;
}

/** A cell: a number with its number format, or a sign right-aligned like numbers. */
function numberCell(cell: ExcelJS.Cell, v: number | string, stellen: number): void {
  cell.value = v;
  if (typeof v === 'number') cell.numFmt = excelFormat(stellen);
  else cell.alignment = { horizontal: 'right' };
}

/**
 * The workbook, written row by row with exceljs's streaming writer (each row is committed and
 * leaves memory; only the compressed bytes are kept): six years of the demo Kreis (28,512 rows in
 * the long sheet, as many cells again in the wide ones) took about 500 MB as an in-memory Workbook,
 * about 110 MB this way.
 */
export async function writeWorkbook(view: ReaderView, catalogue: Catalogue, areas: Area[], years: Period[], rows: LangZeile[]): Promise<Buffer> {
  const state = view.state;
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = 'Sozialmonitor';
  const demo = await state.isDemo();

  // 1. long table
  const lang = addSheet(wb, 'Daten', [...LANG_SPALTEN], [28, 18, 14, 7, 45, 12, 12, 12, 12, 10, 30, 40]);
  for (const z of rows) {
    const row = lang.addRow([z.gebiet, z.code, z.ebene, z.jahr, z.name, null, null, null, z.einheit, z.art, z.kennung, z.hinweis]) as Row;
    numberCell(row.getCell(6), z.wert, z.stellen);
    if (z.art === 'Kennzahl') {
      numberCell(row.getCell(7), z.zaehler, 0);
      numberCell(row.getCell(8), z.nenner, 0);
    }
    row.commit?.();
  }
  lang.commit?.();

  // 2. one wide sheet per Handlungsfeld: a row per area and year, a column per Kennzahl and Merkmal
  const cell = new Map(rows.map((z) => [`${z.code}|${z.jahr}|${z.kennung}`, z]));
  for (const feld of HANDLUNGSFELDER) {
    const cols = [
      ...[...catalogue.kennzahlen.values()].filter((k) => k.handlungsfeld === feld).map((k) => ({ id: k.id, title: `${k.name} (${k.einheit})`, stellen: nachkommastellenOf(k) })),
      ...[...catalogue.merkmale.values()].filter((m) => m.handlungsfeld === feld).map((m) => ({ id: m.id, title: `${m.name} (${m.einheit})`, stellen: 0 })),
    ];
    if (cols.length === 0) continue;
    const sheet = addSheet(wb, feld.slice(0, 31), ['Gebiet', 'Code', 'Ebene', 'Jahr', ...cols.map((c) => c.title)], [28, 16, 14, 7, 16]);
    for (const year of years) {
      for (const a of areas) {
        const row = sheet.addRow([a.name, a.code, EBENE_NAMEN[a.ebene], Number(year)]) as Row;
        cols.forEach((c, i) => {
          const z = cell.get(`${a.code}|${Number(year)}|${c.id}`);
          numberCell(row.getCell(5 + i), z ? z.wert : ZEICHEN_KEIN_WERT, c.stellen);
        });
        row.commit?.();
      }
    }
    sheet.commit?.();
  }

  // 3. definitions and sources
  const def = addSheet(wb, 'Definitionen', ['Art', 'Kennung', 'Name', 'Handlungsfeld', 'Einheit', 'Nachkommastellen', 'Definition', 'Formel', 'Quelle der Definition', 'Datenquellen', 'Tiefste Ebene', 'Hinweis'], [10, 30, 40, 24, 12, 10, 70, 40, 40, 20, 14, 50]);
  for (const k of catalogue.kennzahlen.values()) {
    def.addRow(['Kennzahl', k.id, k.name, k.handlungsfeld, k.einheit, nachkommastellenOf(k), k.definition, k.formel, k.definitionsquelle, k.quellen.join(', '), EBENE_NAMEN[k.tiefsteEbene], k.hinweis ?? '']);
  }
  for (const m of catalogue.merkmale.values()) {
    def.addRow(['Merkmal', m.id, m.name, m.handlungsfeld, m.einheit, 0, m.definition, '', '', m.quelle, EBENE_NAMEN[m.tiefsteEbene], m.hinweis ?? '']);
  }
  def.commit?.();

  // 4. about this file: years, Datenstand (= release), levels, Geheimhaltung
  const info = addSheet(wb, 'Datenstand', ['Sozialbericht – Export aller veröffentlichten Zahlen', ''], [26, 120], false);
  for (const line of [
    ['Jahre (Stichtag 31.12.)', years.join(', ')],
    ...(await Promise.all(years.map(async (y) => [`Datenstand ${y}`, datenstandText(await view.datenstand(y))]))),
    ['Gebiete', `Kreis, Städte und Gemeindeteile (${areas.length} Gebiete); Baublöcke sind nicht enthalten (im Bericht je Stadt und Kennzahl)`],
    ['Katalog', `${catalogue.definition.titel}, Version ${catalogue.version}`],
    ['Inhalt', 'Blatt „Daten“: eine Zeile je Gebiet, Jahr und Kennzahl oder Merkmal; je Handlungsfeld ein Blatt mit einer Spalte je Kennzahl und Merkmal; „Definitionen“: Formel und Quelle; „Zeichenerklärung“'],
    ['Geheimhaltung', disclosureNote(indicatorCacheOf(state).options)],
    ['Demodaten', demo ? 'ja: erfundene Zahlen eines Demo-Kreises' : 'nein'],
  ]) {
    const row = info.addRow(line) as Row;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  info.commit?.();

  // 5. legend of signs
  const legend = addSheet(wb, 'Zeichenerklärung', ['Zeichen', 'Bedeutung'], [12, 120], false);
  legend.addRow([ZEICHEN_GESPERRT, ERKLAERUNG_GESPERRT]);
  legend.addRow([ZEICHEN_KEIN_WERT, ERKLAERUNG_KEIN_WERT]);
  legend.addRow(['1.234,5', 'Zahlen stehen als Zahlen in den Zellen; angezeigt mit den Nachkommastellen der Kennzahl (Blatt „Definitionen“), gerechnet wird mit dem vollen Wert']);
  legend.commit?.();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

/** The long table as csv (http/csv.ts): values rounded as printed, names guarded against formulas. */
export function langCsv(rows: LangZeile[]): string {
  const num = (v: number | string, stellen?: number): CsvCell => (typeof v === 'number' ? { zahl: v, stellen } : v);
  return toCsv(
    [...LANG_SPALTEN],
    rows.map((z) => [z.gebiet, z.code, z.ebene, z.jahr, z.name, num(z.wert, z.stellen), num(z.zaehler), num(z.nenner), z.einheit, z.art, z.kennung, z.hinweis]),
  );
}

export function berichtExportRoutes(state: DomainState): Router {
  const r = Router();
  const load = async (req: Request) => {
    const [{ areas }, catalogue, released] = await Promise.all([state.areas(), state.catalogue(), state.storage.releasedPeriods()]);
    if (!catalogue || areas.length === 0) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung oder kein Katalog hinterlegt.');
    const years = exportPeriods(req, released);
    const list = exportAreas(areas);
    const name = `sozialbericht_${years.length === 1 ? years[0] : `${years[0]}-${years[years.length - 1]}`}`;
    return { catalogue, years, list, name };
  };

  r.get('/export.xlsx', async (req, res) => {
    const { catalogue, years, list, name } = await load(req);
    res.attachment(`${name}.xlsx`);
    sendAnswer(req, res, await readerAnswer(state, req, XLSX_TYPE, async (view) => writeWorkbook(view, catalogue, list, years, await exportRows(view, catalogue, list, years))));
  });

  r.get('/export.csv', async (req, res) => {
    const { catalogue, years, list, name } = await load(req);
    res.attachment(`${name}.csv`);
    sendAnswer(req, res, await readerAnswer(state, req, 'text/csv; charset=utf-8', async (view) => langCsv(await exportRows(view, catalogue, list, years))));
  });
  return r;
}
