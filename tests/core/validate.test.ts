/**
 * validateDataset: for every finding code a failing and a passing case, with code, severity, row,
 * area, variable and a German message that says what is wrong and what would be right; the stored
 * context for partial submissions; warnings versus errors; the shipped catalogue's relations.
 */
import { Role } from '../../shared/types';
import { FINDING_CODES, Finding, FindingCode, ValidationResult, validateDataset } from '../../shared/validation/validate';
import { ValueTable } from '../../shared/indicators/values';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { AGES_B1, AGES_B2, AGE_BANDS, B1, B2, B3, GT1, GT2, KREIS, PERIOD, S1, S2, ages, fixtureRows, fixtureTree } from '../helpers/core-fixtures';

const catalogue = standardCatalogue();
const tree = fixtureTree();
const KREIS_ROLE: Role = { rolle: 'kreis' };
const WITTEN: Role = { rolle: 'kommune', ags: S1 };

function validate(input: unknown, opts: { submitter?: Role; context?: ValueTable } = {}): ValidationResult {
  return validateDataset(input, { catalogue, tree, submitter: opts.submitter ?? KREIS_ROLE, context: opts.context });
}
const dataset = (rows: unknown[]): unknown => ({ period: PERIOD, rows });
const row = (area: unknown, variable: unknown, value: unknown): Record<string, unknown> => ({ area, variable, value });
const all = (r: ValidationResult): Finding[] => [...r.errors, ...r.warnings];
const codes = (r: ValidationResult): FindingCode[] => all(r).map((f) => f.code);
/** The age bands of Baublock 1 as rows (they sum to 350). */
const bandRows = (area: string = B1): Record<string, unknown>[] =>
  Object.entries(ages(AGES_B1)).map(([variable, value]) => row(area, variable, value));

interface Expected {
  code: FindingCode;
  severity: 'fehler' | 'warnung';
  row: number | null;
  area: string | null;
  variable: string | null;
  /** words the message must contain: what is wrong and what would be right */
  words: string[];
}

/** Exactly one finding with this code; all its fields as expected. */
function expectFinding(r: ValidationResult, e: Expected): Finding {
  const found = all(r).filter((f) => f.code === e.code);
  expect(found).toHaveLength(1);
  const f = found[0]!;
  expect({ severity: f.severity, row: f.row, area: f.area, variable: f.variable }).toEqual({
    severity: e.severity,
    row: e.row,
    area: e.area,
    variable: e.variable,
  });
  for (const w of e.words) expect(f.message).toContain(w);
  expect(f.message.endsWith(f.detail)).toBe(true);
  // the place by name with the code in brackets where the tree or the catalogue knows a name
  const areaName = e.area ? tree.get(e.area)?.name : undefined;
  const merkmalName = e.variable ? catalogue.merkmal(e.variable)?.name : undefined;
  const where = [
    e.row !== null ? `Zeile ${e.row + 1}` : null,
    e.area ? (areaName ? `${areaName} (${e.area})` : `Gebiet ${e.area}`) : null,
    // a detail that begins with the Merkmal by name is not preceded by it a second time
    e.variable && !(merkmalName && f.detail.startsWith(`${merkmalName} (${e.variable}): `)) ? (merkmalName ? `${merkmalName} (${e.variable})` : `Merkmal ${e.variable}`) : null,
  ].filter(Boolean);
  if (merkmalName) expect(f.message).not.toContain(`${merkmalName} (${e.variable}): ${merkmalName} (${e.variable}): `);
  if (where.length) expect(f.message.startsWith(`${where.join(', ')}: `)).toBe(true);
  expect((e.severity === 'fehler' ? r.errors : r.warnings).includes(f)).toBe(true);
  if (e.severity === 'fehler') expect(r.ok).toBe(false);
  return f;
}
const expectClean = (r: ValidationResult): void => {
  expect(all(r).map((f) => f.message)).toEqual([]);
  expect(r.ok).toBe(true);
};

/** Every code below gets a failing and a passing case; this list is checked against FINDING_CODES. */
const COVERED = new Set<FindingCode>();
const covers = (code: FindingCode): FindingCode => (COVERED.add(code), code);

describe('the shipped fixture', () => {
  it('is a valid dataset without findings (all relations of the catalogue hold)', () => {
    const rows = fixtureRows();
    const r = validate(dataset(rows));
    expectClean(r);
    expect(r.period).toBe(PERIOD);
    expect(r.validRows).toHaveLength(rows.length);
    expect(r.validRows[3]).toEqual({ ...rows[3]!, row: 3 });
  });
});

