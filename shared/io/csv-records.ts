/**
 * Streaming CSV records for the municipal exports (Einwohner-Bestand, Bewegungen, Hauskoordinaten):
 * byte chunks → text (encoding sniffed: UTF-8, else Windows-1252) → csv-parse (`;`, BOM, CRLF,
 * quotes) → records with their 1-based file line and lookup of columns by header name.
 *
 * Pure TypeScript, no Node APIs: the CLI feeds it chunks from a file stream, the add-in the bytes of a
 * picked file. csv-parse does all CSV interpretation; this module only cuts the text at record
 * boundaries (a line end outside quotes) so that arbitrarily large files are parsed in batches of
 * complete records with csv-parse's synchronous parser, and keeps line numbers across batches.
 *
 * Browser note: csv-parse's Node build uses the global `Buffer`. A browser bundle must map
 * `csv-parse/sync` to the package's own browser build `csv-parse/browser/esm/sync` (esbuild option
 * `alias`), which carries its own Buffer; tests/register/browser.test.ts does exactly that.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { CsvFormatError } from './werte-csv';

export type CsvChunk = Uint8Array | string;
export type CsvSource = AsyncIterable<CsvChunk> | Iterable<CsvChunk>;

export interface CsvRecordOptions {
  /** file name for messages */
  file: string;
  /** field delimiter; `;` unless told */
  delimiter?: string;
  /** columns that must be in the header (case-insensitive); missing ones stop the read with one message */
  requiredColumns?: readonly string[];
  /** cut batches once this many characters of complete records are buffered (default 256 Ki) */
  batchChars?: number;
  /** a single record may not exceed this many characters (guards against an unclosed quote; default 16 Mi) */
  maxRecordChars?: number;
}

/** A problem in one field: the message names file, line and column. */
export class CsvFieldError extends CsvFormatError {
  constructor(
    file: string,
    line: number,
    /** header name of the column, or null for the whole row */
    readonly column: string | null,
    detail: string,
    /** 1-based column position, if known */
    readonly columnNumber: number | null = null,
  ) {
    super(file, line, detail);
    // Same shape as the register findings: „datei, Zeile 7, Spalte „x“ (2. Spalte): …“
    if (column !== null) this.message = `${file}, Zeile ${line}, Spalte „${column}“${columnNumber !== null ? ` (${columnNumber}. Spalte)` : ''}: ${detail}`;
    this.name = 'CsvFieldError';
  }
}

/** The header row: column lookup by name (trimmed, case-insensitive). */
export class CsvHeader {
  readonly names: readonly string[];
  private readonly byName = new Map<string, number>();

  constructor(
    raw: readonly string[],
    readonly file: string,
    readonly line: number,
  ) {
    this.names = raw.map((n) => n.replace(/^\uFEFF/, '').trim().toLowerCase());
    this.names.forEach((n, i) => {
      if (n !== '' && !this.byName.has(n)) this.byName.set(n, i);
    });
  }

  /** 0-based index of a column, -1 if the header does not have it */
  index(name: string): number {
    return this.byName.get(name.toLowerCase()) ?? -1;
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** Throws one CsvFormatError naming every missing column and the columns that are there. */
  require(names: readonly string[]): void {
    const missing = names.filter((n) => !this.has(n));
    if (missing.length > 0) {
      throw new CsvFormatError(
        this.file,
        this.line,
        `In der Kopfzeile ${missing.length === 1 ? 'fehlt die Spalte' : 'fehlen die Spalten'} ${missing.map((m) => `„${m}“`).join(', ')}; vorhanden: ${this.names.filter((n) => n).join(';') || '(keine)'}`,
      );
    }
  }
}

export interface CsvRecord {
  /** 1-based line of the record in the file (for a record spanning lines: its last line) */
  line: number;
  values: string[];
  header: CsvHeader;
}

/** Value of a named column, trimmed; '' when the column or the cell is absent. */
export function field(record: CsvRecord, column: string): string {
  const i = record.header.index(column);
  return i < 0 ? '' : (record.values[i] ?? '').trim();
}

/**
 * Decodes byte chunks as UTF-8 until a chunk proves otherwise; a file that is not UTF-8 is
 * Windows-1252 (ISO-8859-1), the other encoding municipal exports use. A switch is only possible while
 * everything so far was ASCII (identical in both); a file that mixes both is refused.
 */
export class SniffingDecoder {
  encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  /** true once non-ASCII UTF-8 (or a BOM) has been decoded: the encoding is then settled */
  private settled = false;
  private utf8 = new TextDecoder('utf-8', { fatal: true });
  private latin1: TextDecoder | null = null;

  constructor(private readonly file: string) {}

