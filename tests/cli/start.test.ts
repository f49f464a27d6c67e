/**
 * `sozialmonitor start` as the real command (dist/): a port that is taken is said in German with
 * how to choose another (express 5 used to hand the error to the listen callback, which then read
 * the address of a server that never listened), and `token create` before the first start, as an
 * administrator sets up, does not make that start refuse as if a demo load had been interrupted.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CLI, ensureBuilt } from '../server/helpers';

jest.setTimeout(60000);

const dirs: string[] = [];
const children: ChildProcess[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sozialmonitor-start-'));
  dirs.push(d);
  return d;
};
const env = (dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, SOZIALMONITOR_DATA_DIR: dir, ...extra };
  if (extra.SOZIALMONITOR_DEMO === undefined) delete e.SOZIALMONITOR_DEMO; // the default an administrator gets
  return e;
};
const run = (args: string[], environment: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: environment, encoding: 'utf8', timeout: 30000 }, (error, out, err) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }));
  });

/** Starts the server and resolves with its URL and output once it listens, or rejects with the output. */
function start(environment: NodeJS.ProcessEnv): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'start'], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /API:\s+(http:\/\/localhost:\d+)\/api/.exec(out);
      if (m) resolve({ url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Server beendet (${code}):\n${out}`)));
  });
}

let blocker: Server;
beforeAll(async () => {
  ensureBuilt();
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a port that is taken: a German message naming the port and how to choose another, exit code 1', async () => {
  const port = (blocker.address() as { port: number }).port;
  const r = await run(['start'], env(dataDir(), { PORT: String(port), SOZIALMONITOR_DEMO: '0' }));
  expect(r.code).toBe(1);
  expect(r.err).toContain(`Fehler: Port ${port} ist schon belegt`);
  expect(r.err).toMatch(/Bitte einen anderen Port wählen, z\. B\. „PORT=3000 sozialmonitor start“/);
  expect(r.err).not.toMatch(/Cannot read properties|EADDRINUSE/);
});

test('token create before the first start: the start sets up for real data (no demo mixed in) and the token works', async () => {
  const dir = dataDir();
  const created = await run(['token', 'create', '--rolle', 'kreis', '--name', 'Sozialplanung'], env(dir));
  expect(created.code).toBe(0);
  const token = created.out.trim().split('\n').at(-1)!;
  const server = await start(env(dir, { PORT: '0' }));
  expect(server.output()).toMatch(/Es gibt schon ein Token \(vor dem ersten Start angelegt\); die Datenbank wird daher für echte Daten eingerichtet, ohne Demo-Kreis/);
  expect(server.output()).not.toMatch(/unterbrochen|Demo-Tokens/);
  const health = await request(server.url).get('/api/health').expect(200);
  expect(health.body.demo).toBe(false);
  const who = await request(server.url).get('/api/whoami').set('Authorization', `Bearer ${token}`).expect(200);
  expect(who.body).toMatchObject({ rolle: 'kreis' });
});

test('a demo load that really was interrupted is still refused', async () => {
  const dir = dataDir();
  // the mark loadDemoKreis sets first, as a process killed during the demo load leaves it
  const { SqliteStorage } = await import('../../sync-server/storage/sqlite');
  const { databaseFile } = await import('../../sync-server/config');
  const s = new SqliteStorage(databaseFile(dir));
  await s.setMeta('demo', '1');
  await s.close();
  const r = await run(['start'], env(dir, { PORT: '0' }));
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/Der erste Start mit Demodaten wurde unterbrochen/);
});
