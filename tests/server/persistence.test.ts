/**
 * Durability with the real server process: data survives a restart and a `kill -9` during writes
 * (every acknowledged submission is there, nothing is half-written). Also the token CLI.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { parseAreaExchange } from '../../shared';
import { createApp } from '../../sync-server/app';
import { bootstrap } from '../../sync-server/bootstrap';
import { databaseFile } from '../../sync-server/config';
import { MIGRATIONS } from '../../sync-server/storage/migrations';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import { CLI, WITTEN, baublockeOf, ensureBuilt, testAreas, testServer } from './helpers';

jest.setTimeout(60000);

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startProcess(dir: string): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, PORT: '0', SOZIALMONITOR_DATA_DIR: dir, SOZIALMONITOR_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Server startete nicht:\n${out}`)), 20000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /API:\s+(http:\/\/localhost:\d+)\/api/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Server beendet (${code}):\n${out}`));
    });
  });
}

const stop = (s: Started): Promise<void> =>
  new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });

function cli(dir: string, ...args: string[]): { stdout: string; status: number; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [CLI, ...args], { env: { ...process.env, SOZIALMONITOR_DATA_DIR: dir }, stdio: 'pipe' }).toString();
    return { stdout, status: 0, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: Buffer; stderr: Buffer };
    return { stdout: err.stdout.toString(), status: err.status, stderr: err.stderr.toString() };
  }
}

let dir: string;
let kreisToken: string;
let wittenToken: string;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-kill-'));
  const storage = new SqliteStorage(databaseFile(dir));
  await bootstrap(storage, { dataDir: dir, demo: false, log: () => undefined });
  await storage.replaceAreas(parseAreaExchange(testAreas()).areas, 'test', OPERATOR);
  kreisToken = (await createToken(storage, { rolle: 'kreis' }, OPERATOR)).token;
  wittenToken = (await createToken(storage, { rolle: 'kommune', ags: WITTEN }, OPERATOR)).token;
  await storage.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('data survives a restart of the app on the same file', async () => {
  const t = await testServer();
  const rows = [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 5 }];
  const first = await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).send({ period: '2024', rows }).expect(201);
  await t.storage.close();
  const reopened = new SqliteStorage(databaseFile(t.dir));
  try {
    const app = createApp(reopened, { log: () => undefined });
    const values = await request(app).get('/api/values?period=2024').set(t.auth(t.tokens.witten)).expect(200);
    expect(values.body.rows).toEqual([expect.objectContaining({ ...rows[0], submissionId: first.body.submissionId })]);
    expect(reopened.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
  } finally {
    await reopened.close();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test('kill -9 during writes: every acknowledged submission is there, nothing half-written', async () => {
  const server = await startProcess(dir);
  const acknowledged = new Map<number, { period: string; rows: { area: string; variable: string; value: number }[] }>();
  const blocks = baublockeOf(WITTEN);
  let seq = 0;
  let killed = false;
  const worker = async (): Promise<void> => {
    while (!killed) {
      const i = seq++;
      // 40 values per submission, so that a kill can land in the middle of one.
      const rows = blocks.flatMap((area) =>
        ['geburten', 'sterbefaelle', 'zuzuege', 'fortzuege', 'hh_wohngeld', 'hlu', 'gsiae', 'gsia_65plus', 'bev_weiblich', 'bev_auslaendisch'].map((variable) => ({ area, variable, value: i })),
      );
      const body = { period: String(2000 + (i % 20)), rows };
      try {
        const res = await fetch(`${server.url}/api/submissions`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${wittenToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status === 201) acknowledged.set(((await res.json()) as { submissionId: number }).submissionId, body);
        else if (!killed) throw new Error(`unerwartet ${res.status}: ${await res.text()}`);
      } catch (e) {
        if (!killed) throw e;
      }
    }
  };
  let failure: unknown;
  const workers = Array.from({ length: 6 }, () => worker().catch((e: unknown) => void (failure ??= e)));
  while (acknowledged.size < 60 && failure === undefined) await new Promise((r) => setTimeout(r, 5));
  if (failure !== undefined) throw failure;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  killed = true;
  await Promise.all(workers);
  await exited;
  expect(server.child.signalCode).toBe('SIGKILL');

  const restarted = await startProcess(dir);
  try {
    const history = await fetch(`${restarted.url}/api/submissions`, { headers: { Authorization: `Bearer ${kreisToken}` } });
    expect(history.status).toBe(200);
    const stored = ((await history.json()) as { submissions: { submissionId: number; period: string; rowCount: number; rows: { area: string; variable: string; value: number }[] }[] }).submissions;
    const byId = new Map(stored.map((s) => [s.submissionId, s]));
    for (const [id, body] of acknowledged) {
      const s = byId.get(id);
      expect(s).toBeDefined();
      expect(s!.period).toBe(body.period);
      expect(s!.rows).toHaveLength(body.rows.length);
      expect(s!.rows.every((r) => r.value === body.rows[0]!.value)).toBe(true);
    }
    // Nothing half-written: every stored submission has all its rows, revisions are gapless.
    for (const s of stored) expect(s.rows).toHaveLength(s.rowCount);
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged.size);
    const db = new Database(databaseFile(dir), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const gaps = db.prepare('SELECT scope, period, COUNT(*) AS n, MAX(revision) AS max FROM submission_scopes GROUP BY scope, period').all() as { n: number; max: number }[];
      for (const g of gaps) expect(g.n).toBe(g.max);
      const orphans = db.prepare('SELECT COUNT(*) AS n FROM current_values cv LEFT JOIN submissions s ON s.id = cv.submission_id WHERE s.id IS NULL').get() as { n: number };
      expect(orphans.n).toBe(0);
    } finally {
      db.close();
    }

    // Token CLI against the running server's database: the new token alone on the last line.
    const created = cli(dir, 'token', 'create', '--rolle', 'kommune', '--ags', WITTEN);
    expect(created.status).toBe(0);
    const lines = created.stdout.trim().split('\n');
    const token = lines[lines.length - 1]!;
    expect(token).toMatch(/^smt_[A-Za-z0-9_-]{40,}$/);
    const ok = await fetch(`${restarted.url}/api/values?period=2001`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const list = cli(dir, 'token', 'list');
    expect(list.stdout).toContain(`kommune:${WITTEN}`);
    expect(list.stdout).not.toContain(token);
    const id = /Token (\d+)/.exec(created.stdout)![1]!;
    expect(cli(dir, 'token', 'revoke', id).status).toBe(0);
    const revoked = await fetch(`${restarted.url}/api/values?period=2001`, { headers: { Authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    const wrong = cli(dir, 'token', 'create', '--rolle', 'kommune');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/achtstellige Gemeindeschlüssel/);
  } finally {
    await stop(restarted);
  }
});

test('the Sozialindex setting saved over HTTP survives a restart of the server process', async () => {
  const setting = { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 1 }], kommentar: 'Neustart-Test' };
  const first = await startProcess(dir);
  const put = (url: string, body: unknown) => fetch(`${url}/api/sozialindex/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${kreisToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const get = async (url: string) => (await (await fetch(`${url}/api/sozialindex/settings`, { headers: { Authorization: `Bearer ${wittenToken}` } })).json()) as { art: string; version: number; indikatoren: unknown; kommentar: string };
  let saved: { version: number };
  try {
    const res = await put(first.url, setting);
    expect(res.status).toBe(201);
    saved = (await res.json()) as { version: number };
  } finally {
    await stop(first);
  }
  const second = await startProcess(dir);
  try {
    expect(await get(second.url)).toMatchObject({ art: 'vereinbart', version: saved.version, indikatoren: setting.indikatoren, kommentar: 'Neustart-Test' });
    // a bad save after the restart leaves it as it was
    expect((await put(second.url, { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 0 }] })).status).toBe(422);
    expect((await get(second.url)).version).toBe(saved.version);
  } finally {
    await stop(second);
  }
});
