/**
 * Warm start of the readers' snapshots (sync-server/published-snapshot.ts, started by startServer):
 * the server answers at once while the released years are computed in the background, newest
 * first; afterwards a reader's report and API requests compute nothing (the snapshots' counters);
 * a year released for the first time is computed after its release; and what readers get from the
 * compact snapshot is byte for byte what a server without snapshots computes for them directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../sync-server/app';
import { DomainState } from '../../sync-server/domain';
import { PublishedSnapshots, publishedSnapshotsOf } from '../../sync-server/published-snapshot';
import { RunningServer, startServer } from '../../sync-server/server';
import { HATTINGEN, WITTEN, baublockeOf, populationRows, testServer } from './helpers';

let dir: string;
let tokens: { kreis: string; witten: string; hattingen: string; leser: string };
let server: RunningServer;
const lines: string[] = [];
/** the years whose snapshot was begun, in order */
const begun: string[] = [];
let reached!: () => void;
const atFirst = new Promise<void>((r) => (reached = r));
let open!: () => void;
const gate = new Promise<void>((r) => (open = r));

/** population of every Baublock, unemployed counts per Gemeindeteil (small ones suppressed) */
const dataset = (stadt: string, base: number, arbeitslose: number[]) => [
  ...baublockeOf(stadt).flatMap((b) => populationRows(b, base)),
  ...['01', '02'].map((gt, i) => ({ area: `${stadt}-${gt}`, variable: 'arbeitslose', value: arbeitslose[i]! })),
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-warm-'));
  // the data of two released years, stored before the server starts
  const t = await testServer({ dir, freigabe: 'pruefung' });
  tokens = t.tokens;
  for (const [period, n] of [
    ['2023', 0],
    ['2024', 5],
  ] as const) {
    await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).send({ period, rows: dataset(WITTEN, 100 + n, [1, 40 + n]) }).expect(201);
    await request(t.app).post('/api/submissions').set(t.auth(t.tokens.hattingen)).send({ period, rows: dataset(HATTINGEN, 120 + n, [30, 2]) }).expect(201);
    await request(t.app).post('/api/freigaben').set(t.auth(t.tokens.kreis)).send({ period }).expect(201);
  }
  await t.close();
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, addinOrigins: [], freigabe: 'pruefung' }, (l) => lines.push(l), {
    snapshotHook: async (period, phase) => {
      if (phase !== 'vorher') return;
      begun.push(period);
      if (begun.length === 1) {
        reached();
        await gate;
      }
    },
  });
});
afterAll(async () => {
  open();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const leser = (path: string) => request(server.url).get(path).set('Authorization', `Bearer ${tokens.leser}`);
const REPORT = ['/bericht/daten/kennzahl/arbeitslosendichte', '/bericht/export.csv?period=2023', `/bericht/gebiet/${HATTINGEN}-02?period=2024`, '/bericht/sozialindex-matrix?period=2024'];
const API = ['/api/indicators?period=2024', '/api/indicators?period=2023&ebene=baublock', '/api/values?period=2024', '/api/values?period=2023'];

test('the server answers while the warm start computes, newest year first; then readers compute nothing', async () => {
  await atFirst;
  // the warm start is held in its first year: the server answers meanwhile
  await request(server.url).get('/api/health').expect(200);
  expect(begun).toEqual(['2024']);
  open();
  await server.warmed;
  expect(begun).toEqual(['2024', '2023']);
  expect(lines.some((l) => /Momentaufnahmen der Leser: 2024, 2023 vorab gerechnet \(2 berechnet/.test(l))).toBe(true);

  const stats = publishedSnapshotsOf(server.state).stats;
  const before = { ...stats };
  for (const path of [...REPORT, ...API]) await leser(path).expect(200);
  expect(stats).toEqual(before);
  expect(begun).toHaveLength(2);
});

test('a year released for the first time is computed after its release, in the background', async () => {
  const kreis = { Authorization: `Bearer ${tokens.kreis}` };
  await request(server.url).post('/api/submissions').set('Authorization', `Bearer ${tokens.witten}`).send({ period: '2022', rows: dataset(WITTEN, 90, [3, 30]) }).expect(201);
  await request(server.url).post('/api/freigaben').set(kreis).send({ period: '2022' }).expect(201);
  const snapshots = publishedSnapshotsOf(server.state);
  await snapshots.warmed();
  expect(begun).toEqual(['2024', '2023', '2022']);
  const misses = snapshots.stats.misses;
  await leser('/api/indicators?period=2022').expect(200);
  await leser('/bericht/daten/kennzahl/arbeitslosendichte').expect(200);
  expect(snapshots.stats.misses).toBe(misses);
});

test('readers get from the compact snapshots the bytes a server without snapshots computes for them', async () => {
  // a fresh app on the same database for each answer, no warm start: it is computed directly
  const fresh = () => {
    const state = new DomainState(server.storage);
    return { state, app: createApp(server.storage, { log: () => undefined, state }) };
  };
  const auth = { Authorization: `Bearer ${tokens.leser}` };
  for (const path of API) {
    for (const accept of ['application/json', 'text/csv']) {
      if (path.startsWith('/api/values') && accept === 'text/csv') continue;
      const direct = fresh();
      const computed = await request(direct.app).get(path).set(auth).set('Accept', accept).expect(200);
      expect(publishedSnapshotsOf(direct.state).stats.misses).toBe(1);
      const served = await leser(path).set('Accept', accept).expect(200);
      expect([path, accept, served.text]).toEqual([path, accept, computed.text]);
      expect(served.headers.etag).toBe(computed.headers.etag);
    }
  }
  const { state, app: direct } = fresh();
  // the direct app's own snapshots (built after those answers) are the served ones, too
  await Promise.all(['2023', '2024'].map((p) => publishedSnapshotsOf(state).ensure(p)));
  for (const path of API) expect((await request(direct).get(path).set(auth).expect(200)).text).toBe((await leser(path).expect(200)).text);
});

test('a year whose snapshot fails is named with the reason, the others are still computed', async () => {
  const snapshots = new PublishedSnapshots(server.state);
  snapshots.hook = async (period, phase) => {
    if (phase === 'vorher' && period === '2023') throw new Error('Testfehler');
  };
  const log: string[] = [];
  await snapshots.warmUp((l) => log.push(l));
  expect(log).toEqual([
    expect.stringMatching(/^ {2}Momentaufnahmen der Leser: 2024, 2022 vorab gerechnet \(2 berechnet, /),
    '  Momentaufnahme 2023 konnte nicht vorab gerechnet werden (Testfehler); sie wird bei der ersten Anfrage eines Lesers gerechnet.',
  ]);
  expect(await snapshots.forReader('2024')).toBeDefined();
  expect(await snapshots.forReader('2023')).toBeUndefined();
  await snapshots.stop();
});