describe('dataset shape', () => {
  it.each([[null], [[]], ['2024;B1;350'], [42]])('DATENSATZ_UNGUELTIG: %p is not a dataset', (input) => {
    const r = validate(input);
    expectFinding(r, { code: covers('DATENSATZ_UNGUELTIG'), severity: 'fehler', row: null, area: null, variable: null, words: ['{period, rows: [{area, variable, value}]}'] });
    expect(r.validRows).toEqual([]);
    expect(r.period).toBeNull();
  });

  it('DATENSATZ_UNGUELTIG: rows missing or not a list', () => {
    for (const input of [{ period: PERIOD }, { period: PERIOD, rows: { area: B1 } }]) {
      const r = validate(input);
      expectFinding(r, { code: 'DATENSATZ_UNGUELTIG', severity: 'fehler', row: null, area: null, variable: null, words: ['„rows“', 'Liste'] });
      expect(r.period).toBe(PERIOD);
    }
  });

  it('DATENSATZ_UNGUELTIG passing: a dataset object with a list of rows', () => {
    expectClean(validate(dataset([row(B1, 'bevoelkerung', 350)])));
  });

  it.each([
    [{ rows: [row(B1, 'geburten', 4)] }, ['„period“: fehlt', '„2024“']],
    [{ period: '24', rows: [row(B1, 'geburten', 4)] }, ['der Text „24“ ist kein Berichtsjahr', 'z. B. „2024“']],
    [{ period: 2024, rows: [row(B1, 'geburten', 4)] }, ['„2024“ ist kein Berichtsjahr', 'als Text']],
    [{ period: '2024-12-31', rows: [row(B1, 'geburten', 4)] }, ['„2024-12-31“', 'ein Jahr']],
  ])('PERIODE_UNGUELTIG: %p', (input, words) => {
    const r = validate(input);
    expectFinding(r, { code: covers('PERIODE_UNGUELTIG'), severity: 'fehler', row: null, area: null, variable: null, words });
    expect(r.period).toBeNull();
  });

  it('PERIODE_UNGUELTIG passing: a year as text', () => {
    const r = validate({ period: '2019', rows: [row(B1, 'geburten', 4)] });
    expectClean(r);
    expect(r.period).toBe('2019');
  });

  it('DATENSATZ_LEER: no rows; passing: one row', () => {
    expectFinding(validate(dataset([])), { code: covers('DATENSATZ_LEER'), severity: 'fehler', row: null, area: null, variable: null, words: ['keine Werte'] });
    expect(codes(validate(dataset([row(B1, 'geburten', 4)])))).not.toContain('DATENSATZ_LEER');
  });

  it('ZEILE_UNGUELTIG: a row that is not an object; the other rows are still checked', () => {
    const r = validate(dataset([row(B1, 'geburten', 4), 'B1;geburten;4']));
    expectFinding(r, { code: covers('ZEILE_UNGUELTIG'), severity: 'fehler', row: 1, area: null, variable: null, words: ['kein Objekt', '{area, variable, value}'] });
    expect(r.validRows.map((v) => v.row)).toEqual([0]);
    for (const bad of [null, [B1, 'geburten', 4], 7]) {
      expect(all(validate(dataset([bad]))).map((f) => [f.code, f.row])).toEqual([['ZEILE_UNGUELTIG', 0]]);
    }
  });

  it('ZEILE_UNGUELTIG passing: object rows', () => {
    expect(codes(validate(dataset([row(B1, 'geburten', 4), row(B2, 'geburten', 2)])))).toEqual([]);
  });
});

describe('area and Merkmal of a row', () => {
  it('the message names area and Merkmal by name with the code in brackets; unknown ones by their code', () => {
    const r = validate(dataset([row(GT1, 'bev_weiblich', 4.5), row('05954036-09', 'geburten', 1), row(B1, 'bevolkerung', 1)]));
    expect(all(r).map((f) => f.message.slice(0, f.message.length - f.detail.length))).toEqual([
      `Zeile 1, Annen (${GT1}), Bevölkerung weiblich (bev_weiblich): `,
      'Zeile 2, Gebiet 05954036-09, Lebendgeborene (geburten): ',
      `Zeile 3, Block 1 (${B1}), Merkmal bevolkerung: `,
    ]);
  });

  it.each([[undefined], [''], ['   '], [5954036]])('GEBIET_FEHLT: area %p', (area) => {
    const r = validate(dataset([row(B1, 'geburten', 4), { area, variable: 'geburten', value: 2 }]));
    expectFinding(r, { code: covers('GEBIET_FEHLT'), severity: 'fehler', row: 1, area: null, variable: 'geburten', words: ['„area“', 'Gebietscode', 'fehlt'] });
  });

  it('GEBIET_FEHLT passing: area given (surrounding blanks are trimmed)', () => {
    const r = validate(dataset([row(` ${B1} `, 'geburten', 4)]));
    expectClean(r);
    expect(r.validRows[0]!.area).toBe(B1);
  });

  it('GEBIET_UNBEKANNT: a well-formed code that is not in the geography', () => {
    const r = validate(dataset([row('05954036-09', 'geburten', 4)]));
    expectFinding(r, { code: covers('GEBIET_UNBEKANNT'), severity: 'fehler', row: 0, area: '05954036-09', variable: 'geburten', words: ['„05954036-09“', 'gibt es in der verbindlichen Gebietsgliederung nicht'] });
  });

  it('GEBIET_UNBEKANNT: not a code at all, with the expected forms (the deployment’s own codes)', () => {
    const r = validate(dataset([row('Witten', 'geburten', 4)]));
    expectFinding(r, {
      code: 'GEBIET_UNBEKANNT',
      severity: 'fehler',
      row: 0,
      area: 'Witten',
      variable: 'geburten',
      words: ['„Witten“ ist kein gültiger Gebietscode', `„${S1}“ (Stadt)`, `„${GT1}“ (Gemeindeteil)`, `„${B1}“ (Baublock)`],
    });
  });

  it('GEBIET_UNBEKANNT passing: every area of the tree', () => {
    for (const code of [KREIS, S1, S2, GT1, B3]) expect(codes(validate(dataset([row(code, 'zuzuege', 1)])))).toEqual([]);
  });

  it.each([[undefined], [''], [null]])('MERKMAL_FEHLT: variable %p', (variable) => {
    const r = validate(dataset([{ area: B1, variable, value: 4 }]));
    expectFinding(r, { code: covers('MERKMAL_FEHLT'), severity: 'fehler', row: 0, area: B1, variable: null, words: ['„variable“', 'Merkmal', 'fehlt'] });
  });

  it('MERKMAL_FEHLT passing', () => {
    expect(codes(validate(dataset([{ area: B1, variable: 'geburten', value: 4 }])))).toEqual([]);
  });

  it('MERKMAL_UNBEKANNT with a suggestion for a typo', () => {
    const r = validate(dataset([row(B1, 'bevolkerung', 350)]));
    expectFinding(r, {
      code: covers('MERKMAL_UNBEKANNT'),
      severity: 'fehler',
      row: 0,
      area: B1,
      variable: 'bevolkerung',
      words: ['„bevolkerung“ ist kein Merkmal des Kennzahlenkatalogs 2025.1', 'Meinten Sie „bevoelkerung“?'],
    });
    // upper case is a typo too
    expect(all(validate(dataset([row(B1, 'Geburten', 4)])))[0]!.message).toContain('Meinten Sie „geburten“?');
  });

  it('MERKMAL_UNBEKANNT without a suggestion when nothing is close', () => {
    const r = validate(dataset([row(B1, 'kita_plaetze', 40)]));
    const f = expectFinding(r, { code: 'MERKMAL_UNBEKANNT', severity: 'fehler', row: 0, area: B1, variable: 'kita_plaetze', words: ['kein Merkmal'] });
    expect(f.message).not.toContain('Meinten Sie');
  });

  it('MERKMAL_UNBEKANNT passing: a Merkmal of the catalogue', () => {
    expect(codes(validate(dataset([row(B1, 'bevoelkerung', 350)])))).not.toContain('MERKMAL_UNBEKANNT');
  });

  it.each([['jugendquotient'], ['u15'], ['sgb2_quote']])('MERKMAL_IST_BERECHNET: %s is computed', (variable) => {
    const r = validate(dataset([row(GT1, variable, 12)]));
    expectFinding(r, {
      code: covers('MERKMAL_IST_BERECHNET'),
      severity: 'fehler',
      row: 0,
      area: GT1,
      variable,
      words: [`„${variable}“ wird aus Merkmalen berechnet`, 'bitte die zugrunde liegenden Merkmale melden'],
    });
    expect(codes(r)).not.toContain('MERKMAL_UNBEKANNT');
  });

  it('MERKMAL_IST_BERECHNET passing: the Merkmale it is computed from', () => {
    expect(codes(validate(dataset([row(GT1, 'lb_sgb2', 40)])))).toEqual([]);
  });
});

