/**
 * `sozialmonitor import tabelle`: a wide source table (BA, IT.NRW, Kreis offices; xlsx or CSV) →
 * values in long format (area;variable;value), by a mapping file. Node-specific parts only (files,
 * exceljs, csv-parse); the work is in shared/io/tabelle-import.ts.
 *
 * Exit codes as `einwohner aggregieren`: 0 written, nothing to report; 1 errors, nothing written;
 * 2 written, with warnings (cells the source left without a value, a sum row not taken).
 */
import { writeFileSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { parseAreaExchange, placeLabels, validateDataset } from '../shared';
import { decodeText } from '../shared/io/text';
import {
  ZuordnungFehler,
  formatLangformat,
  importTabelle,
  parseZuordnung,
  type ImportBefund,
  type Tabelle,
  type Verbund,
  type Zelle,
} from '../shared/io/tabelle-import';
import { catalogueFrom } from './core-commands';
import { readJsonFile } from './files';

/** exceljs cell value → plain cell: formulas give their cached result, rich text its text. */
function zellwert(v: ExcelJS.CellValue): Zelle {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'WAHR' : 'FALSCH';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('error' in v) return String(v.error);
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: unknown }).result;
      // a workbook written by a program that does not calculate has no cached result: show the formula
      if (r === undefined || r === null) return `=${(v as { formula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula ?? ''}`;
      return zellwert(r as ExcelJS.CellValue);
    }
    if ('text' in v) return zellwert((v as { text: ExcelJS.CellValue }).text);
  }
  return String(v);
}

const spalteNr = (letters: string): number => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

