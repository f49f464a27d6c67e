/**
 * Field values of the register layouts (docs: shared/spec/datenformate.md, sections 1 and 2): dates in
 * both styles, Geschlecht, Staatsangehörigkeit/Geburtsland, Familienstand, Wohnungsstatus, Ereignis.
 * Each parser returns the value or throws a FieldProblem whose text says what is wrong and what would be
 * right; the caller adds file, line and column.
 */

export class FieldProblem extends Error {
  /** `column`: the column at fault when it is not the one being read (e.g. the part of an address) */
  constructor(
    detail: string,
    readonly column?: string,
  ) {
    super(detail);
    this.name = 'FieldProblem';
  }
}

/** A calendar date as a comparable integer YYYYMMDD (no time zones involved). */
export type DateNum = number;

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** TT.MM.JJJJ (also T.M.JJJJ) or JJJJ-MM-TT → YYYYMMDD; impossible dates (31.02.) are refused. */
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

export function parseDatum(raw: string): DateNum {
  // Fast path for the two full forms (TT.MM.JJJJ, JJJJ-MM-TT) — millions of dates per run.
  if (raw.length === 10) {
    let y: number, m: number, d: number;
    if (raw[2] === '.' && raw[5] === '.') {
      d = digit(raw, 0) * 10 + digit(raw, 1);
      m = digit(raw, 3) * 10 + digit(raw, 4);
      y = digit(raw, 6) * 1000 + digit(raw, 7) * 100 + digit(raw, 8) * 10 + digit(raw, 9);
    } else if (raw[4] === '-' && raw[7] === '-') {
      y = digit(raw, 0) * 1000 + digit(raw, 1) * 100 + digit(raw, 2) * 10 + digit(raw, 3);
      m = digit(raw, 5) * 10 + digit(raw, 6);
      d = digit(raw, 8) * 10 + digit(raw, 9);
    } else {
      y = m = d = NaN;
    }
    if (y >= 1850 && m >= 1 && m <= 12 && d >= 1 && d <= DAYS[m - 1]! && !(m === 2 && d === 29 && !isLeap(y))) return y * 10000 + m * 100 + d;
  }
  return parseDatumSlow(raw);
}

function parseDatumSlow(raw: string): DateNum {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let g = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (g) {
    d = Number(g[1]);
    m = Number(g[2]);
    y = Number(g[3]);
  } else if ((g = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    y = Number(g[1]);
    m = Number(g[2]);
    d = Number(g[3]);
  } else {
    throw new FieldProblem(`„${raw}“ ist kein Datum; erwartet TT.MM.JJJJ oder JJJJ-MM-TT`);
  }
  if (m < 1 || m > 12 || d < 1 || d > DAYS[m - 1]! || (m === 2 && d === 29 && !isLeap(y))) {
    throw new FieldProblem(`„${raw}“ ist kein gültiges Kalenderdatum`);
  }
  if (y < 1850) throw new FieldProblem(`„${raw}“ liegt vor 1850 und ist nicht plausibel`);
  return y * 10000 + m * 100 + d;
}

export const formatDatum = (d: DateNum): string =>
  `${String(d % 100).padStart(2, '0')}.${String(Math.floor(d / 100) % 100).padStart(2, '0')}.${Math.floor(d / 10000)}`;

/** Completed years between two dates (age at a Stichtag, years since moving in). */
export function completedYears(from: DateNum, to: DateNum): number {
  const years = Math.floor(to / 10000) - Math.floor(from / 10000);
  return to % 10000 < from % 10000 ? years - 1 : years;
}

/** The same day one year earlier (29.02. → 28.02.); movements count for (stichtag − 1 year, stichtag]. */
export function oneYearBefore(d: DateNum): DateNum {
  const y = Math.floor(d / 10000) - 1;
  const md = d % 10000;
  return y * 10000 + (md === 229 && !isLeap(y) ? 228 : md);
}

export type Geschlecht = 'm' | 'w' | 'd' | 'x';
const GESCHLECHT: Record<string, Geschlecht> = { m: 'm', w: 'w', d: 'd', x: 'x', '1': 'm', '2': 'w', '3': 'd', '4': 'x' };

export function parseGeschlecht(raw: string): Geschlecht {
  const g = GESCHLECHT[raw.trim().toLowerCase()];
  if (!g) throw new FieldProblem(`„${raw}“ ist kein Geschlechtsschlüssel; erlaubt: m, w, d, x (oder 1, 2, 3, 4)`);
  return g;
}

let regionNames: Intl.DisplayNames | null = null; // created on first use, not on import

/**
 * A nationality or country code: ISO 3166-1 alpha-2 (checked against the region names the platform
 * knows) or a 3-digit Destatis Staatsangehörigkeits-/Gebietsschlüssel (000 = deutsch; 1xx–5xx
 * Staaten; 99x staatenlos/ungeklärt/ohne Angabe). Returns whether it means German.
 */
const landCache = new Map<string, { code: string; deutsch: boolean }>();

export function parseLandCode(raw: string): { code: string; deutsch: boolean } {
  // A register has a few hundred distinct codes; checking each once keeps Intl out of the hot loop.
  let known = landCache.get(raw);
  if (!known) {
    known = checkLandCode(raw);
    if (landCache.size < 10_000) landCache.set(raw, known);
  }
  return known;
}

function checkLandCode(raw: string): { code: string; deutsch: boolean } {
  const s = raw.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(s)) {
    regionNames ??= new Intl.DisplayNames(['de'], { type: 'region', fallback: 'none' });
    if (s !== 'XK' && (s === 'ZZ' || !regionNames.of(s))) {
      throw new FieldProblem(`„${raw}“ ist kein Ländercode nach ISO 3166-1 (zwei Buchstaben, z. B. DE, TR, PL)`);
    }
    return { code: s, deutsch: s === 'DE' };
  }
  if (/^\d{3}$/.test(s)) {
    const n = Number(s);
    if (n === 0 || (n >= 100 && n < 600) || n >= 990) return { code: s, deutsch: n === 0 };
    throw new FieldProblem(`„${raw}“ ist kein Schlüssel der Staatsangehörigkeit nach Destatis (000 = deutsch, 100–599, 99x)`);
  }
  throw new FieldProblem(`„${raw}“ ist weder ein ISO-Ländercode (z. B. DE) noch ein dreistelliger Destatis-Schlüssel (z. B. 000)`);
}

/** DSMeld Familienstand codes. Not used for counts; an unknown code is a warning. */
export const FAMILIENSTAND = new Set(['LD', 'VH', 'VW', 'GS', 'EA', 'LP', 'LV', 'LA', 'LE', 'NB']);

export function parseWohnungsstatus(raw: string): 'H' | 'N' {
  const s = raw.trim().toUpperCase();
  if (s === 'H' || s === 'N') return s;
  throw new FieldProblem(`„${raw}“ ist kein Wohnungsstatus; erlaubt: H (Hauptwohnung), N (Nebenwohnung)`);
}

export const EREIGNISSE = ['geburt', 'tod', 'zuzug', 'fortzug', 'umzug_von', 'umzug_nach'] as const;
export type Ereignis = (typeof EREIGNISSE)[number];

export function parseEreignis(raw: string): Ereignis {
  const s = raw.trim().toLowerCase() as Ereignis;
  if ((EREIGNISSE as readonly string[]).includes(s)) return s;
  throw new FieldProblem(`„${raw}“ ist kein Ereignis; erlaubt: ${EREIGNISSE.join(', ')}`);
}
