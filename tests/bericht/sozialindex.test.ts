import { checkConfig, dynamikindex, klasseOf, parseSozialindexEinstellung, sameIndikatoren, sozialindex } from '../../shared/sozialindex';

const cfg = [
  { id: 'a', richtung: 1 as const, gewicht: 1 },
  { id: 'b', richtung: -1 as const, gewicht: 1 },
];

test('hand-computed status index: z per indicator, direction turned, weighted mean standardised again', () => {
  // a: 1,2,3 -> mean 2, SD sqrt(2/3)=0.8165 -> z -1.2247, 0, 1.2247
  // b: 30,20,10 with direction -1 -> z -1.2247, 0, 1.2247 (same as a)
  // raw index = -1.2247, 0, 1.2247 -> standardised again: -1.2247, 0, 1.2247
  const rows = sozialindex(['x', 'y', 'z'], [
    { area: 'x', indicator: 'a', value: 1 }, { area: 'y', indicator: 'a', value: 2 }, { area: 'z', indicator: 'a', value: 3 },
    { area: 'x', indicator: 'b', value: 30 }, { area: 'y', indicator: 'b', value: 20 }, { area: 'z', indicator: 'b', value: 10 },
  ], cfg);
  expect(rows.map((r) => r.z.a)).toEqual([expect.closeTo(-1.2247, 4), expect.closeTo(0, 6), expect.closeTo(1.2247, 4)]);
  expect(rows.map((r) => r.z.b)).toEqual([expect.closeTo(-1.2247, 4), expect.closeTo(0, 6), expect.closeTo(1.2247, 4)]);
  expect(rows.map((r) => r.index)).toEqual([expect.closeTo(-1.2247, 4), expect.closeTo(0, 6), expect.closeTo(1.2247, 4)]);
  expect(rows.map((r) => r.klasse)).toEqual(['hoch', 'mittel', 'sehr niedrig']);
});

test('weights: an indicator with weight 3 dominates', () => {
  // a: 0,0,3 -> mean 1, SD sqrt(2)=1.4142 -> z -0.7071,-0.7071,1.4142 ; b(dir -1): 0,3,3 -> values -> z of -x: 1.4142,-0.7071,-0.7071
  // raw = (3*a + b)/4 = (-2.1213+1.4142)/4=-0.1768, (-2.1213-0.7071)/4=-0.7071, (4.2426-0.7071)/4=0.8839
  // mean 0, SD sqrt((0.03125+0.5+0.78125)/3)=sqrt(0.4375)=0.6614 -> -0.2673, -1.0690, 1.3363
  const rows = sozialindex(['x', 'y', 'z'], [
    { area: 'x', indicator: 'a', value: 0 }, { area: 'y', indicator: 'a', value: 0 }, { area: 'z', indicator: 'a', value: 3 },
    { area: 'x', indicator: 'b', value: 0 }, { area: 'y', indicator: 'b', value: 3 }, { area: 'z', indicator: 'b', value: 3 },
  ], [{ id: 'a', richtung: 1, gewicht: 3 }, { id: 'b', richtung: -1, gewicht: 1 }]);
  expect(rows.map((r) => r.index)).toEqual([expect.closeTo(-0.2673, 4), expect.closeTo(-1.069, 3), expect.closeTo(1.3363, 4)]);
  expect(rows.map((r) => r.klasse)).toEqual(['mittel', 'hoch', 'sehr niedrig']);
});

test('suppressed value: area unclassified with the reason, others standardised without it', () => {
  const rows = sozialindex(['x', 'y', 'z', 'w'], [
    { area: 'x', indicator: 'a', value: 1 }, { area: 'y', indicator: 'a', value: 2 }, { area: 'z', indicator: 'a', value: 3 },
    { area: 'w', indicator: 'a', value: null, grund: 'Fallzahl unter 3' },
    { area: 'x', indicator: 'b', value: 30 }, { area: 'y', indicator: 'b', value: 20 }, { area: 'z', indicator: 'b', value: 10 },
    { area: 'w', indicator: 'b', value: 5 },
  ], cfg);
  expect(rows[3]).toMatchObject({ area: 'w', index: null, klasse: null, grund: 'a: Fallzahl unter 3' });
  expect(rows[2]!.index).toBeCloseTo(1.2247, 4);
});

test('dynamics from change; previous-year suppression named', () => {
  const from = [{ area: 'x', indicator: 'a', value: 5 }, { area: 'y', indicator: 'a', value: 5 }, { area: 'z', indicator: 'a', value: null, grund: 'gesperrt' }];
  const to = [{ area: 'x', indicator: 'a', value: 4 }, { area: 'y', indicator: 'a', value: 7 }, { area: 'z', indicator: 'a', value: 2 }];
  const rows = dynamikindex(['x', 'y', 'z'], from, to, [{ id: 'a', richtung: 1, gewicht: 1 }]);
  // changes -1, +2 -> z -1, +1
  expect(rows.map((r) => r.index)).toEqual([-1, 1, null]);
  expect(rows[2]!.grund).toBe('a: Vorjahreswert: gesperrt');
});