describe('value of a row', () => {
  it.each([[undefined], [null], ['']])('WERT_FEHLT: %p', (value) => {
    const r = validate(dataset([{ area: B1, variable: 'geburten', value }]));
    expectFinding(r, { code: covers('WERT_FEHLT'), severity: 'fehler', row: 0, area: B1, variable: 'geburten', words: ['Der Wert fehlt', 'ganze Zahl ab 0'] });
    expect(r.validRows).toEqual([]);
  });

  it('WERT_FEHLT passing: 0 is a value', () => {
    const r = validate(dataset([row(B1, 'geburten', 0)]));
    expectClean(r);
    expect(r.validRows[0]!.value).toBe(0);
  });

  it.each([
    ['350', 'der Text „350“'],
    [Number.NaN, '„NaN“'],
    [Number.POSITIVE_INFINITY, '„Infinity“'],
    [true, '„true“'],
  ])('WERT_KEINE_ZAHL: %p', (value, words) => {
    const r = validate(dataset([row(B1, 'bevoelkerung', value)]));
    expectFinding(r, { code: covers('WERT_KEINE_ZAHL'), severity: 'fehler', row: 0, area: B1, variable: 'bevoelkerung', words: [words, 'erwartet wird eine ganze Zahl ab 0'] });
  });

  it('WERT_KEINE_ZAHL passing: a number', () => {
    expect(codes(validate(dataset([row(B1, 'bevoelkerung', 350)])))).toEqual([]);
  });

  it('WERT_NICHT_GANZZAHLIG: 12.5 persons', () => {
    const r = validate(dataset([row(B1, 'geburten', 12.5)]));
    expectFinding(r, { code: covers('WERT_NICHT_GANZZAHLIG'), severity: 'fehler', row: 0, area: B1, variable: 'geburten', words: ['12,5 ist keine ganze Zahl', 'Personen', 'ganze Zahl ab 0'] });
    // the unit of households
    expect(all(validate(dataset([row(B1, 'hh_gesamt', 150.5)])))[0]!.message).toContain('Haushalte');
  });

  it('WERT_NICHT_GANZZAHLIG passing: a whole number written as 12.0', () => {
    expect(codes(validate(dataset([row(B1, 'geburten', 12.0)])))).toEqual([]);
  });

  it('WERT_NEGATIV', () => {
    const r = validate(dataset([row(B1, 'sterbefaelle', -3)]));
    expectFinding(r, { code: covers('WERT_NEGATIV'), severity: 'fehler', row: 0, area: B1, variable: 'sterbefaelle', words: ['-3 ist negativ', '0 oder größer'] });
  });

  it('WERT_NEGATIV passing: 0', () => {
    expect(codes(validate(dataset([row(B1, 'sterbefaelle', 0)])))).toEqual([]);
  });

  it('WERT_ZU_GROSS: above the plausible maximum of the Merkmal', () => {
    const r = validate(dataset([row(B1, 'bev_0_2', 500_001)]));
    expectFinding(r, {
      code: covers('WERT_ZU_GROSS'),
      severity: 'fehler',
      row: 0,
      area: B1,
      variable: 'bev_0_2',
      words: ['500.001', 'nicht plausibel', 'höchstens 500.000 Personen'],
    });
  });

  it('WERT_ZU_GROSS passing: exactly the maximum', () => {
    expect(codes(validate(dataset([row(B1, 'bev_0_2', 500_000)])))).toEqual([]);
  });

  it('reports area, Merkmal and value problems of one row together', () => {
    const r = validate(dataset([row('', 'bevolkerung', -1)]));
    expect(codes(r).sort()).toEqual(['GEBIET_FEHLT', 'MERKMAL_UNBEKANNT', 'WERT_NEGATIV']);
    expect(r.errors.every((f) => f.row === 0)).toBe(true);
  });
});

