/** GET /api/submissions pages through the history newest first (keyset paging with `before`). */
import request from 'supertest';
import { TestServer, WITTEN, testServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
  const area = `${WITTEN}-01-0001`;
  for (let v = 1; v <= 7; v++) {
    await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).send({ period: '2022', rows: [{ area, variable: 'geburten', value: v }] }).expect(201);
  }
});
afterAll(async () => {
  await t.close();
});

const page = (query: string) => request(t.app).get(`/api/submissions?period=2022${query}`).set(t.auth(t.tokens.kreis));

test('pages of 3 cover all 7 submissions exactly once, newest first, and the last page says so', async () => {
  const seen: number[] = [];
  let next: number | null = null;
  let pages = 0;
  do {
    const res: request.Response = await page(`&limit=3${next !== null ? `&before=${next}` : ''}`).expect(200);
    seen.push(...res.body.submissions.map((s: { rows: { value: number }[] }) => s.rows[0]!.value));
    next = res.body.next;
    pages++;
  } while (next !== null && pages < 10);
  expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  expect(pages).toBe(3);
});

test('without a limit, a page holds up to 100 and `next` is null when everything fits', async () => {
  const res = await page('').expect(200);
  expect(res.body.submissions).toHaveLength(7);
  expect(res.body.next).toBeNull();
});

test.each([
  ['limit=0', 'limit'],
  ['limit=1001', 'limit'],
  ['limit=zehn', 'limit'],
  ['before=-1', 'before'],
])('a bad paging parameter (%s) is named in a 400', async (query, field) => {
  const res = await page(`&${query}`).expect(400);
  expect(JSON.stringify(res.body)).toContain(field);
});
