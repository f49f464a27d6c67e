/**
 * The public report from the readers' snapshots (sync-server/reader-view.ts, issue 17): its data,
 * profile, matrix and export answers and /api/values for readers carry the same numbers and "." as
 * the published view computed directly (publishedIndicators / publishedValues, what the routes did
 * before); their ETags do not move with unreleased data (304, nothing computed); during a release's
 * computation (held by the snapshotHook) they are the previous state, at once; then the new one.
 */
import request from 'supertest';
import type { Role } from '../../shared';
import { DomainState } from '../../sync-server/domain';
import { publishedIndicators, publishedValues } from '../../sync-server/publication';
import { HATTINGEN, KREIS, SnapshotControl, TestServer, WITTEN, datasetWithUnemployed, testServer } from './helpers';

const LESER: Role = { rolle: 'leser' };
let t: TestServer;
const snapshots = new SnapshotControl();

beforeAll(async () => {
  t = await testServer({ freigabe: 'pruefung', snapshotHook: snapshots.hook });
});
afterAll(async () => {
  await t.close();
});

const submit = (token: string, rows: unknown[]) => request(t.app).post('/api/submissions').set(t.auth(token)).send({ period: '2024', rows }).expect(201);
const release = () => request(t.app).post('/api/freigaben').set(t.auth(t.tokens.kreis)).send({ period: '2024' });
const GT = `${HATTINGEN}-02`;
/** every answer of the report a reader loads, and /api/values as a reader */
const URLS = ['/bericht/daten/kennzahl/arbeitslosendichte', '/bericht/export.csv?period=2024', `/bericht/gebiet/${GT}?period=2024`, '/bericht/daten/altersaufbau?period=2024', '/bericht/sozialindex-matrix?period=2024', '/api/values?period=2024'];
const get = (url: string) => request(t.app).get(url).set(t.auth(t.tokens.leser));
const reportAreas = [KREIS, WITTEN, `${WITTEN}-01`, `${WITTEN}-02`, HATTINGEN, `${HATTINGEN}-01`, GT];
const dichte = async (area: string) => ((await get('/bericht/daten/kennzahl/arbeitslosendichte').expect(200)).body.rows as { area: string; value: number | null }[]).find((r) => r.area === area)?.value;

test('the answers carry what the published view computed directly gives a reader, "." included', async () => {
  await submit(t.tokens.witten, datasetWithUnemployed(WITTEN, 100, [1, 40]));
  await submit(t.tokens.hattingen, datasetWithUnemployed(HATTINGEN, 120, [30, 40]));
  await release().expect(201);
  const state = new DomainState(t.storage);
  const direct = await publishedIndicators(state, { period: '2024', role: LESER, ids: ['arbeitslosendichte'], areas: reportAreas.slice().sort() });
  expect(direct.some((r) => r.status === 'gesperrt')).toBe(true);
  const served = (await get('/bericht/daten/kennzahl/arbeitslosendichte').expect(200)).body.rows;
  expect(served).toEqual(direct);
  // the export: "." exactly where the direct view suppresses
  const csv = (await get('/bericht/export.csv?period=2024').expect(200)).text.split('\r\n').map((l) => l.split(';'));
  for (const r of direct) expect([r.area, csv.find((l) => l[1] === r.area && l[10] === 'arbeitslosendichte')?.[5]]).toEqual([r.area, r.status === 'gesperrt' ? '.' : expect.stringMatching(/^-?\d+(,\d)?$/)]);
  // each profile's own cell: "." where the direct view suppresses, else a number
  for (const r of direct.filter((x) => x.area.includes('-'))) {
    const html = (await get(`/bericht/gebiet/${r.area}?period=2024`).expect(200)).text;
    const cell = new RegExp(`<tr data-kennzahl="arbeitslosendichte">.*?<td class="zahl" data-spalte="gebiet">([^<]*)</td>`).exec(html)?.[1];
    expect([r.area, cell]).toEqual([r.area, r.status === 'gesperrt' ? '.' : expect.stringMatching(/^\d+,\d$/)]);
  }
  const values = (await get('/api/values?period=2024').expect(200)).body.rows;
  expect(values).toEqual(await publishedValues(state, { period: '2024', role: LESER }));
  expect(values.some((v: { status?: string }) => v.status === 'gesperrt')).toBe(true);
});

test('unreleased data changes nothing: the same ETags, 304 on If-None-Match, nothing computed', async () => {
  const before = await Promise.all(URLS.map(async (u) => (await get(u).expect(200)).headers.etag as string));
  for (const e of before) expect(e).toMatch(/^W\/".+"$/);
  const counted = snapshots.computations;
  await submit(t.tokens.hattingen, datasetWithUnemployed(HATTINGEN, 120, [31, 90]));
  // the answers that show Hattingen-02's Arbeitslosendichte or its count (the matrix may keep its classes and bytes)
  for (const [i, u] of URLS.entries()) {
    if (u.includes('matrix')) continue;
    expect([u, (await get(u).expect(200)).headers.etag]).toEqual([u, before[i]]);
    await get(u).set('If-None-Match', before[i]!).expect(304);
  }
  expect(snapshots.computations).toBe(counted);
});

test('during a release readers get the previous state at once; then the released one', async () => {
  const old = await Promise.all(URLS.map(async (u) => (await get(u).expect(200)).headers.etag as string));
  const oldValue = await dichte(GT);
  expect(typeof oldValue).toBe('number');
  const held = snapshots.holdNext();
  const releasing = release().then((r) => r);
  await held.reached;
  try {
    const counted = snapshots.computations;
    for (const [i, u] of URLS.entries()) expect([u, (await get(u).expect(200)).headers.etag]).toEqual([u, old[i]]);
    expect(await dichte(GT)).toBe(oldValue);
    expect(snapshots.computations).toBe(counted);
  } finally {
    held.open();
  }
  expect((await releasing).status).toBe(201);
  // 90 unemployed instead of 40 in Hattingen-02: released now
  expect(await dichte(GT)).not.toBe(oldValue);
  // the answers that show Hattingen-02's Arbeitslosendichte or its count (the matrix may keep its classes and bytes)
  for (const [i, u] of URLS.entries()) {
    if (u.includes('matrix')) continue;
    expect([u, (await get(u).expect(200)).headers.etag]).not.toEqual([u, old[i]]);
  }
});