describe('duplicates, ownership and level', () => {
  it('DOPPELT: the second of two values for one area and Merkmal, pointing at the first', () => {
    const r = validate(dataset([row(B1, 'geburten', 4), row(B2, 'geburten', 2), row(B1, 'geburten', 5)]));
    const f = expectFinding(r, { code: covers('DOPPELT'), severity: 'fehler', row: 2, area: B1, variable: 'geburten', words: ['schon einen Wert in Zeile 1', 'nur einmal'] });
    expect(f.relatedRows).toEqual([0]);
    expect(r.validRows.map((v) => v.row)).toEqual([0, 1]);
  });

  it('DOPPELT passing: the same Merkmal for different areas, different Merkmale for one area', () => {
    expect(codes(validate(dataset([row(B1, 'geburten', 4), row(B2, 'geburten', 2), row(B1, 'sterbefaelle', 3)])))).toEqual([]);
  });

  it('NICHT_EIGENES_GEBIET: a Kommune submitting for another Stadt, naming its own', () => {
    const r = validate(dataset([row(B1, 'geburten', 4), row(S2, 'geburten', 8)]), { submitter: WITTEN });
    expectFinding(r, { code: covers('NICHT_EIGENES_GEBIET'), severity: 'fehler', row: 1, area: S2, variable: 'geburten', words: ['Keine Berechtigung', 'nur Gebiete der Stadt 05954036'] });
    expect(r.validRows.map((v) => v.row)).toEqual([0]);
  });

  it('NICHT_EIGENES_GEBIET: a Kommune for the Kreis, a reader for anything', () => {
    expectFinding(validate(dataset([row(KREIS, 'zuzuege', 110)]), { submitter: WITTEN }), {
      code: 'NICHT_EIGENES_GEBIET', severity: 'fehler', row: 0, area: KREIS, variable: 'zuzuege', words: ['Keine Berechtigung'],
    });
    const f = expectFinding(validate(dataset([row(B1, 'geburten', 4)]), { submitter: { rolle: 'leser' } }), {
      code: 'NICHT_EIGENES_GEBIET', severity: 'fehler', row: 0, area: B1, variable: 'geburten', words: ['Keine Berechtigung'],
    });
    expect(f.message).not.toContain('Stadt');
  });

  it('NICHT_EIGENES_GEBIET: the whole fixture sent by one Kommune fails exactly on the other Stadt and the Kreis', () => {
    const rows = fixtureRows();
    const r = validate(dataset(rows), { submitter: WITTEN });
    const foreign = rows.map((x, i) => [x, i] as const).filter(([x]) => x.area === S2 || x.area === KREIS).map(([, i]) => i);
    expect(foreign.length).toBeGreaterThan(40);
    expect(r.errors.map((f) => f.code)).toEqual(foreign.map(() => 'NICHT_EIGENES_GEBIET'));
    expect(r.errors.map((f) => f.row)).toEqual(foreign);
  });

  it('NICHT_EIGENES_GEBIET passing: a Kommune for its own Stadt, Gemeindeteile and Baublöcke', () => {
    expectClean(validate(dataset([row(S1, 'svb_vollzeit', 300), row(GT1, 'elb', 28), row(B1, 'geburten', 4)]), { submitter: WITTEN }));
  });

  it('EBENE_ZU_FEIN: a BA Merkmal for a Baublock', () => {
    const r = validate(dataset([row(B1, 'arbeitslose', 5)]));
    expectFinding(r, {
      code: covers('EBENE_ZU_FEIN'),
      severity: 'fehler',
      row: 0,
      area: B1,
      variable: 'arbeitslose',
      words: ['nur bis zur Ebene Gemeindeteil', 'Quelle: BA', 'nicht je Baublock', 'bitte für den übergeordneten Gemeindeteil melden'],
    });
  });

  it('EBENE_ZU_FEIN: the BA wage statistics for a Gemeindeteil (only down to the Stadt)', () => {
    const r = validate(dataset([row(GT1, 'svb_vollzeit', 100)]));
    expectFinding(r, { code: 'EBENE_ZU_FEIN', severity: 'fehler', row: 0, area: GT1, variable: 'svb_vollzeit', words: ['nur bis zur Ebene Stadt', 'Gemeindeteil'] });
  });

  it('EBENE_ZU_FEIN passing: the same Merkmale at their lowest level and above', () => {
    expectClean(validate(dataset([row(GT1, 'arbeitslose', 15), row(S1, 'svb_vollzeit', 300), row(S2, 'arbeitslose', 25)])));
  });
});

