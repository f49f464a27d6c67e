/**
 * Bounded work and clear refusals on hostile input in the domain core (issue 13): over-long ids and
 * the "Meinten Sie" search, the findings cap, values shown as sent, formula nesting and numbers,
 * catalogue limits, a non-finite Kennzahl, Sozialindex weights, area rings (self-intersection, zero
 * area, point limits). Where a limit prevents a stack overflow, the unprotected variant is shown to
 * overflow, so the test could fail.
 */
import { AreaTreeError } from '../../shared/areas/areas';
import { parseAreaExchange } from '../../shared/areas/exchange';
import { MAX_RING_VERTICES, ringProblem } from '../../shared/areas/ring';
import { CatalogueError, FAKTOR_MIN, loadCatalogue } from '../../shared/catalogue/catalogue';
import { FormulaSyntaxError, MAX_FORMULA_LENGTH, MAX_FORMULA_NESTING, parseFormula } from '../../shared/catalogue/formula';
import { STANDARD_CATALOGUE_DEFINITION, standardCatalogue } from '../../shared/catalogue/standard';
import { IndicatorEngine } from '../../shared/indicators/engine';
import { GEWICHT_MIN, gewichtProblem, parseSozialindexEinstellung } from '../../shared/sozialindex';
import { MAX_ID_LENGTH, MAX_PROBLEMS_LISTED, clipText, deNumberAsSent } from '../../shared/types';
import { Finding, MAX_FINDINGS_LISTED, ValidationResult, validateDataset, validateDatasetAsync } from '../../shared/validation/validate';
import { B1, B2, KREIS, PERIOD, clone, fixtureTable, fixtureTree } from '../helpers/core-fixtures';

const catalogue = standardCatalogue();
const tree = fixtureTree();
const validate = (input: unknown, maxFindings?: number): ValidationResult =>
  validateDataset(input, { catalogue, tree, submitter: { rolle: 'kreis' }, ...(maxFindings ? { maxFindings } : {}) });
const dataset = (rows: unknown[]): unknown => ({ period: PERIOD, rows });
const only = (r: ValidationResult): Finding => {
  expect(r.errors).toHaveLength(1);
  return r.errors[0]!;
};
const deep = (levels: number, inner: unknown = 1): unknown => {
  let v: unknown = inner;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe('validation: over-long ids and the "Meinten Sie" search', () => {
  it('refuses a Merkmal name over MAX_ID_LENGTH before any search, naming its length, echoing at most 80 characters', () => {
    const name = 'b'.repeat(1_100_000);
    const f = only(validate(dataset([{ area: B1, variable: name, value: 1 }])));
    expect(f.code).toBe('MERKMAL_UNBEKANNT');
    expect(f.detail).toBe(
      `Der Merkmalsname „${'b'.repeat(80)}…“ ist mit 1.100.000 Zeichen zu lang (höchstens ${MAX_ID_LENGTH}); erwartet wird eine Kennung des Kennzahlenkatalogs 2025.1, z. B. „bevoelkerung“.`,
    );
    expect(f.variable).toBe(`${'b'.repeat(80)}…`);
    expect(f.message.length).toBeLessThan(400);
  });

  it('refuses an area code over MAX_ID_LENGTH the same way', () => {
    const f = only(validate(dataset([{ area: '0'.repeat(65), variable: 'geburten', value: 1 }])));
    expect(f.code).toBe('GEBIET_UNBEKANNT');
    expect(f.detail).toContain('ist mit 65 Zeichen zu lang (höchstens 64)');
    expect(f.area).toBe('0'.repeat(65));
  });

  it('still suggests for a short typo, but not for a name over 40 characters (no typo is that long)', () => {
    expect(only(validate(dataset([{ area: B1, variable: 'bevolkerung', value: 1 }]))).detail).toContain('Meinten Sie „bevoelkerung“?');
    const long = `bevoelkerung${'x'.repeat(30)}`;
    const f = only(validate(dataset([{ area: B1, variable: long, value: 1 }])));
    expect(f.detail).toBe(`„${long}“ ist kein Merkmal des Kennzahlenkatalogs 2025.1.`);
  });
});

describe('validation: findings cap', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({ area: B1, variable: `unbekannt_${i}`, value: 1 }));

  it('lists at most maxFindings errors, then one summary per code with the count of the rest', () => {
    const r = validate(dataset(rows), 200);
    expect(r.ok).toBe(false);
    expect(r.errorCount).toBe(1000);
    expect(r.errors).toHaveLength(201);
    const summary = r.errors[200]!;
    expect(summary).toMatchObject({ severity: 'fehler', code: 'MERKMAL_UNBEKANNT', row: null, area: null, variable: null });
    expect(summary.message).toBe(
      '… und 800 weitere Fehler dieser Art (MERKMAL_UNBEKANNT), ab Zeile 201; nicht einzeln aufgeführt (höchstens 200 Fehler je Antwort). Bitte die genannten beheben und erneut prüfen.',
    );
  });

  it('a summary per code, so that a client looking for a code still finds it', () => {
    const mixed = [...rows.slice(0, 3), { area: B1, variable: 'geburten', value: 0.5 }, { area: B2, variable: 'geburten', value: -1 }];
    const r = validate(dataset(mixed), 2);
    expect(r.errors.map((f) => [f.code, f.row])).toEqual([
      ['MERKMAL_UNBEKANNT', 0],
      ['MERKMAL_UNBEKANNT', 1],
      ['MERKMAL_UNBEKANNT', null],
      ['WERT_NICHT_GANZZAHLIG', null],
      ['WERT_NEGATIV', null],
    ]);
    expect(r.errors[3]!.message).toContain('… und 1 weitere Fehler dieser Art (WERT_NICHT_GANZZAHLIG), ab Zeile 4');
  });

  it('without maxFindings (add-in, CLI) every finding is listed', () => {
    const r = validate(dataset(rows));
    expect(r.errors).toHaveLength(1000);
    expect(r.errorCount).toBe(1000);
  });

  it('the server limit is 200', () => expect(MAX_FINDINGS_LISTED).toBe(200));
});