  decode(bytes: Uint8Array, lineHint: () => number): string {
    if (this.latin1) return this.latin1.decode(bytes, { stream: true });
    try {
      const text = this.utf8.decode(bytes, { stream: true });
      // Shorter text than bytes: multi-byte characters, a BOM or a pending partial character.
      if (text.length !== bytes.length) this.settled = true;
      return text;
    } catch {
      if (this.settled) {
        throw new CsvFormatError(
          this.file,
          lineHint(),
          'Die Datei ist teils UTF-8, teils anders kodiert (ab etwa dieser Zeile kein gültiges UTF-8). Bitte einheitlich als UTF-8 oder ISO-8859-1 speichern.',
        );
      }
      this.encoding = 'windows-1252';
      this.latin1 = new TextDecoder('windows-1252');
      return this.latin1.decode(bytes, { stream: true });
    }
  }

  flush(lineHint: () => number): string {
    if (this.latin1) return this.latin1.decode();
    try {
      return this.utf8.decode();
    } catch {
      throw new CsvFormatError(this.file, lineHint(), 'Die Datei endet mitten in einem UTF-8-Zeichen');
    }
  }
}

const GERMAN: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'Ein Feld beginnt mit einem Anführungszeichen, das nicht geschlossen wird',
  INVALID_CLOSING_QUOTE: 'Nach einem schließenden Anführungszeichen folgt kein Trennzeichen und kein Zeilenende',
  INVALID_OPENING_QUOTE: 'Ein Anführungszeichen steht mitten in einem Feld',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'Die Zeile hat eine andere Spaltenzahl als die Kopfzeile',
};

/**
 * Push parser: feed chunks, get complete records back. Synchronous, so it serves both the streaming
 * readers below and callers that hold the whole file.
 */
export class CsvRecordParser {
  header: CsvHeader | null = null;
  private readonly decoder: SniffingDecoder;
  private readonly delimiter: string;
  private readonly batchChars: number;
  private readonly maxRecordChars: number;
  private pending = '';
  /** position in `pending` up to which quotes have been tracked */
  private scanPos = 0;
  private inQuotes = false;
  /** end (exclusive) of the complete records in `pending` */
  private cut = 0;
  /** lines before `pending` starts */
  private linesBefore = 0;
  private first = true;

  constructor(private readonly opts: CsvRecordOptions) {
    this.decoder = new SniffingDecoder(opts.file);
    this.delimiter = opts.delimiter ?? ';';
    this.batchChars = opts.batchChars ?? 256 * 1024;
    this.maxRecordChars = opts.maxRecordChars ?? 16 * 1024 * 1024;
  }

  get encoding(): 'utf-8' | 'windows-1252' {
    return this.decoder.encoding;
  }

  /** Lines consumed so far (for progress and messages). */
  get lines(): number {
    return this.linesBefore;
  }

