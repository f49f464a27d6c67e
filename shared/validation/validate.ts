/**
 * Validation of a dataset `{period, rows: [{area, variable, value}]}` against the catalogue and the
 * area tree. The same function runs in the add-in (before sending) and on the server (before storing).
 *
 * Every finding carries the row index (0-based, into `rows`), area, variable, a stable code for
 * programs, and a German message for people that says what is wrong and what would be right.
 * Consistency rules come from the catalogue (`beziehungen`) and from the hierarchy (a part never
 * exceeds its whole), and may use values already stored (`context`) for rows not in the dataset.
 *
 * Work is bounded on hostile input: ids longer than MAX_ID_LENGTH are refused before any lookup or
 * similarity search, text sent by the user is repeated in messages only up to ECHO_MAX characters,
 * and with `maxFindings` (the server) only so many findings per severity are kept, the rest counted.
 */
import { AreaTree, codeExamples, isAreaCode, maySubmitFor } from '../areas/areas';
import { plausibleMaximum } from './maxima';
import { Beziehung, Catalogue } from '../catalogue/catalogue';
import { altersIdProbleme, intervallVonId, istAltersId } from '../catalogue/altersintervalle';
import { LinearExpression } from '../catalogue/formula';
import { altersRegeln, altersUeberschneidungen } from './altersregeln';
import { BaseValues, ValueRow } from '../indicators/values';
import { EBENE_NAMEN, Ebene, MAX_ID_LENGTH, Period, Role, clipText, deNumber, deNumberAsSent, ebeneDepth, isPeriod, shiftPeriod } from '../types';

export type Severity = 'fehler' | 'warnung';