describe('validation: values as sent', () => {
  it('1e-7 is reported as 1e-7, not as 0', () => {
    expect(only(validate(dataset([{ area: B1, variable: 'geburten', value: 1e-7 }]))).detail).toMatch(/^Der Wert 1e-7 ist keine ganze Zahl/);
    expect(only(validate(dataset([{ area: B1, variable: 'geburten', value: -1e-7 }]))).detail).toMatch(/^Der Wert -1e-7 ist keine ganze Zahl/);
    // the German form where it is exact
    expect(only(validate(dataset([{ area: B1, variable: 'geburten', value: 1234.5 }]))).detail).toMatch(/^Der Wert 1\.234,5 ist keine ganze Zahl/);
    expect(only(validate(dataset([{ area: B1, variable: 'geburten', value: 1e300 }]))).detail).toMatch(/^Der Wert 1e\+300 ist für ein Gebiet der Ebene Baublock nicht plausibel/);
  });

  it.each([
    [{}, 'ein Objekt'],
    [{ a: 1 }, 'ein Objekt'],
    [[1, 2], 'eine Liste'],
    [true, 'der Wahrheitswert „true“'],
    ['x'.repeat(10_000), `der Text „${'x'.repeat(80)}…“`],
  ])('value %p is described as %p, never [object Object]', (value, words) => {
    const f = only(validate(dataset([{ area: B1, variable: 'geburten', value }])));
    expect(f.detail).toBe(`Der Wert ist ${words}, erwartet wird eine ganze Zahl ab 0`);
  });

  it('a period sent as an object or a long text', () => {
    expect(validate({ period: {}, rows: [] }).errors[0]!.detail).toContain('Feld „period“: ein Objekt ist kein Berichtsjahr');
    expect(validate({ period: '2'.repeat(5000), rows: [] }).errors[0]!.detail.length).toBeLessThan(250);
  });

  it('deNumberAsSent and clipText', () => {
    expect([deNumberAsSent(12.5), deNumberAsSent(1e-7), deNumberAsSent(2 ** 60), deNumberAsSent(-3)]).toEqual(['12,5', '1e-7', '1152921504606847000', '-3']);
    expect(clipText('abc', 2)).toBe('ab…');
    expect(clipText('abc', 3)).toBe('abc');
  });
});