  push(chunk: CsvChunk): CsvRecord[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, () => this.linesBefore + 1);
    if (this.first && text.length > 0) {
      text = text.replace(/^\uFEFF/, '');
      this.first = false;
    }
    this.pending += text;
    this.scan();
    if (this.cut >= this.batchChars) return this.take();
    if (this.pending.length - this.cut > this.maxRecordChars) {
      const crOnly = this.cut === 0 && this.linesBefore === 0 && this.pending.includes('\r') && !this.pending.includes('\n');
      throw new CsvFormatError(
        this.opts.file,
        this.linesBefore + this.countLines(this.pending.slice(0, this.cut)) + 1,
        crOnly
          ? 'Die Datei trennt Zeilen nur mit CR (altes Mac-Format); bitte mit Zeilenende LF oder CRLF speichern'
          : `Ab dieser Zeile folgt über ${Math.round(this.maxRecordChars / 1048576)} MB kein Zeilenende außerhalb von Anführungszeichen – vermutlich ein nicht geschlossenes Anführungszeichen`,
      );
    }
    return [];
  }

  /** End of input: the remaining records. Throws if the file has no header. */
  end(): CsvRecord[] {
    this.pending += this.decoder.flush(() => this.linesBefore + 1);
    this.cut = this.pending.length;
    const out = this.take();
    if (!this.header) throw new CsvFormatError(this.opts.file, null, 'Die Datei ist leer (keine Kopfzeile)');
    return out;
  }

  /** Tracks quote state from scanPos and moves `cut` behind the last line end outside quotes. */
  private scan(): void {
    const s = this.pending;
    let pos = this.scanPos;
    const d = this.delimiter;
    while (pos < s.length) {
      const q = s.indexOf('"', pos);
      if (this.inQuotes) {
        if (q < 0) {
          pos = s.length;
          break;
        }
        if (q + 1 >= s.length) {
          pos = q; // cannot yet tell a closing quote from an escaped `""`
          break;
        }
        if (s[q + 1] === '"') {
          pos = q + 2;
          continue;
        }
        this.inQuotes = false;
        pos = q + 1;
        continue;
      }
      const stop = q < 0 ? s.length : q;
      const nl = s.lastIndexOf('\n', stop - 1);
      if (nl >= pos && nl + 1 > this.cut) this.cut = nl + 1;
      if (q < 0) {
        pos = s.length;
        break;
      }
      // A quote opens a quoted field only at the start of a field (csv-parse reads others literally).
      const before = q === 0 ? '\n' : s[q - 1]!;
      if (before === '\n' || before === '\r' || before === d) this.inQuotes = true;
      pos = q + 1;
    }
    this.scanPos = pos;
  }

  private countLines(text: string): number {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }

  private take(): CsvRecord[] {
    const batch = this.pending.slice(0, this.cut);
    this.pending = this.pending.slice(this.cut);
    this.scanPos -= this.cut;
    this.cut = 0;
    const offset = this.linesBefore;
    this.linesBefore += this.countLines(batch);
    if (batch.length === 0) return [];
    // A batch without any quote character and without a bare CR has nothing for a CSV parser to
    // interpret: each line is a record and each delimiter separates fields, so splitting gives exactly
    // what csv-parse gives (tests/register/csv-records.test.ts checks this against csv-parse) at a
    // fifth of the time — register exports rarely quote anything. Everything else goes to csv-parse.
    const simple = batch.indexOf('"') < 0 && !BARE_CR.test(batch);
    let records: string[][];
    let lines: number[] | null = null;
    try {
      if (simple) {
        records = splitPlain(batch, this.delimiter);
      } else {
        const withInfo = parse(batch, { delimiter: this.delimiter, relax_column_count: true, relax_quotes: true, info: true }) as unknown as {
          record: string[];
          info: { lines: number };
        }[];
        records = withInfo.map((r) => r.record);
        lines = withInfo.map((r) => r.info.lines);
      }
    } catch (e) {
      const err = e as CsvError & { lines?: number };
      const line = err.lines !== undefined ? offset + err.lines : null;
      throw new CsvFormatError(this.opts.file, line, `${GERMAN[err.code] ?? 'Die Datei ist kein lesbares CSV'} (${err.message})`);
    }
    const out: CsvRecord[] = [];
    for (let i = 0; i < records.length; i++) {
      const values = records[i]!;
      if (isBlank(values)) continue;
      const line = offset + (lines ? lines[i]! : i + 1);
      if (!this.header) {
        this.header = new CsvHeader(values, this.opts.file, line);
        if (this.opts.requiredColumns) this.header.require(this.opts.requiredColumns);
        continue;
      }
      out.push({ line, values, header: this.header });
    }
    return out;
  }
}

const BARE_CR = /\r(?!\n)/;

/** Quote-free text: lines (LF or CRLF) into fields; the text ends with a line end (see `take`). */
function splitPlain(text: string, delimiter: string): string[][] {
  const out: string[][] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    out.push(text.slice(start, stop).split(delimiter));
    start = end + 1;
  }
  return out;
}

/** A record of empty fields only (an empty line, or `;;;`) carries nothing and is skipped. */
function isBlank(record: readonly string[]): boolean {
  for (const f of record) if (f.trim() !== '') return false;
  return true;
}

/**
 * Large chunks are fed in pieces of this size: few records alive at once means few promoted to the
 * old generation by a garbage collection mid-batch (floating garbage of hundreds of MB otherwise).
 */
export const PIECE = 64 * 1024;

/** Part of a chunk without copying bytes. */
export const piece = (chunk: CsvChunk, at: number, size: number): CsvChunk =>
  typeof chunk === 'string' ? chunk.slice(at, at + size) : chunk.subarray(at, at + size);

/** Batches of records from a stream of chunks (the fast path for large files). */
export async function* readCsvBatches(source: CsvSource, opts: CsvRecordOptions): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvRecordParser(opts);
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += PIECE) {
      const records = parser.push(chunk.length <= PIECE ? chunk : piece(chunk, at, PIECE));
      if (records.length > 0) yield records;
    }
  }
  const rest = parser.end();
  if (rest.length > 0) yield rest;
}

/** Record by record from a stream of chunks. */
export async function* readCsvRecords(source: CsvSource, opts: CsvRecordOptions): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(source, opts)) yield* batch;
}

/** Whole file at once (bytes or text): header, records, encoding. */
export function parseCsvRecords(
  input: CsvChunk,
  opts: CsvRecordOptions,
): { header: CsvHeader; records: CsvRecord[]; encoding: 'utf-8' | 'windows-1252' } {
  const parser = new CsvRecordParser(opts);
  const records = parser.push(input);
  for (const r of parser.end()) records.push(r);
  return { header: parser.header!, records, encoding: parser.encoding };
}