export const FINDING_CODES = [
  'DATENSATZ_UNGUELTIG',
  'PERIODE_UNGUELTIG',
  'DATENSATZ_LEER',
  'ZEILE_UNGUELTIG',
  'GEBIET_FEHLT',
  'GEBIET_UNBEKANNT',
  'MERKMAL_FEHLT',
  'MERKMAL_UNBEKANNT',
  'MERKMAL_IST_BERECHNET',
  'WERT_FEHLT',
  'WERT_KEINE_ZAHL',
  'WERT_NICHT_GANZZAHLIG',
  'WERT_NEGATIV',
  'WERT_ZU_GROSS',
  'DOPPELT',
  'NICHT_EIGENES_GEBIET',
  'EBENE_ZU_FEIN',
  'SUMME_ABWEICHEND',
  'TEIL_GROESSER_ALS_GANZES',
  'UNTERGEBIET_GROESSER',
  'UNTERGEBIETE_SUMME_GROESSER',
  'UNTERGEBIETE_SUMME_ABWEICHEND',
  'VORJAHR_SPRUNG',
  'ALTERSGRUPPEN_UEBERSCHNEIDUNG',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** Each kind of finding in a clerk's words, for lists grouped by kind ("230 × Gebiet unbekannt"). */
export const FINDING_KIND: Record<FindingCode, string> = {
  DATENSATZ_UNGUELTIG: 'Meldung nicht lesbar',
  PERIODE_UNGUELTIG: 'Berichtsjahr ungültig',
  DATENSATZ_LEER: 'Meldung ohne Werte',
  ZEILE_UNGUELTIG: 'Zeile nicht lesbar',
  GEBIET_FEHLT: 'Gebiet fehlt',
  GEBIET_UNBEKANNT: 'Gebiet unbekannt',
  MERKMAL_FEHLT: 'Merkmal fehlt',
  MERKMAL_UNBEKANNT: 'Merkmal unbekannt',
  MERKMAL_IST_BERECHNET: 'Merkmal wird berechnet, nicht gemeldet',
  WERT_FEHLT: 'Wert fehlt',
  WERT_KEINE_ZAHL: 'Wert ist keine Zahl',
  WERT_NICHT_GANZZAHLIG: 'Wert nicht ganzzahlig',
  WERT_NEGATIV: 'Wert negativ',
  WERT_ZU_GROSS: 'Wert zu groß',
  DOPPELT: 'Wert doppelt gemeldet',
  NICHT_EIGENES_GEBIET: 'Gebiet einer anderen Stadt',
  EBENE_ZU_FEIN: 'Merkmal auf dieser Ebene nicht gemeldet',
  SUMME_ABWEICHEND: 'Summe stimmt nicht',
  TEIL_GROESSER_ALS_GANZES: 'Teil größer als das Ganze',
  UNTERGEBIET_GROESSER: 'Teilgebiet größer als das Gebiet',
  UNTERGEBIETE_SUMME_GROESSER: 'Teilgebiete zusammen größer als das Gebiet',
  UNTERGEBIETE_SUMME_ABWEICHEND: 'Teilgebiete ergeben eine andere Summe',
  VORJAHR_SPRUNG: 'Starke Änderung zum Vorjahr',
  ALTERSGRUPPEN_UEBERSCHNEIDUNG: 'Altersgruppen überschneiden sich',
};

export interface Finding {
  severity: Severity;
  code: FindingCode;
  /** 0-based index into `rows`; null for findings about the whole dataset */
  row: number | null;
  area: string | null;
  variable: string | null;
  /** what is wrong and what would be right, without the location */
  detail: string;
  /** the full message with its location ("Zeile 3, Gebiet …, Merkmal …: …") */
  message: string;
  /** further rows involved (the other parts of a sum, the first of two duplicates) */
  relatedRows?: number[];
}

export interface ValidationResult {
  /** true when there are no errors (warnings allowed) */
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
  /** all errors and warnings found, also those not listed because of `maxFindings` */
  errorCount: number;
  warningCount: number;
  period: Period | null;
  /** rows that passed every row-level check, with their index */
  validRows: (ValueRow & { row: number })[];
}

export interface ValidationContext {
  catalogue: Catalogue;
  tree: AreaTree;
  submitter: Role;
  /** values already stored for the period; rows of the dataset take precedence */
  context?: BaseValues;
  /**
   * values of the previous period (read for the year before the dataset's), within what the
   * submitter may read: each value that changed by more than the catalogue's Vorjahresvergleich is
   * a warning VORJAHR_SPRUNG. Absent: no comparison.
   */
  vorjahr?: BaseValues;
  /**
   * List at most this many errors and as many warnings; the rest are counted and summed up per code
   * in one closing finding each ("… und 4.812 weitere Fehler dieser Art"). Absent: list all (the
   * add-in and the CLI mark every cell; the server caps what it sends, see MAX_FINDINGS_LISTED).
   */
  maxFindings?: number;
}

/** Findings per severity the server lists in a 422 answer; the rest are counted per code. */
export const MAX_FINDINGS_LISTED = 200;
/** "Meinten Sie …?" is only searched for names up to this length (catalogue ids are shorter). */
const SUGGEST_MAX_LENGTH = 40;

function finding(
  severity: Severity,
  code: FindingCode,
  row: number | null,
  area: string | null,
  variable: string | null,
  detail: string,
  relatedRows?: number[],
): Finding {
  // ids in findings are what was sent, cut like any echoed text (a long one is refused anyway)
  area = area === null ? null : clipText(area);
  variable = variable === null ? null : clipText(variable);
  const f: Finding = { severity, code, row, area, variable, detail, message: detail, ...(relatedRows && relatedRows.length ? { relatedRows } : {}) };
  f.message = findingMessage(f);
  return f;
}

/** Where names for areas and Merkmale come from; without them a finding's place is said by codes. */
export interface FindingNames {
  catalogue: Catalogue;
  tree: AreaTree;
}

/** Findings whose detail already begins with area and Merkmal by name: the message adds only the row. */
const DETAIL_NAMES_PLACE: ReadonlySet<FindingCode> = new Set<FindingCode>(['VORJAHR_SPRUNG']);
/** Findings whose detail begins with the Merkmal by name ("Bevölkerung (bevoelkerung): …"): the place names only the area. */
const DETAIL_NAMES_MERKMAL: ReadonlySet<FindingCode> = new Set<FindingCode>(['UNTERGEBIET_GROESSER', 'UNTERGEBIETE_SUMME_GROESSER', 'UNTERGEBIETE_SUMME_ABWEICHEND']);

/**
 * A finding's place in words, the code in brackets: ["Annen (05954036-03)", "Bevölkerung weiblich
 * (bev_weiblich)"]. An area or Merkmal that is not known (or has no name) keeps its code with the
 * word for what it is ("Gebiet 05954036-09", "Merkmal bevolkerung"). The one place that says where a
 * finding is: the add-in, the server's 422 answer and the CLI all read it from here.
 */
export function findingPlace(f: Pick<Finding, 'code' | 'area' | 'variable'>, names?: FindingNames): string[] {
  // a detail that begins with area and Merkmal by name needs no place in front of it
  if (DETAIL_NAMES_PLACE.has(f.code)) return [];
  return placeLabels(f.area, DETAIL_NAMES_MERKMAL.has(f.code) ? null : f.variable, names);
}

/**
 * Area and Merkmal in words, the code in brackets ("Annen (05954036-03)", "Bevölkerung weiblich
 * (bev_weiblich)"); unknown ones keep their code with the word for what it is ("Gebiet 05954036-09").
 * Also used by the table import, so that its messages name places the same way.
 */
export function placeLabels(area: string | null, variable: string | null, names?: FindingNames): string[] {
  const out: string[] = [];
  if (area) {
    const label = names ? areaLabel(names.tree, area) : area;
    out.push(label === area ? `Gebiet ${area}` : label);
  }
  if (variable) {
    const label = names ? merkmalLabel(names.catalogue, variable) : variable;
    out.push(label === variable ? `Merkmal ${variable}` : label);
  }
  return out;
}

/**
 * The full message of a finding: "Zeile 3, Annen (05954036-03), Bevölkerung weiblich (bev_weiblich):
 * …" with names (see findingPlace), "Zeile 3, Gebiet 05954036-03, Merkmal bev_weiblich: …" without.
 */
export function findingMessage(f: Pick<Finding, 'code' | 'row' | 'area' | 'variable' | 'detail'>, names?: FindingNames): string {
  const where = [
    ...(f.row !== null ? [`Zeile ${f.row + 1}`] : []),
    ...findingPlace(f, names),
  ];
  return where.length ? `${where.join(', ')}: ${f.detail}` : f.detail;
}

/**
 * Levenshtein distance, for "meinten Sie …?" hints on mistyped ids; stops early and returns
 * `limit + 1` as soon as the distance must exceed `limit` (each row of the table only grows).
 * The one edit distance of the project (ids here, area names in the table import).
 */
export function distance(a: string, b: string, limit: number = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
      if (prev[j]! < rowMin) rowMin = prev[j]!;
    }
    if (rowMin > limit) return limit + 1;
  }
  return prev[b.length]!;
}

/**
 * " Meinten Sie „x“?" for a name close to a catalogue id, else "". Only for short names: the
 * search compares with every candidate, and a name of a megabyte is no typo.
 */
function suggestion(word: string, candidates: Iterable<string>): string {
  if (word.length > SUGGEST_MAX_LENGTH) return '';
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 4));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const d = distance(lower, c, bestD - 1);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best ? ` Meinten Sie „${best}“?` : '';
}

