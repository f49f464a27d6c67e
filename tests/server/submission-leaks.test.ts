/**
 * Issue 13 reproduced on the small test Kreis: answers of POST /api/submissions, the history and the
 * status show a Kommune nothing raw outside its own Stadt. The Kreis stores distinctive numbers for
 * Hattingen and the Kreis level (rows above areas whose parts are known, so the published count is
 * the sum of the parts and the stored number is raw only); Witten provokes echoes. On the code before
 * the fix these tests fail (403/422 became 409 listing the Kreis's rows; findings quoted the Kreis row).
 * The whole role × route scan is tests/server/confidentiality.test.ts.
 */
import request from 'supertest';
import { HATTINGEN, KREIS, TestServer, WITTEN, baublockeOf, testServer } from './helpers';

let t: TestServer;
const PERIOD = '2024';
const HATTINGEN_ROW = 7_341;
const KREIS_ROW = 9_157;
const canaryIn = (text: string) => [HATTINGEN_ROW, KREIS_ROW].filter((n) => new RegExp(`(?<![0-9.])(${n}|${n.toLocaleString('de-DE').replace('.', '\\.')})(?![0-9])`).test(text));
const post = (token: string, body: object) => request(t.app).post('/api/submissions').set(t.auth(token)).send(body);
const wBlock = baublockeOf(WITTEN)[0]!;

beforeAll(async () => {
  t = await testServer();
  const rows = [
    ...[...baublockeOf(WITTEN), ...baublockeOf(HATTINGEN)].map((area) => ({ area, variable: 'sterbefaelle', value: 2 })),
    { area: HATTINGEN, variable: 'sterbefaelle', value: HATTINGEN_ROW },
    { area: KREIS, variable: 'sterbefaelle', value: KREIS_ROW },
  ];
  await post(t.tokens.kreis, { period: PERIOD, rows }).expect(201);
});
afterAll(() => t.close());

test('a Kommune naming cells of another Stadt on a stale base gets 403 with no stored value', async () => {
  const res = await post(t.tokens.witten, { period: PERIOD, baseRevision: 0, rows: [{ area: HATTINGEN, variable: 'sterbefaelle', value: 1 }, { area: KREIS, variable: 'sterbefaelle', value: 1 }] });
  expect(res.status).toBe(403);
  expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['NICHT_EIGENES_GEBIET', 'NICHT_EIGENES_GEBIET']);
  expect(canaryIn(res.text)).toEqual([]);
});

test('an invalid submission on a stale base is 422, not a 409 listing what others stored', async () => {
  const res = await post(t.tokens.witten, { period: PERIOD, baseRevision: 0, rows: [{ area: wBlock, variable: 'sterbefaelle', value: -1 }] });
  expect(res.status).toBe(422);
  expect(canaryIn(res.text)).toEqual([]);
});

test('a 409 of a Kommune lists only its own Stadt’s rows of a Kreis submission, counted and unhashed accordingly', async () => {
  const res = await post(t.tokens.witten, { period: PERIOD, baseRevision: 0, rows: [{ area: wBlock, variable: 'sterbefaelle', value: 3 }] }).expect(409);
  expect(canaryIn(res.text)).toEqual([]);
  expect(res.body.changes).toHaveLength(1);
  const [change] = res.body.changes;
  expect(change.rows.map((r: { area: string }) => r.area).sort()).toEqual(baublockeOf(WITTEN));
  expect(change).toMatchObject({ rowCount: 4, rowsShown: 4, contentHash: null });
  expect(res.body.overlapping).toEqual([{ area: wBlock, variable: 'sterbefaelle', value: 2, submissionId: change.submissionId }]);
  // the Kreis's own 409 still lists everything (the filter is per role, not a blanket cut)
  const kreis = await post(t.tokens.kreis, { period: PERIOD, baseRevision: 0, rows: [{ area: KREIS, variable: 'sterbefaelle', value: KREIS_ROW }] }).expect(409);
  expect(canaryIn(kreis.text)).toEqual([HATTINGEN_ROW, KREIS_ROW]);
  expect(kreis.body.changes[0].rowCount).toBe(10);
});

test('a Stadt sum pushed over the Kreis row: the finding does not quote the Kreis’s raw value', async () => {
  const res = await post(t.tokens.witten, { period: PERIOD, rows: [{ area: wBlock, variable: 'sterbefaelle', value: 19_999 }, { area: baublockeOf(WITTEN)[1], variable: 'geburten', value: -1 }] });
  expect(res.status).toBe(422);
  expect(canaryIn(res.text)).toEqual([]);
  // the same for the Kreis does quote it: the check itself still sees the Kreis row
  const kreis = await post(t.tokens.kreis, { period: PERIOD, rows: [{ area: wBlock, variable: 'sterbefaelle', value: 19_999 }] }).expect(422);
  expect(canaryIn(kreis.text)).toEqual([KREIS_ROW]);
});

test('history: each Stadt sees its own rows of the Kreis submission, never the Kreis row', async () => {
  for (const [token, stadt, own] of [[t.tokens.witten, WITTEN, []], [t.tokens.hattingen, HATTINGEN, [HATTINGEN_ROW]]] as const) {
    for (const query of [`period=${PERIOD}`, `area=${baublockeOf(stadt)[0]}`]) {
      const res = await request(t.app).get(`/api/submissions?${query}`).set(t.auth(token)).expect(200);
      expect(canaryIn(res.text)).toEqual(query.startsWith('area') ? [] : own);
      const s = res.body.submissions.find((x: { meldebereich: string }) => x.meldebereich === KREIS);
      expect(s.contentHash).toBeNull();
      expect(s.rowCount).toBe(stadt === HATTINGEN ? 5 : 4);
      for (const r of s.rows) expect(r.area.startsWith(stadt)).toBe(true);
    }
  }
});

test('status: a Kommune sees only its own Stadt, the Kreis every Meldebereich', async () => {
  const own = await request(t.app).get(`/api/status?period=${PERIOD}`).set(t.auth(t.tokens.witten)).expect(200);
  expect(own.body.bereiche.map((b: { code: string }) => b.code)).toEqual([WITTEN]);
  const kreis = await request(t.app).get(`/api/status?period=${PERIOD}`).set(t.auth(t.tokens.kreis)).expect(200);
  expect(kreis.body.bereiche.map((b: { code: string }) => b.code)).toEqual([KREIS, HATTINGEN, WITTEN]);
});