function verbund(range: string): Verbund | null {
  const m = /^([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)$/i.exec(range);
  if (!m) return null;
  return { top: Number(m[2]) - 1, left: spalteNr(m[1]!), bottom: Number(m[4]) - 1, right: spalteNr(m[3]!) };
}

export async function leseXlsx(datei: string, blatt: string | undefined): Promise<Tabelle> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(datei);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Datei ${datei} kann nicht gelesen werden: sie existiert nicht`);
    throw new Error(`Datei ${datei} ist keine lesbare Excel-Arbeitsmappe (.xlsx): ${(e as Error).message}`);
  }
  const ws = blatt !== undefined ? wb.getWorksheet(blatt) : wb.worksheets[0];
  if (!ws) {
    throw new Error(`Datei ${datei}: Ein Blatt „${blatt}“ gibt es nicht (Feld „blatt“ der Zuordnung); vorhanden: ${wb.worksheets.map((w) => `„${w.name}“`).join(', ') || '(keine)'}`);
  }
  const zellen: Zelle[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, nr) => {
    const out: Zelle[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // the covered cells of a merged range repeat the master's value in exceljs; the module uses `verbunde`
      out[col - 1] = cell.type === ExcelJS.ValueType.Merge ? null : zellwert(cell.value);
    });
    zellen[nr - 1] = Array.from(out, (v) => v ?? null);
  });
  for (let i = 0; i < zellen.length; i++) zellen[i] ??= [];
  const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(verbund).filter((v): v is Verbund => v !== null);
  return { datei, blatt: ws.name, zellen, verbunde: merges };
}

function leseCsv(datei: string): Tabelle {
  let bytes: Buffer;
  try {
    bytes = readFileSync(datei);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`Datei ${datei} kann nicht gelesen werden${code === 'ENOENT' ? ': sie existiert nicht' : ` (${code ?? String(e)})`}`);
  }
  const { text } = decodeText(bytes);
  // `;` is the German CSV separator (the comma is the decimal sign); `,` only when no `;` occurs
  const delimiter = text.includes(';') ? ';' : ',';
  try {
    // empty lines are kept so that row n of the grid is line n of the file (cell addresses as in Excel)
    const zellen = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    return { datei, blatt: null, zellen };
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new Error(`Datei ${datei}${err.lines ? `, Zeile ${err.lines}` : ''}: Die Datei ist kein lesbares CSV (${err.message})`);
  }
}

interface ImportOptionen {
  zuordnung?: string;
  out: string;
  gebiete: string;
  katalog?: string;
}

/**
 * Validation of the imported rows as `sozialmonitor pruefen` does it (catalogue relations, parts not
 * above their whole), so the clerk sees those problems with the cell they come from. The long format
 * has no year; the checks do not depend on it when no stored values are involved.
 */
const PRUEFJAHR = '2000';

async function tabelle(datei: string, o: ImportOptionen): Promise<void> {
  const catalogue = catalogueFrom(o.katalog);
  const { tree } = parseAreaExchange(readJsonFile(o.gebiete));
  // without a mapping file: an official table (GENESIS/Regionalstatistik) recognised by its layout
  const zuordnung = o.zuordnung !== undefined ? parseZuordnung(readJsonFile(o.zuordnung), o.zuordnung, catalogue, tree) : null;
  const t = /\.xlsx$/i.test(datei) ? await leseXlsx(datei, zuordnung?.blatt) : /\.(csv|txt)$/i.test(datei) ? leseCsv(datei) : null;
  if (!t) throw new Error(`Datei ${datei}: Es werden Excel-Arbeitsmappen (.xlsx) und CSV-Dateien (.csv) gelesen; ältere .xls-Dateien bitte in Excel als .xlsx speichern`);
  const res = importTabelle(t, zuordnung, { catalogue, tree, stadtzeileHinweis: 'mit "stadtzeile": true in der Zuordnung gilt sie als Wert der Stadt', optionenHinweis: true });

  const befunde: ImportBefund[] = [...res.fehler, ...res.warnungen];
  let pruefung: string | null = null;
  if (res.ok) {
    const v = validateDataset({ period: res.periode ?? PRUEFJAHR, rows: res.zeilen }, { catalogue, tree, submitter: { rolle: 'kreis' } });
    const ort = `${t.datei}${t.blatt !== null ? `, Blatt „${t.blatt}“` : ''}`;
    for (const f of [...v.errors, ...v.warnings]) {
      const zelle = f.row !== null ? res.zeilen[f.row]?.zelle : undefined;
      const dazu = placeLabels(f.area, f.variable, { catalogue, tree }).join(', ');
      const b: ImportBefund = {
        schwere: f.severity,
        art: 'PRUEFREGEL',
        zelle: zelle ?? null,
        merkmal: f.variable,
        gebiet: f.area,
        grund: `[${f.code}] ${f.detail}`,
        meldung: `${ort}${zelle ? `, Zelle ${zelle}` : ''}${dazu ? ` (${dazu})` : ''}: [${f.code}] ${f.detail}`,
      };
      befunde.push(b);
    }
    pruefung = `Prüfung der Werte wie bei „sozialmonitor pruefen“: ${v.errors.length} Fehler, ${v.warnings.length} Warnung${v.warnings.length === 1 ? '' : 'en'}.`;
  }
  const fehler = befunde.filter((b) => b.schwere === 'fehler').length;
  const warnungen = befunde.length - fehler;
  for (const b of befunde.sort((a, b) => (a.schwere === b.schwere ? 0 : a.schwere === 'fehler' ? -1 : 1))) {
    process.stdout.write(`${b.schwere === 'fehler' ? 'FEHLER' : 'WARNUNG'} ${b.meldung}\n`);
  }
  for (const h of res.hinweise) process.stdout.write(`HINWEIS ${t.datei}: ${h}.\n`);
  process.stdout.write(`${res.zusammenfassung}.\n`);
  if (pruefung) process.stdout.write(`${pruefung}\n`);
  if (fehler > 0) {
    process.stdout.write(`${fehler} Fehler: Es wurde nichts geschrieben. Bitte die genannten Zellen${o.zuordnung !== undefined ? ` oder die Zuordnung ${o.zuordnung}` : ' korrigieren oder eine Zuordnungsdatei (--zuordnung) angeben'}${o.zuordnung !== undefined ? ' korrigieren' : ''}.\n`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(o.out, formatLangformat(res.zeilen));
  process.stdout.write(`${res.zeilen.length} Werte nach ${o.out} geschrieben${warnungen > 0 ? ` (${warnungen} Warnung${warnungen === 1 ? '' : 'en'}, siehe oben)` : ''}.\n`);
  // the long format has no year: say which one the table is for, as the later steps ask for it
  if (res.periode !== null) process.stdout.write(`Berichtsjahr laut Tabelle: ${res.periode} (bei „pruefen“ und „berechnen“ mit --periode ${res.periode}, bei „push“ mit --period ${res.periode} angeben).\n`);
  if (warnungen > 0) process.exitCode = 2;
}

export function registerImportCommands(program: Command): void {
  const imp = program.command('import').description('Quelltabellen (BA, IT.NRW, Ämter des Kreises) ins Langformat (area;variable;value) übernehmen');
  imp
    .command('tabelle')
    .description('Breite Tabelle (eine Zeile je Gebiet, eine Spalte je Merkmal; .xlsx oder .csv) mit einer Zuordnungsdatei ins Langformat umsetzen; amtliche Tabellen (GENESIS, Regionalstatistik, Landesdatenbanken) auch ohne')
    .argument('<datei>', 'Quelltabelle (.xlsx oder .csv, UTF-8 oder Windows-1252)')
    .option('--zuordnung <datei>', 'Zuordnung (JSON): Gebietsspalte, Stadt, Überschrift → Merkmal, Ebene, auszulassende Zeilen; ohne sie wird eine amtliche Tabelle an ihrem Aufbau erkannt')
    .requiredOption('--out <datei>', 'Ausgabe: Werte im Langformat (nur wenn es keine Fehler gibt)')
    .requiredOption('--gebiete <datei>', 'Gebietsgliederung (GeoJSON-Austauschformat)')
    .option('--katalog <datei>', 'Katalogdatei statt des mitgelieferten')
    .action(async (datei: string, opts: ImportOptionen) => {
      try {
        await tabelle(datei, opts);
      } catch (e) {
        if (e instanceof ZuordnungFehler) {
          process.stderr.write(`Fehler: ${e.message}\nEs wurde nichts geschrieben.\n`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
    });
}