/** "bitte für den übergeordneten Gemeindeteil melden": article and adjective agree with the level. */
/** „05954036“ (Stadt), „05954036-03“ (Gemeindeteil) oder „05954036-03-0017“ (Baublock): the levels from the Stadt down that the tree has. */
function beispieleUnterhalb(tree: AreaTree, beispiel: Record<Ebene, string>): string {
  const levels = (['stadt', 'stadtbezirk', 'gemeindeteil', 'baublock'] as const).filter((e) => tree.atLevel(e).length > 0);
  const parts = (levels.length > 0 ? levels : (['stadt', 'gemeindeteil', 'baublock'] as const)).map((e) => `„${beispiel[e]}“ (${EBENE_NAMEN[e]})`);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} oder ${parts[parts.length - 1]}`;
}

const UEBERGEORDNET_AKKUSATIV: Record<string, string> = {
  land: 'das Land',
  kreis: 'den Kreis',
  stadt: 'die übergeordnete Stadt',
  stadtbezirk: 'den übergeordneten Stadtbezirk',
  gemeindeteil: 'den übergeordneten Gemeindeteil',
  baublock: 'den übergeordneten Baublock',
};

/** A value sent where a number or a year belongs, described for a message (never "[object Object]"). */
const describeValue = (v: unknown): string => {
  if (typeof v === 'string') return `der Text „${clipText(v)}“`;
  if (v === null) return 'ein leerer Wert';
  if (Array.isArray(v)) return 'eine Liste';
  if (typeof v === 'object') return 'ein Objekt';
  if (typeof v === 'number') return `„${String(v)}“`;
  if (typeof v === 'boolean') return `der Wahrheitswert „${v}“`;
  return `„${clipText(String(v))}“`;
};

const SEVERITY_PLURAL: Record<Severity, string> = { fehler: 'Fehler', warnung: 'Warnungen' };

/** Units of work (rows, areas checked) between two pauses of validateDatasetAsync. */
const WORK_STEP = 2000;

/** Validates a dataset in one go (the add-in, the CLI, tests). */
export function validateDataset(input: unknown, ctx: ValidationContext): ValidationResult {
  const steps = validationSteps(input, ctx);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });

/**
 * The same validation, pausing every WORK_STEP rows or areas so that other requests are answered
 * meanwhile (the server: a submission of 8 MB takes seconds to check; /api/health must not wait).
 */
export async function validateDatasetAsync(input: unknown, ctx: ValidationContext, pause: () => Promise<void> = nextTurn): Promise<ValidationResult> {
  const steps = validationSteps(input, ctx);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** The validation as a generator: it yields after every WORK_STEP units of work and returns the result. */
function* validationSteps(input: unknown, ctx: ValidationContext): Generator<void, ValidationResult, void> {
  const { catalogue, tree, submitter } = ctx;
  const max = ctx.maxFindings ?? Infinity;
  // example codes in messages: the deployment's own (a Köln deployment reads Köln's codes)
  const beispiel = codeExamples(tree.all());
  let unterhalb: string | undefined; // computed on the first bad code only
  const beispieleFuerCode = (): string => (unterhalb ??= beispieleUnterhalb(tree, beispiel));
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const count: Record<Severity, number> = { fehler: 0, warnung: 0 };
  /** findings not listed, per severity and code: the count and the first one (for the summary) */
  const omitted = new Map<string, { first: Finding; n: number }>();
  const names: FindingNames = { catalogue, tree };
  const add = (f: Finding): void => {
    count[f.severity]++;
    const list = f.severity === 'fehler' ? errors : warnings;
    if (list.length < max) {
      // areas and Merkmale by name (only for listed findings: the names cost a lookup each)
      f.message = findingMessage(f, names);
      list.push(f);
      return;
    }
    const key = `${f.severity}\u0000${f.code}`;
    const o = omitted.get(key);
    if (o) o.n++;
    else omitted.set(key, { first: f, n: 1 });
  };
  const result = (period: Period | null, validRows: ValidationResult['validRows']): ValidationResult => {
    // one closing finding per code not fully listed, with the same code (a client that looks for
    // NICHT_EIGENES_GEBIET or counts codes still sees it) and the row of the first one left out
    for (const { first, n } of omitted.values()) {
      const list = first.severity === 'fehler' ? errors : warnings;
      list.push(
        finding(first.severity, first.code, null, null, null,
          `… und ${deNumber(n)} weitere ${SEVERITY_PLURAL[first.severity]} dieser Art (${first.code}), ab Zeile ${first.row === null ? '–' : first.row + 1}; nicht einzeln aufgeführt (höchstens ${deNumber(max)} ${SEVERITY_PLURAL[first.severity]} je Antwort). Bitte die genannten beheben und erneut prüfen.`),
      );
    }
    return { ok: count.fehler === 0, errors, warnings, errorCount: count.fehler, warningCount: count.warnung, period, validRows };
  };

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    add(finding('fehler', 'DATENSATZ_UNGUELTIG', null, null, null, 'Erwartet wird ein Datensatz der Form {period, rows: [{area, variable, value}]}'));
    return result(null, []);
  }
  const { period, rows } = input as { period?: unknown; rows?: unknown };
  const periodOk = isPeriod(period);
  if (!periodOk) {
    add(
      finding('fehler', 'PERIODE_UNGUELTIG', null, null, null,
        `Feld „period“: ${period === undefined ? 'fehlt' : `${describeValue(period)} ist kein Berichtsjahr`}; erwartet wird ein Jahr als Text, z. B. „2024“`),
    );
  }
  if (!Array.isArray(rows)) {
    add(finding('fehler', 'DATENSATZ_UNGUELTIG', null, null, null, 'Feld „rows“ fehlt oder ist keine Liste von Zeilen {area, variable, value}'));
    return result(periodOk ? period : null, []);
  }
  if (rows.length === 0) add(finding('fehler', 'DATENSATZ_LEER', null, null, null, 'Der Datensatz enthält keine Werte'));

  // 1. Row-level checks: shape, known ids, type and range, ownership, level, duplicates.
  const validRows: ValidationResult['validRows'] = [];
  const firstRowOf = new Map<string, number>();
  // the same unknown name in many rows is searched once
  const suggestions = new Map<string, string>();
  const suggestionFor = (name: string): string => {
    // the search costs most per row; a finding that will not be listed needs none
    if (errors.length >= max) return '';
    let s = suggestions.get(name);
    if (s === undefined) suggestions.set(name, (s = suggestion(name, catalogue.merkmale.keys())));
    return s;
  };
  const checkRow = (raw: unknown, i: number): void => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      add(finding('fehler', 'ZEILE_UNGUELTIG', i, null, null, 'Die Zeile ist kein Objekt {area, variable, value}'));
      return;
    }
    const { area, variable, value } = raw as Record<string, unknown>;
    const a = typeof area === 'string' ? area.trim() : undefined;
    const v = typeof variable === 'string' ? variable.trim() : undefined;
    let ok = true;
    if (!a) {
      add(finding('fehler', 'GEBIET_FEHLT', i, null, v ?? null, 'Das Feld „area“ (Gebietscode) fehlt oder ist leer'));
      ok = false;
    } else if (a.length > MAX_ID_LENGTH) {
      add(
        finding('fehler', 'GEBIET_UNBEKANNT', i, a, v ?? null,
          `Der Gebietscode „${clipText(a)}“ ist mit ${deNumber(a.length)} Zeichen zu lang (höchstens ${MAX_ID_LENGTH}); erwartet wird z. B. „${beispiel.baublock}“ (Baublock).`),
      );
      ok = false;
    } else if (!tree.has(a)) {
      const shape = isAreaCode(a);
      add(
        finding('fehler', 'GEBIET_UNBEKANNT', i, a, v ?? null,
          shape
            ? `Das Gebiet „${a}“ gibt es in der verbindlichen Gebietsgliederung nicht.`
            : `„${a}“ ist kein gültiger Gebietscode; erwartet wird z. B. ${beispieleFuerCode()}.`),
      );
      ok = false;
    }
    // the catalogue's Merkmale and age bands in other cuts (bev_alter_18_26, altersintervalle.ts)
    const merkmal = v ? catalogue.merkmal(v) : undefined;
    if (!v) {
      add(finding('fehler', 'MERKMAL_FEHLT', i, a ?? null, null, 'Das Feld „variable“ (Merkmal) fehlt oder ist leer'));
      ok = false;
    } else if (v.length > MAX_ID_LENGTH) {
      add(
        finding('fehler', 'MERKMAL_UNBEKANNT', i, a ?? null, v,
          `Der Merkmalsname „${clipText(v)}“ ist mit ${deNumber(v.length)} Zeichen zu lang (höchstens ${MAX_ID_LENGTH}); erwartet wird eine Kennung des Kennzahlenkatalogs ${catalogue.version}, z. B. „bevoelkerung“.`),
      );
      ok = false;
    } else if (!merkmal) {
      const computed = catalogue.kennzahlen.has(v) || catalogue.hilfsgroessen.has(v);
      add(
        computed
          ? finding('fehler', 'MERKMAL_IST_BERECHNET', i, a ?? null, v,
              `„${v}“ wird aus Merkmalen berechnet und kann nicht gemeldet werden; bitte die zugrunde liegenden Merkmale melden.`)
          : istAltersId(v) && altersIdProbleme([v]).length > 0
            ? finding('fehler', 'MERKMAL_UNBEKANNT', i, a ?? null, v, `${altersIdProbleme([v])[0]!}.`)
            : finding('fehler', 'MERKMAL_UNBEKANNT', i, a ?? null, v,
              `„${v}“ ist kein Merkmal des Kennzahlenkatalogs ${catalogue.version}.${suggestionFor(v)}`),
      );
      ok = false;
    }
    if (value === undefined || value === null || value === '') {
      add(finding('fehler', 'WERT_FEHLT', i, a ?? null, v ?? null, 'Der Wert fehlt; erwartet wird eine ganze Zahl ab 0'));
      ok = false;
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      add(finding('fehler', 'WERT_KEINE_ZAHL', i, a ?? null, v ?? null, `Der Wert ist ${describeValue(value)}, erwartet wird eine ganze Zahl ab 0`));
      ok = false;
    } else if (!Number.isInteger(value)) {
      add(
        finding('fehler', 'WERT_NICHT_GANZZAHLIG', i, a ?? null, v ?? null,
          `Der Wert ${deNumberAsSent(value)} ist keine ganze Zahl; gezählt werden ${merkmal?.einheit ?? 'Fälle'}, erwartet wird eine ganze Zahl ab 0`),
      );
      ok = false;
    } else if (value < 0) {
      add(finding('fehler', 'WERT_NEGATIV', i, a ?? null, v ?? null, `Der Wert ${deNumberAsSent(value)} ist negativ; eine Anzahl ist 0 oder größer`));
      ok = false;
    } else if (merkmal && value > plausibleMaximum(merkmal, a ? tree.get(a)?.ebene : undefined)) {
      const ebene = a ? tree.get(a)?.ebene : undefined;
      add(
        finding('fehler', 'WERT_ZU_GROSS', i, a ?? null, v ?? null,
          `Der Wert ${deNumberAsSent(value)} ist für ${ebene ? `ein Gebiet der Ebene ${EBENE_NAMEN[ebene]}` : 'ein einzelnes Gebiet'} nicht plausibel; erlaubt sind höchstens ${deNumber(plausibleMaximum(merkmal, ebene))} ${merkmal.einheit}`),
      );
      ok = false;
    }
    if (!ok || !a || !v || !merkmal) return;
    if (!maySubmitFor(submitter, tree, a)) {
      const own = submitter.rolle === 'kommune' ? ` Sie dürfen nur Gebiete der Stadt ${submitter.ags} melden.` : '';
      add(finding('fehler', 'NICHT_EIGENES_GEBIET', i, a, v, `Keine Berechtigung, Werte für dieses Gebiet zu melden.${own}`));
      return;
    }
    const ebene = tree.get(a)!.ebene;
    if (ebeneDepth(ebene) > ebeneDepth(merkmal.tiefsteEbene)) {
      add(
        finding('fehler', 'EBENE_ZU_FEIN', i, a, v,
          `${merkmal.name} wird laut Katalog nur bis zur Ebene ${EBENE_NAMEN[merkmal.tiefsteEbene]} geliefert (Quelle: ${merkmal.quelle}), nicht je ${EBENE_NAMEN[ebene]}; bitte für ${UEBERGEORDNET_AKKUSATIV[merkmal.tiefsteEbene]} melden.`),
      );
      return;
    }
    const cell = `${a}\u0000${v}`;
    const first = firstRowOf.get(cell);
    if (first !== undefined) {
      add(finding('fehler', 'DOPPELT', i, a, v, `Für dieses Gebiet und Merkmal gibt es schon einen Wert in Zeile ${first + 1}; jeder Wert darf nur einmal vorkommen`, [first]));
      return;
    }
    firstRowOf.set(cell, i);
    validRows.push({ area: a, variable: v, value: value as number, row: i });
  };
  for (let i = 0; i < rows.length; i++) {
    checkRow(rows[i], i);
    if ((i + 1) % WORK_STEP === 0) yield;
  }

  // Age bands of one area in one delivery must not overlap (a person counted twice); such rows are
  // refused before the sums are checked, which would only repeat the error.
  const context = ctx.context;
  const gespeichert = (area: string): string[] =>
    context && periodOk ? [...(context.merkmalIds?.(period) ?? [])].filter((id) => intervallVonId(id) && context.get(area, id, period) !== undefined) : [];
  for (const u of altersUeberschneidungen(validRows, gespeichert)) {
    add(finding('fehler', 'ALTERSGRUPPEN_UEBERSCHNEIDUNG', u.row, u.area, u.variable, `${u.detail} (${areaLabel(tree, u.area)})`, u.mit === undefined ? undefined : [u.mit]));
  }

  // 2. Consistency: the catalogue's relations within each area, and parts never above their whole.
  if (periodOk) {
    const known = new KnownValues(validRows, period, ctx.context);
    yield* checkRelations(catalogue, [...catalogue.beziehungen, ...altersRegeln(catalogue, validRows)], tree, validRows, known, add);
    yield* checkHierarchy(catalogue, tree, validRows, known, add);
    if (ctx.vorjahr) for (const f of vorjahrFindings(validRows, period, ctx.vorjahr, catalogue, tree)) add(f);
  }
  return result(periodOk ? period : null, validRows);
}

/** Values visible to the consistency checks: the dataset's rows over the stored context. */
class KnownValues {
  private readonly rows = new Map<string, { value: number; row: number }>();
  constructor(
    validRows: ValidationResult['validRows'],
    private readonly period: Period,
    private readonly context?: BaseValues,
  ) {
    for (const r of validRows) this.rows.set(`${r.area}\u0000${r.variable}`, r);
  }
  /** the dataset row, if the value comes from the dataset */
  row(area: string, merkmal: string): number | undefined {
    return this.rows.get(`${area}\u0000${merkmal}`)?.row;
  }
  get(area: string, merkmal: string): number | undefined {
    return this.rows.get(`${area}\u0000${merkmal}`)?.value ?? this.context?.get(area, merkmal, this.period);
  }
  /** where a known value comes from: this submission, or the values stored on the server */
  source(area: string, merkmal: string): Herkunft {
    if (this.rows.has(`${area}\u0000${merkmal}`)) return 'meldung';
    return this.context?.get(area, merkmal, this.period) !== undefined ? 'server' : 'offen';
  }
}

/**
 * Where a count used by a consistency check comes from: the submission, the values stored on the
 * server (`context`), both (a sum over sub-areas), or nowhere (nothing known).
 */
type Herkunft = 'meldung' | 'server' | 'gemischt' | 'offen';

const mergeHerkunft = (a: Herkunft, b: Herkunft): Herkunft => (a === 'offen' ? b : b === 'offen' || a === b ? a : 'gemischt');

/**
 * How the count of an area is read for a check. `summe`: as the IndicatorEngine counts (the sum of
 * the sub-areas when all are known, else the area's own value): what will be published. `gemeldet`:
 * the area's own value where one is known (the submission's row first, then the stored value),
 * else the sum below: what the submitter says about the area. A rule is checked in both readings
 * and violated if either violates it, so that stored values only ever add checks: the sum of the
 * stored Baublöcke never hides a Gemeindeteil value sent in the submission.
 */
type Lesart = 'summe' | 'gemeldet';
interface Range {
  low: number;
  high: number;
  herkunft: Herkunft;
}

/**
 * What is known of one count in one area, for the consistency checks. The counting rule is the
 * IndicatorEngine's: an additive Merkmal of an area is the sum of its sub-areas when all of them are
 * known (recursively), else the area's own reported value; otherwise only a lower bound is known (the
 * sum of what is known below). Non-additive Merkmale (moves) are only what the area itself reports.
 * This lets a rule such as `arbeitslose <= a15_64` be checked per Gemeindeteil although the BA
 * reports per Gemeindeteil and the age bands come per Baublock.
 */
class CountResolver {
  private readonly memo = new Map<string, Range>();
  constructor(
    private readonly catalogue: Catalogue,
    private readonly tree: AreaTree,
    private readonly known: KnownValues,
    private readonly lesart: Lesart = 'summe',
  ) {}

  range(area: string, merkmal: string): Range {
    const key = `${area}\u0000${merkmal}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    const own = this.known.get(area, merkmal);
    const ownRange = (): Range => ({ low: own!, high: own!, herkunft: this.known.source(area, merkmal) });
    let result: Range;
    const children = this.catalogue.merkmal(merkmal)?.additiv ? this.tree.children(area) : [];
    // sub-areas the source calls incomplete: the area's own count is the official total in both readings
    const amtlich = this.tree.get(area)?.teileUnvollstaendig === true;
    if (own !== undefined && (children.length === 0 || this.lesart === 'gemeldet' || amtlich)) {
      result = ownRange();
    } else if (children.length === 0) {
      result = { low: 0, high: Infinity, herkunft: 'offen' };
    } else {
      let low = 0;
      let high = 0;
      let herkunft: Herkunft = 'offen';
      for (const c of children) {
        const r = this.range(c, merkmal);
        low += r.low;
        high += r.high;
        herkunft = mergeHerkunft(herkunft, r.herkunft);
      }
      // (the parts of an incomplete area only bound it from below)
      if (low === high && !amtlich) result = { low, high, herkunft };
      else if (own !== undefined) result = ownRange();
      else result = { low, high: Infinity, herkunft };
    }
    this.memo.set(key, result);
    return result;
  }

  /** Bounds of a linear expression (counts are never negative). */
  bounds(e: LinearExpression, area: string): { low: number; high: number; complete: boolean } {
    let low = e.constant;
    let high = e.constant;
    for (const t of e.terms) {
      const r = this.range(area, t.merkmal);
      if (t.coefficient > 0) {
        low += t.coefficient * r.low;
        high += t.coefficient * r.high;
      } else {
        low += t.coefficient * r.high;
        high += t.coefficient * r.low;
      }
    }
    return { low, high, complete: low === high };
  }

  /**
   * "Nicht in dieser Meldung: Bevölkerung (bevoelkerung), gespeicherter Wert auf dem Server: 5.994."
   * for the terms of a rule whose value in `area` comes from the server, or "" if none does.
   */
  serverNote(terms: LinearExpression['terms'], area: string): string {
    const parts: string[] = [];
    for (const m of new Set(terms.map((t) => t.merkmal))) {
      const r = this.range(area, m);
      if (r.herkunft !== 'server' && r.herkunft !== 'gemischt') continue;
      const name = `${this.catalogue.merkmal(m)?.name ?? m} (${m})`;
      const value = r.low === r.high ? deNumber(r.low) : `mindestens ${deNumber(r.low)}`;
      const own = this.known.source(area, m) === 'server' && r.low === r.high && r.low === this.known.get(area, m);
      parts.push(
        r.herkunft === 'server'
          ? `${name}, gespeicherter Wert auf dem Server: ${value}${own ? '' : ' (Summe der Teilgebiete)'}`
          : `${name} = ${value}, darin gespeicherte Werte vom Server für Teilgebiete, die diese Meldung nicht enthält`,
      );
    }
    return parts.length ? ` Nicht in dieser Meldung: ${parts.join('; ')}.` : '';
  }
}

