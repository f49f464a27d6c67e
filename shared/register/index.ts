/**
 * Einwohnermeldedaten → Merkmale, runnable in Node (CLI) and in the browser (add-in): file bytes or
 * chunk streams in, long-format rows and a report out. Nothing here touches the network or the disk.
 */
import { CsvRecordParser, piece, PIECE, type CsvChunk, type CsvSource } from '../io/csv-records';
import { RegisterAggregator, type RegisterOptions, type RegisterReport, type RegisterResult, type WerteZeile } from './aggregate';
import { readZuordnung, type Zuordnung } from './zuordnung';
import { deNumber } from '../types';
import { csvLine } from '../io/csv-schreiben';

export * from './aggregate';
export * from './altersbaender';
export * from './stadtbezirke';
export * from './codes';
export * from './merkmale';
export * from './zuordnung';
export { generateHouseholds, type HouseholdStats } from './households';

export interface RegisterInput {
  /** Einwohner-Bestand: bytes of the file, or a stream of chunks */
  bestand: CsvSource | CsvChunk;
  bestandDatei: string;
  bewegungen?: CsvSource | CsvChunk;
  bewegungenDatei?: string;
  /** called after each batch with the lines read so far (for a progress bar) */
  fortschritt?: (datei: string, zeilen: number) => void;
  /**
   * awaited after the last file is read and before households are formed and areas counted (the one
   * long step without lines to report); the add-in repaints its progress text here
   */
  vorAbschluss?: (zeilen: number) => void | Promise<void>;
}

const asSource = (s: CsvSource | CsvChunk): CsvSource => (typeof s === 'string' || s instanceof Uint8Array ? [s] : s);

async function feed(
  source: CsvSource,
  file: string,
  sink: (records: Parameters<RegisterAggregator['addBestand']>[0], encoding: string) => void,
  progress?: (file: string, lines: number) => void,
): Promise<number> {
  const parser = new CsvRecordParser({ file });
  for await (const whole of source) {
    // Small pieces keep few records alive at once: a batch that survives a young-generation garbage
    // collection is promoted and then floats as old garbage (hundreds of MB for a whole Land).
    for (let at = 0; at < whole.length; at += PIECE) {
      const records = parser.push(whole.length <= PIECE ? whole : piece(whole, at, PIECE));
      if (records.length > 0) {
        sink(records, parser.encoding);
        progress?.(file, parser.lines);
      }
    }
  }
  const rest = parser.end();
  sink(rest, parser.encoding);
  progress?.(file, parser.lines);
  return parser.lines;
}

/**
 * The whole aggregation. For the add-in: `aggregateRegister({bestand: bytes, bestandDatei: file.name},
 * {stichtag: '31.12.2024', zuordnung: await readZuordnung([tableBytes], 'zuordnung.csv')})`.
 */
export async function aggregateRegister(input: RegisterInput, options: RegisterOptions): Promise<RegisterResult> {
  const agg = new RegisterAggregator(options);
  let zeilen = await feed(asSource(input.bestand), input.bestandDatei, (r, enc) => agg.addBestand(r, enc), input.fortschritt);
  if (input.bewegungen !== undefined) {
    agg.expectBewegungen();
    zeilen += await feed(asSource(input.bewegungen), input.bewegungenDatei ?? 'bewegungen.csv', (r, enc) => agg.addBewegungen(r, enc), input.fortschritt);
  }
  await input.vorAbschluss?.(zeilen);
  return agg.finish();
}

export interface Datei {
  name: string;
  bytes: Uint8Array;
}

/**
 * For the add-in task pane: the files the clerk picked (bytes, never uploaded), the Stichtag, and
 * optionally further areas to report with zeros (e.g. all Baublöcke of the Stadt from the server's
 * area list). Returns the long-format rows for the entry sheet and the report as text.
 * Throws RegisterError / CsvFormatError / ZuordnungError with German messages for unusable files.
 */
export async function einwohnerAggregieren(
  dateien: { bestand: Datei; bewegungen?: Datei; zuordnung: Datei },
  stichtag: string,
  optionen: Omit<RegisterOptions, 'stichtag' | 'zuordnung'> = {},
): Promise<{ rows: WerteZeile[]; report: RegisterReport; bericht: string }> {
  const zuordnung = await readZuordnung([dateien.zuordnung.bytes], dateien.zuordnung.name);
  const res = await aggregateRegister(
    {
      bestand: dateien.bestand.bytes,
      bestandDatei: dateien.bestand.name,
      ...(dateien.bewegungen ? { bewegungen: dateien.bewegungen.bytes, bewegungenDatei: dateien.bewegungen.name } : {}),
    },
    { ...optionen, stichtag, zuordnung },
  );
  return { rows: res.rows, report: res.report, bericht: formatRegisterReport(res.report) };
}