describe('relations of the shipped catalogue', () => {
  it('SUMME_ABWEICHEND: the 14 age bands do not sum to bevoelkerung', () => {
    const r = validate(dataset([row(B1, 'bevoelkerung', 351), ...bandRows()]));
    const f = expectFinding(r, {
      code: covers('SUMME_ABWEICHEND'),
      severity: 'fehler',
      row: 0,
      area: B1,
      variable: 'bevoelkerung',
      words: ['Bevölkerung (bevoelkerung) = 351', 'Summe der 14 Merkmale Bevölkerung 0 bis 2 Jahre (bev_0_2) bis', '= 350', 'Differenz 1', `in Block 1 (${B1})`, 'beide Seiten gleich'],
    });
    expect(f.relatedRows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('SUMME_ABWEICHEND passing: 14 bands summing to bevoelkerung', () => {
    expectClean(validate(dataset([row(B1, 'bevoelkerung', 350), ...bandRows()])));
  });

  it('SUMME_ABWEICHEND: household sizes do not sum to hh_gesamt', () => {
    const hh = [row(B1, 'hh_1p', 60), row(B1, 'hh_2p', 50), row(B1, 'hh_3p', 20), row(B1, 'hh_4p', 15), row(B1, 'hh_5plus', 5)];
    const r = validate(dataset([...hh, row(B1, 'hh_gesamt', 140)]));
    // the sum of the sizes, 60 + 50 + 20 + 15 + 5 = 150, is 10 more than hh_gesamt
    expectFinding(r, { code: 'SUMME_ABWEICHEND', severity: 'fehler', row: 5, area: B1, variable: 'hh_gesamt', words: ['Haushalte insgesamt (hh_gesamt) = 140', '= 150', 'Differenz 10'] });
    expectClean(validate(dataset([...hh, row(B1, 'hh_gesamt', 150)])));
  });

  it('SUMME_ABWEICHEND: a partial sum already above the total, before all parts are known', () => {
    const r = validate(dataset([row(B1, 'bevoelkerung', 100), row(B1, 'bev_30_44', 60), row(B1, 'bev_45_59', 70)]));
    expectFinding(r, { code: 'SUMME_ABWEICHEND', severity: 'fehler', row: 0, area: B1, variable: 'bevoelkerung', words: ['Bevölkerung (bevoelkerung) = 100', 'ist mindestens 130'] });
    // … but not while the known parts still fit
    expectClean(validate(dataset([row(B1, 'bevoelkerung', 350), row(B1, 'bev_30_44', 60), row(B1, 'bev_45_59', 70)])));
  });

  it('TEIL_GROESSER_ALS_GANZES: bev_weiblich above bevoelkerung', () => {
    const r = validate(dataset([row(B1, 'bevoelkerung', 350), row(B1, 'bev_weiblich', 351)]));
    const f = expectFinding(r, {
      code: covers('TEIL_GROESSER_ALS_GANZES'),
      severity: 'fehler',
      row: 1,
      area: B1,
      variable: 'bev_weiblich',
      words: ['Bevölkerung weiblich (bev_weiblich) = 351 ist größer als Bevölkerung (bevoelkerung) = 350', 'Erwartet: höchstens 350', 'Bei Bevölkerung (bevoelkerung) mindestens 351 eintragen oder die Teile prüfen'],
    });
    expect(f.relatedRows).toEqual([0]);
    expectClean(validate(dataset([row(B1, 'bevoelkerung', 350), row(B1, 'bev_weiblich', 350)])));
  });

  it('TEIL_GROESSER_ALS_GANZES across levels: arbeitslose per Gemeindeteil against age bands summed from its Baublöcke', () => {
    // 15–74-year-olds: B1 220 + 50, B2 150 + 30 = 450 in GT1 (the BA reports per Gemeindeteil, ages come per Baublock)
    const b2 = Object.entries(ages(AGES_B2)).map(([variable, value]) => row(B2, variable, value));
    const r = validate(dataset([row(GT1, 'arbeitslose', 451), ...bandRows(B1), ...b2]));
    const f = expectFinding(r, {
      code: 'TEIL_GROESSER_ALS_GANZES',
      severity: 'warnung',
      row: 0,
      area: GT1,
      variable: 'arbeitslose',
      words: ['Arbeitslose (arbeitslose) = 451 ist größer als Summe der 8 Merkmale', `= 450 in Annen (${GT1})`, 'Teilgebiete zusammengezählt', 'höchstens 450'],
    });
    expect(f.relatedRows!.length).toBeGreaterThan(0);
    expectClean(validate(dataset([row(GT1, 'arbeitslose', 450), ...bandRows(B1), ...b2])));
    // with B2's ages unknown the Gemeindeteil's 15–74-year-olds are unknown: nothing can be said
    expectClean(validate(dataset([row(GT1, 'arbeitslose', 451), ...bandRows(B1)])));
  });

  it('a part above its whole in one Baublock is reported once, not again for every level above', () => {
    const r = validate(dataset([row(B1, 'bevoelkerung', 350), row(B1, 'bev_weiblich', 351), row(B2, 'bevoelkerung', 10), row(B2, 'bev_weiblich', 5)]));
    expect(codes(r).filter((c) => c === 'TEIL_GROESSER_ALS_GANZES')).toHaveLength(1);
  });

  it('TEIL_GROESSER_ALS_GANZES: gsia_65plus above gsiae', () => {
    const r = validate(dataset([row(B3, 'gsiae', 9), row(B3, 'gsia_65plus', 10)]));
    expectFinding(r, { code: 'TEIL_GROESSER_ALS_GANZES', severity: 'fehler', row: 1, area: B3, variable: 'gsia_65plus', words: ['(gsia_65plus) = 10', '(gsiae) = 9', 'höchstens 9'] });
    expectClean(validate(dataset([row(B3, 'gsiae', 9), row(B3, 'gsia_65plus', 5)])));
  });

  it('TEIL_GROESSER_ALS_GANZES: hh_alleinerziehend above hh_mit_kindern', () => {
    const r = validate(dataset([row(B1, 'hh_alleinerziehend', 41), row(B1, 'hh_mit_kindern', 40)]));
    expectFinding(r, { code: 'TEIL_GROESSER_ALS_GANZES', severity: 'fehler', row: 0, area: B1, variable: 'hh_alleinerziehend', words: ['Alleinerziehenden-Haushalte (hh_alleinerziehend) = 41', 'Haushalte mit Kindern (hh_mit_kindern) = 40', 'höchstens 40'] });
    expectClean(validate(dataset([row(B1, 'hh_alleinerziehend', 40), row(B1, 'hh_mit_kindern', 40)])));
  });

  it('TEIL_GROESSER_ALS_GANZES with a factor: 5 · bev_wohndauer_5plus above wohndauer_summe_jahre', () => {
    const r = validate(dataset([row(B1, 'bev_wohndauer_5plus', 200), row(B1, 'wohndauer_summe_jahre', 999)]));
    // 5 * 200 = 1000 > 999
    expectFinding(r, { code: 'TEIL_GROESSER_ALS_GANZES', severity: 'fehler', row: 0, area: B1, variable: 'bev_wohndauer_5plus', words: ['= 1.000', 'höchstens 999'] });
    expectClean(validate(dataset([row(B1, 'bev_wohndauer_5plus', 200), row(B1, 'wohndauer_summe_jahre', 1000)])));
  });

  it('TEIL_GROESSER_ALS_GANZES with an incomplete part: a readable message with the lower bound', () => {
    // elb + nef_u15 <= lb_sgb2; nef_u15 is not known, so the left side is at least 60
    const r = validate(dataset([row(GT1, 'elb', 60), row(GT1, 'lb_sgb2', 50)]));
    const f = expectFinding(r, {
      code: 'TEIL_GROESSER_ALS_GANZES',
      severity: 'fehler',
      row: 0,
      area: GT1,
      variable: 'elb',
      words: ['(elb) + Nicht erwerbsfähige Leistungsberechtigte unter 15 Jahren (nef_u15) (mindestens 60) ist größer als Leistungsberechtigte nach SGB II (lb_sgb2) = 50', 'Erwartet: höchstens 50', 'Bei Leistungsberechtigte nach SGB II (lb_sgb2) mindestens 60 eintragen'],
    });
    expect(f.detail).not.toMatch(/ist mindestens [0-9.]+ ist größer/);
  });

  it('a warning relation does not make the dataset fail (mean residence above 80 years)', () => {
    // 80 * 10 = 800 < 801
    const r = validate(dataset([row(B1, 'bevoelkerung', 10), row(B1, 'wohndauer_summe_jahre', 801)]));
    const f = expectFinding(r, { code: 'TEIL_GROESSER_ALS_GANZES', severity: 'warnung', row: 1, area: B1, variable: 'wohndauer_summe_jahre', words: ['(wohndauer_summe_jahre) = 801', '80 × Bevölkerung (bevoelkerung) = 800', 'höchstens 800'] });
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([f]);
    expect(r.validRows).toHaveLength(2);
  });

  it('births above the children under 3 is a warning as well', () => {
    const r = validate(dataset([row(B3, 'geburten', 21), row(B3, 'bev_0_2', 20)]));
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.row, w.variable])).toEqual([['TEIL_GROESSER_ALS_GANZES', 0, 'geburten']]);
  });
});

