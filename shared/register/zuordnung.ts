/**
 * The address-to-area table: which Baublock (and Gemeindeteil) an address lies in. Written by
 * `sozialmonitor geo zuordnen` or built in memory from an assignment; read here from CSV
 * (`gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil`).
 * Every join goes through `addressKey`, so `12a` in the register meets `12 A` in the table.
 */
import { AdresseError, normalizeAdresse, type Adresse } from '../address/address';
import type { AreaWithGeometry } from '../areas/exchange';
import { createBlockAssigner } from '../geo/assign';
import { GeoEingabeError } from '../geo/eingabe';
import { readHauskoordinaten } from '../geo/hauskoordinaten';
import { Column } from './columns';
import { NumberIndex } from './number-index';
import { CsvFieldError, type CsvRecord, type CsvSource, readCsvBatches } from '../io/csv-records';

export interface AdressZuordnung {
  /** Baublock code, or null when the address is only known to lie in a Gemeindeteil */
  baublock: string | null;
  gemeindeteil: string;
}

/**
 * Codes as the area tree has them below a Stadt (shared/areas): the AGS, then the city's own numbers
 * (1–8 letters or digits each), e.g. 05954036-03-0017 or, with Stadtbezirken, 05315000-1-101-0017. A
 * Baublock has at least two own numbers; the area it lies in is its code without the last one.
 */
const BAUBLOCK = /^(\d{8}(?:-[A-Za-z0-9]{1,8})+)-[A-Za-z0-9]{1,8}$/;
const GEMEINDETEIL = /^(\d{8})(?:-[A-Za-z0-9]{1,8})+$/;

export class ZuordnungError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZuordnungError';
  }
}

/**
 * Lookup of addresses to areas, with the streets' Gemeindeteile for the fallback. Stored compactly
 * (one map entry and two integers per address) because a whole Land has millions of addresses.
 */
export class Zuordnung {
  /**
   * Address → entry index. Keys are numbers where the address fits 53 bits (city index, street key,
   * house number, suffix code) in a typed-array hash table: a Map of millions of string keys costs
   * about 200 bytes per address, this about 24 — the difference that keeps the whole of NRW under 2 GB.
   */
  private readonly byNumber = new NumberIndex();
  private readonly byString = new Map<string, number>();
  private readonly cityIndex = new Map<string, number>();
  private readonly suffixIndex = new Map<string, number>();
  private count = 0;
  private readonly entryBlock = new Column(Int32Array, -1);
  private readonly entryGt = new Column(Int32Array, -1);
  /** Baublock and Gemeindeteil codes by their index */
  readonly blockCodes: string[] = [];
  readonly gtCodes: string[] = [];
  private readonly blockIndex = new Map<string, number>();
  private readonly gtIndex = new Map<string, number>();
  /** `AGS|street` → index of the Gemeindeteil all its known addresses lie in, −1 if several */
  private readonly streets = new Map<string, number>();

  get baubloecke(): readonly string[] {
    return this.blockCodes;
  }
  get gemeindeteile(): readonly string[] {
    return this.gtCodes;
  }

  /**
   * Adds one address. Throws ZuordnungError (German, without location: the caller adds it) for an
   * area code that does not fit the address or a second, different assignment of the same address.
   */
  add(adresse: Adresse, baublock: string | null, gemeindeteil: string | null): void {
    const n = normalizeAdresse(adresse);
    const block = baublock?.trim() || null;
    let gt = gemeindeteil?.trim() || null;
    if (block) {
      const m = BAUBLOCK.exec(block);
      if (!m) throw new ZuordnungError(`Baublock „${block}“ hat nicht die Form Gemeindeschlüssel-Gemeindeteil-Baublock (z. B. 05954036-03-0017 oder 05315000-1-101-0017)`);
      const fromBlock = m[1]!;
      if (gt && gt !== fromBlock) throw new ZuordnungError(`Baublock ${block} liegt nicht im Gemeindeteil ${gt}`);
      gt = fromBlock;
    }
    if (!gt) throw new ZuordnungError('Weder Baublock noch Gemeindeteil angegeben');
    const g = GEMEINDETEIL.exec(gt);
    if (!g) throw new ZuordnungError(`Gemeindeteil „${gt}“ hat nicht die Form Gemeindeschlüssel-Gemeindeteil (z. B. 05954036-03 oder 05315000-1-101)`);
    if (g[1] !== n.gemeindeschluessel) {
      throw new ZuordnungError(`Gebiet ${block ?? gt} gehört nicht zum Gemeindeschlüssel ${n.gemeindeschluessel} der Adresse`);
    }
    const before = this.find(n, false);
    if (before >= 0) {
      const b = this.entry(before);
      if (b.baublock !== block || b.gemeindeteil !== gt) {
        throw new ZuordnungError(`Die Adresse ist schon ${b.baublock ?? b.gemeindeteil} zugeordnet, hier ${block ?? gt}`);
      }
      return;
    }
    const i = this.count++;
    const num = this.numberKey(n, true);
    if (num >= 0) this.byNumber.set(num, i);
    else this.byString.set(stringKey(n), i);
    this.entryBlock.set(i, block ? intern(block, this.blockCodes, this.blockIndex) : -1);
    const g2 = intern(gt, this.gtCodes, this.gtIndex);
    this.entryGt.set(i, g2);
    const street = `${n.gemeindeschluessel}|${n.strassenschluessel}`;
    const known = this.streets.get(street);
    if (known === undefined) this.streets.set(street, g2);
    else if (known !== g2) this.streets.set(street, -1);
  }