describe('validation in steps (the server)', () => {
  it('pauses while checking a large dataset and gives the same result as in one go', async () => {
    const rows = Array.from({ length: 9000 }, (_, i) => ({ area: i % 2 ? B1 : B2, variable: i % 3 ? 'geburten' : `x${i}`, value: i % 5 }));
    let pauses = 0;
    const stepped = await validateDatasetAsync(dataset(rows), { catalogue, tree, submitter: { rolle: 'kreis' }, maxFindings: 50 }, async () => void pauses++);
    expect(pauses).toBeGreaterThanOrEqual(4);
    expect(stepped).toEqual(validate(dataset(rows), 50));
  });
});

describe('formula limits', () => {
  const syntaxError = (formula: string): FormulaSyntaxError => {
    try {
      parseFormula(formula);
    } catch (e) {
      expect(e).toBeInstanceOf(FormulaSyntaxError);
      return e as FormulaSyntaxError;
    }
    throw new Error('kein Fehler');
  };

  it('5,000 nested parentheses are refused by the length limit; 400 by the nesting limit; no stack overflow', () => {
    expect(syntaxError(`${'('.repeat(5000)}a${')'.repeat(5000)}`).message).toMatch(/^Die Formel ist mit 10\.001 Zeichen zu lang; erlaubt sind höchstens 1000 \(Zeichen 1001 in „\({80}…“\)$/);
    const e = syntaxError(`${'('.repeat(400)}a${')'.repeat(400)}`);
    expect(e.message).toContain(`Die Formel ist zu tief verschachtelt: mehr als ${MAX_FORMULA_NESTING} Klammern oder Vorzeichen ineinander`);
    expect(e.position).toBe(MAX_FORMULA_NESTING);
    // the message repeats at most 80 characters of the formula
    expect(e.message.length).toBeLessThan(250);
  });

  it('signs count as nesting too; 50 levels still parse', () => {
    expect(syntaxError(`${'-'.repeat(400)}a`).message).toContain('zu tief verschachtelt');
    expect(() => parseFormula(`${'('.repeat(MAX_FORMULA_NESTING)}a${')'.repeat(MAX_FORMULA_NESTING)}`)).not.toThrow();
  });

  it('the unprotected recursion of that depth overflows the stack (what the limit prevents)', () => {
    const descend = (n: number): number => (n === 0 ? 0 : 1 + descend(n - 1));
    expect(() => descend(1e6)).toThrow(RangeError);
  });

  it('a number of 1 followed by 400 zeros, a period t-1000000, an over-long formula', () => {
    expect(syntaxError(`a / b * 1${'0'.repeat(400)}`).message).toMatch(/^Die Zahl „10{19}…“ ist zu groß; erlaubt sind Zahlen bis 1\.000\.000\.000/);
    expect(syntaxError('a(t) / a(t-1000000)').message).toContain('„t-1000000“ liegt zu weit zurück; erlaubt sind höchstens 30 Jahre (t-30)');
    expect(() => parseFormula('a(t) / a(t-30)')).not.toThrow();
    expect(syntaxError(`a${' + a'.repeat(300)}`).message).toContain(`Die Formel ist mit 1.201 Zeichen zu lang; erlaubt sind höchstens ${MAX_FORMULA_LENGTH}`);
  });
});

describe('catalogue limits', () => {
  const base = (): ReturnType<typeof clone<typeof STANDARD_CATALOGUE_DEFINITION>> => clone(STANDARD_CATALOGUE_DEFINITION);
  const problemsOf = (def: unknown): string[] => {
    try {
      loadCatalogue(def);
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogueError);
      return (e as CatalogueError).problems;
    }
    throw new Error('geladen');
  };
  const withFormel = (formel: string): unknown => {
    const d = base();
    d.kennzahlen![0]!.formel = formel;
    return d;
  };
  const first = base().kennzahlen![0]!;
  const where = `kennzahlen[0] („${first.id}“), Feld „formel“`;

  it('the shipped catalogue is within every limit', () => {
    expect(() => loadCatalogue(base())).not.toThrow();
  });

  it('a factor of 1 followed by 400 zeros', () => {
    expect(problemsOf(withFormel(`a15_64 / bevoelkerung * 1${'0'.repeat(400)}`))).toEqual([expect.stringMatching(new RegExp(`^${where.replace(/[()[\]]/g, '\\$&')}: Die Zahl „1`))]);
  });

  it('a factor below FAKTOR_MIN or a product of factors beyond the limit', () => {
    expect(problemsOf(withFormel('a15_64 / bevoelkerung * 0.0000001'))).toEqual([
      `${where}: Der Faktor 1e-7 liegt außerhalb des erlaubten Bereichs ${deNumberAsSent(FAKTOR_MIN)} bis 1.000.000.000 (üblich: 100 für Prozent, 1000 für Promille)`,
    ]);
    expect(problemsOf(withFormel('(1000000 * 1000000 * a15_64) / bevoelkerung'))[0]).toBe(
      `${where}: Das Produkt (Zeichen 10) ergibt einen Faktor über 1.000.000.000; erlaubt sind Faktoren bis 1.000.000.000`,
    );
  });

  it('a period t-1000000 and formulas nested 5,000 deep, named by entry and field', () => {
    expect(problemsOf(withFormel('a15_64(t) / a15_64(t-1000000)'))[0]).toContain(`${where}: „t-1000000“ liegt zu weit zurück`);
    expect(problemsOf(withFormel(`${'('.repeat(5000)}a15_64${')'.repeat(5000)} / bevoelkerung`))[0]).toContain(`${where}: Die Formel ist mit 10.021 Zeichen zu lang`);
    expect(problemsOf(withFormel(`${'('.repeat(300)}a15_64${')'.repeat(300)} / bevoelkerung`))[0]).toContain(`${where}: Die Formel ist zu tief verschachtelt`);
  });

  it('a version string of 1 MB, no Kennzahlen, an over-long name', () => {
    const d = base();
    d.version = '1'.repeat(1_000_000);
    d.kennzahlen = [];
    d.merkmale[0]!.name = 'n'.repeat(5000);
    const p = problemsOf(d);
    expect(p).toContain('Feld „version“: Version: höchstens 40 Zeichen, z. B. „2026.1“');
    expect(p).toContain('Feld „kennzahlen“: mindestens eine Kennzahl angeben; ohne Kennzahlen gibt es nichts zu berechnen');
    expect(p).toContain(`merkmale[0] („${d.merkmale[0]!.id}“), Feld „name“: höchstens 200 Zeichen`);
    const missing = base() as Record<string, unknown>;
    delete missing.kennzahlen;
    expect(problemsOf(missing)[0]).toMatch(/^Feld „kennzahlen“: /);
  });

  it('a consistency rule with a long side or description (they appear in every finding about it)', () => {
    const d = base();
    const b = d.beziehungen![0]!;
    b.beschreibung = 'b'.repeat(301);
    b.links = `${b.links}${' + bevoelkerung'.repeat(20)}`;
    expect(problemsOf(d).sort()).toEqual([`beziehungen[0] („${b.id}“), Feld „beschreibung“: höchstens 300 Zeichen`, `beziehungen[0] („${b.id}“), Feld „links“: höchstens 200 Zeichen`]);
  });

  it('a plausibility maximum beyond 1e9 (sums over a Kreis must stay exact)', () => {
    const d = base();
    d.merkmale[0]!.maximum = 1e12;
    expect(problemsOf(d)).toEqual([`merkmale[0] („${d.merkmale[0]!.id}“), Feld „maximum“: höchstens 1.000.000.000`]);
  });

  it('the Vorjahresvergleich of a Merkmal and of the catalogue: German messages naming entry and field', () => {
    const d = base() as Record<string, unknown> & { merkmale: Record<string, unknown>[] };
    const m = d.merkmale;
    const id = (i: number) => m[i]!.id as string;
    m[0]!.vorjahresvergleich = { prozent: -5, faelle: 10 };
    m[1]!.vorjahresvergleich = { prozent: 50, faelle: 2.5 };
    m[2]!.vorjahresvergleich = { prozent: 20000, faelle: 10, grenze: 3 };
    m[3]!.vorjahresvergleich = 'hoch';
    m[4]!.vorjahresvergleich = { faelle: 10 };
    d.vorjahresvergleich = { prozent: 50, faelle: -1 };
    expect(problemsOf(d).sort()).toEqual([
      'Feld „vorjahresvergleich.faelle“: 0 oder mehr erwartet (Fälle)',
      `merkmale[0] („${id(0)}“), Feld „vorjahresvergleich.prozent“: muss größer als 0 sein (Prozent), z. B. 50`,
      `merkmale[1] („${id(1)}“), Feld „vorjahresvergleich.faelle“: ganze Zahl erwartet (Fälle), z. B. 10`,
      `merkmale[2] („${id(2)}“), Feld „vorjahresvergleich.prozent“: höchstens 10.000 (Prozent)`,
      `merkmale[2] („${id(2)}“), Feld „vorjahresvergleich“: unbekanntes Feld „grenze“; erlaubt sind „prozent“ und „faelle“`,
      `merkmale[3] („${id(3)}“), Feld „vorjahresvergleich“: erwartet wird {"prozent": 50, "faelle": 10} oder false (kein Vorjahresvergleich)`,
      `merkmale[4] („${id(4)}“), Feld „vorjahresvergleich.prozent“: Prozent als Zahl erwartet, z. B. 50`,
    ].sort());
  });

  it('the Vorjahresvergleich: the catalogue default, an own threshold, false turns it off', () => {
    const d = base() as Record<string, unknown> & { merkmale: Record<string, unknown>[] };
    delete d.vorjahresvergleich;
    d.merkmale[0]!.vorjahresvergleich = false;
    d.merkmale[1]!.vorjahresvergleich = { prozent: 20, faelle: 0 };
    const c = loadCatalogue(d);
    expect(c.vorjahresvergleich(d.merkmale[0]!.id as string)).toBeNull();
    expect(c.vorjahresvergleich(d.merkmale[1]!.id as string)).toEqual({ prozent: 20, faelle: 0 });
    expect(c.vorjahresvergleich(d.merkmale[2]!.id as string)).toEqual({ prozent: 50, faelle: 10 });
    // the shipped catalogue: 50 % and 10 cases, moves (volatile in small areas) 100 % and 25
    expect(standardCatalogue().vorjahresvergleich('arbeitslose')).toEqual({ prozent: 50, faelle: 10 });
    expect(standardCatalogue().vorjahresvergleich('zuzuege')).toEqual({ prozent: 100, faelle: 25 });
  });

  it('lists at most 200 problems and counts the rest', () => {
    const d = base();
    // two unknown ids each: 1,000 problems
    d.kennzahlen = Array.from({ length: 500 }, (_, i) => ({ ...first, id: `k${i}`, formel: 'x / y' }));
    let error: CatalogueError | undefined;
    try {
      loadCatalogue(d);
    } catch (e) {
      error = e as CatalogueError;
    }
    expect(error!.total).toBe(1000);
    expect(error!.problems).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(error!.problems[MAX_PROBLEMS_LISTED]).toBe('… und 800 weitere Probleme (nicht einzeln aufgeführt)');
    expect(error!.message).toMatch(/^Der Kennzahlenkatalog ist fehlerhaft \(1\.000 Probleme\)/);
  });
});