/** "Bevölkerung weiblich (bev_weiblich)": a Merkmal by name with its id in brackets. */
function merkmalLabel(catalogue: Catalogue, id: string): string {
  const name = catalogue.merkmal(id)?.name;
  return name && name !== id ? `${name} (${id})` : id;
}

/** "Annen (05954036-03)": an area by name with its code in brackets. */
function areaLabel(tree: AreaTree, code: string): string {
  const name = tree.get(code)?.name;
  return name && name !== code ? `${name} (${code})` : code;
}

/** Sides of a rule with more terms than this are named as a sum in words, not term by term. */
const SIDE_TERMS_LISTED = 3;

/**
 * One side of a catalogue rule in words: "Bevölkerung (bevoelkerung)", "5 × Bevölkerung mit
 * Wohndauer ab 5 Jahren (bev_wohndauer_5plus)", "Erwerbsfähige Leistungsberechtigte (elb) +
 * Nicht erwerbsfähige unter 15 (nef_u15)", and for long sums "Summe der 14 Merkmale
 * Bevölkerung 0 bis 2 Jahre (bev_0_2) bis Bevölkerung 80 Jahre und älter (bev_80_plus)".
 */
export function sideText(catalogue: Catalogue, e: LinearExpression): string {
  const term = (t: LinearExpression['terms'][number]): string =>
    `${Math.abs(t.coefficient) === 1 ? '' : `${deNumber(Math.abs(t.coefficient))} × `}${merkmalLabel(catalogue, t.merkmal)}`;
  const terms = e.terms;
  let text: string;
  if (terms.length > SIDE_TERMS_LISTED && terms.every((t) => t.coefficient === 1)) {
    text = `Summe der ${deNumber(terms.length)} Merkmale ${merkmalLabel(catalogue, terms[0]!.merkmal)} bis ${merkmalLabel(catalogue, terms[terms.length - 1]!.merkmal)}`;
  } else {
    text = terms.map((t, i) => (i === 0 ? (t.coefficient < 0 ? '− ' : '') : t.coefficient < 0 ? ' − ' : ' + ') + term(t)).join('');
  }
  if (e.constant !== 0) text = text ? `${text} ${e.constant < 0 ? '−' : '+'} ${deNumber(Math.abs(e.constant))}` : deNumber(e.constant);
  return text || '0';
}