  /**
   * The address as a number below 2^53: city (11 bits, interned AGS), street key (20 bits), house
   * number (14 bits), suffix (8 bits: none, A–Z, or interned). −1 when a part does not fit.
   */
  private numberKey(n: Adresse, create: boolean): number {
    let city = this.cityIndex.get(n.gemeindeschluessel);
    if (city === undefined) {
      if (!create || this.cityIndex.size >= 2048) return -1;
      city = this.cityIndex.size;
      this.cityIndex.set(n.gemeindeschluessel, city);
    }
    const street = Number(n.strassenschluessel);
    const hnr = Number(n.hausnummer);
    if (street >= 1 << 20 || hnr >= 1 << 14) return -1;
    const z = n.hausnummerzusatz;
    let suffix: number;
    if (z === '') suffix = 0;
    else if (z.length === 1 && z >= 'A' && z <= 'Z') suffix = z.charCodeAt(0) - 64;
    else {
      let known = this.suffixIndex.get(z);
      if (known === undefined) {
        if (!create || this.suffixIndex.size >= 256 - 27) return -1;
        known = 27 + this.suffixIndex.size;
        this.suffixIndex.set(z, known);
      }
      suffix = known;
    }
    return ((city * (1 << 20) + street) * (1 << 14) + hnr) * 256 + suffix;
  }

  private find(n: Adresse, normalise: boolean): number {
    const a = normalise ? normalizeAdresse(n) : n;
    const num = this.numberKey(a, false);
    const i = num >= 0 ? this.byNumber.get(num) : undefined;
    return i ?? this.byString.get(stringKey(a)) ?? -1;
  }

  /** Entry index of an address already normalised with `normalizeAdresse`, −1 if the table does not have it. */
  indexOf(normalised: Adresse): number {
    return this.find(normalised, false);
  }

  /** Index into blockCodes (−1: the entry names only a Gemeindeteil). */
  blockOf(entry: number): number {
    return this.entryBlock.get(entry);
  }

  /** Index into gtCodes. */
  gtOf(entry: number): number {
    return this.entryGt.get(entry);
  }

  private entry(i: number): AdressZuordnung {
    const b = this.entryBlock.get(i);
    return { baublock: b >= 0 ? this.blockCodes[b]! : null, gemeindeteil: this.gtCodes[this.entryGt.get(i)]! };
  }

  /** The assignment of an address (normalised here: `12a` = `12 A`). Throws AdresseError. */
  lookup(adresse: Adresse): AdressZuordnung | undefined {
    const i = this.find(adresse, true);
    return i < 0 ? undefined : this.entry(i);
  }

  /** Fallback: the Gemeindeteil of a street whose known addresses all lie in one Gemeindeteil. */
  gemeindeteilDerStrasse(gemeindeschluessel: string, strassenschluessel: string): string | undefined {
    const g = this.streets.get(`${gemeindeschluessel}|${strassenschluessel}`);
    return g !== undefined && g >= 0 ? this.gtCodes[g] : undefined;
  }

  get size(): number {
    return this.count;
  }

  /** The 8-digit AGS of every city the table covers. */
  staedte(): string[] {
    return [...new Set(this.gtCodes.map((g) => g.slice(0, 8)))].sort();
  }
}

const stringKey = (n: Adresse): string => `${n.gemeindeschluessel}|${n.strassenschluessel}|${n.hausnummer}|${n.hausnummerzusatz}`;

function intern(code: string, list: string[], index: Map<string, number>): number {
  let i = index.get(code);
  if (i === undefined) {
    i = list.length;
    list.push(code);
    index.set(code, i);
  }
  return i;
}

export const ZUORDNUNG_SPALTEN = ['gemeindeschluessel', 'strassenschluessel', 'hausnummer', 'hausnummerzusatz', 'baublock', 'gemeindeteil'] as const;