describe('the engine never reports a non-finite value as ok', () => {
  it('a factor that bypassed the loader gives status unbekannt with a reason', () => {
    const cat = loadCatalogue(clone(STANDARD_CATALOGUE_DEFINITION));
    const k = cat.kennzahlen.get('jugendquotient')!;
    (k as { faktor: number }).faktor = Infinity;
    const engine = new IndicatorEngine(cat, tree, fixtureTable());
    const r = engine.indicator('jugendquotient', KREIS, PERIOD);
    // the unguarded arithmetic is indeed Infinity
    expect((r.numerator! * k.faktor) / r.denominator!).toBe(Infinity);
    expect(r).toMatchObject({ status: 'unbekannt', value: null });
    expect(r.reason).toContain('ergibt hier keinen endlichen Wert');
  });
});

describe('Sozialindex weights', () => {
  const known = (): boolean => true;
  it.each([
    [5e-324, 'muss mindestens 0,01 sein (gesendet: 5e-324)'],
    [0.009, 'muss mindestens 0,01 sein (gesendet: 0.009)'],
    [0, 'muss größer als 0 sein'],
    [101, 'darf höchstens 100 sein'],
  ])('weight %p is refused: %p', (gewicht, words) => {
    const r = parseSozialindexEinstellung({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht }], kommentar: 'Test' }, known);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([expect.stringContaining(`Feld „indikatoren[0].gewicht“ (Kennzahl „sgb2_quote“): ${words}`)]);
  });

  it('a Kennzahl name or an unknown field of 1 MB is named cut, not echoed whole', () => {
    const big = 'k'.repeat(1_000_000);
    const r = parseSozialindexEinstellung({ indikatoren: [{ id: big, richtung: 1, gewicht: 1 }], kommentar: 'Test', [big]: 1 }, () => false);
    expect(!r.ok && [...r.errors].sort()).toEqual([
      `Einstellung: unbekanntes Feld „${'k'.repeat(40)}…“; erlaubt sind indikatoren, kommentar, vergleichsjahr`,
      `Feld „indikatoren[0].id“: höchstens 64 Zeichen; erwartet wird die Kennung einer Kennzahl, z. B. "sgb2_quote"`,
    ]);
  });

  it('0.01 and 100 are accepted; the same check for the report parameter', () => {
    expect(parseSozialindexEinstellung({ indikatoren: [{ id: 'a', richtung: 1, gewicht: GEWICHT_MIN }, { id: 'b', richtung: 1, gewicht: 100 }], kommentar: 'Test' }, known).ok).toBe(true);
    expect(gewichtProblem(NaN)).toContain('endliche Zahl');
    expect(gewichtProblem(GEWICHT_MIN)).toBeUndefined();
  });
});