/**
 * The catalogue's relations. A relation is checked at the level where all its Merkmale exist (the
 * coarsest of their lowest levels: `arbeitslose` comes per Gemeindeteil, so `arbeitslose <= a15_64` is
 * checked per Gemeindeteil) and in any coarser area for which a dataset row is reported directly.
 * Checking it again on sums further up would only repeat the same error once per level.
 */
function* checkRelations(
  catalogue: Catalogue,
  beziehungen: readonly Beziehung[],
  tree: AreaTree,
  validRows: ValidationResult['validRows'],
  known: KnownValues,
  add: (f: Finding) => void,
): Generator<void, void, void> {
  let work = 0;
  const resolvers = [new CountResolver(catalogue, tree, known, 'summe'), new CountResolver(catalogue, tree, known, 'gemeldet')];
  const variableOfRow = new Map(validRows.map((r) => [r.row, r.variable]));
  for (const b of beziehungen) {
    const merkmale = new Set([...b.linksLinear.terms, ...b.rechtsLinear.terms].map((t) => t.merkmal));
    const checkDepth = Math.min(...[...merkmale].map((m) => ebeneDepth(catalogue.merkmal(m)!.tiefsteEbene)));
    // the areas to check, each with the dataset rows of this relation inside it, in row order
    const rowsByArea = new Map<string, number[]>();
    for (const r of validRows) {
      if (!merkmale.has(r.variable)) continue;
      const depth = ebeneDepth(tree.get(r.area)!.ebene);
      // nearest ancestor on the check level or above it (a tree may skip levels)
      const area = depth <= checkDepth ? r.area : tree.ancestors(r.area).find((a) => ebeneDepth(tree.get(a)!.ebene) <= checkDepth);
      if (area === undefined) continue;
      const list = rowsByArea.get(area);
      if (list) list.push(r.row);
      else rowsByArea.set(area, [r.row]);
    }
    for (const [area, rowsInvolved] of rowsByArea) {
      if (++work % WORK_STEP === 0) yield;
      // the engine's reading first (what will be published), then the reported one (see Lesart)
      let l = { low: 0, high: 0, complete: true };
      let r = l;
      let resolver: CountResolver | undefined;
      for (const candidate of resolvers) {
        l = candidate.bounds(b.linksLinear, area);
        r = candidate.bounds(b.rechtsLinear, area);
        if (b.art === 'summe' ? l.low > r.high || r.low > l.high : l.low > r.high) {
          resolver = candidate;
          break;
        }
      }
      if (!resolver) continue;
      // report on a row of the left side reported for the area itself, else on the first row involved
      const leftRow = b.linksLinear.terms.map((t) => known.row(area, t.merkmal)).find((x) => x !== undefined);
      const row = leftRow ?? rowsInvolved[0]!;
      const derived = rowsInvolved.some((x) => x !== row && known.row(area, variableOfRow.get(x)!) !== x);
      const links = sideText(catalogue, b.linksLinear);
      const rechts = sideText(catalogue, b.rechtsLinear);
      const lv = l.complete ? `${links} = ${deNumber(l.low)}` : `${links} ist mindestens ${deNumber(l.low)}`;
      const rv = r.complete ? `${rechts} = ${deNumber(r.low)}` : `${rechts} ist mindestens ${deNumber(r.low)}`;
      const inArea = ` in ${areaLabel(tree, area)}`;
      const summed = derived ? ' (Werte der Teilgebiete zusammengezählt)' : '';
      const server = resolver.serverNote([...b.linksLinear.terms, ...b.rechtsLinear.terms], area);
      let detail: string;
      if (b.art === 'summe') {
        const diff = l.complete && r.complete ? ` (Differenz ${deNumber(Math.abs(l.low - r.low))})` : '';
        detail = `${lv}, aber ${rv}${diff}${inArea}${summed}. ${b.beschreibung} Bitte die Werte so korrigieren, dass beide Seiten gleich sind.${server}`;
      } else {
        // "a + b (mindestens 60) ist größer als …": a lower bound reads as a parenthesis, not a second verb
        const part = l.complete ? lv : `${links} (mindestens ${deNumber(l.low)})`;
        // the whole is one Merkmal: the clerk may have to raise it, so say by how much
        const whole = b.rechtsLinear.terms.length === 1 && b.rechtsLinear.terms[0]!.coefficient === 1 && b.rechtsLinear.constant === 0
          ? b.rechtsLinear.terms[0]!.merkmal : undefined;
        const hint = whole !== undefined && Number.isFinite(l.low)
          ? ` Bei ${merkmalLabel(catalogue, whole)} mindestens ${deNumber(l.low)} eintragen oder die Teile prüfen.`
          : '';
        detail = `${part} ist größer als ${rechts} = ${deNumber(r.high)}${inArea}${summed}. ${b.beschreibung} Erwartet: höchstens ${deNumber(r.high)}.${hint}${server}`;
      }
      add(
        finding(b.schwere, b.art === 'summe' ? 'SUMME_ABWEICHEND' : 'TEIL_GROESSER_ALS_GANZES', row, area, variableOfRow.get(row)!, detail,
          rowsInvolved.filter((x) => x !== row).slice(0, MAX_RELATED_ROWS)),
      );
    }
  }
}