test('bad configuration rejected in German', () => {
  expect(() => sozialindex(['x'], [], [])).toThrow('mindestens eine Kennzahl');
  expect(() => sozialindex(['x'], [], [{ id: 'a', richtung: 1, gewicht: 0 }])).toThrow('gewicht muss eine Zahl größer 0');
  expect(() => sozialindex(['x'], [], [{ id: 'a', richtung: 2 as 1, gewicht: 1 }])).toThrow('richtung muss 1 oder -1');
  expect(() => sozialindex(['x'], [], [cfg[0]!, cfg[0]!])).toThrow('doppelt');
});

test('class thresholds', () => {
  expect([1.01, 1, 0.51, 0.5, -1, -1.01].map(klasseOf)).toEqual(['sehr niedrig', 'niedrig', 'niedrig', 'mittel', 'mittel', 'hoch']);
});

describe('parseSozialindexEinstellung (the stored setting’s check)', () => {
  const known = (id: string) => ['sgb2_quote', 'arbeitslosendichte', 'sozialgeld_quote'].includes(id);

  test('every problem at once, each naming field and Kennzahl', () => {
    const r = parseSozialindexEinstellung({ indikatoren: [{ id: 'sgb2_quote', richtung: -2, gewicht: 1 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: -0.5 }, { id: 'x', richtung: 1, gewicht: 1 }], kommentar: 'Test' }, known);
    expect(r).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^Feld „indikatoren\[0\]\.richtung“ \(Kennzahl „sgb2_quote“\): muss 1 sein/),
        expect.stringMatching(/^Feld „indikatoren\[1\]\.gewicht“ \(Kennzahl „arbeitslosendichte“\): muss größer als 0 sein/),
        'Feld „indikatoren[2].id“: die Kennzahl „x“ gibt es im Katalog nicht',
      ],
    });
    expect(parseSozialindexEinstellung({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'sgb2_quote', gewicht: 1 }], kommentar: 'Test' }, known)).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^Feld „indikatoren\[1\]\.richtung“ \(Kennzahl „sgb2_quote“\)/), 'Feld „indikatoren[1].id“: die Kennzahl „sgb2_quote“ steht schon in indikatoren[0]; jede Kennzahl nur einmal'],
    });
  });

  test('ids and note are trimmed; the result is what sozialindex() accepts', () => {
    const r = parseSozialindexEinstellung({ indikatoren: [{ id: ' sgb2_quote ', richtung: 1, gewicht: 2 }, { id: 'sozialgeld_quote', richtung: -1, gewicht: 0.25 }], kommentar: '  Beschluss vom 12.03.2026 ' }, known);
    expect(r).toEqual({ ok: true, einstellung: { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }, { id: 'sozialgeld_quote', richtung: -1, gewicht: 0.25 }], kommentar: 'Beschluss vom 12.03.2026' } });
    if (r.ok) expect(() => checkConfig(r.einstellung.indikatoren)).not.toThrow();
  });

  test('the note is required, as in the report form: missing, blank or not text is named', () => {
    const indikatoren = [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }];
    for (const kommentar of [undefined, '', '   ']) {
      expect(parseSozialindexEinstellung({ indikatoren, ...(kommentar === undefined ? {} : { kommentar }) }, known)).toEqual({
        ok: false,
        errors: [expect.stringMatching(/^Feld „kommentar“: fehlt; bitte angeben, worauf die Einstellung beruht/)],
      });
    }
    expect(parseSozialindexEinstellung({ indikatoren, kommentar: 7 }, known)).toEqual({ ok: false, errors: ['Feld „kommentar“: muss ein Text sein'] });
  });

  test('sameIndikatoren: order, direction and weight count; the note does not', () => {
    const a = [{ id: 'sgb2_quote', richtung: 1 as const, gewicht: 1 }, { id: 'arbeitslosendichte', richtung: 1 as const, gewicht: 2 }];
    expect(sameIndikatoren(a, a.map((x) => ({ ...x })))).toBe(true);
    expect(sameIndikatoren(a, [a[1]!, a[0]!])).toBe(false);
    expect(sameIndikatoren(a, [a[0]!, { ...a[1]!, gewicht: 2.5 }])).toBe(false);
    expect(sameIndikatoren(a, [a[0]!, { ...a[1]!, richtung: -1 }])).toBe(false);
    expect(sameIndikatoren(a, [a[0]!])).toBe(false);
  });
});