describe('area rings', () => {
  const square: number[][] = [[7, 51], [7.01, 51], [7.01, 51.01], [7, 51.01], [7, 51]];
  const bowTie: number[][] = [[7, 51], [7.01, 51.01], [7.01, 51], [7, 51.01], [7, 51]];
  const collection = (rings: number[][][], code = '05954036-01-0001'): unknown => ({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: '05954', name: 'Kreis', ebene: 'kreis', parent: '' }, geometry: null },
      { type: 'Feature', properties: { code: '05954036', name: 'Witten', ebene: 'stadt', parent: '05954' }, geometry: null },
      { type: 'Feature', properties: { code: '05954036-01', name: 'Mitte', ebene: 'gemeindeteil', parent: '05954036' }, geometry: null },
      { type: 'Feature', properties: { code, name: 'Block 1', ebene: 'baublock', parent: '05954036-01' }, geometry: { type: 'Polygon', coordinates: rings } },
    ],
  });
  const problemsOf = (input: unknown): string[] => {
    try {
      parseAreaExchange(input);
    } catch (e) {
      expect(e).toBeInstanceOf(AreaTreeError);
      return (e as AreaTreeError).problems;
    }
    throw new Error('angenommen');
  };

  it('a square with a repeated point and a hole passes', () => {
    const hole = [[7.002, 51.002], [7.002, 51.004], [7.004, 51.004], [7.004, 51.002], [7.002, 51.002]];
    expect(() => parseAreaExchange(collection([[square[0]!, ...square], hole]))).not.toThrow();
  });

  it('a bow-tie is refused, naming the area, the ring and the crossing segments', () => {
    expect(problemsOf(collection([bowTie]))).toEqual([
      'Feature 4 („05954036-01-0001“), Block 1: Ring 1 (Außenring): kreuzt oder berührt sich selbst: die Strecke von Punkt 1 (7, 51) nach 2 trifft die Strecke von Punkt 3 (7.01, 51) nach 4. Ein Ring muss ein einfaches Vieleck sein; bitte die Punktfolge prüfen',
    ]);
  });

  it('a ring touching itself at a point, a spike, and a ring of (almost) no area', () => {
    const touching = [[7, 51], [7.02, 51], [7.01, 51.01], [7.02, 51.02], [7, 51.02], [7.01, 51.01], [7, 51]];
    expect(ringProblem(touching)).toContain('kreuzt oder berührt sich selbst');
    expect(ringProblem([[7, 51], [7.01, 51], [7.02, 51], [7.01, 51], [7.01, 51.01], [7, 51]])).toContain('läuft bei Punkt 3 (7.02, 51) auf sich selbst zurück');
    expect(ringProblem([[7, 51], [7.01, 51], [7.02, 51], [7, 51]])).toContain('auf sich selbst zurück');
    expect(ringProblem([[7, 51], [7.01, 51], [7.01, 51.0000000001], [7, 51]])).toBe('hat keine Fläche (alle Punkte liegen auf einer Linie oder fast auf einem Punkt)');
    expect(ringProblem([[7, 51], [7, 51], [7.01, 51], [7, 51]])).toBe('hat keine Fläche: weniger als 3 verschiedene Punkte');
    expect(problemsOf(collection([[[7, 51], [7.01, 51], [7.01, 51.0000000001], [7, 51]]]))[0]).toMatch(/^Feature 4 \(„05954036-01-0001“\), Block 1: Ring 1 \(Außenring\): hat keine Fläche/);
  });

  it('a ring of long overlapping zig-zags is refused once the shared budget is spent, not checked for minutes', () => {
    const comb: number[][] = [];
    for (let i = 0; i < 2000; i++) comb.push(i % 2 ? [8 + i * 1e-6, 52 - i * 1e-6] : [7 + i * 1e-6, 51 - i * 1e-6]);
    comb.push([7.002, 50], [6.5, 50], comb[0]!);
    // a valid ring: with enough budget it passes; the budget is shared by all rings of an upload
    expect(ringProblem(comb)).toBeUndefined();
    const budget = { left: 10_000 };
    expect(ringProblem(comb, budget)).toMatch(/^ist zu verwinkelt, um in vertretbarer Zeit auf Überschneidungen geprüft zu werden/);
    expect(budget.left).toBeLessThan(0);
  });

  it('a ring of 470,000 points is refused by its count alone, before any check of its points', () => {
    // a bow-tie and coordinates outside WGS84: neither is reported, the count comes first
    const huge: number[][] = Array.from({ length: 470_000 }, (_, i) => [1e6 + (i % 2), 51 + i]);
    huge.push(huge[0]!);
    expect(problemsOf(collection([huge]))).toEqual([
      `Feature 4 („05954036-01-0001“): Ring 1 (Außenring): hat 470.001 Punkte; erlaubt sind höchstens ${MAX_RING_VERTICES.toLocaleString('de-DE')} je Ring. Bitte die Umrisse vereinfachen (z. B. mit „ogr2ogr -simplify“).`,
    ]);
  });

  it('too many points in all', () => {
    const ring: number[][] = Array.from({ length: 90_000 }, (_, i) => [7 + i * 1e-6, 51]);
    const features = Array.from({ length: 12 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }));
    expect(problemsOf({ type: 'FeatureCollection', features })).toEqual([
      'Die Umrisse haben zusammen 1.080.000 Punkte; erlaubt sind höchstens 1.000.000 je Gebietsgliederung. Bitte die Umrisse vereinfachen (z. B. mit „ogr2ogr -simplify“).',
    ]);
  });

  it('an over-long code or name is refused by the schema, echoed cut', () => {
    const p = problemsOf(collection([square], '0'.repeat(100_000)));
    expect(p[0]).toBe(`Feature 4 („${'0'.repeat(80)}…“), „properties.code“: höchstens ${MAX_ID_LENGTH} Zeichen`);
  });

  it('a long chain of wrong parents: at most 200 problems listed, the rest counted', () => {
    const chain = Array.from({ length: 9_000 }, (_, i) => ({
      type: 'Feature',
      properties: { code: `05954036-01-${String(i).padStart(4, '0')}`, name: `B${i}`, ebene: 'baublock', parent: i === 0 ? '05954036-01' : `05954036-01-${String(i - 1).padStart(4, '0')}` },
      geometry: null,
    }));
    const p = problemsOf({ type: 'FeatureCollection', features: chain });
    expect(p).toHaveLength(MAX_PROBLEMS_LISTED + 1);
    expect(p[MAX_PROBLEMS_LISTED]).toMatch(/^… und [0-9.]+ weitere Probleme/);
  });
});

describe('no stack overflow for 20,000 levels', () => {
  it('JSON nested 20,000 deep as a value: a finding, no recursion', () => {
    expect(only(validate(dataset([{ area: B1, variable: 'geburten', value: deep(20_000) }]))).detail).toContain('eine Liste');
  });
});
