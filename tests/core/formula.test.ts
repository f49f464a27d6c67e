/**
 * The formula language and the catalogue loader: parsing, every load error with a clear German
 * message (section, entry, field, column), and a Kreis extending the catalogue as data.
 */
import { CatalogueDefinition, CatalogueError, loadCatalogue } from '../../shared/catalogue/catalogue';
import {
  FormulaSyntaxError,
  formatLinear,
  formulaRefs,
  normalizeLinear,
  parseFormula,
  termKey,
} from '../../shared/catalogue/formula';
import { STANDARD_CATALOGUE_DEFINITION, standardCatalogue } from '../../shared/catalogue/standard';
import { IndicatorEngine } from '../../shared/indicators/engine';
import { GT2, KREIS, PERIOD, S1, clone, fixtureTable, fixtureTree } from '../helpers/core-fixtures';

const merkmal = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name: `Merkmal ${id}`,
  handlungsfeld: 'Demografie',
  einheit: 'Personen',
  definition: `Testmerkmal ${id}`,
  quelle: 'Einwohnermeldedaten',
  tiefsteEbene: 'baublock',
  maximum: 1_000_000,
  ...extra,
});
const kennzahl = (id: string, formel: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name: `Kennzahl ${id}`,
  handlungsfeld: 'Demografie',
  einheit: '%',
  definition: `Testkennzahl ${id}`,
  formel,
  definitionsquelle: 'Test',
  ...extra,
});
const hilfs = (id: string, formel: string): Record<string, unknown> => ({ id, name: `Hilfsgröße ${id}`, definition: 'Test', formel });

/** A minimal catalogue: Merkmale a, b, c, bevoelkerung and one Kennzahl (a catalogue needs one); the test adds the rest. */
const def = (parts: Record<string, unknown> = {}): Record<string, unknown> => ({
  version: 'test-1',
  gueltigAb: '2025-01-01',
  titel: 'Testkatalog',
  merkmale: [merkmal('a'), merkmal('b'), merkmal('c'), merkmal('bevoelkerung')],
  hilfsgroessen: [],
  kennzahlen: [kennzahl('anteil_a', 'a / bevoelkerung * 100')],
  beziehungen: [],
  ...parts,
});

/** The problems of a catalogue that must not load. */
function problemsOf(input: unknown): string[] {
  let error: unknown;
  try {
    loadCatalogue(input);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CatalogueError);
  const problems = (error as CatalogueError).problems;
  expect((error as CatalogueError).message).toContain(problems[0]!);
  return problems;
}
const oneProblem = (input: unknown): string => {
  const p = problemsOf(input);
  expect(p).toHaveLength(1);
  return p[0]!;
};

describe('parseFormula', () => {
  it('parses the catalogue grammar with precedence and period references', () => {
    const tree = parseFormula('(bevoelkerung(t) - bevoelkerung(t-5)) / bevoelkerung(t-5) * 100');
    expect(tree.kind).toBe('binary');
    expect(tree.kind === 'binary' && tree.op).toBe('*');
    expect(formulaRefs(tree).map((r) => [r.id, r.offset, r.explicitPeriod])).toEqual([
      ['bevoelkerung', 0, true],
      ['bevoelkerung', -5, true],
      ['bevoelkerung', -5, true],
    ]);
    const plain = parseFormula('a + b * 2 - -c');
    expect(formulaRefs(plain).map((r) => [r.id, r.offset, r.explicitPeriod])).toEqual([
      ['a', 0, false],
      ['b', 0, false],
      ['c', 0, false],
    ]);
    // * binds tighter than +: the top node is the last "-"
    expect(plain.kind === 'binary' && plain.op).toBe('-');
  });

  it.each([
    // formula, 0-based position of the problem, a word of the message
    ['a / (b + c', 10, '„)“ erwartet, gefunden das Formelende'],
    ['a / * 100', 4, 'gefunden „*“'],
    ['a % b', 2, 'Unerlaubtes Zeichen „%“'],
    ['a b', 2, 'Unerwartet: „b“'],
    ['a / b )', 6, 'Unerwartet: „)“'],
    ['bevoelkerung(x)', 13, 'muss „(t)“ oder „(t-N)“ lauten'],
    ['bevoelkerung(t-0) / a', 15, 'ganze Zahl von Jahren'],
    ['bevoelkerung(t-1.5) / a', 15, 'ganze Zahl von Jahren'],
    ['bevoelkerung(t+1) / a', 14, 'künftige Perioden'],
    ['bevoelkerung(t-5 / a', 17, '„)“ erwartet'],
    ['   ', 0, 'leer'],
  ])('rejects %p at column %p', (formula, position, words) => {
    let error: unknown;
    try {
      parseFormula(formula);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormulaSyntaxError);
    const e = error as FormulaSyntaxError;
    expect(e.position).toBe(position);
    expect(e.message).toContain(words);
    expect(e.message).toContain(`Zeichen ${position + 1}`);
    expect(e.formula).toBe(formula);
  });
});

