/** Vocabulary shared by every part of the domain core. */

/**
 * Levels of the binding small-area geography, from the coarsest to the finest. A tree may skip
 * levels (a kreisfreie Stadt directly under the Land, Gemeindeteile directly under a Stadt without
 * Stadtbezirke); `stadt` is the Gemeinde (8-digit AGS), kreisfrei or not.
 */
export const EBENEN = ['land', 'kreis', 'stadt', 'stadtbezirk', 'gemeindeteil', 'baublock'] as const;
export type Ebene = (typeof EBENEN)[number];

export const EBENE_NAMEN: Record<Ebene, string> = {
  land: 'Land',
  kreis: 'Kreis',
  stadt: 'Stadt',
  stadtbezirk: 'Stadtbezirk',
  gemeindeteil: 'Gemeindeteil',
  baublock: 'Baublock',
};

/**
 * Depth of a level: 0 for the Land, 5 for the Baublock. Only the order matters (a tree may skip
 * levels): compare depths, never test for a particular number.
 */
export const ebeneDepth = (e: Ebene): number => EBENEN.indexOf(e);

/** Data sources named in the catalogue. */
export const QUELLEN = ['IT.NRW', 'BA', 'Kreis', 'Einwohnermeldedaten', 'Kommune'] as const;
export type Quelle = (typeof QUELLEN)[number];

/** Topics of the joint social report; every catalogue entry belongs to one. */
export const HANDLUNGSFELDER = [
  'Demografie',
  'Lebensalter',
  'Familie',
  'Wohnen',
  'Arbeit und Transferleistungen',
  'Armut',
] as const;
export type Handlungsfeld = (typeof HANDLUNGSFELDER)[number];

/** A reporting period is a calendar year; values refer to its Stichtag (usually 31.12.). */
export type Period = string;
export const PERIOD_PATTERN = /^(19|20)[0-9]{2}$/;
export const isPeriod = (p: unknown): p is Period => typeof p === 'string' && PERIOD_PATTERN.test(p);
export const shiftPeriod = (p: Period, offset: number): Period => String(Number(p) + offset);

/** Who submits or reads: the Kreis, one municipality (by its 8-digit AGS), or a reader. */
export type Role = { rolle: 'kreis' } | { rolle: 'kommune'; ags: string } | { rolle: 'leser' };

/** Formats a number the German way for messages (1.234,5). */
// One formatter for all: toLocaleString builds a new one per call (~50 µs), which made a 422 for
// 100,000 wrong rows take seconds.
const DE_NUMBER = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6 });
export const deNumber = (n: number): string => DE_NUMBER.format(n);

/**
 * A number as it was sent, for messages about wrong values: German (12,5) where that shows it
 * exactly, else JavaScript's own form (1e-7, 1e+300), so that 0.0000001 never reads as "0".
 */
export function deNumberAsSent(n: number): string {
  if (Number.isFinite(n) && Math.abs(n) < 1e15) {
    const de = deNumber(n);
    if (Number(de.replace(/\./g, '').replace(',', '.').replace('−', '-')) === n) return de;
  }
  return String(n);
}

const DE_DATE_TIME = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
/**
 * A moment as German offices write it, in German local time (the Kreis's, whatever the machine's
 * zone): "04.12.2026, 03:20 Uhr". Unreadable input comes back as given. One formatter for server,
 * report and add-in.
 */
export function deDateTime(moment: string | Date): string {
  const d = typeof moment === 'string' ? new Date(moment) : moment;
  if (Number.isNaN(d.getTime())) return String(moment);
  return `${DE_DATE_TIME.format(d).replace(/,?\s+/, ', ')} Uhr`;
}

/** Longest piece of text sent by a user that a message repeats; longer text is cut with "…". */
export const ECHO_MAX = 80;

/** Text sent by a user, cut for a message (a 1-MB name must not make a 1-MB answer). */
export const clipText = (text: string, max: number = ECHO_MAX): string =>
  text.length <= max ? text : `${text.slice(0, max)}…`;

/**
 * Longest id accepted anywhere (area codes, Merkmal and Kennzahl names): the longest real area code
 * has 16 characters, the longest catalogue id 34. Longer ids are refused before any lookup or search.
 */
export const MAX_ID_LENGTH = 64;

/** Problems listed in a refusal (catalogue, area upload); the rest are counted in a closing line. */
export const MAX_PROBLEMS_LISTED = 200;

/** The first MAX_PROBLEMS_LISTED problems and, if there are more, a line with the count of the rest. */
export const listedProblems = (all: readonly string[], max: number = MAX_PROBLEMS_LISTED): string[] =>
  all.length <= max ? [...all] : [...all.slice(0, max), `… und ${deNumber(all.length - max)} weitere Probleme (nicht einzeln aufgeführt)`];
