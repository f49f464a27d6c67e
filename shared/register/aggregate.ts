/**
 * Resident register (Einwohner-Bestand, Einwohner-Bewegungen) → counts per Baublock, Gemeindeteil,
 * Stadtbezirk (where the area tree names them) and Stadt for the catalogue's Merkmale, the age bands in
 * the catalogue's 14 or own cuts (altersbaender.ts). Person-level data stays in this process: what comes out is
 * `area;variable;value` and a report on addresses and rejected rows.
 *
 * Flow: records of the Bestand are checked field by field and stored as compact columns (a few bytes
 * per person, no objects), so that the whole of NRW fits in memory; at `finish()` persons are grouped
 * by address, households are generated (households.ts), migration background is derived through the
 * parent references, and everything is counted at each level. Movements are counted as they stream by.
 *
 * Rules for bad input (README, „Einwohnermeldedaten zu Merkmalen“): a file that cannot be read as the
 * layout (missing columns, broken CSV, mixed encoding) stops the run; a row with a field that cannot be
 * interpreted (impossible date, unknown code, invalid address, wrong number of columns, duplicate key) is
 * skipped and reported with line and column — or stops the run in strict mode; a reference to a person
 * who is not in the extract is a warning (the person counts, the link does not).
 */
import { AdresseError, normalizeAdresse } from '../address/address';
import type { CsvHeader, CsvRecord } from '../io/csv-records';
import { deNumber, ebeneDepth, type Ebene } from '../types';
import { Column } from './columns';
import { FAMILIENSTAND, FieldProblem, completedYears, formatDatum, oneYearBefore, parseDatum, parseEreignis, parseGeschlecht, parseLandCode, parseWohnungsstatus, type DateNum } from './codes';
import { generateHouseholds, type HouseholdStats } from './households';
import { ALTERSGRUPPEN } from '../catalogue/altersgruppen';
import { altersbaender, type Altersbaender } from './altersbaender';
import { BESTAND_MERKMALE, BEWEGUNGS_MERKMALE, NV, V } from './merkmale';
import { moveOutcomes } from './moves';
import { StringIndex } from './string-index';
import type { Zuordnung } from './zuordnung';

export type Schwere = 'fehler' | 'warnung';

export interface RegisterFinding {
  severity: Schwere;
  code: string;
  file: string;
  line: number | null;
  column: string | null;
  /** full German message with file, line and column */
  message: string;
}

/** Thrown in strict mode at the first error, and for input that cannot be used at all. */
export class RegisterError extends Error {
  constructor(
    message: string,
    readonly finding: RegisterFinding | null = null,
  ) {
    super(message);
    this.name = 'RegisterError';
  }
}

export interface RegisterOptions {
  /** Stichtag, TT.MM.JJJJ or JJJJ-MM-TT */
  stichtag: string;
  zuordnung: Zuordnung;
  /** assign addresses missing from the table to the Gemeindeteil of their street (default true) */
  strassenFallback?: boolean;
  /** stop at the first faulty row instead of skipping it (default false) */
  streng?: boolean;
  /**
   * further areas to report (with zeros) besides those in the table, e.g. all Baublöcke of the tree; a
   * Stadtbezirk only if it is one of `stadtbezirke` (else it would be written with zeros)
   */
  weitereGebiete?: readonly { code: string; ebene: Ebene }[];
  /**
   * Gemeindeteil → its Stadtbezirk, from the area tree (stadtbezirkeDerGliederung): persons and events
   * are counted in the Stadtbezirk as well. Without it no Stadtbezirk is counted.
   */
  stadtbezirke?: ReadonlyMap<string, string>;
  /** findings kept per code in the report (all are counted); default 100 */
  befundeJeCode?: number;
  /**
   * the age bands to count into (ids, `intervallId` names; altersbaender.ts reads typed cuts): by
   * default the catalogue's 14; own bands replace them and must cover every age without overlap
   */
  altersgruppen?: readonly string[];
}

export type Zuordnungsart = 'baublock' | 'gemeindeteil' | 'strasse' | 'ohne';

export interface NichtZugeordneteAdresse {
  gemeindeschluessel: string;
  strassenschluessel: string;
  hausnummer: string;
  hausnummerzusatz: string;
  /** persons with Hauptwohnung there */
  personen: number;
  /** movement events there */
  ereignisse: number;
  /** Gemeindeteil by the street fallback (or by a table row without Baublock), else null */
  gemeindeteil: string | null;
  art: Zuordnungsart;
}

export interface RegisterReport {
  stichtag: string;
  bestand: { datei: string; zeilen: number; gezaehlt: number; nebenwohnung: number; uebersprungen: number; kodierung?: string };
  bewegungen: { datei: string; zeilen: number; gezaehlt: number; ausserhalbZeitraum: number; uebersprungen: number; zeitraum: string; kodierung?: string } | null;
  /** persons with Hauptwohnung by how their address was assigned */
  personenNachZuordnung: Record<Zuordnungsart, number>;
  /** addresses not found in the table (by persons, descending), including those placed by street */
  nichtZugeordnet: NichtZugeordneteAdresse[];
  haushalte: HouseholdStats;
  befunde: RegisterFinding[];
  /** how many findings of each code there were (the list above is capped per code) */
  befundZahlen: Record<string, number>;
  fehler: number;
  warnungen: number;
}

export interface WerteZeile {
  area: string;
  variable: string;
  value: number;
}

export interface RegisterResult {
  /** all rows, sorted by area code (built on first access) */
  readonly rows: WerteZeile[];
  /** number of rows without building them */
  readonly rowCount: number;
  /**
   * Rows city by city (area codes sorted), so that a whole Land can be written and checked without
   * holding millions of row objects at once.
   */
  rowsByStadt(): Generator<{ stadt: string; rows: WerteZeile[] }>;
  report: RegisterReport;
}