describe('linear expressions', () => {
  it('normalizes, merges and drops zero terms; renders for messages', () => {
    const e = normalizeLinear(
      [
        { merkmal: 'a', offset: 0, coefficient: 1 },
        { merkmal: 'b', offset: -5, coefficient: 2 },
        { merkmal: 'a', offset: 0, coefficient: 2 },
        { merkmal: 'c', offset: 0, coefficient: 1 },
        { merkmal: 'c', offset: 0, coefficient: -1 },
      ],
      0,
    );
    expect(e.terms).toEqual([
      { merkmal: 'a', offset: 0, coefficient: 3 },
      { merkmal: 'b', offset: -5, coefficient: 2 },
    ]);
    expect(termKey('b', -5)).toBe('b(t-5)');
    expect(formatLinear(e)).toBe('3·a + 2·b(t-5)');
  });

  it('formatLinear writes one minus sign throughout, also for a leading term and a negative constant', () => {
    expect(formatLinear(normalizeLinear([{ merkmal: 'a', offset: 0, coefficient: -2 }, { merkmal: 'b', offset: 0, coefficient: -1 }], -3))).toBe('−2·a − b − 3');
    expect(formatLinear(normalizeLinear([{ merkmal: 'a', offset: 0, coefficient: 1 }], 4))).toBe('a + 4');
    expect(formatLinear(normalizeLinear([], -1))).toBe('−1');
  });
});

describe('loadCatalogue: a valid definition', () => {
  it('compiles numerator, denominator, factor, periods, level and sources', () => {
    const cat = loadCatalogue(
      def({
        merkmale: [
          merkmal('a'),
          merkmal('b'),
          merkmal('c', { quelle: 'BA', tiefsteEbene: 'gemeindeteil' }),
          merkmal('bevoelkerung'),
        ],
        hilfsgroessen: [hilfs('ab', 'a + b'), hilfs('abb', 'ab + 2 * b')],
        kennzahlen: [
          kennzahl('k1', 'abb / (a + c) * 100'),
          kennzahl('k2', '(bevoelkerung(t) - bevoelkerung(t-5)) / bevoelkerung(t-5) * 100'),
          kennzahl('k3', '1000 * ((a - b) / bevoelkerung)'),
          kennzahl('k4', 'a / b'),
        ],
      }),
    );
    const k1 = cat.kennzahlen.get('k1')!;
    expect(k1.zaehler).toEqual({ terms: [{ merkmal: 'a', offset: 0, coefficient: 1 }, { merkmal: 'b', offset: 0, coefficient: 3 }], constant: 0 });
    expect(k1.nenner.terms.map((t) => t.merkmal).sort()).toEqual(['a', 'c']);
    expect(k1.faktor).toBe(100);
    expect(k1.tiefsteEbene).toBe('gemeindeteil');
    expect([...k1.quellen].sort()).toEqual(['BA', 'Einwohnermeldedaten']);
    expect(cat.kennzahlen.get('k2')!.perioden).toEqual([0, -5]);
    expect(cat.kennzahlen.get('k3')!.faktor).toBe(1000);
    expect(cat.kennzahlen.get('k3')!.zaehler.terms).toEqual([
      { merkmal: 'a', offset: 0, coefficient: 1 },
      { merkmal: 'b', offset: 0, coefficient: -1 },
    ]);
    expect(cat.kennzahlen.get('k4')!.faktor).toBe(1);
    expect(cat.hilfsgroessen.get('abb')!.linear.terms).toEqual([
      { merkmal: 'a', offset: 0, coefficient: 1 },
      { merkmal: 'b', offset: 0, coefficient: 3 },
    ]);
    expect(cat.entry('a')?.art).toBe('merkmal');
    expect(cat.entry('ab')?.art).toBe('hilfsgroesse');
    expect(cat.entry('k1')?.art).toBe('kennzahl');
    expect(cat.entry('zz')).toBeUndefined();
    // additiv defaults to true
    expect(cat.merkmale.get('a')!.additiv).toBe(true);
  });

  it('keeps version and validity date', () => {
    const cat = loadCatalogue(def({ version: '2026.2-kreis', gueltigAb: '2026-07-01' }));
    expect(cat.version).toBe('2026.2-kreis');
    expect(cat.gueltigAb).toBe('2026-07-01');
    expect(cat.definition.titel).toBe('Testkatalog');
  });
});