describe('parts never above their whole (hierarchy)', () => {
  it('UNTERGEBIET_GROESSER: a Baublock above its Gemeindeteil', () => {
    const r = validate(dataset([row(GT1, 'bevoelkerung', 500), row(B1, 'bevoelkerung', 600)]));
    const f = expectFinding(r, {
      code: covers('UNTERGEBIET_GROESSER'),
      severity: 'fehler',
      row: 1,
      area: B1,
      variable: 'bevoelkerung',
      words: ['Bevölkerung (bevoelkerung): ', `Baublock Block 1 (${B1}) hat 600`, `Gebiet Gemeindeteil Annen (${GT1}) mit 500`, 'erwartet: höchstens 500', `Bei Gemeindeteil Annen (${GT1}) mindestens 600 eintragen`],
    });
    expect(f.relatedRows).toEqual([0]);
    expect(codes(r)).not.toContain('UNTERGEBIETE_SUMME_GROESSER');
  });

  it('UNTERGEBIET_GROESSER across a level without a value (Baublock above its Stadt)', () => {
    const r = validate(dataset([row(S1, 'hh_gesamt', 100), row(B3, 'hh_gesamt', 200)]));
    expectFinding(r, { code: 'UNTERGEBIET_GROESSER', severity: 'fehler', row: 1, area: B3, variable: 'hh_gesamt', words: [`Gemeindeteil Bommern (${GT2}) hat 200`, `Gebiet Stadt Witten (${S1}) mit 100`, 'höchstens 100'] });
  });

  it('UNTERGEBIET_GROESSER passing: a part equal to its whole', () => {
    expectClean(validate(dataset([row(GT1, 'bevoelkerung', 600), row(B1, 'bevoelkerung', 600)])));
  });

  it('UNTERGEBIETE_SUMME_GROESSER: the Baublöcke together above their Gemeindeteil, reported on the Gemeindeteil', () => {
    const r = validate(dataset([row(GT1, 'bevoelkerung', 500), row(B1, 'bevoelkerung', 300), row(B2, 'bevoelkerung', 250)]));
    const f = expectFinding(r, {
      code: covers('UNTERGEBIETE_SUMME_GROESSER'),
      severity: 'fehler',
      row: 0,
      area: GT1,
      variable: 'bevoelkerung',
      words: [`Teilgebiete von Gemeindeteil Annen (${GT1}) haben zusammen 550`, 'das Gebiet selbst 500', 'erwartet: höchstens 500', 'Hier mindestens 550 eintragen oder die Teile prüfen'],
    });
    expect(f.relatedRows).toEqual([1, 2]);
  });

  it('UNTERGEBIETE_SUMME_GROESSER passing: parts of a Gemeindeteil not all known and below it', () => {
    expectClean(validate(dataset([row(GT1, 'bevoelkerung', 600), row(B1, 'bevoelkerung', 350)])));
  });

  it('UNTERGEBIETE_SUMME_ABWEICHEND: all sub-areas known, summing to less: a warning only', () => {
    const r = validate(dataset([row(GT1, 'bevoelkerung', 600), row(B1, 'bevoelkerung', 300), row(B2, 'bevoelkerung', 250)]));
    const f = expectFinding(r, {
      code: covers('UNTERGEBIETE_SUMME_ABWEICHEND'),
      severity: 'warnung',
      row: 0,
      area: GT1,
      variable: 'bevoelkerung',
      words: [`Alle Teilgebiete von Gemeindeteil Annen (${GT1}) zusammen ergeben 550`, 'gemeldet sind für das Gebiet 600', 'Differenz 50', 'Summe der Teilgebiete'],
    });
    expect(f.relatedRows).toEqual([1, 2]);
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual([]);
  });

  it('UNTERGEBIETE_SUMME_ABWEICHEND passing: sub-areas summing exactly to the whole', () => {
    expectClean(validate(dataset([row(GT1, 'bevoelkerung', 600), row(B1, 'bevoelkerung', 350), row(B2, 'bevoelkerung', 250)])));
  });

  it('non-additive zuzuege: Baublöcke may sum to more than their Gemeindeteil', () => {
    expectClean(validate(dataset([row(GT1, 'zuzuege', 45), row(B1, 'zuzuege', 30), row(B2, 'zuzuege', 25), row(S1, 'zuzuege', 40)])));
    // an additive count in the same shape is an error
    expect(codes(validate(dataset([row(GT1, 'geburten', 45), row(B1, 'geburten', 30), row(B2, 'geburten', 25)])))).toEqual(['UNTERGEBIETE_SUMME_GROESSER']);
  });
});

