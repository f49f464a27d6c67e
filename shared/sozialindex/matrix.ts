/**
 * The Status × Dynamik matrix of Berlin's Monitoring Soziale Stadtentwicklung (MSS): every
 * Gemeindeteil gets a Status class 1–4 (1 hoch … 4 sehr niedrig, from the status index's class) and a
 * Dynamik class 1–3 (1 positiv, 2 stabil, 3 negativ, from the standardised dynamics index), and the
 * pair is its combined class ("3/3": niedriger Status, negative Dynamik – where the MSS sees the most
 * need). The matrix counts the areas per cell; areas without a class are counted apart, never put
 * into a cell (no value is invented for a suppressed or missing Kennzahl).
 */
import { klasseOf } from './index';
import type { IndexRow, Klasse } from './index';

/** MSS numbering of the status classes: 1 = hoch (least need) … 4 = sehr niedrig (most need). */
export const STATUS_STUFEN: Record<Klasse, 1 | 2 | 3 | 4> = { hoch: 1, mittel: 2, niedrig: 3, 'sehr niedrig': 4 };
export const STATUS_NAMEN = ['hoch', 'mittel', 'niedrig', 'sehr niedrig'] as const;
export const DYNAMIK_NAMEN = ['positiv', 'stabil', 'negativ'] as const;

export type StatusStufe = 1 | 2 | 3 | 4;
export type DynamikStufe = 1 | 2 | 3;

/**
 * Dynamik class of a standardised dynamics index (higher = need grew more than elsewhere), with the
 * thresholds the report uses for the Dynamikindex everywhere (klasseOf): below −1 positiv, −1 to
 * +0,5 stabil, above +0,5 negativ (the report's "negativ" and "stark negativ" together), so that an
 * area reads the same in the matrix and in the Sozialindex table.
 */
export function dynamikStufeOf(z: number): DynamikStufe {
  const s = STATUS_STUFEN[klasseOf(z)];
  return s === 1 ? 1 : s === 2 ? 2 : 3;
}

export interface MatrixZeile {
  area: string;
  status: StatusStufe | null;
  dynamik: DynamikStufe | null;
  /** "2/3" when both classes are known */
  kombiniert: string | null;
}

export interface Matrix {
  /** zellen[status - 1][dynamik - 1]: number of areas */
  zellen: number[][];
  /** areas with a status class but no Dynamik class (e.g. no Vergleichsjahr, or a Kennzahl missing then) */
  nurStatus: number;
  /** areas without a status class */
  ohneStatus: number;
  zeilen: MatrixZeile[];
}

export const kombiniertName = (s: StatusStufe, d: DynamikStufe): string => `Status ${STATUS_NAMEN[s - 1]}, Dynamik ${DYNAMIK_NAMEN[d - 1]}`;

/** The matrix over `areas` from the status and (if any) dynamics index rows of the same areas. */
export function statusDynamikMatrix(areas: readonly string[], status: readonly IndexRow[], dynamik: readonly IndexRow[] | null): Matrix {
  const st = new Map(status.map((r) => [r.area, r]));
  const dy = new Map((dynamik ?? []).map((r) => [r.area, r]));
  const zellen = STATUS_NAMEN.map(() => DYNAMIK_NAMEN.map(() => 0));
  let nurStatus = 0;
  let ohneStatus = 0;
  const zeilen = areas.map((area): MatrixZeile => {
    const k = st.get(area)?.klasse;
    const s = k ? STATUS_STUFEN[k] : null;
    const z = dy.get(area)?.index;
    const d = typeof z === 'number' ? dynamikStufeOf(z) : null;
    if (s === null) ohneStatus++;
    else if (d === null) nurStatus++;
    else zellen[s - 1]![d - 1]!++;
    return { area, status: s, dynamik: d, kombiniert: s !== null && d !== null ? `${s}/${d}` : null };
  });
  return { zellen, nurStatus, ohneStatus, zeilen };
}