describe('loadCatalogue: every load error with a clear message', () => {
  it('syntax error with section, entry, field and column', () => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('k1', 'a / (b + c')] }));
    expect(p).toContain('kennzahlen[0] („k1“), Feld „formel“');
    expect(p).toContain('„)“ erwartet');
    expect(p).toContain('Zeichen 11'); // after the last of 10 characters
  });

  it('syntax error in a Hilfsgröße and in a relation', () => {
    const p = problemsOf(
      def({
        hilfsgroessen: [hilfs('h', 'a +')],
        beziehungen: [{ id: 'r', art: 'hoechstens', links: 'a', rechts: 'b $', schwere: 'fehler', beschreibung: 'Test' }],
      }),
    );
    expect(p).toHaveLength(2);
    expect(p[0]).toContain('hilfsgroessen[0] („h“), Feld „formel“');
    expect(p[0]).toContain('Zeichen 4');
    expect(p[1]).toContain('beziehungen[0] („r“), Feld „rechts“');
    expect(p[1]).toContain('Unerlaubtes Zeichen „$“');
  });

  it('unknown variable', () => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('k1', 'a / bevoelkrung * 100')] }));
    expect(p).toContain('kennzahlen[0] („k1“)');
    expect(p).toContain('unbekannte Kennung „bevoelkrung“');
  });

  it('unknown variable in a relation', () => {
    const p = oneProblem(def({ beziehungen: [{ id: 'r', art: 'summe', links: 'a', rechts: 'b + x', schwere: 'fehler', beschreibung: 'Test' }] }));
    expect(p).toContain('beziehungen[0] („r“), Feld „rechts“');
    expect(p).toContain('„x“');
  });

  it('cycle between Hilfsgrößen, with its path', () => {
    const p = oneProblem(
      def({
        hilfsgroessen: [hilfs('h1', 'a + h2'), hilfs('h2', 'b + h3'), hilfs('h3', 'h1 + c')],
        kennzahlen: [kennzahl('k1', 'h1 / bevoelkerung * 100')],
      }),
    );
    expect(p).toContain('Zirkelbezug');
    expect(p).toContain('h1 → h2 → h3 → h1');
  });

  it('a Hilfsgröße referring to itself', () => {
    expect(oneProblem(def({ hilfsgroessen: [hilfs('h', 'a + h')] }))).toContain('Zirkelbezug h → h');
  });

  it('missing period reference in a multi-period formula', () => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('entwicklung', '(bevoelkerung - bevoelkerung(t-5)) / bevoelkerung(t-5) * 100')] }));
    expect(p).toContain('kennzahlen[0] („entwicklung“), Feld „formel“');
    expect(p).toContain('mehrere Perioden');
    expect(p).toContain('„bevoelkerung“ fehlt die Periodenangabe');
    expect(p).toContain('„bevoelkerung(t)“'); // what would be right
  });

  it('a future period t+1', () => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('k', '(bevoelkerung(t+1) - bevoelkerung(t)) / bevoelkerung(t) * 100')] }));
    expect(p).toContain('künftige Perioden');
    expect(p).toContain('Zeichen 16'); // the „+“ after „(bevoelkerung(t“
  });

  it('another period in a Hilfsgröße or relation (only the same period allowed)', () => {
    const p = oneProblem(def({ hilfsgroessen: [hilfs('h', 'a(t-1) + b')] }));
    expect(p).toContain('hilfsgroessen[0] („h“)');
    expect(p).toContain('„a(t-1)“');
    expect(p).toContain('nur Werte derselben Periode');
  });

  it('a reference to a Kennzahl inside a formula', () => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('k1', 'a / b * 100'), kennzahl('k2', 'k1 / c * 100')] }));
    expect(p).toContain('kennzahlen[1] („k2“)');
    expect(p).toContain('„k1“ ist eine Kennzahl');
  });

  it('a reference to a Kennzahl inside a Hilfsgröße', () => {
    const p = oneProblem(def({ hilfsgroessen: [hilfs('h', 'a + k1')], kennzahlen: [kennzahl('k1', 'a / b * 100')] }));
    expect(p).toContain('hilfsgroessen[0] („h“)');
    expect(p).toContain('„k1“ ist eine Kennzahl');
  });

  it('product of two counts', () => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('k', 'a * b / c')] }));
    expect(p).toContain('Produkt zweier Zählwerte');
    expect(p).toContain('Zeichen 3');
  });

  it('division inside the numerator', () => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('k', '(a / b) / c * 100')] }));
    expect(p).toContain('Division (Zeichen 4) innerhalb von Zähler oder Nenner');
    expect(p).toContain('„Zähler / Nenner * Faktor“');
  });

  it('division inside a Hilfsgröße', () => {
    expect(oneProblem(def({ hilfsgroessen: [hilfs('h', 'a / b')] }))).toContain('Division (Zeichen 3) ist hier nicht erlaubt');
  });

  it.each([['a + b'], ['a * 100'], ['-(a / b)'], ['a / b * 100 * 10'], ['a / b * 0']])('a non-ratio formula: %p', (formel) => {
    const p = oneProblem(def({ kennzahlen: [kennzahl('k', formel)] }));
    expect(p).toContain('kennzahlen[0] („k“), Feld „formel“');
    expect(p).toContain('„Zähler / Nenner“');
  });

  it('a denominator with a subtraction or a constant', () => {
    expect(oneProblem(def({ kennzahlen: [kennzahl('k', 'a / (b - c) * 100')] }))).toContain('Der Nenner muss eine Summe von Zählwerten sein');
    expect(oneProblem(def({ kennzahlen: [kennzahl('k', 'a / (b + 1) * 100')] }))).toContain('Der Nenner muss eine Summe von Zählwerten sein');
    expect(oneProblem(def({ kennzahlen: [kennzahl('k', 'a / 100')] }))).toContain('Der Nenner enthält keinen Zählwert');
  });

  it('duplicate ids within and across sections', () => {
    const p = problemsOf(
      def({
        merkmale: [merkmal('a'), merkmal('b'), merkmal('a')],
        hilfsgroessen: [hilfs('b', 'a')],
        kennzahlen: [kennzahl('k', 'a / b'), kennzahl('k', 'b / a')],
        beziehungen: [
          { id: 'r', art: 'hoechstens', links: 'a', rechts: 'b', schwere: 'fehler', beschreibung: 'x' },
          { id: 'r', art: 'hoechstens', links: 'a', rechts: 'b', schwere: 'fehler', beschreibung: 'x' },
        ],
      }),
    );
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^merkmale\[2\]: Kennung „a“ ist doppelt \(schon in merkmale\[0\]\)/),
        expect.stringMatching(/^hilfsgroessen\[0\]: Kennung „b“ ist doppelt \(schon in merkmale\[1\]\)/),
        expect.stringMatching(/^kennzahlen\[1\]: Kennung „k“ ist doppelt/),
        expect.stringMatching(/^beziehungen\[1\]: Kennung „r“ ist doppelt/),
      ]),
    );
  });

  it('wrong shape: a Merkmal without quelle, naming the path', () => {
    const m = merkmal('a');
    delete m.quelle;
    const p = oneProblem(def({ merkmale: [m] }));
    expect(p).toMatch(/^merkmale\[0\] \(„a“\), Feld „quelle“: /);
    expect(p).toContain('IT.NRW'); // names the allowed sources
  });

  it('wrong shape: several problems at once (level, date, formula, empty name, bad id)', () => {
    const p = problemsOf({
      ...def({ gueltigAb: '01.01.2025' }),
      merkmale: [merkmal('a', { tiefsteEbene: 'block' }), merkmal('B-2'), merkmal('c', { name: '  ' })],
      kennzahlen: [{ ...kennzahl('k', 'a / c'), formel: undefined }],
    });
    const text = p.join('\n');
    expect(text).toContain('Feld „gueltigAb“: Datum im Format JJJJ-MM-TT erwartet');
    expect(text).toContain('merkmale[0] („a“), Feld „tiefsteEbene“: ');
    expect(text).toContain('merkmale[1] („B-2“), Feld „id“: Kennung: nur Kleinbuchstaben');
    expect(text).toContain('merkmale[2] („c“), Feld „name“: darf nicht leer sein');
    expect(text).toContain('kennzahlen[0] („k“), Feld „formel“: ');
    expect(p.length).toBeGreaterThanOrEqual(5);
  });

  it('not an object at all', () => {
    expect(problemsOf(null).join('\n')).toMatch(/^Katalog: /);
    expect(problemsOf({ ...def(), merkmale: [] }).join('\n')).toMatch(/merkmale/);
  });

  it('reports every problem of a catalogue at once', () => {
    const p = problemsOf(
      def({
        hilfsgroessen: [hilfs('h1', 'h1 + a')],
        kennzahlen: [kennzahl('k1', 'x / a'), kennzahl('k2', 'a * b / c'), kennzahl('k3', 'a / (b + c')],
      }),
    );
    expect(p).toHaveLength(4);
    let error: unknown;
    try {
      loadCatalogue(def({ kennzahlen: [kennzahl('k1', 'x / a'), kennzahl('k2', 'y / a')] }));
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/^Der Kennzahlenkatalog ist fehlerhaft \(2 Probleme\)/);
  });
});

