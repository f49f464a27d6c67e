/**
 * Finished raw answers (sync-server/raw-answers.ts, issue 17): the Kreis's and a Kommune's
 * /api/indicators and /api/values kept per role, query and state of the data. Confidentiality first:
 * a Kommune never gets the Kreis's or another Kommune's kept answer (same URL, after the other has
 * warmed the cache); a submission of another city and a release change the answer at once. Then the
 * cache itself: used for repeated requests, one computation for simultaneous ones, bounded by count
 * and bytes, nothing kept when a write came in between (also one by another process).
 */
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../sync-server/app';
import { databaseFile } from '../../sync-server/config';
import { DomainState } from '../../sync-server/domain';
import { makeAnswer } from '../../sync-server/http/answer';
import { RawAnswers, rawAnswersOf } from '../../sync-server/raw-answers';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import { submitDataset } from '../../sync-server/submissions';
import { HATTINGEN, TestServer, WITTEN, baublockeOf, populationRows, testServer } from './helpers';

let t: TestServer;
let app: Express;
let state: DomainState;
let raw: RawAnswers;

beforeAll(async () => {
  t = await testServer({ freigabe: 'pruefung' });
  // the app of testServer keeps its DomainState to itself; this one is served so that its caches can be looked at
  state = new DomainState(t.storage);
  app = createApp(t.storage, { log: () => undefined, freigabe: 'pruefung', state });
  raw = rawAnswersOf(state);
  await submit(t.tokens.witten, dataset(WITTEN, 100, [1, 40]));
  await submit(t.tokens.hattingen, dataset(HATTINGEN, 120, [30, 40]));
  await release().expect(201);
});
afterAll(async () => {
  await t.close();
});

const get = (token: string, path: string) => request(app).get(path).set(t.auth(token));
const submit = (token: string, rows: unknown[]) => request(app).post('/api/submissions').set(t.auth(token)).send({ period: '2024', rows }).expect(201);
const release = () => request(app).post('/api/freigaben').set(t.auth(t.tokens.kreis)).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024' }));
/** population of every Baublock, and unemployed counts of the two Gemeindeteile */
const dataset = (stadt: string, base: number, arbeitslose: number[]) => [
  ...baublockeOf(stadt).flatMap((b) => populationRows(b, base)),
  ...['01', '02'].map((gt, i) => ({ area: `${stadt}-${gt}`, variable: 'arbeitslose', value: arbeitslose[i]! })),
];
const arbeitslose = (area: string, value: number) => [{ area, variable: 'arbeitslose', value }];

const URL = '/api/indicators?period=2024';
type Row = { area: string; indicator: string; numerator: number | null; status: string; geheimhaltung?: { sperre: string } };
const row = (body: { rows: Row[] }, area: string) => body.rows.find((r) => r.area === area && r.indicator === 'arbeitslosendichte')!;
const valueOf = (body: { rows: { area: string; variable: string; value: number | null }[] }, area: string) => body.rows.find((r) => r.area === area && r.variable === 'arbeitslose')?.value;

