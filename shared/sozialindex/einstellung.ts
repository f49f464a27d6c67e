/**
 * The Kreis's agreed Sozialindex setting (which Kennzahlen, their direction and weight, and a note
 * such as the resolution it rests on), as the sync server stores it. Checked with zod; every problem
 * is reported at once and names the field and, where known, the Kennzahl, so that a clerk can fix it.
 */
import { z } from '../zod-de';
import { MAX_ID_LENGTH, clipText } from '../types';
import type { SozialindexIndicator } from './index';

export interface SozialindexEinstellung {
  indikatoren: SozialindexIndicator[];
  /** free text, e.g. "Beschluss Sozialausschuss vom 12.03.2026" */
  kommentar?: string;
  /**
   * base year of the Dynamikindex (four digits, e.g. "2021"); absent: the first year with data.
   * Saved only if the server has data for it and it lies before the newest year with data (a base
   * year equal to or after the newest year would leave the Dynamikindex of the current report empty).
   */
  vergleichsjahr?: string;
}

/** Upper bound for a weight: larger numbers are almost certainly typing errors (1000 instead of 1). */
export const GEWICHT_MAX = 100;
/**
 * Lower bound for a weight: below it a Kennzahl has no visible effect on the index (1 : 10,000 to
 * the largest), and tiny numbers such as 5e-324 make the weighted sum meaningless.
 */
export const GEWICHT_MIN = 0.01;

/**
 * What is wrong with a weight, or undefined: the one check of the saved setting, the CLI (both via
 * the schema below) and the report's `indikatoren` parameter.
 */
export function gewichtProblem(gewicht: number): string | undefined {
  if (!Number.isFinite(gewicht)) return 'muss eine endliche Zahl sein, z. B. 1 oder 0.5';
  if (gewicht <= 0) return 'muss größer als 0 sein; eine Kennzahl ohne Gewicht bitte ganz aus der Liste nehmen';
  if (gewicht < GEWICHT_MIN) return `muss mindestens ${String(GEWICHT_MIN).replace('.', ',')} sein (gesendet: ${String(gewicht)}); kleinere Gewichte wirken sich auf den Index nicht aus`;
  if (gewicht > GEWICHT_MAX) return `darf höchstens ${GEWICHT_MAX} sein`;
  return undefined;
}