describe('stored context for partial submissions', () => {
  const stored = (cells: [string, string, number][]): ValueTable => {
    const t = new ValueTable();
    for (const [a, v, value] of cells) t.set(a, v, PERIOD, value);
    return t;
  };

  it('a part checked against a whole that is already stored', () => {
    const rows = [row(B1, 'bev_weiblich', 351)];
    expectClean(validate(dataset(rows)));
    const r = validate(dataset(rows), { context: stored([[B1, 'bevoelkerung', 350]]) });
    const f = expectFinding(r, { code: 'TEIL_GROESSER_ALS_GANZES', severity: 'fehler', row: 0, area: B1, variable: 'bev_weiblich', words: ['Bevölkerung (bevoelkerung) = 350', 'höchstens 350'] });
    expect(f.relatedRows).toBeUndefined(); // the whole is not a row of this dataset
  });

  it('a corrected total checked against the stored age bands', () => {
    const context = stored(AGE_BANDS.map((b) => [B1, b, ages(AGES_B1)[b]!] as [string, string, number]));
    expectFinding(validate(dataset([row(B1, 'bevoelkerung', 360)]), { context }), {
      code: 'SUMME_ABWEICHEND', severity: 'fehler', row: 0, area: B1, variable: 'bevoelkerung', words: ['Bevölkerung (bevoelkerung) = 360', '= 350', 'Differenz 10'],
    });
    expectClean(validate(dataset([row(B1, 'bevoelkerung', 350)]), { context }));
  });

  it('rows of the dataset take precedence over stored values', () => {
    const context = stored([[B1, 'bevoelkerung', 300]]);
    expectClean(validate(dataset([row(B1, 'bevoelkerung', 350), row(B1, 'bev_weiblich', 340)]), { context }));
  });

  it('the stored context is read for the period of the dataset only', () => {
    const t = new ValueTable().set(B1, 'bevoelkerung', '2023', 300);
    expectClean(validate(dataset([row(B1, 'bev_weiblich', 340)]), { context: t }));
  });

  it('a new Baublock value checked against the stored Gemeindeteil', () => {
    const r = validate(dataset([row(B1, 'geburten', 9)]), { context: stored([[GT1, 'geburten', 6], [B2, 'geburten', 2]]) });
    // 9 > 6: the Baublock alone is above its Gemeindeteil
    expectFinding(r, { code: 'UNTERGEBIET_GROESSER', severity: 'fehler', row: 0, area: B1, variable: 'geburten', words: [`Baublock Block 1 (${B1}) hat 9`, 'höchstens 6'] });
  });

  it('a new Gemeindeteil value checked against its stored Baublöcke', () => {
    const context = stored([[B1, 'geburten', 4], [B2, 'geburten', 2]]);
    expectFinding(validate(dataset([row(GT1, 'geburten', 5)]), { context }), {
      code: 'UNTERGEBIETE_SUMME_GROESSER', severity: 'fehler', row: 0, area: GT1, variable: 'geburten', words: ['zusammen 6', 'das Gebiet selbst 5'],
    });
    expectFinding(validate(dataset([row(GT1, 'geburten', 7)]), { context }), {
      code: 'UNTERGEBIETE_SUMME_ABWEICHEND', severity: 'warnung', row: 0, area: GT1, variable: 'geburten', words: ['ergeben 6', 'Differenz 1'],
    });
    expectClean(validate(dataset([row(GT1, 'geburten', 6)]), { context }));
  });
});

describe('plausibility against the previous year (vorjahr)', () => {
  const previous = (cells: [string, string, number][]): ValueTable => {
    const t = new ValueTable();
    for (const [a, v, value] of cells) t.set(a, v, '2023', value);
    return t;
  };
  const check = (rows: unknown[], vorjahr: ValueTable) => validateDataset(dataset(rows), { catalogue, tree, submitter: KREIS_ROLE, vorjahr });

  it('more than 50 % and more than 10 cases: a warning naming area and Merkmal, both values in German format', () => {
    const r = check([row(GT1, 'arbeitslose', 12)], previous([[GT1, 'arbeitslose', 1420]]));
    expect(r.ok).toBe(true);
    // the detail names area and Merkmal itself, so the message adds only the row
    expect(r.warnings).toHaveLength(1);
    const f = r.warnings[0]!;
    expect([f.code, f.severity, f.row, f.area, f.variable]).toEqual([covers('VORJAHR_SPRUNG'), 'warnung', 0, GT1, 'arbeitslose']);
    expect(f.detail).toContain(`Arbeitslose in ${tree.get(GT1)!.name} (${GT1}): 12 statt 1.420 im Vorjahr 2023 (−99 %)`);
    expect(f.detail).toContain('mehr als 50 % und mehr als 10');
    expect(f.message).toBe(`Zeile 1: ${f.detail}`);
  });

  it('within the threshold, or no previous value: no warning; the previous count of an area is the sum of its parts', () => {
    // −50 % exactly, or +11 cases but only +10 %: fine
    expectClean(check([row(GT1, 'arbeitslose', 50)], previous([[GT1, 'arbeitslose', 100]])));
    expectClean(check([row(GT1, 'arbeitslose', 121)], previous([[GT1, 'arbeitslose', 110]])));
    // a small number that doubles: fewer than 10 cases
    expectClean(check([row(GT1, 'arbeitslose', 8)], previous([[GT1, 'arbeitslose', 4]])));
    expectClean(check([row(GT1, 'arbeitslose', 800)], previous([])));
    // the previous year only in the Baublöcke: the Gemeindeteil compares with their sum
    const r = check([row(GT1, 'geburten', 40)], previous([[B1, 'geburten', 5], [B2, 'geburten', 4]]));
    expect(all(r).map((f) => f.detail)).toEqual([expect.stringContaining('40 statt 9 im Vorjahr 2023 (+344 %)')]);
    // without `vorjahr` nothing is compared
    expectClean(validate(dataset([row(GT1, 'arbeitslose', 12)])));
  });
});