/** Reads the address-to-block table from bytes or a stream. */
export function zuordnungLesen(source: CsvSource | CsvChunk, datei: string): Promise<Zuordnung> {
  return readZuordnung(asSource(source), datei);
}

/** `area;variable;value` with a header, as `parseWerteCsv` and the push command read it. */
export function formatWerteCsv(rows: readonly WerteZeile[]): string {
  const lines = ['area;variable;value'];
  for (const r of rows) lines.push(`${r.area};${r.variable};${r.value}`);
  return lines.join('\n') + '\n';
}

/** Addresses missing from the table, as CSV for the clerk to check (the match report's list). */
export function formatAbgleichCsv(report: RegisterReport): string {
  const lines = ['gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;personen;ereignisse;zugeordnet;gemeindeteil'];
  for (const a of report.nichtZugeordnet) {
    lines.push(csvLine([a.gemeindeschluessel, a.strassenschluessel, a.hausnummer, a.hausnummerzusatz, a.personen, a.ereignisse, a.art === 'strasse' ? 'gemeindeteil_ueber_strasse' : 'nur_stadt', a.gemeindeteil ?? '']));
  }
  return lines.join('\n') + '\n';
}

/** Every kept finding as CSV (file, line, column, code, severity, message) for the clerk to work through. */
export function formatBefundeCsv(report: RegisterReport): string {
  const lines = ['datei;zeile;spalte;code;schwere;meldung'];
  for (const f of report.befunde) lines.push(csvLine([f.file, f.line, f.column, f.code, f.severity, f.message]));
  return lines.join('\n') + '\n';
}

const de = deNumber;

/** The report as plain German text (CLI output, add-in task pane). */
export function formatRegisterReport(r: RegisterReport, maxBefunde = 20): string {
  const out: string[] = [];
  const b = r.bestand;
  out.push(`Stichtag ${r.stichtag}`);
  out.push(`Bestand ${b.datei}${b.kodierung ? ` (${b.kodierung})` : ''}: ${de(b.zeilen)} Zeilen, ${de(b.gezaehlt)} Personen mit Hauptwohnung gezählt, ${de(b.nebenwohnung)} Nebenwohnungen nicht gezählt, ${de(b.uebersprungen)} Zeilen übersprungen`);
  if (r.bewegungen) {
    const m = r.bewegungen;
    out.push(`Bewegungen ${m.datei}${m.kodierung ? ` (${m.kodierung})` : ''}: ${de(m.zeilen)} Zeilen, ${de(m.gezaehlt)} Ereignisse im Zeitraum ${m.zeitraum} gezählt, ${de(m.ausserhalbZeitraum)} außerhalb des Zeitraums, ${de(m.uebersprungen)} übersprungen`);
  }
  const p = r.personenNachZuordnung;
  out.push(
    `Adressabgleich: ${de(p.baublock)} Personen einem Baublock zugeordnet, ${de(p.gemeindeteil)} nur einem Gemeindeteil (Tabelle), ${de(p.strasse)} über die Straße einem Gemeindeteil, ${de(p.ohne)} nur der Stadt`,
  );
  const missing = r.nichtZugeordnet;
  if (missing.length > 0) {
    out.push(`${de(missing.length)} Adressen fehlen in der Zuordnungstabelle (die häufigsten):`);
    for (const a of missing.slice(0, 10)) {
      out.push(
        `  ${a.gemeindeschluessel} Straße ${a.strassenschluessel} Nr. ${a.hausnummer}${a.hausnummerzusatz}: ${de(a.personen)} Personen, ${de(a.ereignisse)} Ereignisse → ${a.gemeindeteil ? `Gemeindeteil ${a.gemeindeteil} (über die Straße)` : 'nur Stadt'}`,
      );
    }
  }
  const h = r.haushalte;
  out.push(
    `Haushalte: ${de(h.haushalte)} aus ${de(h.personen)} Personen; ${de(h.minderjaehrigeOhneVerknuepfung)} Minderjährige ohne Verknüpfung allein gezählt; ${de(h.ehegatteAndereAdresse)} Ehegatten-Verweise an andere Adressen`,
  );
  out.push(`${de(r.fehler)} Fehler (Zeilen übersprungen), ${de(r.warnungen)} Warnungen`);
  for (const f of r.befunde.slice(0, maxBefunde)) out.push(`  ${f.severity === 'fehler' ? 'Fehler' : 'Warnung'}: ${f.message}`);
  const hidden = r.fehler + r.warnungen - Math.min(maxBefunde, r.befunde.length);
  if (hidden > 0) out.push(`  … und ${de(hidden)} weitere (je Art: ${Object.entries(r.befundZahlen).map(([c, n]) => `${c} ${de(n)}`).join(', ')})`);
  return out.join('\n');
}