const BESTAND_PFLICHT = [
  'ordnungsmerkmal',
  'geburtsdatum',
  'geschlecht',
  'staatsangehoerigkeit',
  'weitere_staatsangehoerigkeit',
  'geburtsland',
  'wohnungsstatus',
  'gemeindeschluessel',
  'strassenschluessel',
  'hausnummer',
  'einzugsdatum',
  'ehegatte_om',
  'elternteil_om',
] as const;
export const BESTAND_SPALTEN = [...BESTAND_PFLICHT, 'hausnummerzusatz', 'familienstand'] as const;
const BEWEGUNG_PFLICHT = ['ordnungsmerkmal', 'ereignis', 'datum', 'gemeindeschluessel', 'strassenschluessel', 'hausnummer'] as const;
export const BEWEGUNG_SPALTEN = [...BEWEGUNG_PFLICHT, 'hausnummerzusatz'] as const;

// Person flags (one byte per person)
const F_MAIN = 1;
const F_FEMALE = 2;
const F_FOREIGN = 4;
const F_OWN_MIG = 8;
const F_WOHNDAUER = 16;
const F_DUP = 32;

/**
 * Person keys as numbers (×2 plus a flag must stay below 2^53): a digit string of up to 14 digits is
 * value × 16 + length, so `007` and `7` differ and fixed-width keys with leading zeros stay compact;
 * any other key is interned in a StringIndex (no string object per person) and is this offset plus its id.
 */
const INTERN_BASE = 2 ** 51;
/** longer person keys are refused (no register has them; the StringIndex takes up to 10,922 characters) */
const MAX_KEY_LENGTH = 1000;

const LEVELS = 4; // Baublock, Gemeindeteil, Stadtbezirk, Stadt
const LEVEL_NAMES = ['Baublock', 'Gemeindeteil', 'Stadtbezirk', 'Stadt'] as const;
const L_BEZIRK = 2;
const L_STADT = 3;
/**
 * The area at a level that the address's Stadt does not have (a Stadtbezirk in a Stadt without them):
 * nothing to count there, and unlike −1 (not known) no reason to report a move.
 */
const KEINE_EBENE = -2;

/** One row of a move within the city, waiting for its other half. */
interface MoveHalf {
  addr: number;
  line: number;
  /** the address as written, kept only when it has no Baublock (for the report) */
  written: string | null;
}

type Cols = Record<string, number>;

const NO_PARENTS: string[] = [];

/** 1 to 14 digits. */
function isDigits(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || n > 14) return false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function checkKeyLength(key: string, column: string): void {
  if (key.length > MAX_KEY_LENGTH) throw new FieldProblem(`Ordnungsmerkmal mit ${deNumber(key.length)} Zeichen – erlaubt sind höchstens ${deNumber(MAX_KEY_LENGTH)}`, column);
}

/** A cell, trimmed only when it has surrounding blanks (most cells do not). */
function cellAt(v: readonly string[], i: number): string {
  if (i < 0) return '';
  const s = v[i];
  if (s === undefined || s === '') return '';
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first <= 32 || last <= 32 ? s.trim() : s;
}

export class RegisterAggregator {
  private readonly stichtag: DateNum;
  private readonly bewegungVon: DateNum;
  private readonly fallback: boolean;
  private readonly streng: boolean;
  private readonly perCode: number;
  /** the age bands; their counts stand after the NV columns of the fixed Merkmale */
  private readonly baender: Altersbaender;
  /** columns per area in `counts` */
  private readonly nv: number;

  // areas
  private readonly areaCodes: string[] = [];
  private readonly areaEbene: Ebene[] = [];
  private readonly areaIndex = new Map<string, number>();
  private counts: Float64Array = new Float64Array(0);

  // addresses: key → id; per id the area index at each level (−1 unknown) and how it was assigned
  // Addresses in the table have the table's entry index as id (no second map of millions of keys);
  // addresses missing from it get ids from `tableSize` on.
  private readonly tableSize: number;
  private readonly tableBlockArea: Int32Array;
  private readonly tableGtArea: Int32Array;
  private readonly tableGtCity: Int32Array;
  private readonly tableGtBezirk: Int32Array;
  /** Städte with Stadtbezirke: there a Gemeindeteil without one, or an unknown one, has an unknown Stadtbezirk */
  private readonly staedteMitBezirken: ReadonlySet<string>;
  private readonly extraIndex = new Map<string, number>();
  private readonly extraArea: number[] = [];
  private readonly extraArt: Zuordnungsart[] = [];
  private readonly extraParts: string[][] = [];
  private readonly addrPersons = new Map<number, number>();
  private readonly addrEvents = new Map<number, number>();

  // persons, column-wise
  private n = 0;
  private readonly pKey = new Column(Float64Array);
  private readonly pSpouse = new Column(Float64Array, NaN);
  private readonly pParent1 = new Column(Float64Array, NaN);
  private readonly pParent2 = new Column(Float64Array, NaN);
  private readonly pAddr = new Column(Int32Array);
  private readonly pLine = new Column(Uint32Array);
  private readonly pAge = new Column(Uint8Array);
  private readonly pWohndauer = new Column(Uint8Array);
  private readonly pFlags = new Column(Uint8Array);
  private readonly strings = new StringIndex(1 << 16);

  // movements: umzug halves waiting for their counterpart, by `key|date`
  private readonly pendingMoves = new Map<string, { von: MoveHalf[]; nach: MoveHalf[] }>();
  private movesSeen = false;

  private readonly findings: RegisterFinding[] = [];
  private readonly findingCounts: Record<string, number> = {};
  private errors = 0;
  private warnings = 0;

