/**
 * Geheimhaltung over real HTTP (real SQLite, supertest): the Kreis sees everything, a Kommune its
 * own areas raw and other areas published, `leser` only published values; the published output is
 * attacked with the LP attacker.
 */
import request from 'supertest';
import { AreaTree, IndicatorEngine, ValueTable, parseAreaExchange, standardCatalogue } from '../../shared';
import type { SuppressionPattern } from '../../shared/disclosure';
import { HATTINGEN, TestServer, WITTEN, baublockeOf, testAreas, testServer } from '../server/helpers';
import { createApp } from '../../sync-server/app';
import { attack } from './attacker';

let t: TestServer;
const AGE = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus'];
const [W1, W2, W3, W4] = baublockeOf(WITTEN) as [string, string, string, string];
const H1 = baublockeOf(HATTINGEN)[0]!;

/** Age bands 10 each, except the given ones; bevoelkerung is their sum. */
function population(area: string, except: Record<string, number> = {}) {
  const bands = AGE.map((variable) => ({ area, variable, value: except[variable] ?? 10 }));
  return [...bands, { area, variable: 'bevoelkerung', value: bands.reduce((s, b) => s + b.value, 0) }];
}

const post = (token: string, body: unknown) =>
  request(t.app).post('/api/submissions').set(t.auth(token)).set('Content-Type', 'application/json').send(JSON.stringify(body)).expect(201);
const get = (token: string, path: string) => request(t.app).get(path).set(t.auth(token)).expect(200);

beforeAll(async () => {
  t = await testServer();
  await post(t.tokens.witten, {
    period: '2024',
    rows: [
      ...population(W1, { bev_80_plus: 1 }),
      ...population(W2),
      ...population(W3, { bev_80_plus: 2, bev_75_79: 4 }),
      ...population(W4),
      ...[W1, W2, W3, W4].map((area, i) => ({ area, variable: 'hlu', value: [1, 6, 7, 9][i]! })),
      ...[W1, W2, W3, W4].map((area) => ({ area, variable: 'gsiae', value: 10 })),
    ],
  });
  await post(t.tokens.hattingen, { period: '2024', rows: baublockeOf(HATTINGEN).flatMap((b) => population(b)) });
});
afterAll(() => t.close());

type Row = { area: string; variable?: string; indicator?: string; value: number | null; status?: string; reason?: string; numerator?: number | null; denominator?: number | null; geheimhaltung?: { sperre: string; grund: string } };
const find = (rows: Row[], area: string, name: string) => rows.find((r) => r.area === area && (r.variable ?? r.indicator) === name);

test('leser: small counts are gesperrt without a reason; value removed', async () => {
  const res = await get(t.tokens.leser, `/api/values?period=2024&areas=${W1},${W3},${W2}&variables=bev_80_plus,hlu,bev_0_2,bev_30_44`);
  expect(find(res.body.rows, W1, 'bev_80_plus')).toEqual({ area: W1, variable: 'bev_80_plus', value: null, status: 'gesperrt' });
  expect(find(res.body.rows, W3, 'bev_80_plus')).toEqual({ area: W3, variable: 'bev_80_plus', value: null, status: 'gesperrt' });
  expect(find(res.body.rows, W1, 'hlu')).toEqual({ area: W1, variable: 'hlu', value: null, status: 'gesperrt' });
  const published = res.body.rows.filter((r: Row) => r.area === W2 && r.variable === 'bev_0_2' && r.status === undefined);
  for (const r of published) expect(r).toEqual({ area: W2, variable: 'bev_0_2', value: 10 });
  // of the unsuppressed cells each shows its value
  const shown = res.body.rows.filter((r: Row) => r.status === undefined);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((r: Row) => r.value === 10 || (r.variable === 'hlu' && r.value! >= 6))).toBe(true);
  expect(res.body.disclosureControl).toMatch(/Fallzahlen unter 3/);
  expect(res.body.disclosureControl).toMatch(/Teil-Ganzes-Regeln/);
  expect(res.body.disclosureControl).toContain('„.“ = Zahlenwert geheim gehalten (Geheimhaltung)');
});