/** Reads the table from CSV; every faulty row is an error (the table is the key to every count). */
export async function readZuordnung(source: CsvSource, file: string): Promise<Zuordnung> {
  const z = new Zuordnung();
  const problems: string[] = [];
  let count = 0;
  for await (const batch of readCsvBatches(source, { file, requiredColumns: ['gemeindeschluessel', 'strassenschluessel', 'hausnummer', 'baublock'] })) {
    for (const r of batch) {
      try {
        // `geo zuordnen` writes addresses outside every Baublock with both areas empty: not an error,
        // the address is simply not in the table (and counted as such in the match report).
        if (cellOf(r, 'baublock') === '' && cellOf(r, 'gemeindeteil') === '') continue;
        addRecord(z, r);
      } catch (e) {
        count++;
        if (problems.length < 20) problems.push((e as Error).message);
      }
    }
  }
  if (count > 0) {
    throw new ZuordnungError(
      `${file}: ${count} fehlerhafte Zeile(n) in der Zuordnungstabelle; sie wird nicht verwendet.\n  ${problems.join('\n  ')}${count > problems.length ? `\n  … und ${count - problems.length} weitere` : ''}`,
    );
  }
  if (z.size === 0) throw new ZuordnungError(`${file}: Die Zuordnungstabelle enthält keine Adressen`);
  return z;
}

function cellOf(r: CsvRecord, c: string): string {
  const i = r.header.index(c);
  return i < 0 ? '' : (r.values[i] ?? '').trim();
}

function addRecord(z: Zuordnung, r: CsvRecord): void {
  const h = r.header;
  const cell = (c: string) => cellOf(r, c);
  const adresse: Adresse = {
    gemeindeschluessel: cell('gemeindeschluessel'),
    strassenschluessel: cell('strassenschluessel'),
    hausnummer: cell('hausnummer'),
    hausnummerzusatz: cell('hausnummerzusatz'),
  };
  try {
    z.add(adresse, cell('baublock'), cell('gemeindeteil'));
  } catch (e) {
    if (e instanceof AdresseError) throw new CsvFieldError(h.file, r.line, e.field, e.message, h.index(e.field) + 1);
    if (e instanceof ZuordnungError) throw new CsvFieldError(h.file, r.line, 'baublock', e.message, h.index('baublock') + 1);
    throw e;
  }
}


export interface ZuordnungAusKoordinaten {
  zuordnung: Zuordnung;
  /** addresses read */
  adressen: number;
  /** addresses outside every Baublock (left out of the table, so the match report lists them) */
  ausserhalb: number;
  /** addresses whose AGS does not match the Stadt of the block they fall in (left out, with lines) */
  widerspruch: { line: number; message: string }[];
}

/**
 * The address table built on the fly: house coordinates (HK-DE, EPSG:25832) assigned to the Baublöcke
 * of an area exchange file by the geography's point-in-polygon assigner (shared/geo/assign.ts), the
 * same assignment `sozialmonitor geo zuordnen` writes to a file.
 */
export async function zuordnungAusHauskoordinaten(source: CsvSource, file: string, areas: readonly AreaWithGeometry[]): Promise<ZuordnungAusKoordinaten> {
  let assigner;
  try {
    assigner = createBlockAssigner(areas);
  } catch (e) {
    // block outlines outside Germany (e.g. latitude before longitude): a user error, reported as such
    if (e instanceof GeoEingabeError) throw new ZuordnungError(e.message);
    throw e;
  }
  if (assigner.codes.length === 0) throw new ZuordnungError('Die Gebietsdatei enthält keine Baublöcke mit Geometrie; so lassen sich keine Adressen zuordnen');
  const parentOf = new Map(areas.map((a) => [a.code, a.parent ?? '']));
  const gtOf = assigner.codes.map((c) => parentOf.get(c) ?? null);
  const z = new Zuordnung();
  let adressen = 0;
  let ausserhalb = 0;
  const widerspruch: { line: number; message: string }[] = [];
  for await (const batch of readHauskoordinaten(source, file)) {
    for (const h of batch) {
      adressen++;
      const k = assigner.assignIndex(h.east, h.north);
      if (k < 0) {
        ausserhalb++;
        continue;
      }
      try {
        z.add({ gemeindeschluessel: h.ags, strassenschluessel: h.strasse, hausnummer: h.hausnummer, hausnummerzusatz: h.zusatz }, assigner.codes[k]!, gtOf[k] ?? null);
      } catch (e) {
        if (e instanceof ZuordnungError || e instanceof AdresseError) {
          widerspruch.push({ line: h.line, message: `${file}, Zeile ${h.line}: ${e.message}` });
          continue;
        }
        throw e;
      }
    }
  }
  if (z.size === 0) throw new ZuordnungError(`${file}: Keine Adresse liegt in einem Baublock der Gebietsdatei`);
  return { zuordnung: z, adressen, ausserhalb, widerspruch };
}