describe('age bands in other cuts (bev_alter_…)', () => {
  // B1 (350 people) in Berlin's eight bands: under 6, 6–14, 15–17, 18–26, 27–44, 45–54, 55–64, 65+
  const berlin = (total = 350): Record<string, unknown>[] => [
    row(B1, 'bevoelkerung', total),
    ...Object.entries({ bev_alter_0_5: 30, bev_alter_6_14: 30, bev_15_17: 10, bev_alter_18_26: 30, bev_alter_27_44: 80, bev_alter_45_54: 50, bev_alter_55_64: 40, bev_alter_65_plus: 80 }).map(
      ([v, n]) => row(B1, v, n),
    ),
  ];

  it('ALTERSGRUPPEN_UEBERSCHNEIDUNG: two bands of one area share ages', () => {
    const r = validate(dataset([row(B1, 'bev_alter_0_5', 30), row(B1, 'bev_3_5', 10)]));
    const f = expectFinding(r, {
      code: covers('ALTERSGRUPPEN_UEBERSCHNEIDUNG'),
      severity: 'fehler',
      row: 1,
      area: B1,
      variable: 'bev_3_5',
      words: ['„bev_alter_0_5“ (unter 6 Jahre) und „bev_3_5“ (3 bis 5 Jahre) überschneiden sich', 'nur in einer Gruppe'],
    });
    expect(f.relatedRows).toEqual([0]);
  });

  it('ALTERSGRUPPEN_UEBERSCHNEIDUNG passing: bands of its own cuts that cover every age once and sum to the Bevölkerung', () => {
    const r = validate(dataset(berlin()));
    expectClean(r);
    expect(r.validRows.map((x) => x.variable)).toContain('bev_alter_65_plus');
    // the same bands in another area are a separate delivery for that area: no overlap
    expectClean(validate(dataset([row(B1, 'bev_alter_0_5', 30), row(B2, 'bev_3_5', 10)])));
  });

  it('a full set of bands must sum to the Bevölkerung, a partial set at most to it (like altersgruppen_summe)', () => {
    const r = validate(dataset(berlin(360)));
    expectFinding(r, { code: 'SUMME_ABWEICHEND', severity: 'fehler', row: 0, area: B1, variable: 'bevoelkerung', words: ['= 360', '= 350', 'Differenz 10', 'unter 6 Jahre, 6 bis 14 Jahre'] });
    const teil = validate(dataset([row(B1, 'bevoelkerung', 350), row(B1, 'bev_alter_0_17', 351)]));
    expectFinding(teil, { code: 'TEIL_GROESSER_ALS_GANZES', severity: 'fehler', row: 1, area: B1, variable: 'bev_alter_0_17', words: ['Bevölkerung unter 18 Jahre (bev_alter_0_17) = 351', 'höchstens die Bevölkerung'] });
    expectClean(validate(dataset([row(B1, 'bevoelkerung', 350), row(B1, 'bev_alter_0_17', 80)])));
  });

  it("the Kreis' own bands against the catalogue's bands summed from the stored Baublöcke and Breckerfeld, where both have the cuts", () => {
    const context = ValueTable.fromRows(PERIOD, fixtureRows());
    // under 6 in the fixture: bev_0_2 + bev_3_5 = (10+10) + (5+5) + (20+20) + 0 + 0 (blocks) + (30+30) (Breckerfeld) = 130
    expectClean(validate(dataset([row(KREIS, 'bev_alter_0_5', 130)]), { context }));
    const r = validate(dataset([row(KREIS, 'bev_alter_0_5', 131)]), { context });
    expect(r.ok).toBe(true);
    expectFinding(r, {
      code: 'SUMME_ABWEICHEND',
      severity: 'warnung',
      row: 0,
      area: KREIS,
      variable: 'bev_alter_0_5',
      words: ['Bevölkerung unter 6 Jahre (bev_alter_0_5) = 131', '= 130', 'Differenz 1', 'dieselbe wie in den Altersgruppen des Katalogs'],
    });
    // a band with no cut in common with the catalogue's inside it (18 to 26: the catalogue cuts at 18 and 25, 30) is not compared
    expectClean(validate(dataset([row(KREIS, 'bev_alter_18_26', 5)]), { context }));
  });

  it('ill-formed age ids and catalogue bands under a second name are unknown Merkmale, with the right form named', () => {
    const r = validate(dataset([row(B1, 'bev_alter_18_x', 5), row(B2, 'bev_alter_0_2', 5), row(B3, 'bev_alter_30_20', 5)]));
    expect(r.errors.map((f) => [f.code, f.row])).toEqual([['MERKMAL_UNBEKANNT', 0], ['MERKMAL_UNBEKANNT', 1], ['MERKMAL_UNBEKANNT', 2]]);
    expect(r.errors[0]!.detail).toMatch(/keine gültige Altersgruppe; erwartet wird „bev_alter_<von>_<bis>“/);
    expect(r.errors[1]!.detail).toMatch(/heißt im Katalog „bev_0_2“/);
    expect(r.errors[2]!.detail).toMatch(/keine gültige Altersgruppe/);
  });
});

describe('coverage of the finding codes', () => {
  it('every code of FINDING_CODES has a failing and a passing case above', () => {
    expect([...COVERED].sort()).toEqual([...FINDING_CODES].sort());
  });
});