/** Findings name at most this many further rows (a Gemeindeteil sum can involve hundreds). */
const MAX_RELATED_ROWS = 50;

/**
 * Parts never exceed their whole: for an additive Merkmal, the known counts of the sub-areas
 * (or, where a sub-area has none, of its own sub-areas) sum to at most the area's count.
 * Only relations that a row of the dataset takes part in are reported, on that row.
 */
function* checkHierarchy(
  catalogue: Catalogue,
  tree: AreaTree,
  validRows: ValidationResult['validRows'],
  known: KnownValues,
  add: (f: Finding) => void,
): Generator<void, void, void> {
  let work = 0;
  const rowsByMerkmal = new Map<string, ValidationResult['validRows']>();
  for (const r of validRows) {
    if (!catalogue.merkmal(r.variable)?.additiv) continue;
    const list = rowsByMerkmal.get(r.variable);
    if (list) list.push(r);
    else rowsByMerkmal.set(r.variable, [r]);
  }
  const areaOfRowIndex = new Map(validRows.map((r) => [r.row, r.area]));
  const areaOfRow = (row: number): string => areaOfRowIndex.get(row)!;
  for (const [merkmal, rows] of rowsByMerkmal) {
    // The dataset rows inside each area's subtree (the area itself included), in row order.
    const rowsWithin = new Map<string, number[]>();
    for (const r of rows) {
      for (const x of [r.area, ...tree.ancestors(r.area)]) {
        const list = rowsWithin.get(x);
        if (list) list.push(r.row);
        else rowsWithin.set(x, [r.row]);
      }
    }
    const lowerBound = new Map<string, number>();
    const lb = (code: string): number => {
      const cached = lowerBound.get(code);
      if (cached !== undefined) return cached;
      const value = known.get(code, merkmal) ?? tree.children(code).reduce((s, c) => s + lb(c), 0);
      lowerBound.set(code, value);
      return value;
    };
    // "Gemeindeteil Annen (05954036-03)"; a name that already says the level is not repeated
    const label = (code: string): string => {
      const node = tree.get(code)!;
      const ebene = EBENE_NAMEN[node.ebene];
      if (!node.name || node.name === code) return `${ebene} ${code}`;
      return node.name.startsWith(ebene) ? `${node.name} (${code})` : `${ebene} ${node.name} (${code})`;
    };
    const mName = merkmalLabel(catalogue, merkmal);
    for (const parent of [...rowsWithin.keys()].sort()) {
      if (++work % WORK_STEP === 0) yield;
      const whole = known.get(parent, merkmal);
      const stored = known.source(parent, merkmal) === 'server' ? ' (gespeicherter Wert auf dem Server, nicht in dieser Meldung)' : '';
      const children = tree.children(parent);
      if (whole === undefined || children.length === 0) continue;
      const parentRow = known.row(parent, merkmal);
      const childRows = children.flatMap((c) => rowsWithin.get(c) ?? []);
      let reported = false;
      for (const c of children) {
        const v = lb(c);
        const row = rowsWithin.get(c)?.[0] ?? parentRow;
        if (v <= whole || row === undefined) continue;
        add(
          finding('fehler', 'UNTERGEBIET_GROESSER', row, areaOfRow(row), merkmal,
            `${mName}: ${label(c)} hat ${deNumber(v)}, mehr als das übergeordnete Gebiet ${label(parent)} mit ${deNumber(whole)}${stored}. Ein Teilgebiet kann nicht mehr haben als das ganze Gebiet; erwartet: höchstens ${deNumber(whole)}. ${row === parentRow ? 'Hier' : `Bei ${label(parent)}`} mindestens ${deNumber(v)} eintragen oder ${label(c)} prüfen.`,
            [parentRow, ...(rowsWithin.get(c) ?? [])].filter((r): r is number => r !== undefined && r !== row).slice(0, MAX_RELATED_ROWS)),
        );
        reported = true;
      }
      if (reported) continue;
      const sum = children.reduce((s, c) => s + lb(c), 0);
      const row = parentRow ?? childRows[0];
      if (row === undefined) continue;
      const related = [parentRow, ...childRows].filter((r): r is number => r !== undefined && r !== row).slice(0, MAX_RELATED_ROWS);
      if (sum > whole) {
        add(
          finding('fehler', 'UNTERGEBIETE_SUMME_GROESSER', row, areaOfRow(row), merkmal,
            `${mName}: Die Teilgebiete von ${label(parent)} haben zusammen ${deNumber(sum)}, das Gebiet selbst ${deNumber(whole)}${stored}. Die Summe der Teile kann nicht größer sein als das Ganze; erwartet: höchstens ${deNumber(whole)}. ${row === parentRow ? 'Hier' : `Bei ${label(parent)}`} mindestens ${deNumber(sum)} eintragen oder die Teile prüfen.`,
            related),
        );
      } else if (sum !== whole && !tree.get(parent)!.teileUnvollstaendig && children.every((c) => known.get(c, merkmal) !== undefined)) {
        // (not where the tree says the parts are incomplete: there the gap is expected, and the
        // reported count is the official total; a total below its parts is the error above)
        add(
          finding('warnung', 'UNTERGEBIETE_SUMME_ABWEICHEND', row, areaOfRow(row), merkmal,
            `${mName}: Alle Teilgebiete von ${label(parent)} zusammen ergeben ${deNumber(sum)}, gemeldet sind für das Gebiet ${deNumber(whole)} (Differenz ${deNumber(whole - sum)}). Für Auswertungen wird die Summe der Teilgebiete verwendet. Sagt die Quelle, dass die Teilgebiete nicht alle erfassen (z. B. Personen ohne Stadtteilzuordnung), bitte bei ${label(parent)} in der Gebietsgliederung „teileUnvollstaendig“ setzen; dann gilt die gemeldete Gesamtzahl.`,
            related),
        );
      }
    }
  }
}

