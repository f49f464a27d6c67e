/**
 * The Kennzahlenkatalog: definition (plain JSON data, versioned) and its compiled form.
 *
 * `loadCatalogue` checks a definition completely before anything uses it: shape, unique ids,
 * formula syntax, unknown references, cycles between Hilfsgrößen, period references, the ratio form
 * of every Kennzahl. All problems are collected and reported together in German, each naming the
 * entry and field, so that a Kreis editing its catalogue sees everything that is wrong at once.
 *
 * A catalogue comes in by PUT request, so everything is bounded: ids (MAX_ID_LENGTH), texts and the
 * version string, the number of entries, the plausibility maximum, the factor of a Kennzahl
 * (FAKTOR_MIN … FAKTOR_MAX) and the numbers and coefficients of formulas (see formula.ts).
 */
import { z } from '../zod-de';
import { EBENEN, Ebene, HANDLUNGSFELDER, Handlungsfeld, MAX_ID_LENGTH, QUELLEN, Quelle, clipText, deNumber, deNumberAsSent, ebeneDepth, listedProblems } from '../types';
import {
  FormulaNode,
  FormulaSyntaxError,
  LinearExpression,
  MAX_FORMULA_NUMBER,
  addLinear,
  formulaRefs,
  normalizeLinear,
  parseFormula,
  scaleLinear,
} from './formula';
import { NACHKOMMASTELLEN_MAX } from '../format/zahlen';
import { ALTERSGRUPPEN } from './altersgruppen';
import { altersIdProbleme, intervallText, intervallVonId } from './altersintervalle';

/** Smallest and largest factor of a Kennzahl (`… * 100`): per mille is 1000, per 100,000 is 1e5. */
export const FAKTOR_MIN = 1e-6;
export const FAKTOR_MAX = 1e9;
/** Largest plausibility maximum of a Merkmal (sums over a Kreis stay exact integers far below 2^53). */
export const MAXIMUM_MAX = 1e9;
/** Entries per section. */
export const MAX_ENTRIES = 1000;
/**
 * Plausibility against the previous year (VORJAHR_SPRUNG): a value that changed by more than
 * `prozent` percent AND by more than `faelle` cases is a warning. The catalogue's default (field
 * `vorjahresvergleich` at the top) applies to every Merkmal without its own; `false` turns it off.
 */
export interface Vorjahresvergleich {
  prozent: number;
  faelle: number;
}
/** Used when the catalogue says nothing: more than 50 % and more than 10 cases. */
export const VORJAHRESVERGLEICH_VORGABE: Vorjahresvergleich = { prozent: 50, faelle: 10 };
/** Largest percentage of a Vorjahresvergleich (10.000 %: a hundredfold). */
export const VORJAHR_PROZENT_MAX = 10000;
/** Longest version string (it names files and appears in every answer). */
export const VERSION_MAX_LENGTH = 40;

const id = z
  .string()
  .max(MAX_ID_LENGTH, `Kennung: höchstens ${MAX_ID_LENGTH} Zeichen`)
  .regex(/^[a-z][a-z0-9_]*$/, 'Kennung: nur Kleinbuchstaben, Ziffern und _, beginnend mit einem Buchstaben');
/** a non-empty text of at most `max` characters */
const text = (max: number) => z.string().trim().min(1, 'darf nicht leer sein').max(max, `höchstens ${deNumber(max)} Zeichen`);
const NAME = 200;
const EINHEIT = 50;
const LONG = 2000;
const RULE_SIDE = 200;
const formel = z.string().trim().min(1, 'darf nicht leer sein');

