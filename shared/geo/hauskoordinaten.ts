/**
 * Reader for house coordinates in the HK-DE layout of the BKG (formats spec, section 3):
 * `NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;EAST;NORTH;STN;PLZ;ONM;ZON`, semicolon-separated,
 * coordinates ETRS89 / UTM 32N (EPSG:25832), decimal comma tolerated, optional column `einwohner`.
 *
 * Pure TypeScript on top of the streaming CSV record layer (shared/io/csv-records.ts): the CLI feeds
 * file chunks, the add-in the bytes of a picked file. Bad rows throw CsvFieldError naming file, line
 * and column; nothing is returned half-way by the callers.
 */
import { CsvFieldError, CsvHeader, CsvRecord, CsvSource, readCsvBatches } from '../io/csv-records';
import { vermutlicheSysteme } from './crs';

export const HK_COLUMNS = ['NBA', 'OI', 'QUA', 'LAN', 'RBZ', 'KRS', 'GMD', 'OTT', 'SSS', 'HNR', 'ADZ', 'EAST', 'NORTH', 'STN', 'PLZ', 'ONM', 'ZON'] as const;
/** The columns this reader needs; the others (NBA, OTT, STN, …) may be absent in extracts. */
export const HK_REQUIRED = ['LAN', 'RBZ', 'KRS', 'GMD', 'SSS', 'HNR', 'EAST', 'NORTH'] as const;

export interface Hauskoordinate {
  /** 1-based line in the file */
  line: number;
  /** 8-digit AGS = LAN + RBZ + KRS + GMD */
  ags: string;
  /** street key SSS, as written */
  strasse: string;
  hausnummer: string;
  zusatz: string;
  /** EPSG:25832 */
  east: number;
  north: number;
  /** position quality A, B, R (or '') */
  qualitaet: string;
  /** inhabitants at the address, or null when the file has no column `einwohner` */
  einwohner: number | null;
}

/** Column positions, looked up once per file (the hot loop reads by index). */
class HkColumns {
  readonly lan: number; readonly rbz: number; readonly krs: number; readonly gmd: number;
  readonly sss: number; readonly hnr: number; readonly adz: number; readonly east: number;
  readonly north: number; readonly qua: number; readonly einwohner: number;
  constructor(readonly header: CsvHeader) {
    header.require(HK_REQUIRED);
    const i = (n: string) => header.index(n);
    this.lan = i('LAN'); this.rbz = i('RBZ'); this.krs = i('KRS'); this.gmd = i('GMD');
    this.sss = i('SSS'); this.hnr = i('HNR'); this.adz = i('ADZ'); this.east = i('EAST');
    this.north = i('NORTH'); this.qua = i('QUA'); this.einwohner = i('einwohner');
  }
}

const columnCache = new WeakMap<CsvHeader, HkColumns>();
function columnsOf(header: CsvHeader): HkColumns {
  let c = columnCache.get(header);
  if (!c) columnCache.set(header, (c = new HkColumns(header)));
  return c;
}

/**
 * Parses a coordinate with decimal point or decimal comma; NaN when it is not a number.
 * A character loop instead of a regular expression: this runs once per coordinate of millions of rows.
 */
export function parseKoordinate(raw: string): number {
  let start = 0, end = raw.length;
  while (start < end && raw.charCodeAt(start) === 32) start++;
  while (end > start && raw.charCodeAt(end - 1) === 32) end--;
  if (start === end) return NaN;
  let i = start;
  if (raw.charCodeAt(i) === 45) i++; // '-'
  let digits = 0, sep = -1;
  for (; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) { digits++; continue; }
    if ((c === 44 || c === 46) && sep < 0 && digits > 0) { sep = i; continue; }
    return NaN;
  }
  if (digits === 0 || sep === end - 1) return NaN;
  const s = start === 0 && end === raw.length ? raw : raw.slice(start, end);
  return Number(sep >= 0 && raw.charCodeAt(sep) === 44 ? s.replace(',', '.') : s);
}