/** "−92 %", "+45 %": the change against the previous year, rounded to whole percent. */
function changeText(now: number, before: number): string {
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${deNumber(Math.abs(pct))} %`;
}

/**
 * Plausibility against the previous period: every value of `rows` whose count in the previous
 * period is known (`vorjahr`, read for the year before; an area's count as the IndicatorEngine
 * reads it, so a Gemeindeteil compares with the sum of its Baublöcke) and that changed by more than
 * the catalogue's Vorjahresvergleich for its Merkmal (more than `prozent` % and more than `faelle`
 * cases) gives a warning VORJAHR_SPRUNG that names area and Merkmal by name:
 * "Arbeitslose in Annen (05954036-03): 12 statt 142 im Vorjahr 2023 (−92 %)". Rows without an index
 * (`row` null, e.g. the review desk's list of unreleased cells) give findings without a row.
 */
export function vorjahrFindings(
  rows: readonly { area: string; variable: string; value: number; row: number | null }[],
  period: Period,
  vorjahr: BaseValues,
  catalogue: Catalogue,
  tree: AreaTree,
): Finding[] {
  const before = shiftPeriod(period, -1);
  const resolver = new CountResolver(catalogue, tree, new KnownValues([], before, vorjahr), 'summe');
  const out: Finding[] = [];
  for (const r of rows) {
    const grenze = catalogue.vorjahresvergleich(r.variable);
    const merkmal = catalogue.merkmal(r.variable);
    const area = tree.get(r.area);
    if (!grenze || !merkmal || !area) continue;
    const prev = resolver.range(r.area, r.variable);
    if (prev.low !== prev.high) continue;
    const old = prev.low;
    const diff = Math.abs(r.value - old);
    if (diff <= grenze.faelle || (old > 0 && (diff / old) * 100 <= grenze.prozent)) continue;
    const change = old > 0 ? ` (${changeText(r.value, old)})` : '';
    const detail =
      `${merkmal.name} in ${area.name} (${area.code}): ${deNumber(r.value)} statt ${deNumber(old)} im Vorjahr ${before}${change}. ` +
      `Das ist mehr als die im Kennzahlenkatalog vereinbarte Schwelle (mehr als ${deNumber(grenze.prozent)} % und mehr als ${deNumber(grenze.faelle)} ${merkmal.einheit}). ` +
      'Bitte prüfen, ob der Wert stimmt; ist er richtig, kann er so gemeldet werden.';
    const f: Finding = { severity: 'warnung', code: 'VORJAHR_SPRUNG', row: r.row, area: r.area, variable: r.variable, detail, message: detail };
    out.push({ ...f, message: findingMessage(f) });
  }
  return out;
}