const vorjahresvergleichSchema = z
  .strictObject({
    prozent: z
      .number('Prozent als Zahl erwartet, z. B. 50')
      .positive('muss größer als 0 sein (Prozent), z. B. 50')
      .max(VORJAHR_PROZENT_MAX, `höchstens ${deNumber(VORJAHR_PROZENT_MAX)} (Prozent)`),
    faelle: z
      .number('Anzahl der Fälle als ganze Zahl erwartet, z. B. 10')
      .int('ganze Zahl erwartet (Fälle), z. B. 10')
      .nonnegative('0 oder mehr erwartet (Fälle)')
      .max(MAXIMUM_MAX, `höchstens ${deNumber(MAXIMUM_MAX)} (Fälle)`),
  }, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unbekanntes Feld ${issue.keys.map((k) => `„${clipText(k, 40)}“`).join(', ')}; erlaubt sind „prozent“ und „faelle“` : undefined) });
/**
 * An own threshold, or false: no comparison with the previous year for this Merkmal. Not a zod
 * union: a union reports "Ungültige Eingabe" where the object's own messages say what is wrong.
 */
const vorjahresvergleichFeld = z.unknown().transform((v, ctx): Vorjahresvergleich | false => {
  if (v === false) return false;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: 'erwartet wird {"prozent": 50, "faelle": 10} oder false (kein Vorjahresvergleich)' });
    return z.NEVER;
  }
  const r = vorjahresvergleichSchema.safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

const merkmalSchema = z.object({
  id,
  name: text(NAME),
  handlungsfeld: z.enum(HANDLUNGSFELDER),
  einheit: text(EINHEIT),
  definition: text(LONG),
  quelle: z.enum(QUELLEN),
  tiefsteEbene: z.enum(EBENEN),
  /** false for counts that cannot be summed from smaller areas (moves between them) */
  additiv: z.boolean().default(true),
  /** plausible maximum for any single area; larger values are rejected */
  maximum: z.number().int().positive().max(MAXIMUM_MAX, `höchstens ${deNumber(MAXIMUM_MAX)}`),
  /** warning threshold against the previous year; absent: the catalogue's default */
  vorjahresvergleich: vorjahresvergleichFeld.optional(),
  hinweis: z.string().max(LONG, `höchstens ${deNumber(LONG)} Zeichen`).optional(),
});

const hilfsgroesseSchema = z.object({
  id,
  name: text(NAME),
  definition: text(LONG),
  formel,
});

const kennzahlSchema = z.object({
  id,
  name: text(NAME),
  handlungsfeld: z.enum(HANDLUNGSFELDER),
  einheit: text(EINHEIT),
  definition: text(LONG),
  formel,
  /** where the definition comes from (statistical office, literature, agreement of the Kreis) */
  definitionsquelle: text(LONG),
  /** smallest denominator for publication (disclosure control); optional */
  mindestNenner: z.number().int().nonnegative().max(MAXIMUM_MAX, `höchstens ${deNumber(MAXIMUM_MAX)}`).optional(),
  /** decimals in report, exports and add-in (shared/format/zahlen.ts); optional, default by unit */
  nachkommastellen: z
    .number(`Nachkommastellen: erwartet wird eine ganze Zahl von 0 bis ${NACHKOMMASTELLEN_MAX}`)
    .int(`Nachkommastellen: erwartet wird eine ganze Zahl von 0 bis ${NACHKOMMASTELLEN_MAX}`)
    .min(0, `Nachkommastellen: erwartet wird eine ganze Zahl von 0 bis ${NACHKOMMASTELLEN_MAX}`)
    .max(NACHKOMMASTELLEN_MAX, `Nachkommastellen: höchstens ${NACHKOMMASTELLEN_MAX} (mehr Stellen täuschen eine Genauigkeit vor, die die Zahlen nicht haben)`)
    .optional(),
  hinweis: z.string().max(LONG, `höchstens ${deNumber(LONG)} Zeichen`).optional(),
});

const beziehungSchema = z.object({
  id,
  /** summe: links = rechts; hoechstens: links <= rechts */
  art: z.enum(['summe', 'hoechstens']),
  // both sides and the description appear in every finding about the rule: kept short so that 400
  // findings of a 422 answer stay well under 1 MB
  links: formel.max(RULE_SIDE, `höchstens ${RULE_SIDE} Zeichen`),
  rechts: formel.max(RULE_SIDE, `höchstens ${RULE_SIDE} Zeichen`),
  schwere: z.enum(['fehler', 'warnung']),
  beschreibung: text(300),
});

const entries = <T extends z.ZodType>(schema: T) => z.array(schema).max(MAX_ENTRIES, `höchstens ${deNumber(MAX_ENTRIES)} Einträge`);

export const catalogueDefinitionSchema = z.object({
  version: z
    .string()
    .max(VERSION_MAX_LENGTH, `Version: höchstens ${VERSION_MAX_LENGTH} Zeichen, z. B. „2026.1“`)
    .regex(/^[A-Za-z0-9._-]+$/, 'Version: Buchstaben, Ziffern, Punkt, Binde- und Unterstrich'),
  gueltigAb: z.iso.date('Datum im Format JJJJ-MM-TT erwartet'),
  titel: text(NAME),
  /** default threshold of the comparison with the previous year; absent: VORJAHRESVERGLEICH_VORGABE */
  vorjahresvergleich: vorjahresvergleichFeld.optional(),
  merkmale: entries(merkmalSchema).min(1, 'mindestens ein Merkmal angeben'),
  hilfsgroessen: entries(hilfsgroesseSchema).default([]),
  // a catalogue without Kennzahlen would publish nothing: surely a mistake, e.g. a misspelt section name
  kennzahlen: entries(kennzahlSchema).min(1, 'mindestens eine Kennzahl angeben; ohne Kennzahlen gibt es nichts zu berechnen'),
  beziehungen: entries(beziehungSchema).default([]),
});

export type CatalogueDefinition = z.input<typeof catalogueDefinitionSchema>;
export type MerkmalDefinition = z.output<typeof merkmalSchema>;

export interface Merkmal extends MerkmalDefinition {
  art: 'merkmal';
}

/** A named sum of Merkmale (u15, a20_64, ...), usable in formulas like a Merkmal. */
export interface Hilfsgroesse extends z.output<typeof hilfsgroesseSchema> {
  art: 'hilfsgroesse';
  linear: LinearExpression;
}

export interface Kennzahl extends z.output<typeof kennzahlSchema> {
  art: 'kennzahl';
  zaehler: LinearExpression;
  nenner: LinearExpression;
  /** value = zaehler / nenner * faktor */
  faktor: number;
  /** the coarsest `tiefsteEbene` of its inputs: below it the Kennzahl cannot be computed */
  tiefsteEbene: Ebene;
  /** data sources of its inputs */
  quellen: Quelle[];
  /** the Merkmale it is computed from */
  merkmale: string[];
  /** period offsets it needs (0, and e.g. -5 for a five-year change) */
  perioden: number[];
}

export interface Beziehung extends z.output<typeof beziehungSchema> {
  linksLinear: LinearExpression;
  rechtsLinear: LinearExpression;
}

export type CatalogueEntry = Merkmal | Hilfsgroesse | Kennzahl;

export class CatalogueError extends Error {
  /** the problems, at most MAX_PROBLEMS_LISTED and a closing line with the count of the rest */
  readonly problems: string[];
  /** how many problems there are in all */
  readonly total: number;
  constructor(all: string[]) {
    const problems = listedProblems(all);
    super(`Der Kennzahlenkatalog ist fehlerhaft (${deNumber(all.length)} Problem${all.length === 1 ? '' : 'e'}):\n- ${problems.join('\n- ')}`);
    this.problems = problems;
    this.total = all.length;
    this.name = 'CatalogueError';
  }
}

export class Catalogue {
  readonly merkmale: ReadonlyMap<string, Merkmal>;
  readonly hilfsgroessen: ReadonlyMap<string, Hilfsgroesse>;
  readonly kennzahlen: ReadonlyMap<string, Kennzahl>;

  constructor(
    readonly definition: z.output<typeof catalogueDefinitionSchema>,
    merkmale: Merkmal[],
    hilfsgroessen: Hilfsgroesse[],
    kennzahlen: Kennzahl[],
    readonly beziehungen: readonly Beziehung[],
  ) {
    this.merkmale = new Map(merkmale.map((m) => [m.id, m]));
    this.hilfsgroessen = new Map(hilfsgroessen.map((h) => [h.id, h]));
    this.kennzahlen = new Map(kennzahlen.map((k) => [k.id, k]));
  }

  get version(): string {
    return this.definition.version;
  }
  get gueltigAb(): string {
    return this.definition.gueltigAb;
  }

  private readonly altersMerkmale = new Map<string, Merkmal | undefined>();

  /**
   * A Merkmal of the catalogue, or an age band in other cuts than the catalogue's (`bev_alter_18_26`,
   * shared/catalogue/altersintervalle.ts): it is reported, stored and summed like the catalogue's
   * bands and takes their source, level and maximum. A catalogue without age bands has none.
   */
  merkmal(id: string): Merkmal | undefined {
    const own = this.merkmale.get(id);
    if (own) return own;
    if (this.altersMerkmale.has(id)) return this.altersMerkmale.get(id);
    const iv = intervallVonId(id);
    // ill-formed, or a catalogue band under a second name (bev_alter_0_2 is bev_0_2): no Merkmal
    if (!iv || altersIdProbleme([id]).length > 0) return undefined;
    const vorlage = ALTERSGRUPPEN.map((b) => this.merkmale.get(b)).find((m) => m !== undefined);
    const m: Merkmal | undefined = vorlage && {
      ...vorlage,
      id,
      name: `Bevölkerung ${intervallText(iv)}`,
      definition: `Einwohnerinnen und Einwohner mit Hauptwohnsitz, die am Stichtag ${intervallText(iv)} alt sind (vollendete Lebensjahre); Altersgruppe einer Lieferung in anderen Altersgrenzen als den 14 des Katalogs.`,
      hinweis: undefined,
    };
    // bounded: only well-formed ids (two ages up to ALTER_MAX) are remembered
    this.altersMerkmale.set(id, m);
    return m;
  }

  entry(id: string): CatalogueEntry | undefined {
    return this.merkmale.get(id) ?? this.hilfsgroessen.get(id) ?? this.kennzahlen.get(id);
  }

  /** The threshold of the comparison with the previous year for a Merkmal; null: none. */
  vorjahresvergleich(merkmal: string): Vorjahresvergleich | null {
    const own = this.merkmale.get(merkmal)?.vorjahresvergleich;
    const v = own ?? this.definition.vorjahresvergleich ?? VORJAHRESVERGLEICH_VORGABE;
    return v === false ? null : v;
  }
}

const refPath = (section: string, index: number, entryId: string | undefined, field: string): string =>
  `${section}[${index}]${entryId ? ` („${clipText(entryId, 40)}“)` : ''}, Feld „${field}“`;

/**
 * A schema problem located like the loader's own: `kennzahlen[3] („k1“), Feld „formel“: …` for an
 * entry of a section, `Feld „version“: …` for a top-level field, `Katalog: …` for the whole.
 */
function describeIssue(input: unknown, path: PropertyKey[], message: string): string {
  const [section, index, ...rest] = path.map((p) => (typeof p === 'number' ? p : clipText(String(p), 40)));
  if (section === undefined) return `Katalog: ${message}`;
  if (typeof index !== 'number') return `Feld „${[section, index].filter((x) => x !== undefined).join('.')}“: ${message}`;
  const entry = (input as Record<string, unknown[] | undefined>)[section as string]?.[index] as { id?: unknown } | undefined;
  const entryId = typeof entry?.id === 'string' && entry.id ? entry.id : undefined;
  if (rest.length === 0) return `${section}[${index}]${entryId ? ` („${clipText(entryId, 40)}“)` : ''}: ${message}`;
  return `${refPath(section as string, index, entryId, rest.join('.'))}: ${message}`;
}

/** Parses, checks and compiles a catalogue definition; throws CatalogueError listing every problem. */
export function loadCatalogue(input: unknown): Catalogue {
  const parsed = catalogueDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new CatalogueError(parsed.error.issues.map((i) => describeIssue(input, i.path, i.message)));
  const def = parsed.data;
  const problems: string[] = [];

  // Unique ids across all sections: a formula reference must mean exactly one thing.
  const seen = new Map<string, string>();
  const sections = [
    ['merkmale', def.merkmale],
    ['hilfsgroessen', def.hilfsgroessen],
    ['kennzahlen', def.kennzahlen],
  ] as const;
  for (const [section, entries] of sections) {
    entries.forEach((e, i) => {
      const where = `${section}[${i}]`;
      const prev = seen.get(e.id);
      if (prev) problems.push(`${where}: Kennung „${e.id}“ ist doppelt (schon in ${prev})`);
      else seen.set(e.id, where);
    });
  }
  const beziehungIds = new Set<string>();
  def.beziehungen.forEach((b, i) => {
    if (beziehungIds.has(b.id)) problems.push(`beziehungen[${i}]: Kennung „${b.id}“ ist doppelt`);
    beziehungIds.add(b.id);
  });

  const merkmale = new Map<string, Merkmal>(def.merkmale.map((m) => [m.id, { ...m, art: 'merkmal' }]));
  const hilfsDefs = new Map(def.hilfsgroessen.map((h, i) => [h.id, { h, i }]));
  const kennzahlIds = new Set(def.kennzahlen.map((k) => k.id));

  const parse = (formula: string, where: string): FormulaNode | undefined => {
    try {
      return parseFormula(formula);
    } catch (e) {
      if (e instanceof FormulaSyntaxError) {
        problems.push(`${where}: ${e.message}`);
        return undefined;
      }
      throw e;
    }
  };

  // Hilfsgrößen: resolved depth-first so that cycles are found and reported with their path.
  const hilfsLinear = new Map<string, LinearExpression | null>();
  const resolving: string[] = [];
  const resolveHilfs = (hid: string): LinearExpression | null => {
    if (hilfsLinear.has(hid)) return hilfsLinear.get(hid)!;
    const { h, i } = hilfsDefs.get(hid)!;
    const where = refPath('hilfsgroessen', i, h.id, 'formel');
    if (resolving.includes(hid)) {
      problems.push(`${where}: Zirkelbezug ${[...resolving.slice(resolving.indexOf(hid)), hid].join(' → ')}`);
      return null;
    }
    resolving.push(hid);
    const node = parse(h.formel, where);
    const result = node ? linearize(node, where, 'count') : null;
    resolving.pop();
    hilfsLinear.set(hid, result);
    return result;
  };

  /**
   * Reduces a syntax tree to a linear combination of Merkmale. `mode` says where the expression
   * stands: a count expression must not use periods other than t (Hilfsgrößen, relations); a
   * numerator or denominator may.
   */
  function linearize(node: FormulaNode, where: string, mode: 'count' | 'ratio-part'): LinearExpression | null {
    switch (node.kind) {
      case 'number':
        return { terms: [], constant: node.value };
      case 'ref': {
        if (mode === 'count' && node.explicitPeriod && node.offset !== 0) {
          problems.push(`${where}: „${node.id}(t${node.offset})“: hier sind nur Werte derselben Periode erlaubt`);
          return null;
        }
        if (merkmale.has(node.id)) {
          return { terms: [{ merkmal: node.id, offset: node.offset, coefficient: 1 }], constant: 0 };
        }
        if (hilfsDefs.has(node.id)) {
          const inner = resolveHilfs(node.id);
          if (!inner) return null;
          return normalizeLinear(
            inner.terms.map((t) => ({ ...t, offset: t.offset + node.offset })),
            inner.constant,
          );
        }
        if (kennzahlIds.has(node.id)) {
          problems.push(
            `${where}: „${node.id}“ ist eine Kennzahl; Formeln rechnen nur mit Zählwerten (Merkmalen und Hilfsgrößen), Verhältnisse werden nie weiterverrechnet`,
          );
          return null;
        }
        problems.push(`${where}: unbekannte Kennung „${node.id}“ (weder Merkmal noch Hilfsgröße des Katalogs)`);
        return null;
      }
      case 'negate': {
        const inner = linearize(node.operand, where, mode);
        return inner && scaleLinear(inner, -1);
      }
      case 'binary': {
        const l = linearize(node.left, where, mode);
        const r = linearize(node.right, where, mode);
        if (!l || !r) return null;
        if (node.op === '+' || node.op === '-') return addLinear(l, r, node.op === '+' ? 1 : -1);
        if (node.op === '*') {
          const product = l.terms.length === 0 ? scaleLinear(r, l.constant) : r.terms.length === 0 ? scaleLinear(l, r.constant) : null;
          // numbers are at most MAX_FORMULA_NUMBER each, but a chain of products could still reach Infinity
          if (product && [product.constant, ...product.terms.map((t) => t.coefficient)].some((c) => !(Math.abs(c) <= MAX_FORMULA_NUMBER))) {
            problems.push(`${where}: Das Produkt (Zeichen ${node.pos + 1}) ergibt einen Faktor über ${deNumber(MAX_FORMULA_NUMBER)}; erlaubt sind Faktoren bis ${deNumber(MAX_FORMULA_NUMBER)}`);
            return null;
          }
          if (product) return product;
          problems.push(`${where}: Produkt zweier Zählwerte (Zeichen ${node.pos + 1}) ist nicht erlaubt; Zähler und Nenner sind Summen von Zählwerten`);
          return null;
        }
        problems.push(
          mode === 'count'
            ? `${where}: Division (Zeichen ${node.pos + 1}) ist hier nicht erlaubt; ein Zählwert ist eine Summe von Merkmalen`
            : `${where}: Division (Zeichen ${node.pos + 1}) innerhalb von Zähler oder Nenner ist nicht erlaubt; die Formel muss „Zähler / Nenner“ oder „Zähler / Nenner * Faktor“ lauten`,
        );
        return null;
      }
    }
  }

  const hilfsgroessen: Hilfsgroesse[] = [];
  def.hilfsgroessen.forEach((h) => {
    const linear = resolveHilfs(h.id);
    if (linear) hilfsgroessen.push({ ...h, art: 'hilfsgroesse', linear });
  });

  const kennzahlen: Kennzahl[] = [];
  def.kennzahlen.forEach((k, i) => {
    const where = refPath('kennzahlen', i, k.id, 'formel');
    const node = parse(k.formel, where);
    if (!node) return;
    const refs = formulaRefs(node);
    if (refs.some((r) => r.offset !== 0)) {
      // A formula over several periods must say for every reference which period it means.
      const implicit = refs.filter((r) => !r.explicitPeriod);
      if (implicit.length > 0) {
        problems.push(
          `${where}: Die Formel verwendet mehrere Perioden, aber ${implicit.map((r) => `„${r.id}“`).join(', ')} fehlt die Periodenangabe; bitte „${implicit[0]!.id}(t)“ oder „${implicit[0]!.id}(t-N)“ schreiben`,
        );
        return;
      }
    }
    const ratio = splitRatio(node);
    if (!ratio) {
      problems.push(`${where}: Die Formel muss die Form „Zähler / Nenner“ oder „Zähler / Nenner * Faktor“ haben`);
      return;
    }
    const zaehler = linearize(ratio.numerator, where, 'ratio-part');
    const nenner = linearize(ratio.denominator, where, 'ratio-part');
    if (!zaehler || !nenner) return;
    if (nenner.terms.length === 0) {
      problems.push(`${where}: Der Nenner enthält keinen Zählwert`);
      return;
    }
    if (nenner.constant !== 0 || nenner.terms.some((t) => t.coefficient <= 0)) {
      // A denominator that is a plain sum of counts is never negative, so "Nenner 0" is its only gap.
      problems.push(`${where}: Der Nenner muss eine Summe von Zählwerten sein (ohne Abzüge und Konstanten)`);
      return;
    }
    if (!(ratio.factor >= FAKTOR_MIN && ratio.factor <= FAKTOR_MAX)) {
      problems.push(
        `${where}: Der Faktor ${deNumberAsSent(ratio.factor)} liegt außerhalb des erlaubten Bereichs ${deNumberAsSent(FAKTOR_MIN)} bis ${deNumber(FAKTOR_MAX)} (üblich: 100 für Prozent, 1000 für Promille)`,
      );
      return;
    }
    const used = [...zaehler.terms, ...nenner.terms];
    const inputs = [...new Set(used.map((t) => t.merkmal))];
    const inputMerkmale = inputs.map((m) => merkmale.get(m)!);
    kennzahlen.push({
      ...k,
      art: 'kennzahl',
      zaehler,
      nenner,
      faktor: ratio.factor,
      merkmale: inputs,
      quellen: [...new Set(inputMerkmale.map((m) => m.quelle))],
      tiefsteEbene: inputMerkmale.reduce<Ebene>(
        (coarsest, m) => (ebeneDepth(m.tiefsteEbene) < ebeneDepth(coarsest) ? m.tiefsteEbene : coarsest),
        'baublock',
      ),
      perioden: [...new Set(used.map((t) => t.offset))].sort((a, b) => b - a),
    });
  });

  const beziehungen: Beziehung[] = [];
  def.beziehungen.forEach((b, i) => {
    const lNode = parse(b.links, refPath('beziehungen', i, b.id, 'links'));
    const rNode = parse(b.rechts, refPath('beziehungen', i, b.id, 'rechts'));
    if (!lNode || !rNode) return;
    const l = linearize(lNode, refPath('beziehungen', i, b.id, 'links'), 'count');
    const r = linearize(rNode, refPath('beziehungen', i, b.id, 'rechts'), 'count');
    if (l && r) beziehungen.push({ ...b, linksLinear: l, rechtsLinear: r });
  });

  if (problems.length > 0) throw new CatalogueError(problems);
  return new Catalogue(def, [...merkmale.values()], hilfsgroessen, kennzahlen, beziehungen);
}

/** Splits `N / D`, `N / D * k` or `k * (N / D)` into its parts; anything else is not a ratio. */
function splitRatio(node: FormulaNode): { numerator: FormulaNode; denominator: FormulaNode; factor: number } | null {
  if (node.kind === 'binary' && node.op === '/') return { numerator: node.left, denominator: node.right, factor: 1 };
  if (node.kind === 'binary' && node.op === '*') {
    const [ratio, k] =
      node.right.kind === 'number' ? [node.left, node.right] : node.left.kind === 'number' ? [node.right, node.left] : [];
    if (ratio && k?.kind === 'number' && ratio.kind === 'binary' && ratio.op === '/' && k.value > 0) {
      return { numerator: ratio.left, denominator: ratio.right, factor: k.value };
    }
  }
  return null;
}