const isDigits = (s: string): boolean => {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

function fail(record: CsvRecord, column: string, index: number, detail: string): never {
  throw new CsvFieldError(record.header.file, record.line, column, detail, index + 1);
}

/** HK-DE is EPSG:25832 by definition; numbers of another system get the system they look like. */
function welches(east: number, north: number): string {
  if (!Number.isFinite(east) || !Number.isFinite(north)) return '';
  const v = vermutlicheSysteme([east, north], 25832);
  return v.length ? `; vermutlich ${v.slice(0, 2).join(' oder ')} – bitte nach EPSG:25832 umrechnen` : '';
}

/** One HK-DE record; throws CsvFieldError for a broken key, coordinate or inhabitant count. */
export function parseHauskoordinate(record: CsvRecord): Hauskoordinate {
  const c = columnsOf(record.header);
  const v = record.values;
  const get = (i: number) => (i < 0 ? '' : (v[i] ?? '').trim());
  const lan = get(c.lan), rbz = get(c.rbz), krs = get(c.krs), gmd = get(c.gmd);
  const ags = lan.padStart(2, '0') + rbz + krs.padStart(2, '0') + gmd.padStart(3, '0');
  if (ags.length !== 8 || !isDigits(ags)) {
    fail(record, 'LAN', c.lan, `LAN+RBZ+KRS+GMD („${lan}“, „${rbz}“, „${krs}“, „${gmd}“) ergeben keinen 8-stelligen Gemeindeschlüssel`);
  }
  const strasse = get(c.sss);
  if (!isDigits(strasse)) fail(record, 'SSS', c.sss, `Straßenschlüssel „${strasse}“ besteht nicht nur aus Ziffern`);
  const hausnummer = get(c.hnr);
  if (!isDigits(hausnummer)) fail(record, 'HNR', c.hnr, `Hausnummer „${hausnummer}“ ist keine Zahl`);
  const east = parseKoordinate(get(c.east));
  const north = parseKoordinate(get(c.north));
  if (!Number.isFinite(east) || east < 100000 || east > 1000000) {
    fail(record, 'EAST', c.east, `Rechtswert „${get(c.east)}“ ist keine UTM-32-Koordinate (EPSG:25832, Meter, 6 Stellen vor dem Komma)${welches(east, north)}`);
  }
  if (!Number.isFinite(north) || north < 5000000 || north > 6500000) {
    fail(record, 'NORTH', c.north, `Hochwert „${get(c.north)}“ ist keine UTM-32-Koordinate für Deutschland (EPSG:25832, 7 Stellen vor dem Komma)${welches(east, north)}`);
  }
  let einwohner: number | null = null;
  if (c.einwohner >= 0) {
    const raw = get(c.einwohner);
    if (raw === '') einwohner = 0;
    else if (!isDigits(raw)) fail(record, 'einwohner', c.einwohner, `Einwohnerzahl „${raw}“ ist keine ganze Zahl ≥ 0`);
    else einwohner = Number(raw);
  }
  return { line: record.line, ags, strasse, hausnummer, zusatz: get(c.adz), east, north, qualitaet: get(c.qua), einwohner };
}

/** Whether the file carries inhabitants per address (column `einwohner`). */
export function hasEinwohner(header: CsvHeader): boolean {
  return header.has('einwohner');
}

/** Streams house coordinates in batches (for millions of rows without holding the CSV text). */
export async function* readHauskoordinaten(source: CsvSource, file: string): AsyncGenerator<Hauskoordinate[]> {
  for await (const records of readCsvBatches(source, { file, requiredColumns: HK_REQUIRED })) yield records.map(parseHauskoordinate);
}

/** All house coordinates of a file at once. */
export async function readAllHauskoordinaten(source: CsvSource, file: string): Promise<Hauskoordinate[]> {
  const out: Hauskoordinate[] = [];
  for await (const batch of readHauskoordinaten(source, file)) for (const h of batch) out.push(h);
  return out;
}