const indikatorSchema = z
  .object({
    id: z
      .string({ error: 'fehlt; erwartet wird die Kennung einer Kennzahl, z. B. "sgb2_quote"' })
      .trim()
      .min(1, 'darf nicht leer sein')
      .max(MAX_ID_LENGTH, `höchstens ${MAX_ID_LENGTH} Zeichen; erwartet wird die Kennung einer Kennzahl, z. B. "sgb2_quote"`),
    richtung: z.union([z.literal(1), z.literal(-1)], {
      error: 'muss 1 sein (höherer Wert = mehr Handlungsbedarf) oder -1 (höherer Wert = weniger Handlungsbedarf)',
    }),
    gewicht: z.number({ error: 'muss eine Zahl sein, z. B. 1 oder 0.5' }).superRefine((g, ctx) => {
      const problem = gewichtProblem(g);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  })
  .strict();

const KOMMENTAR_FEHLT = 'fehlt; bitte angeben, worauf die Einstellung beruht (z. B. „Beschluss Sozialausschuss vom 12.03.2026“)';

export const sozialindexEinstellungSchema = z
  .object({
    indikatoren: z.array(indikatorSchema, { error: 'fehlt; erwartet wird eine Liste von {id, richtung, gewicht}' }).min(1, 'mindestens eine Kennzahl angeben'),
    // required, as in the report's form: a weighting changes every area's class, and whoever reads the
    // versions later must see what it rests on (a decision of a committee, a date)
    kommentar: z
      .string({ error: (iss) => (iss.input === undefined ? KOMMENTAR_FEHLT : 'muss ein Text sein') })
      .trim()
      .min(1, KOMMENTAR_FEHLT)
      .max(500, 'höchstens 500 Zeichen'),
    // a string like the periods everywhere else; 2021 as a number is taken too (hand-written JSON);
    // null means "none", so that a client can send back the year of the setting in force as it got it
    vergleichsjahr: z
      .union([z.string(), z.number()], { error: 'muss ein Jahr sein, z. B. "2021"' })
      .transform((v) => String(v).trim())
      .refine((v) => /^\d{4}$/.test(v), 'muss ein vierstelliges Jahr sein, z. B. "2021"')
      .nullable()
      .optional(),
  })
  .strict();

export type EinstellungResult = { ok: true; einstellung: SozialindexEinstellung } | { ok: false; errors: string[] };

const fieldName = (path: PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');

/**
 * Checks a setting against the schema, the catalogue (`isKennzahl`) and, when given, the years the
 * server has data for (`periods`: `vergleichsjahr` must be one of them and lie before the newest).
 * Messages read `Feld „indikatoren[1].gewicht“ (Kennzahl „sgb2_quote“): muss größer als 0 sein …`.
 */
export function parseSozialindexEinstellung(input: unknown, isKennzahl: (id: string) => boolean, periods?: readonly string[]): EinstellungResult {
  const idAt = (path: PropertyKey[]): string | undefined => {
    if (path[0] !== 'indikatoren' || typeof path[1] !== 'number') return undefined;
    const list = (input as { indikatoren?: unknown[] } | null)?.indikatoren;
    const id = Array.isArray(list) ? (list[path[1]] as { id?: unknown } | undefined)?.id : undefined;
    return typeof id === 'string' && id.trim() ? clipText(id.trim()) : undefined;
  };
  const describe = (path: PropertyKey[], message: string): string => {
    const id = path[2] === 'id' ? undefined : idAt(path);
    return `${path.length ? `Feld „${fieldName(path)}“` : 'Einstellung'}${id ? ` (Kennzahl „${id}“)` : ''}: ${message}`;
  };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: ['Einstellung: erwartet wird ein JSON-Objekt {"indikatoren": [{"id": …, "richtung": 1, "gewicht": 1}], "kommentar": …, "vergleichsjahr": …}'] };
  }
  const parsed = sozialindexEinstellungSchema.safeParse(input);
  const errors: string[] = parsed.success
    ? []
    : parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys'
          ? describe(i.path, `unbekanntes Feld ${i.keys.slice(0, 5).map((k) => `„${clipText(k, 40)}“`).join(', ')}${i.keys.length > 5 ? ` und ${i.keys.length - 5} weitere` : ''}; erlaubt sind ${i.path.length ? 'id, richtung, gewicht' : 'indikatoren, kommentar, vergleichsjahr'}`)
          : describe(i.path, i.message),
      );
  // Catalogue checks on every entry that names a Kennzahl, also when other fields are wrong, so that
  // one answer lists every problem.
  const list = (input as { indikatoren?: unknown }).indikatoren;
  const seen = new Map<string, number>();
  (Array.isArray(list) ? list : []).forEach((c: unknown, i) => {
    const raw = (c as { id?: unknown } | null)?.id;
    if (typeof raw !== 'string' || !raw.trim()) return;
    const id = raw.trim();
    if (id.length > MAX_ID_LENGTH) return; // the schema names it; no lookup of a name that long
    if (!isKennzahl(id)) errors.push(describe(['indikatoren', i, 'id'], `die Kennzahl „${id}“ gibt es im Katalog nicht`));
    const first = seen.get(id);
    if (first !== undefined) errors.push(describe(['indikatoren', i, 'id'], `die Kennzahl „${id}“ steht schon in indikatoren[${first}]; jede Kennzahl nur einmal`));
    else seen.set(id, i);
  });
  // checked against the years with data also when other fields are wrong (one answer lists every problem)
  const rawJahr = (input as { vergleichsjahr?: unknown }).vergleichsjahr;
  const jahr = (typeof rawJahr === 'string' || typeof rawJahr === 'number') && /^\d{4}$/.test(String(rawJahr).trim()) ? String(rawJahr).trim() : undefined;
  if (jahr !== undefined && periods) {
    const sorted = [...periods].sort();
    const newest = sorted[sorted.length - 1];
    if (!sorted.includes(jahr)) errors.push(describe(['vergleichsjahr'], `für ${jahr} liegen keine Daten vor; vorhanden: ${sorted.join(', ') || 'keine'}`));
    else if (jahr === newest) errors.push(describe(['vergleichsjahr'], `${jahr} ist das neueste Jahr mit Daten; das Vergleichsjahr muss davor liegen (vorhanden: ${sorted.join(', ')})`));
  }
  if (!parsed.success || errors.length) return { ok: false, errors };
  // Guarded by "every weight > 0" already; kept so that a later change to allow 0 cannot divide by 0.
  if (parsed.data.indikatoren.reduce((s, c) => s + c.gewicht, 0) <= 0) return { ok: false, errors: ['Feld „indikatoren“: die Summe der Gewichte muss größer als 0 sein'] };
  const { kommentar, vergleichsjahr } = parsed.data;
  return {
    ok: true,
    einstellung: {
      indikatoren: parsed.data.indikatoren.map(({ id, richtung, gewicht }) => ({ id, richtung, gewicht })),
      ...(kommentar ? { kommentar } : {}),
      ...(vergleichsjahr ? { vergleichsjahr } : {}),
    },
  };
}

/** Same Kennzahlen, directions and weights in the same order (the note does not change the index). */
export function sameIndikatoren(a: readonly SozialindexIndicator[], b: readonly SozialindexIndicator[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i]!.id && x.richtung === b[i]!.richtung && x.gewicht === b[i]!.gewicht);
}