describe('a Kreis extends the catalogue as data', () => {
  function withOwnKennzahl(): CatalogueDefinition {
    const d = clone(STANDARD_CATALOGUE_DEFINITION);
    d.version = '2025.1-en-kreis';
    d.gueltigAb = '2025-06-01';
    d.kennzahlen = [
      ...(d.kennzahlen ?? []),
      {
        id: 'jugendquotient_u15',
        name: 'Jugendquotient (Variante IT.NRW)',
        handlungsfeld: 'Lebensalter',
        einheit: 'je 100',
        definition: 'Unter 15-Jährige je 100 Personen im Alter von 15 bis 64 Jahren.',
        formel: 'u15 / a15_64 * 100',
        definitionsquelle: 'IT.NRW',
      },
    ];
    return d;
  }

  it('loads its own Jugendquotient variant and computes it without code changes', () => {
    const cat = loadCatalogue(withOwnKennzahl());
    expect(cat.version).toBe('2025.1-en-kreis');
    expect(cat.gueltigAb).toBe('2025-06-01');
    expect(cat.kennzahlen.size).toBe(29);
    const k = cat.kennzahlen.get('jugendquotient_u15')!;
    expect(k.tiefsteEbene).toBe('baublock');
    const engine = new IndicatorEngine(cat, fixtureTree(), fixtureTable());
    // Stadt 1: u15 = 190, a15_64 = 820 (see tests/core/engine.test.ts)
    expect(engine.indicator('jugendquotient_u15', S1, PERIOD)).toMatchObject({ status: 'ok', numerator: 190, denominator: 820, value: (190 * 100) / 820 });
    // Gemeindeteil 2: u15 = 100 + 10, a15_64 = 300 + 150; Kreis: 340 / 1470
    expect(engine.indicator('jugendquotient_u15', GT2, PERIOD).value).toBe((110 * 100) / 450);
    expect(engine.indicator('jugendquotient_u15', KREIS, PERIOD).value).toBe((340 * 100) / 1470);
  });

  it('leaves the shipped catalogue untouched', () => {
    loadCatalogue(withOwnKennzahl());
    expect(standardCatalogue().kennzahlen.has('jugendquotient_u15')).toBe(false);
    expect(STANDARD_CATALOGUE_DEFINITION.kennzahlen!.some((k) => k.id === 'jugendquotient_u15')).toBe(false);
    expect(standardCatalogue().version).toBe('2025.1');
  });

  it('a Kreis catalogue that reuses a shipped id is rejected', () => {
    const d = withOwnKennzahl();
    d.kennzahlen![28]!.id = 'jugendquotient';
    expect(problemsOf(d).join('\n')).toContain('Kennung „jugendquotient“ ist doppelt');
  });
});