test('a Kommune never gets the Kreis’s or another Kommune’s kept answer to the same URL', async () => {
  const h02 = `${HATTINGEN}-02`;
  const w01 = `${WITTEN}-01`;
  // Hattingen's canary, not released: the Kreis and Hattingen see it raw, Witten only the released 40
  await submit(t.tokens.hattingen, arbeitslose(h02, 77));
  const kreis = await get(t.tokens.kreis, URL).expect(200);
  expect(row(kreis.body, h02).numerator).toBe(77);
  const computed = raw.stats.computed;
  const hits = raw.stats.hits;
  // the Kreis's answer is kept: the same bytes again, without a computation
  const again = await get(t.tokens.kreis, URL).expect(200);
  expect(again.text).toBe(kreis.text);
  expect(raw.stats.hits).toBe(hits + 1);
  expect(raw.stats.computed).toBe(computed);

  const witten = await get(t.tokens.witten, URL).expect(200);
  expect(witten.text).not.toBe(kreis.text);
  expect(witten.headers.etag).not.toBe(kreis.headers.etag);
  expect(row(witten.body, h02).numerator).toBe(40);
  expect(witten.text).not.toMatch(/"numerator":77\b/);
  // the Kreis's ETag is no 304 for Witten: that would confirm the Kreis's answer to it
  await get(t.tokens.witten, URL).set('If-None-Match', kreis.headers.etag as string).expect(200);
  // Witten sees its own small count raw, with the reason readers get "."
  expect(row(witten.body, w01)).toMatchObject({ numerator: 1, geheimhaltung: { sperre: expect.any(String) } });

  // Hattingen after Witten warmed the cache: its own canary raw, Witten's small count as readers see it
  const hattingen = await get(t.tokens.hattingen, URL).expect(200);
  expect(row(hattingen.body, h02).numerator).toBe(77);
  expect(row(hattingen.body, w01)).toMatchObject({ status: 'gesperrt', numerator: null });
  expect(row(hattingen.body, w01).geheimhaltung).toBeUndefined();
  // and Witten after Hattingen: still its own answer
  const witten2 = await get(t.tokens.witten, URL).expect(200);
  expect(witten2.text).toBe(witten.text);
  expect(row(witten2.body, h02).numerator).toBe(40);

  // the same for /api/values
  const values = `/api/values?period=2024&areas=${h02},${w01}`;
  expect(valueOf((await get(t.tokens.kreis, values).expect(200)).body, h02)).toBe(77);
  expect(valueOf((await get(t.tokens.hattingen, values).expect(200)).body, h02)).toBe(77);
  const wittenValues = await get(t.tokens.witten, values).expect(200);
  expect(valueOf(wittenValues.body, h02)).toBe(40);
  expect(valueOf(wittenValues.body, w01)).toBe(1);
  expect(valueOf((await get(t.tokens.hattingen, values).expect(200)).body, w01)).toBeNull();

  // JSON and CSV of one URL are two answers
  const csv = await get(t.tokens.kreis, URL).set('Accept', 'text/csv').expect(200);
  expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  expect((await get(t.tokens.kreis, URL).expect(200)).headers['content-type']).toMatch(/^application\/json/);
});

test('a submission by another city changes the Kreis’s kept answer at once', async () => {
  const w02 = `${WITTEN}-02`;
  const first = await get(t.tokens.kreis, URL).expect(200);
  await get(t.tokens.kreis, URL).set('If-None-Match', first.headers.etag as string).expect(304);
  const values = `/api/values?period=2024&areas=${w02}`;
  expect(valueOf((await get(t.tokens.kreis, values).expect(200)).body, w02)).toBe(40);
  await submit(t.tokens.witten, arbeitslose(w02, 55));
  const after = await get(t.tokens.kreis, URL).set('If-None-Match', first.headers.etag as string).expect(200);
  expect(after.headers.etag).not.toBe(first.headers.etag);
  expect(row(after.body, w02).numerator).toBe(55);
  expect(valueOf((await get(t.tokens.kreis, values).expect(200)).body, w02)).toBe(55);
  // Witten's own kept answer too; Hattingen's shows the released state (secret beside the small count 1)
  expect(row((await get(t.tokens.witten, URL).expect(200)).body, w02).numerator).toBe(55);
  expect(row((await get(t.tokens.hattingen, URL).expect(200)).body, w02)).toMatchObject({ status: 'gesperrt', numerator: null });
});

test('a release changes the `geheimhaltung` marks of the kept raw answer at once', async () => {
  const w01 = `${WITTEN}-01`;
  // the released count 1 is secret for readers; the Kreis sees the new 35 raw, still marked by the release
  await submit(t.tokens.witten, arbeitslose(w01, 35));
  const before = await get(t.tokens.kreis, URL).expect(200);
  expect(row(before.body, w01)).toMatchObject({ numerator: 35, geheimhaltung: { sperre: expect.any(String) } });
  const hits = raw.stats.hits;
  await get(t.tokens.kreis, URL).set('If-None-Match', before.headers.etag as string).expect(304);
  expect(raw.stats.hits).toBe(hits + 1);
  const valuesUrl = `/api/values?period=2024&areas=${w01}`;
  expect((await get(t.tokens.kreis, valuesUrl).expect(200)).body.rows[0].geheimhaltung).toBeDefined();

  await release().expect(201);
  const after = await get(t.tokens.kreis, URL).set('If-None-Match', before.headers.etag as string).expect(200);
  expect(row(after.body, w01).numerator).toBe(35);
  expect(row(after.body, w01).geheimhaltung).toBeUndefined();
  expect((await get(t.tokens.kreis, valuesUrl).expect(200)).body.rows[0].geheimhaltung).toBeUndefined();
  // Hattingen now gets Witten's released numbers
  expect(row((await get(t.tokens.hattingen, URL).expect(200)).body, w01).numerator).toBe(35);
});