test('secondary suppression: the reader sees it like a primary one, the Kreis sees why', async () => {
  const res = await get(t.tokens.leser, '/api/values?period=2024');
  // hlu: W1 (1) alone in its Gemeindeteil with W2 (6): W2 must go too, else 05954036-01 - W2 = W1.
  expect(find(res.body.rows, W2, 'hlu')).toEqual({ area: W2, variable: 'hlu', value: null, status: 'gesperrt' });
  const kreis = (await get(t.tokens.kreis, '/api/values?period=2024')).body.rows as Row[];
  expect(find(kreis, W2, 'hlu')).toMatchObject({ value: 6, geheimhaltung: { sperre: 'sekundaer', grund: 'gesperrt, damit eine gesperrte Zahl nicht aus Summen und Teil-Ganzes-Regeln errechnet oder eingegrenzt werden kann' } });
  expect(find(kreis, W1, 'hlu')).toMatchObject({ value: 1, geheimhaltung: { sperre: 'primaer', grund: 'weniger als 3 Fälle' } });
  // a published value carries no geheimhaltung field
  expect(find(kreis, W4, 'hlu')).toEqual({ area: W4, variable: 'hlu', value: 9, submissionId: expect.any(Number) });
  // exactly the cells the reader gets as "." carry the reason
  const hidden = new Set(res.body.rows.filter((r: Row) => r.status === 'gesperrt').map((r: Row) => `${r.area} ${r.variable}`));
  expect(kreis.filter((r) => r.geheimhaltung).length).toBeGreaterThan(2);
  for (const r of kreis) expect([r.area, r.variable, r.geheimhaltung !== undefined]).toEqual([r.area, r.variable, hidden.has(`${r.area} ${r.variable}`)]);
});

test('the published output of /api/values withstands the LP attacker, Teil-Ganzes rules included', async () => {
  const kreisRaw = (await get(t.tokens.kreis, '/api/values?period=2024')).body.rows as { area: string; variable: string; value: number }[];
  const published = (await get(t.tokens.leser, '/api/values?period=2024')).body.rows as Row[];
  const catalogue = standardCatalogue();
  const tree = AreaTree.build(parseAreaExchange(testAreas()).areas);
  const engine = new IndicatorEngine(catalogue, tree, ValueTable.fromRows('2024', kreisRaw));
  const count = (a: string, m: string) => engine.count(a, m, '2024').value;
  // The pattern as the attacker sees it: only what the HTTP answer says is gesperrt.
  const cells = new Map(published.filter((r) => r.status === 'gesperrt').map((r) => [`${r.area}\u0000${r.variable}`, { sperre: 'primaer' as const, grund: '' }]));
  for (const r of published) if (r.value !== null) expect(r.value).toBe(count(r.area, r.variable!));
  const pattern = { cells, threshold: () => 3 } as unknown as SuppressionPattern;
  // the attacker also knows the catalogue's Teil-Ganzes rules (here: hlu + gsiae <= bevoelkerung)
  const intervals = await attack(catalogue, tree, count, pattern, undefined, true);
  expect(intervals.length).toBeGreaterThanOrEqual(4);
  expect(intervals.filter((i) => i.max - i.min < 3 - 1e-6)).toEqual([]);
});

test('the owner municipality sees its own raw values; another municipality only published ones', async () => {
  const own = await get(t.tokens.witten, `/api/values?period=2024&areas=${W1}&variables=bev_80_plus`);
  expect(own.body.rows).toEqual([expect.objectContaining({ area: W1, variable: 'bev_80_plus', value: 1 })]);
  const other = await get(t.tokens.hattingen, `/api/values?period=2024&areas=${W1},${H1}&variables=bev_80_plus`);
  expect(find(other.body.rows, W1, 'bev_80_plus')).toMatchObject({ status: 'gesperrt', value: null });
  expect(find(other.body.rows, H1, 'bev_80_plus')).toMatchObject({ value: 10 });
  const kreis = await get(t.tokens.kreis, `/api/values?period=2024&areas=${W1}&variables=bev_80_plus`);
  expect(kreis.body.rows).toEqual([expect.objectContaining({ value: 1 })]);
});

test('indicators: gesperrt for leser and other municipalities, raw for owner and Kreis', async () => {
  const q = `/api/indicators?period=2024&ids=greying_index,anteil_65plus,sgb12_quote&areas=${W1},${W2},${WITTEN}`;
  const leser = (await get(t.tokens.leser, q)).body.rows as Row[];
  const gesperrt = (area: string, indicator: string) => ({ area, indicator, period: '2024', value: null, numerator: null, denominator: null, status: 'gesperrt' });
  expect(find(leser, W1, 'greying_index')).toEqual(gesperrt(W1, 'greying_index'));
  // secondary (an input of W2 is suppressed to protect W1) looks exactly the same
  expect(find(leser, W2, 'sgb12_quote')).toEqual(gesperrt(W2, 'sgb12_quote'));
  expect(find(leser, WITTEN, 'anteil_65plus')).toMatchObject({ status: 'ok' });
  const hattingen = (await get(t.tokens.hattingen, q)).body.rows as Row[];
  expect(find(hattingen, W1, 'greying_index')).toMatchObject({ status: 'gesperrt' });
  for (const token of [t.tokens.witten, t.tokens.kreis]) {
    const rows = (await get(token, q)).body.rows as Row[];
    expect(find(rows, W1, 'greying_index')).toMatchObject({ status: 'ok', numerator: 1, geheimhaltung: { sperre: 'primaer', grund: 'gesperrt, weil eine Zahl, aus der sie berechnet wird, gesperrt ist' } });
    expect(find(rows, W2, 'sgb12_quote')).toMatchObject({ status: 'ok', geheimhaltung: { sperre: 'sekundaer' } });
    expect(find(rows, WITTEN, 'anteil_65plus')!.geheimhaltung).toBeUndefined();
  }
});