  private bestandInfo = { datei: '', zeilen: 0, gezaehlt: 0, nebenwohnung: 0, uebersprungen: 0, kodierung: undefined as string | undefined };
  private bewegungInfo: RegisterReport['bewegungen'] = null;
  private bestandHeader: CsvHeader | null = null;
  private bestandCols: Cols = {};
  private bewegungHeader: CsvHeader | null = null;
  private bewegungCols: Cols = {};
  private finished = false;

  constructor(private readonly opts: RegisterOptions) {
    try {
      this.stichtag = parseDatum(opts.stichtag);
    } catch (e) {
      throw new RegisterError(`Stichtag: ${(e as Error).message}`);
    }
    this.bewegungVon = oneYearBefore(this.stichtag);
    this.fallback = opts.strassenFallback ?? true;
    this.streng = opts.streng ?? false;
    this.perCode = opts.befundeJeCode ?? 100;
    try {
      this.baender = altersbaender(opts.altersgruppen);
    } catch (e) {
      throw new RegisterError(`Altersgruppen: ${(e as Error).message}`);
    }
    this.nv = NV + this.baender.ids.length;
    const z = opts.zuordnung;
    this.tableSize = z.size;
    this.tableBlockArea = Int32Array.from(z.blockCodes, (b) => this.area(b, 'baublock'));
    this.tableGtArea = Int32Array.from(z.gtCodes, (g) => this.area(g, 'gemeindeteil'));
    this.tableGtCity = Int32Array.from(z.gtCodes, (g) => this.area(g.slice(0, 8), 'stadt'));
    const bezirke = opts.stadtbezirke ?? new Map<string, string>();
    this.staedteMitBezirken = new Set([...bezirke.values()].map((b) => b.slice(0, 8)));
    this.tableGtBezirk = Int32Array.from(z.gtCodes, (g) => this.bezirkArea(g));
    const gezaehlteBezirke = new Set(bezirke.values());
    for (const a of opts.weitereGebiete ?? []) {
      if (ebeneDepth(a.ebene) < ebeneDepth('stadt')) continue; // not Land or Kreis
      if (a.ebene === 'stadtbezirk' && !gezaehlteBezirke.has(a.code)) continue;
      this.area(a.code, a.ebene);
    }
  }

  /** The Stadtbezirk of a Gemeindeteil (area index), −1 not known, KEINE_EBENE if its Stadt has none. */
  private bezirkArea(gt: string): number {
    const b = this.opts.stadtbezirke?.get(gt);
    if (b !== undefined) return this.area(b, 'stadtbezirk');
    return this.staedteMitBezirken.has(gt.slice(0, 8)) ? -1 : KEINE_EBENE;
  }