describe('the cache itself', () => {
  const KREIS = { rolle: 'kreis' } as const;
  const answerOf = (text: string) => () => makeAnswer('text/plain', text);

  test('simultaneous requests for one key: one computation; readers are never kept', async () => {
    const cache = new RawAnswers(state);
    const key = await cache.keyOf(KREIS, 'q', '2024');
    let made = 0;
    const slow = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 20));
      return makeAnswer('text/plain', 'eins');
    };
    const answers = await Promise.all([cache.answer(key, slow), cache.answer(key, slow), cache.answer(key, slow)]);
    expect(made).toBe(1);
    expect(new Set(answers.map((a) => a.etag)).size).toBe(1);
    expect(await cache.keyOf({ rolle: 'leser' }, 'q', '2024')).toBeUndefined();
    expect(await cache.keyOf(KREIS, 'x'.repeat(2001), '2024')).toBeUndefined();
    // without a key: computed every time
    await cache.answer(undefined, slow);
    await cache.answer(undefined, slow);
    expect(made).toBe(3);
  });

  test('bounded by count and by bytes, least recently used first; one state per query; too large answers are not kept', async () => {
    const cache = new RawAnswers(state, { answers: 3, bytes: 100 });
    const keys = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((q) => cache.keyOf(KREIS, q, '2024')));
    for (const [i, k] of keys.slice(0, 3).entries()) await cache.answer(k, answerOf(`${i}`.repeat(10)));
    expect(cache.size).toEqual({ answers: 3, bytes: 30 });
    await cache.answer(keys[0], answerOf('nicht gebraucht')); // a hit: `a` is now the most recently used
    await cache.answer(keys[3], answerOf('d'.repeat(10)));
    expect(cache.size).toEqual({ answers: 3, bytes: 30 });
    const hits = cache.stats.hits;
    expect((await cache.answer(keys[0], answerOf('neu'))).body.toString()).toBe('0'.repeat(10));
    expect(cache.stats.hits).toBe(hits + 1);
    expect((await cache.answer(keys[1], answerOf('b neu'))).body.toString()).toBe('b neu'); // `b` went first
    // kept now: d, a, b. A new state (a submission): each query's new answer replaces its old one
    await submit(t.tokens.hattingen, arbeitslose(`${HATTINGEN}-01`, 31));
    const fresh = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((q) => cache.keyOf(KREIS, q, '2024')));
    expect((await cache.answer(fresh[3], answerOf('d'.repeat(45)))).body.length).toBe(45);
    expect(cache.size).toEqual({ answers: 3, bytes: 60 });
    expect((await cache.answer(fresh[0], answerOf('A'.repeat(10)))).body.toString()).toBe('A'.repeat(10)); // order: b, d, a
    // 48 bytes more make 108 in 4 answers: b goes for the count, d for the bytes
    await cache.answer(fresh[4], answerOf('e'.repeat(48)));
    expect(cache.size).toEqual({ answers: 2, bytes: 58 });
    expect((await cache.answer(fresh[3], answerOf('d neu'))).body.toString()).toBe('d neu');
    // more than half the budget: sent, not kept
    const big = await cache.keyOf(KREIS, 'gross', '2024');
    expect((await cache.answer(big, answerOf('g'.repeat(51)))).body.length).toBe(51);
    expect((await cache.answer(big, answerOf('g2'))).body.toString()).toBe('g2');
  });

  test('an answer is not kept when a write comes in between, not even one by another process; the next key differs', async () => {
    const cache = new RawAnswers(state);
    const key = await cache.keyOf(KREIS, 'q', '2024');
    const otherStorage = new SqliteStorage(databaseFile(t.dir));
    try {
      const other = new DomainState(otherStorage);
      const notKept = cache.stats.notKept;
      await cache.answer(key, async () => {
        const out = await submitDataset(other, { body: { period: '2024', rows: arbeitslose(`${HATTINGEN}-01`, 33) }, actor: { label: 'anderer Prozess', tokenId: null, role: KREIS } });
        expect(out.status).toBe(201);
        return makeAnswer('text/plain', 'vorher');
      });
      expect(cache.stats.notKept).toBe(notKept + 1);
      const next = await cache.keyOf(KREIS, 'q', '2024');
      expect(next!.inputs).not.toBe(key!.inputs);
      expect((await cache.answer(key, answerOf('neu berechnet'))).body.toString()).toBe('neu berechnet');
      // a release by the other process (the `geheimhaltung` marks come from it) moves the key too
      expect(await otherStorage.release('2024', [HATTINGEN], { label: 'anderer Prozess', tokenId: null, role: KREIS })).toBeDefined();
      expect((await cache.keyOf(KREIS, 'q', '2024'))!.inputs).not.toBe(next!.inputs);
    } finally {
      await otherStorage.close();
    }
  });
});
