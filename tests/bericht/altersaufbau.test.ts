/** The age structure per year of age (sync-server/bericht/altersaufbau.ts): bands of unequal width made comparable. */
import { AGE_GROUPS } from '../../sync-server/routes/bericht';
import { OFFENES_BAND_JAHRE, proAltersjahr } from '../../sync-server/bericht/altersaufbau';

test('each band\'s share divided by its years; 80+ over 20 years; the per-year shares times widths add up to 100 %', () => {
  // 300 people aged 0–2 and 1,500 aged 30–44: the same density per year of age (100 per year)
  const bands = proAltersjahr(['bev_0_2', 'bev_30_44', 'bev_80_plus'], [300, 1500, 200]);
  expect(bands.map((b) => [b.label, b.jahre])).toEqual([['0–2', 3], ['30–44', 15], ['80+', OFFENES_BAND_JAHRE]]);
  expect(bands[0]!.proJahr).toBeCloseTo(bands[1]!.proJahr!, 10);
  expect(bands[0]!.proJahr).toBeCloseTo((100 * 300) / 2000 / 3, 10);
  expect(bands.reduce((s, b) => s + b.proJahr! * b.jahre, 0)).toBeCloseTo(100, 10);
});

test('the report\'s 14 groups are understood and cover 0 to 79 without gaps', () => {
  const bands = proAltersjahr(AGE_GROUPS, AGE_GROUPS.map(() => 10));
  expect(bands.slice(0, -1).reduce((s, b) => s + b.jahre, 0)).toBe(80);
  expect(bands.map((b) => b.label)).toEqual(['0–2', '3–5', '6–9', '10–14', '15–17', '18–19', '20–24', '25–29', '30–44', '45–59', '60–64', '65–74', '75–79', '80+']);
});

test('one suppressed band: no shares at all (a total without it would make every share wrong); a bad group name is refused', () => {
  expect(proAltersjahr(['bev_0_2', 'bev_3_5'], [null, 10]).map((b) => b.proJahr)).toEqual([null, null]);
  expect(() => proAltersjahr(['bev_alle'], [1])).toThrow('Altersgruppe „bev_alle“');
});