test('indicators: a denominator below 50 is gesperrt', async () => {
  // A Hattingen block with 14 people (one per band) in a new period.
  const rows = baublockeOf(HATTINGEN).flatMap((b, i) => population(b, i === 0 ? Object.fromEntries(AGE.map((a) => [a, 5])) : {}));
  await post(t.tokens.hattingen, { period: '2023', rows });
  const res = await get(t.tokens.leser, `/api/indicators?period=2023&ids=anteil_65plus&areas=${H1}`);
  expect(res.body.rows[0]).toMatchObject({ status: 'ok', denominator: 70 });
  expect(res.body.rows[0].geheimhaltung).toBeUndefined();
  const small = baublockeOf(HATTINGEN).flatMap((b, i) => population(b, i === 0 ? Object.fromEntries(AGE.map((a) => [a, 3])) : {}));
  await post(t.tokens.hattingen, { period: '2022', rows: small });
  const res2 = await get(t.tokens.leser, `/api/indicators?period=2022&ids=anteil_65plus&areas=${H1}`);
  // withheld for its denominator alone: the same row as any other suppressed Kennzahl
  expect(res2.body.rows[0]).toEqual({ area: H1, indicator: 'anteil_65plus', period: '2022', value: null, numerator: null, denominator: null, status: 'gesperrt' });
  const kreis = await get(t.tokens.kreis, `/api/indicators?period=2022&ids=anteil_65plus&areas=${H1}`);
  expect(kreis.body.rows[0]).toMatchObject({ status: 'ok', denominator: 42, geheimhaltung: { sperre: 'primaer', grund: 'Nenner kleiner als 50' } });
});

test('a row without a value whose inputs are suppressed is gesperrt like any other, not fehlende_werte', async () => {
  await post(t.tokens.witten, { period: '2021', rows: [W1, W2, W3, W4].flatMap((area, i) => [{ area, variable: 'hlu', value: i === 0 ? 1 : 8 }, { area, variable: 'gsiae', value: i === 0 ? 1 : 8 }]) });
  const q = `/api/indicators?period=2021&ids=sgb12_quote&areas=${W1},${W3}`;
  const kreis = (await get(t.tokens.kreis, q)).body.rows as Row[];
  expect(find(kreis, W1, 'sgb12_quote')).toMatchObject({ status: 'fehlende_werte', numerator: 2, denominator: null, geheimhaltung: { sperre: 'primaer' } });
  const leser = (await get(t.tokens.leser, q)).body.rows as Row[];
  expect(find(leser, W1, 'sgb12_quote')).toEqual({ area: W1, indicator: 'sgb12_quote', period: '2021', value: null, numerator: null, denominator: null, status: 'gesperrt' });
  // a missing input alone (no suppressed input: W3 has 8 + 8) keeps its status and reason
  expect(find(kreis, W3, 'sgb12_quote')!.geheimhaltung).toBeUndefined();
  expect(find(leser, W3, 'sgb12_quote')).toMatchObject({ status: 'fehlende_werte', value: null, numerator: 16 });
  expect(find(leser, W3, 'sgb12_quote')!.reason).toMatch(/bevoelkerung|Bevölkerung/);
});

test('after a write the published output equals that of a freshly started server (patterns kept across periods are never stale)', async () => {
  const rows = (bev80: number) => [W1, W2, W3, W4].flatMap((a, i) => population(a, i === 0 ? { bev_80_plus: bev80 } : {}));
  await post(t.tokens.witten, { period: '2025', rows: rows(1) });
  await post(t.tokens.witten, { period: '2030', rows: rows(2) });
  // bevoelkerungsentwicklung_5j of 2030 reads bevoelkerung of 2025 (t-5): the 2030 answer uses
  // the pattern of 2025 that the 2025 answer computed
  const ask = async (app: typeof t.app) => ({
    values2025: (await request(app).get('/api/values?period=2025').set(t.auth(t.tokens.leser)).expect(200)).body.rows as Row[],
    indicators2030: (await request(app).get('/api/indicators?period=2030').set(t.auth(t.tokens.leser)).expect(200)).body.rows as Row[],
  });
  const before = await ask(t.app);
  expect(find(before.values2025, W1, 'bev_80_plus')).toEqual({ area: W1, variable: 'bev_80_plus', value: null, status: 'gesperrt' });
  await post(t.tokens.witten, { period: '2025', rows: rows(7) });
  const after = await ask(t.app);
  expect(find(after.values2025, W1, 'bev_80_plus')).toEqual({ area: W1, variable: 'bev_80_plus', value: 7 });
  expect(after.indicators2030).not.toEqual(before.indicators2030);
  expect(after).toEqual(await ask(createApp(t.storage, { log: () => undefined })));
});