  /** Index of an area, created on first use. */
  private area(code: string, ebene: Ebene): number {
    let i = this.areaIndex.get(code);
    if (i === undefined) {
      i = this.areaCodes.length;
      this.areaIndex.set(code, i);
      this.areaCodes.push(code);
      this.areaEbene.push(ebene);
      if (this.counts.length < (i + 1) * this.nv) {
        const grown = new Float64Array(Math.max(64, (i + 1) * 2) * this.nv);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    return i;
  }

  private add(area: number, v: number, by = 1): void {
    this.counts[area * this.nv + v]! += by;
  }

  private report(severity: Schwere, code: string, file: string, line: number | null, column: string | null, detail: string, header?: CsvHeader | null): void {
    const colNo = column && header ? header.index(column) + 1 : 0;
    const where = [file, line !== null ? `Zeile ${line}` : null, column ? `Spalte „${column}“${colNo > 0 ? ` (${colNo}. Spalte)` : ''}` : null].filter(Boolean).join(', ');
    const f: RegisterFinding = { severity, code, file, line, column, message: `${where}: ${detail}` };
    if (severity === 'fehler') {
      this.errors++;
      if (this.streng) throw new RegisterError(`${f.message} (Abbruch, strenger Modus)`, f);
    } else this.warnings++;
    const c = (this.findingCounts[code] = (this.findingCounts[code] ?? 0) + 1);
    if (c <= this.perCode) this.findings.push(f);
  }

  /** Address → id, assigning it to its areas on first sight. Throws AdresseError. */
  private last = { ags: '', street: '', hnr: '', zusatz: '', id: -1 };

  private address(ags: string, street: string, hnr: string, zusatz: string): number {
    // Persons of one address usually follow each other: skip the normalisation for a repeat.
    const l = this.last;
    if (l.id >= 0 && ags === l.ags && street === l.street && hnr === l.hnr && zusatz === l.zusatz) return l.id;
    const id = this.addressOf(ags, street, hnr, zusatz);
    l.ags = ags;
    l.street = street;
    l.hnr = hnr;
    l.zusatz = zusatz;
    l.id = id;
    return id;
  }

  /** The address of a Bestand or Bewegungen record → id; an invalid address is a FieldProblem naming its column. */
  private recordAddress(cell: (column: string) => string): number {
    try {
      return this.address(cell('gemeindeschluessel'), cell('strassenschluessel'), cell('hausnummer'), cell('hausnummerzusatz'));
    } catch (e) {
      if (e instanceof AdresseError) throw new FieldProblem(e.message, e.field);
      throw e;
    }
  }

  private addressOf(ags: string, street: string, hnr: string, zusatz: string): number {
    const n = normalizeAdresse({ gemeindeschluessel: ags, strassenschluessel: street, hausnummer: hnr, hausnummerzusatz: zusatz });
    const entry = this.opts.zuordnung.indexOf(n);
    if (entry >= 0) return entry;
    const key = `${n.gemeindeschluessel}|${n.strassenschluessel}|${n.hausnummer}|${n.hausnummerzusatz}`;
    let id = this.extraIndex.get(key);
    if (id !== undefined) return id;
    id = this.tableSize + this.extraArt.length;
    this.extraIndex.set(key, id);
    let gt = -1;
    let bezirk = this.staedteMitBezirken.has(n.gemeindeschluessel) ? -1 : KEINE_EBENE;
    let art: Zuordnungsart = 'ohne';
    if (this.fallback) {
      const g = this.opts.zuordnung.gemeindeteilDerStrasse(n.gemeindeschluessel, n.strassenschluessel);
      if (g) {
        gt = this.area(g, 'gemeindeteil');
        bezirk = this.bezirkArea(g);
        art = 'strasse';
      }
    }
    this.extraArea.push(-1, gt, bezirk, this.area(n.gemeindeschluessel, 'stadt'));
    this.extraArt.push(art);
    this.extraParts.push([n.gemeindeschluessel, n.strassenschluessel, n.hausnummer, n.hausnummerzusatz]);
    return id;
  }

  /** Area index of an address at a level (0 Baublock, 1 Gemeindeteil, 2 Stadtbezirk, 3 Stadt); −1 unknown, KEINE_EBENE none. */
  private areaAt(id: number, level: number): number {
    if (id >= this.tableSize) return this.extraArea[(id - this.tableSize) * LEVELS + level]!;
    const z = this.opts.zuordnung;
    if (level === 0) {
      const b = z.blockOf(id);
      return b >= 0 ? this.tableBlockArea[b]! : -1;
    }
    return (level === 1 ? this.tableGtArea : level === L_BEZIRK ? this.tableGtBezirk : this.tableGtCity)[z.gtOf(id)]!;
  }

  private artOf(id: number): Zuordnungsart {
    if (id >= this.tableSize) return this.extraArt[id - this.tableSize]!;
    return this.opts.zuordnung.blockOf(id) >= 0 ? 'baublock' : 'gemeindeteil';
  }

  private get addressCount(): number {
    return this.tableSize + this.extraArt.length;
  }

  private personKey(raw: string): number {
    return isDigits(raw) ? Number(raw) * 16 + raw.length : INTERN_BASE + this.strings.id(raw);
  }

  private keyName(k: number): string {
    return k >= INTERN_BASE ? this.strings.name(k - INTERN_BASE) : String(Math.floor(k / 16)).padStart(k % 16, '0');
  }

  private columns(header: CsvHeader, names: readonly string[]): Cols {
    return Object.fromEntries(names.map((n) => [n, header.index(n)]));
  }

  // ---------------------------------------------------------------- Bestand

  /** One batch of Bestand records (all from the same file). */
  addBestand(records: readonly CsvRecord[], kodierung?: string): void {
    if (this.finished) throw new Error('finish() wurde schon aufgerufen');
    if (records.length === 0) return;
    const header = records[0]!.header;
    if (header !== this.bestandHeader) {
      if (this.bestandHeader) throw new RegisterError('Nur eine Bestandsdatei je Lauf');
      header.require(BESTAND_PFLICHT);
      this.bestandHeader = header;
      this.bestandCols = this.columns(header, BESTAND_SPALTEN);
      this.bestandInfo.datei = header.file;
    }
    if (kodierung) this.bestandInfo.kodierung = kodierung;
    for (const r of records) this.bestandRecord(r);
  }

  private bestandRecord(r: CsvRecord): void {
    const info = this.bestandInfo;
    const header = r.header;
    const file = header.file;
    const c = this.bestandCols;
    const v = r.values;
    info.zeilen++;
    const cell = (col: string) => cellAt(v, c[col]!);
    const skip = (code: string, column: string | null, detail: string) => {
      info.uebersprungen++;
      this.report('fehler', code, file, r.line, column, `${detail} – Person nicht gezählt`, header);
    };
    if (v.length !== header.names.length) {
      return skip('ZEILE_SPALTENZAHL', null, `Die Zeile hat ${v.length} Felder, die Kopfzeile ${header.names.length}`);
    }
    const om = cell('ordnungsmerkmal');
    if (!om) return skip('PFLICHTFELD_LEER', 'ordnungsmerkmal', 'Ordnungsmerkmal fehlt');
    let col = '';
    try {
      col = 'wohnungsstatus';
      const main = parseWohnungsstatus(cell(col)) === 'H';
      col = 'geburtsdatum';
      const geburt = parseDatum(cell(col));
      if (geburt > this.stichtag) throw new FieldProblem(`Geburtsdatum ${formatDatum(geburt)} liegt nach dem Stichtag ${formatDatum(this.stichtag)}`);
      const age = completedYears(geburt, this.stichtag);
      if (age > 125) throw new FieldProblem(`Geburtsdatum ${formatDatum(geburt)} ergibt ein Alter von ${age} Jahren`);
      col = 'geschlecht';
      const g = parseGeschlecht(cell(col));
      col = 'staatsangehoerigkeit';
      if (!cell(col)) throw new FieldProblem('Staatsangehörigkeit fehlt (000 bzw. DE für deutsch)');
      const sa1 = parseLandCode(cell(col));
      col = 'weitere_staatsangehoerigkeit';
      const sa2 = cell(col) ? parseLandCode(cell(col)) : null;
      col = 'geburtsland';
      const land = cell(col) ? parseLandCode(cell(col)) : null;
      col = 'einzugsdatum';
      let wohndauer = -1;
      if (cell(col)) {
        const einzug = parseDatum(cell(col));
        if (einzug > this.stichtag) throw new FieldProblem(`Einzugsdatum ${formatDatum(einzug)} liegt nach dem Stichtag ${formatDatum(this.stichtag)}`);
        if (einzug < geburt) throw new FieldProblem(`Einzugsdatum ${formatDatum(einzug)} liegt vor dem Geburtsdatum ${formatDatum(geburt)}`);
        wohndauer = completedYears(einzug, this.stichtag);
      }
      col = 'gemeindeschluessel';
      const addr = this.recordAddress(cell);
      col = 'ehegatte_om';
      const spouseRaw = cell(col);
      col = 'elternteil_om';
      const parentsRaw = cell(col);
      const parents = parentsRaw === '' ? NO_PARENTS : parentsRaw.split(/[,|]/).map((s) => s.trim()).filter(Boolean);
      if (parents.length > 2) throw new FieldProblem(`Mehr als zwei Elternteile angegeben (${parents.length})`);
      if (parents.includes(om) || spouseRaw === om) throw new FieldProblem('Die Person verweist auf sich selbst');
      checkKeyLength(om, 'ordnungsmerkmal');
      checkKeyLength(spouseRaw, 'ehegatte_om');
      for (const p of parents) checkKeyLength(p, 'elternteil_om');

      // Only now, with the row accepted, does anything get stored.
      const fam = cell('familienstand').toUpperCase();
      if (fam && !FAMILIENSTAND.has(fam)) {
        this.report('warnung', 'FAMILIENSTAND_UNBEKANNT', file, r.line, 'familienstand', `„${fam}“ ist kein Familienstand nach DSMeld (${[...FAMILIENSTAND].join(', ')}); für die Zählung ohne Bedeutung`, header);
      }
      if (wohndauer < 0 && main) {
        this.report('warnung', 'EINZUG_FEHLT', file, r.line, 'einzugsdatum', 'Einzugsdatum fehlt – Person zählt zur Bevölkerung, nicht aber zur Wohndauer', header);
      }
      const foreign = !sa1.deutsch && !(sa2?.deutsch ?? false);
      const ownMig = !sa1.deutsch || (sa2 !== null && !sa2.deutsch) || (land !== null && !land.deutsch);
      const i = this.n++;
      this.pKey.set(i, this.personKey(om));
      if (spouseRaw) this.pSpouse.set(i, this.personKey(spouseRaw));
      if (parents[0]) this.pParent1.set(i, this.personKey(parents[0]));
      if (parents[1]) this.pParent2.set(i, this.personKey(parents[1]));
      this.pAddr.set(i, addr);
      this.pLine.set(i, r.line);
      this.pAge.set(i, age);
      this.pWohndauer.set(i, Math.max(0, wohndauer));
      this.pFlags.set(i, (main ? F_MAIN : 0) | (g === 'w' ? F_FEMALE : 0) | (foreign ? F_FOREIGN : 0) | (ownMig ? F_OWN_MIG : 0) | (wohndauer >= 0 ? F_WOHNDAUER : 0));
      if (main) info.gezaehlt++;
      else info.nebenwohnung++;
    } catch (e) {
      if (e instanceof FieldProblem) {
        if (e.column) col = e.column;
        const code = /Datum|datum/.test(col) ? 'DATUM_UNGUELTIG' : col.startsWith('haus') || col.startsWith('strass') || col === 'gemeindeschluessel' ? 'ADRESSE_UNGUELTIG' : 'WERT_UNGUELTIG';
        return skip(code, col, e.message);
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- Bewegungen

  /** One batch of movement records (all from the same file). */
  addBewegungen(records: readonly CsvRecord[], kodierung?: string): void {
    if (this.finished) throw new Error('finish() wurde schon aufgerufen');
    this.movesSeen = true;
    if (records.length === 0) return;
    const header = records[0]!.header;
    if (header !== this.bewegungHeader) {
      if (this.bewegungHeader) throw new RegisterError('Nur eine Bewegungsdatei je Lauf');
      header.require(BEWEGUNG_PFLICHT);
      this.bewegungHeader = header;
      this.bewegungCols = this.columns(header, BEWEGUNG_SPALTEN);
      this.bewegungInfo = {
        datei: header.file,
        zeilen: 0,
        gezaehlt: 0,
        ausserhalbZeitraum: 0,
        uebersprungen: 0,
        zeitraum: `${formatDatum(this.dayAfter(this.bewegungVon))} bis ${formatDatum(this.stichtag)}`,
      };
    }
    if (kodierung) this.bewegungInfo!.kodierung = kodierung;
    for (const r of records) this.bewegungRecord(r);
  }

  /** Declares that movements are part of this run even if the file has no rows. */
  expectBewegungen(): void {
    this.movesSeen = true;
  }

  private dayAfter(d: DateNum): DateNum {
    const y = Math.floor(d / 10000);
    const m = Math.floor(d / 100) % 100;
    const day = d % 100;
    const dt = new Date(Date.UTC(y, m - 1, day + 1));
    return dt.getUTCFullYear() * 10000 + (dt.getUTCMonth() + 1) * 100 + dt.getUTCDate();
  }

  private bewegungRecord(r: CsvRecord): void {
    const info = this.bewegungInfo!;
    const header = r.header;
    const c = this.bewegungCols;
    const v = r.values;
    info.zeilen++;
    const cell = (col: string) => {
      const i = c[col]!;
      return i < 0 ? '' : (v[i] ?? '').trim();
    };
    const skip = (code: string, column: string | null, detail: string) => {
      info.uebersprungen++;
      this.report('fehler', code, header.file, r.line, column, `${detail} – Ereignis nicht gezählt`, header);
    };
    if (v.length !== header.names.length) return skip('ZEILE_SPALTENZAHL', null, `Die Zeile hat ${v.length} Felder, die Kopfzeile ${header.names.length}`);
    const om = cell('ordnungsmerkmal');
    if (!om) return skip('PFLICHTFELD_LEER', 'ordnungsmerkmal', 'Ordnungsmerkmal fehlt');
    let col = 'ereignis';
    try {
      const ereignis = parseEreignis(cell(col));
      col = 'datum';
      const datum = parseDatum(cell(col));
      col = 'gemeindeschluessel';
      const addr = this.recordAddress(cell);
      if (datum <= this.bewegungVon || datum > this.stichtag) {
        info.ausserhalbZeitraum++;
        return;
      }
      if (this.artOf(addr) !== 'baublock') this.addrEvents.set(addr, (this.addrEvents.get(addr) ?? 0) + 1);
      info.gezaehlt++;
      switch (ereignis) {
        case 'geburt':
          return this.countAtAddress(addr, V.geburten);
        case 'tod':
          return this.countAtAddress(addr, V.sterbefaelle);
        case 'zuzug':
          return this.countAtAddress(addr, V.zuzuege);
        case 'fortzug':
          return this.countAtAddress(addr, V.fortzuege);
        case 'umzug_von':
        case 'umzug_nach': {
          const key = `${om}|${datum}`;
          let p = this.pendingMoves.get(key);
          if (!p) this.pendingMoves.set(key, (p = { von: [], nach: [] }));
          const written = this.artOf(addr) === 'baublock' ? null : `${cell('gemeindeschluessel')} Straße ${cell('strassenschluessel')} Nr. ${cell('hausnummer')}${cell('hausnummerzusatz')}`;
          (ereignis === 'umzug_von' ? p.von : p.nach).push({ addr, line: r.line, written });
          if (p.von.length > 0 && p.nach.length > 0) {
            this.countMove(p.von.shift()!, p.nach.shift()!, om, datum);
            if (p.von.length === 0 && p.nach.length === 0) this.pendingMoves.delete(key);
          }
          return;
        }
      }
    } catch (e) {
      if (e instanceof FieldProblem) {
        if (e.column) col = e.column;
        const code = col === 'datum' ? 'DATUM_UNGUELTIG' : col === 'ereignis' ? 'WERT_UNGUELTIG' : 'ADRESSE_UNGUELTIG';
        return skip(code, col, e.message);
      }
      throw e;
    }
  }

  private countAtAddress(addr: number, v: number): void {
    for (let l = 0; l < LEVELS; l++) {
      const a = this.areaAt(addr, l);
      if (a >= 0) this.add(a, v);
    }
  }

  /**
   * A move within the city: at each level Fortzug from the old and Zuzug into the new area where they
   * certainly differ (moves.ts has the rule). A move with an address outside the Baublöcke is reported
   * with what was counted and what could not be, so that nothing is guessed silently.
   */
  private countMove(von: MoveHalf, nach: MoveHalf, om: string, datum: DateNum): void {
    const a = LEVEL_NAMES.map((_, l) => this.areaAt(von.addr, l));
    const b = LEVEL_NAMES.map((_, l) => this.areaAt(nach.addr, l));
    // a level neither Stadt has is left out; one Stadt with it and one without: that side is not known
    const known = (x: number) => (x === KEINE_EBENE ? -1 : x);
    const outcomes = moveOutcomes(a.map(known), b.map(known));
    const notes: string[] = [];
    for (let l = 0; l < LEVELS; l++) {
      if (a[l] === KEINE_EBENE && b[l] === KEINE_EBENE) continue;
      const name = LEVEL_NAMES[l];
      if (outcomes[l] === 'unbestimmt') {
        notes.push(`${name}: ob die Grenze überschritten wurde, ist unbekannt – nicht gezählt`);
        continue;
      }
      if (outcomes[l] === 'gleich') continue;
      if (a[l]! >= 0) this.add(a[l]!, V.fortzuege);
      if (b[l]! >= 0) this.add(b[l]!, V.zuzuege);
      if (a[l]! < 0 || b[l]! < 0) {
        const fort = a[l]! >= 0 ? `Fortzug aus ${this.areaCodes[a[l]!]} gezählt` : `Fortzug aus unbekanntem ${name} nicht gezählt`;
        const zu = b[l]! >= 0 ? `Zuzug nach ${this.areaCodes[b[l]!]} gezählt` : `Zuzug in unbekannten ${name} nicht gezählt`;
        notes.push(`${name}: ${fort}, ${zu}`);
      }
    }
    if (notes.length === 0) return;
    const info = this.bewegungInfo!;
    this.report('warnung', 'UMZUG_GEBIET_UNBESTIMMT', info.datei, (von.written !== null ? von : nach).line, null,
      `Umzug (Ordnungsmerkmal ${om}, ${formatDatum(datum)}) von ${this.describeMoveAddress(von)} nach ${this.describeMoveAddress(nach)}: ${notes.join('; ')}`);
  }

  private describeMoveAddress(h: MoveHalf): string {
    if (h.written === null) return `Baublock ${this.areaCodes[this.areaAt(h.addr, 0)]}`;
    const gt = this.areaAt(h.addr, 1);
    const art = this.artOf(h.addr);
    const why =
      art === 'gemeindeteil' ? `in der Zuordnungstabelle ohne Baublock, Gemeindeteil ${this.areaCodes[gt]}`
      : art === 'strasse' ? `nicht in der Zuordnungstabelle, über die Straße dem Gemeindeteil ${this.areaCodes[gt]} zugeordnet`
      : `nicht in der Zuordnungstabelle, nur der Stadt ${this.areaCodes[this.areaAt(h.addr, L_STADT)]} zugeordnet`;
    return `${h.written} (${why})`;
  }

  // ---------------------------------------------------------------- finish

  finish(): RegisterResult {
    if (this.finished) throw new Error('finish() wurde schon aufgerufen');
    this.finished = true;
    if (!this.bestandHeader) throw new RegisterError('Die Bestandsdatei enthält keine Personen');
    // All keys are read: the hash table of letter keys goes before the sorted key array is built.
    this.strings.dropLookup();
    const lookup = this.keyIndex();
    const hh = this.countPersonsAndHouseholds(lookup);
    // Movement halves without their counterpart cannot be placed: reported, not counted.
    if (this.bewegungInfo) {
      for (const [key, p] of this.pendingMoves) {
        for (const [kind, list] of [['umzug_von', p.von], ['umzug_nach', p.nach]] as const) {
          for (const m of list) {
            this.bewegungInfo.uebersprungen++;
            this.bewegungInfo.gezaehlt--;
            this.report('fehler', 'UMZUG_OHNE_GEGENSTUECK', this.bewegungInfo.datei, m.line, 'ereignis',
              `${kind} ohne passende Zeile ${kind === 'umzug_von' ? 'umzug_nach' : 'umzug_von'} (gleiches Ordnungsmerkmal ${key.split('|')[0]}, gleiches Datum) – Ereignis nicht gezählt`, this.bewegungHeader);
          }
        }
      }
    }
    const report = this.buildReport(hh);
    const variables = this.outputColumns();
    const order = this.areaCodes.map((_, i) => i).sort((a, b) => (this.areaCodes[a]! < this.areaCodes[b]! ? -1 : 1));
    const codes = this.areaCodes;
    const counts = this.counts;
    const nv = this.nv;
    const rowsOf = (areas: readonly number[]): WerteZeile[] => {
      const out: WerteZeile[] = [];
      for (const a of areas) for (const v of variables) out.push({ area: codes[a]!, variable: v.id, value: counts[a * nv + v.col]! });
      return out;
    };
    let all: WerteZeile[] | null = null;
    return {
      get rows() {
        return (all ??= rowsOf(order));
      },
      rowCount: order.length * variables.length,
      *rowsByStadt() {
        let i = 0;
        while (i < order.length) {
          const stadt = codes[order[i]!]!.slice(0, 8);
          const group: number[] = [];
          while (i < order.length && codes[order[i]!]!.startsWith(stadt)) group.push(order[i++]!);
          yield { stadt, rows: rowsOf(group) };
        }
      },
      report,
    };
  }

  /**
   * The written Merkmale and their column: the fixed ones in the catalogue's order, the age bands (the
   * catalogue's 14 or own ones) where the catalogue's first band stands; movements only with a
   * movements file.
   */
  private outputColumns(): { id: string; col: number }[] {
    const out: { id: string; col: number }[] = [];
    const katalogBand: ReadonlySet<string> = new Set(ALTERSGRUPPEN);
    for (const id of BESTAND_MERKMALE) {
      if (!katalogBand.has(id)) out.push({ id, col: V[id] });
      else if (id === ALTERSGRUPPEN[0]) this.baender.ids.forEach((b, i) => out.push({ id: b, col: NV + i }));
    }
    if (this.movesSeen) for (const id of BEWEGUNGS_MERKMALE) out.push({ id, col: V[id] });
    return out;
  }

  /**
   * Sorted person keys, each ×2 plus its own-migration flag: duplicate detection and key lookups
   * (references) by binary search over one Float64Array instead of a Map of millions of entries.
   */
  private keyIndex(): { has: (k: number) => boolean; ownMig: (k: number) => boolean } {
    const n = this.n;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = this.pKey.get(i) * 2 + (this.pFlags.get(i) & F_OWN_MIG ? 1 : 0);
    keys.sort();
    const dups = new Set<number>();
    for (let i = 1; i < n; i++) if (Math.floor(keys[i]! / 2) === Math.floor(keys[i - 1]! / 2)) dups.add(Math.floor(keys[i]! / 2));
    if (dups.size > 0) {
      const first = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const k = this.pKey.get(i);
        if (!dups.has(k)) continue;
        const f = first.get(k);
        if (f === undefined) {
          first.set(k, this.pLine.get(i));
          continue;
        }
        const flags = this.pFlags.get(i);
        this.pFlags.set(i, flags | F_DUP);
        this.bestandInfo.uebersprungen++;
        if (flags & F_MAIN) this.bestandInfo.gezaehlt--;
        else this.bestandInfo.nebenwohnung--;
        this.report('fehler', 'DOPPELTER_SCHLUESSEL', this.bestandInfo.datei, this.pLine.get(i), 'ordnungsmerkmal',
          `Ordnungsmerkmal ${this.keyName(k)} steht schon in Zeile ${f} – diese Zeile wird nicht gezählt, Verweise gelten der ersten`, this.bestandHeader);
      }
    }
    const find = (k: number): number => {
      let lo = 0;
      let hi = n;
      const t = k * 2;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      return lo < n && Math.floor(keys[lo]! / 2) === k ? lo : -1;
    };
    return {
      has: (k) => find(k) >= 0,
      ownMig: (k) => {
        const i = find(k);
        return i >= 0 && keys[i]! % 2 === 1;
      },
    };
  }

  private countPersonsAndHouseholds(lookup: { has: (k: number) => boolean; ownMig: (k: number) => boolean }): HouseholdStats {
    const n = this.n;
    const nAddr = this.addressCount;
    // Counting sort of main-residence persons by address.
    const start = new Uint32Array(nAddr + 1);
    for (let i = 0; i < n; i++) if ((this.pFlags.get(i) & (F_MAIN | F_DUP)) === F_MAIN) start[this.pAddr.get(i) + 1]!++;
    for (let a = 0; a < nAddr; a++) start[a + 1]! += start[a]!;
    const order = new Uint32Array(start[nAddr]!);
    const fillPos = start.slice(0, nAddr);
    for (let i = 0; i < n; i++) if ((this.pFlags.get(i) & (F_MAIN | F_DUP)) === F_MAIN) order[fillPos[this.pAddr.get(i)]!++] = i;

    const nv = this.nv;
    const nachAlter = this.baender.nachAlter;
    const stats: HouseholdStats = { haushalte: 0, personen: 0, minderjaehrigeOhneVerknuepfung: 0, ehegatteAndereAdresse: 0, elternteilAndereAdresse: 0, verweiseOhnePerson: 0 };
    const areas = [0, 0, 0];
    const group: number[] = [];
    const keysOf: number[] = [];
    for (let a = 0; a < nAddr; a++) {
      const from = start[a]!;
      const to = start[a + 1]!;
      if (from === to) continue;
      let nAreas = 0;
      for (let l = 0; l < LEVELS; l++) {
        const x = this.areaAt(a, l);
        if (x >= 0) areas[nAreas++] = x;
      }
      if (this.artOf(a) !== 'baublock') this.addrPersons.set(a, to - from);
      group.length = 0;
      keysOf.length = 0;
      for (let j = from; j < to; j++) {
        const i = order[j]!;
        group.push(i);
        keysOf.push(this.pKey.get(i));
      }
      // Per person counts
      for (const i of group) {
        const f = this.pFlags.get(i);
        const age = this.pAge.get(i);
        let mig = (f & F_OWN_MIG) !== 0;
        if (!mig && age < 18) {
          const p1 = this.pParent1.get(i);
          const p2 = this.pParent2.get(i);
          mig = (!Number.isNaN(p1) && lookup.ownMig(p1)) || (!Number.isNaN(p2) && lookup.ownMig(p2));
        }
        const band = NV + nachAlter[age]!;
        for (let k = 0; k < nAreas; k++) {
          const base = areas[k]! * nv;
          const c = this.counts;
          c[base + V.bevoelkerung]!++;
          c[base + band]!++;
          if (f & F_FEMALE) c[base + V.bev_weiblich]!++;
          if (f & F_FOREIGN) c[base + V.bev_auslaendisch]!++;
          if (mig) c[base + V.bev_migrationshintergrund]!++;
          if (f & F_WOHNDAUER) {
            const w = this.pWohndauer.get(i);
            if (w >= 5) c[base + V.bev_wohndauer_5plus]!++;
            c[base + V.wohndauer_summe_jahre]! += w;
          }
        }
      }
      // Households
      const hh = generateHouseholds(
        group.length,
        (j) => keysOf[j]!,
        (j) => this.pSpouse.get(group[j]!),
        (j) => this.pParent1.get(group[j]!),
        (j) => this.pParent2.get(group[j]!),
        (j) => this.pAge.get(group[j]!),
        lookup.has,
        stats,
      );
      for (let k = 0; k < nAreas; k++) {
        const base = areas[k]! * nv;
        const c = this.counts;
        c[base + V.hh_gesamt]! += hh.total;
        c[base + V.hh_1p]! += hh.bySize[0]!;
        c[base + V.hh_2p]! += hh.bySize[1]!;
        c[base + V.hh_3p]! += hh.bySize[2]!;
        c[base + V.hh_4p]! += hh.bySize[3]!;
        c[base + V.hh_5plus]! += hh.bySize[4]!;
        c[base + V.hh_mit_kindern]! += hh.withChildren;
        c[base + V.hh_alleinerziehend]! += hh.singleParent;
      }
    }
    // References to persons missing from the extract: warnings with the line of the referring person.
    {
      for (let i = 0; i < n; i++) {
        if (this.pFlags.get(i) & F_DUP) continue;
        const s = this.pSpouse.get(i);
        if (!Number.isNaN(s) && !lookup.has(s)) {
          this.report('warnung', 'EHEGATTE_FEHLT', this.bestandInfo.datei, this.pLine.get(i), 'ehegatte_om',
            `Ehegatte/Lebenspartner ${this.keyName(s)} steht nicht im Auszug – Person zählt, die Verknüpfung nicht`, this.bestandHeader);
        }
        for (const p of [this.pParent1.get(i), this.pParent2.get(i)]) {
          if (!Number.isNaN(p) && !lookup.has(p)) {
            this.report('warnung', 'ELTERNTEIL_FEHLT', this.bestandInfo.datei, this.pLine.get(i), 'elternteil_om',
              `Elternteil ${this.keyName(p)} steht nicht im Auszug – Person zählt, die Verknüpfung nicht`, this.bestandHeader);
          }
        }
      }
    }
    return stats;
  }

  private buildReport(haushalte: HouseholdStats): RegisterReport {
    const personenNachZuordnung: Record<Zuordnungsart, number> = { baublock: 0, gemeindeteil: 0, strasse: 0, ohne: 0 };
    const nicht: NichtZugeordneteAdresse[] = [];
    for (let a = 0; a < this.addressCount; a++) {
      if (a < this.tableSize && !this.addrPersons.has(a)) continue; // in the table with a Baublock, or empty
      const art = this.artOf(a);
      const persons = this.addrPersons.get(a) ?? 0;
      if (art === 'baublock') continue;
      personenNachZuordnung[art] += persons;
      if (art !== 'gemeindeteil') {
        const [ags, street, hnr, zusatz] = this.extraParts[a - this.tableSize]!;
        const gt = this.areaAt(a, 1);
        nicht.push({
          gemeindeschluessel: ags!,
          strassenschluessel: street!,
          hausnummer: hnr!,
          hausnummerzusatz: zusatz!,
          personen: persons,
          ereignisse: this.addrEvents.get(a) ?? 0,
          gemeindeteil: gt >= 0 ? this.areaCodes[gt]! : null,
          art,
        });
      }
    }
    personenNachZuordnung.baublock = this.bestandInfo.gezaehlt - personenNachZuordnung.gemeindeteil - personenNachZuordnung.strasse - personenNachZuordnung.ohne;
    nicht.sort((x, y) => y.personen - x.personen || y.ereignisse - x.ereignisse);
    return {
      stichtag: formatDatum(this.stichtag),
      bestand: { ...this.bestandInfo },
      bewegungen: this.bewegungInfo ? { ...this.bewegungInfo } : null,
      personenNachZuordnung,
      nichtZugeordnet: nicht,
      haushalte,
      befunde: this.findings,
      befundZahlen: { ...this.findingCounts },
      fehler: this.errors,
      warnungen: this.warnings,
    };
  }
}
