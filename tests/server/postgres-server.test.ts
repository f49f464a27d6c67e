/**
 * The real server (`startServer`) on PostgreSQL over real HTTP: areas, submissions, 409, replay,
 * values read back; a restart keeps everything; the database going away and coming back while the
 * server runs (503, then working again). Tokens come from a second connection, as
 * `sozialmonitor token create --datenbank …` would make them while the server runs. Also the
 * German messages for an unreachable database and a malformed URL, through the command line.
 * PostgreSQL runs as a throw-away cluster (scripts/test-postgres.sh); no silent skip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket, connect, createServer } from 'node:net';
import express from 'express';
import request from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Client } from 'pg';
import { registerServerCommands } from '../../sync-server/commands';
import type { ServerConfig } from '../../sync-server/config';
import { errorHandler } from '../../sync-server/http/errors';
import { RunningServer, startServer } from '../../sync-server/server';
import { openConfiguredStorage } from '../../sync-server/storage';
import { StorageUnavailableError } from '../../sync-server/storage/types';
import { PostgresStorage, isConnectionError } from '../../sync-server/storage/postgres';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import { HATTINGEN, WITTEN, testAreas } from './helpers';
import { Cluster, startCluster } from './postgres-cluster';

/** the server's subcommands as `sozialmonitor` registers them (cli/main.ts), without the other areas' commands */
function buildProgram(): Command {
  const program = new Command('sozialmonitor');
  registerServerCommands(program);
  return program;
}

let cluster: Cluster;
let dir: string;
let config: ServerConfig;
let server: RunningServer | undefined;
const tokens = { kreis: '', witten: '' };
const SCHEMA = 'kreis_05954';

beforeAll(async () => {
  cluster = await startCluster();
  dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-pgserver-'));
  config = { port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), demo: false, addinOrigins: [], databaseUrl: cluster.url, databaseSchema: SCHEMA };
}, 60_000);
afterAll(async () => {
  await server?.close();
  cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server!.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const cell = (area: string, value: number) => ({ area, variable: 'geburten', value });

test('first start on PostgreSQL: schema created, start-up line names the database without SQLite file', async () => {
  const lines: string[] = [];
  server = await startServer(config, (l) => lines.push(l));
  expect(lines.join('\n')).toContain(`Daten:     postgres://postgres@127.0.0.1:${cluster.port}/postgres (Schema ${SCHEMA})`);
  expect(lines.join('\n')).toMatch(/Leere Datenbank: Tokens mit „sozialmonitor token create/);
  // tokens from a second connection while the server runs (what `token create --datenbank` does)
  const cli = await PostgresStorage.open({ url: cluster.url, schema: SCHEMA });
  tokens.kreis = (await createToken(cli, { rolle: 'kreis' }, OPERATOR, 'Sozialplanung')).token;
  tokens.witten = (await createToken(cli, { rolle: 'kommune', ags: WITTEN }, OPERATOR)).token;
  await cli.close();
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status).toBe(200);
  expect((await call('GET', '/api/whoami', tokens.kreis)).body).toMatchObject({ rolle: 'kreis', tokenName: 'Sozialplanung' });
});

test('areas, submissions with revisions, 409 on a stale base, idempotent replay, values read back', async () => {
  expect((await call('PUT', '/api/areas', tokens.kreis, testAreas())).status).toBe(200);
  const first = await call('POST', '/api/submissions', tokens.witten, { period: '2024', rows: [cell(`${WITTEN}-01-0001`, 5), cell(`${WITTEN}-01-0002`, 6)] }, { 'Idempotency-Key': 'pg-1' });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ revision: 1, rowsAccepted: 2 });
  const again = await call('POST', '/api/submissions', tokens.witten, { period: '2024', rows: [cell(`${WITTEN}-01-0001`, 5), cell(`${WITTEN}-01-0002`, 6)] }, { 'Idempotency-Key': 'pg-1' });
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.submissionId).toBe(first.body.submissionId);
  // two clerks on the same base at once: one 201, one 409
  const pair = await Promise.all([7, 8].map((v) => call('POST', '/api/submissions', tokens.witten, { period: '2024', baseRevision: 1, rows: [cell(`${WITTEN}-01-0001`, v)] })));
  expect(pair.map((p) => p.status).sort()).toEqual([201, 409]);
  const lost = pair.find((p) => p.status === 409)!;
  expect(lost.body).toMatchObject({ error: 'REVISION_VERALTET', baseRevision: 1, currentRevision: 2 });
  const wonValue = pair.find((p) => p.status === 201) === pair[0] ? 7 : 8;
  // a Kreis-wide submission advances both cities
  const wide = await call('POST', '/api/submissions', tokens.kreis, { period: '2024', rows: [cell(`${HATTINGEN}-01-0001`, 9), cell(`${WITTEN}-02-0001`, 1)] });
  expect(wide.status).toBe(201);
  const values = await call('GET', '/api/values?period=2024&variables=geburten', tokens.kreis);
  expect(values.status).toBe(200);
  const byArea = Object.fromEntries((values.body.rows as { area: string; variable: string; value: number }[]).map((r) => [r.area, r.value]));
  expect(byArea).toMatchObject({ [`${WITTEN}-01-0001`]: wonValue, [`${WITTEN}-01-0002`]: 6, [`${HATTINGEN}-01-0001`]: 9, [`${WITTEN}-02-0001`]: 1 });
  // bad input: nothing stored
  const bad = await call('POST', '/api/submissions', tokens.witten, { period: '2024', rows: [cell(`${WITTEN}-01-0001`, -3)] });
  expect(bad.status).toBe(422);
  expect((await server!.storage.history({ period: '2024' })).length).toBe(3);
});

test('after a restart everything is still there and revisions continue', async () => {
  await server!.close();
  const lines: string[] = [];
  server = await startServer(config, (l) => lines.push(l));
  expect(lines.join('\n')).not.toMatch(/Leere Datenbank/);
  const values = await call('GET', `/api/values?period=2024&areas=${WITTEN}-01-0002&variables=geburten`, tokens.witten);
  expect(values.body.rows).toEqual([{ area: `${WITTEN}-01-0002`, variable: 'geburten', value: 6, submissionId: 1 }]);
  expect(await server.storage.revisions('2024', [WITTEN, HATTINGEN])).toEqual({ [WITTEN]: 3, [HATTINGEN]: 1 });
  const next = await call('POST', '/api/submissions', tokens.witten, { period: '2024', baseRevision: 3, rows: [cell(`${WITTEN}-01-0002`, 11)] });
  expect(next.status).toBe(201);
  expect(next.body.revision).toBe(4);
  // the idempotency key survived the restart too
  const replay = await call('POST', '/api/submissions', tokens.witten, { period: '2024', rows: [cell(`${WITTEN}-01-0001`, 5), cell(`${WITTEN}-01-0002`, 6)] }, { 'Idempotency-Key': 'pg-1' });
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  const audit = await server.storage.audit();
  expect(audit.filter((a) => a.action === 'meldung')).toHaveLength(4);
});

test('PostgreSQL also refuses changing or deleting stored submissions, revisions and values (append-only)', async () => {
  const raw = new Client({ connectionString: cluster.url, options: `-c search_path=${SCHEMA}` });
  await raw.connect();
  try {
    await expect(raw.query('UPDATE submissions SET actor = $1', ['jemand'])).rejects.toThrow('Eine gespeicherte Meldung wird nie geändert');
    await expect(raw.query('DELETE FROM submission_scopes')).rejects.toThrow('Eine vergebene Revision wird nie gelöscht');
    await expect(raw.query('UPDATE submission_values SET value = 0')).rejects.toThrow('Ein gemeldeter Wert wird nie geändert');
    await expect(raw.query('TRUNCATE submission_values, current_values, submission_scopes, submissions')).rejects.toThrow(/wird nie gelöscht/);
    await expect(raw.query('TRUNCATE audit_log')).rejects.toThrow('Das Prüfprotokoll kann nicht gelöscht werden');
    expect(Number((await raw.query('SELECT count(*) AS n FROM submission_values')).rows[0].n)).toBeGreaterThan(0);
  } finally {
    await raw.end();
  }
});

test('the URL may name a Unix socket directory instead of a host', async () => {
  const viaSocket = await PostgresStorage.open({ url: `postgres://postgres@${encodeURIComponent(cluster.socketDir)}:${cluster.port}/postgres`, schema: SCHEMA });
  expect(viaSocket.display).toBe(`postgres://postgres@${encodeURIComponent(cluster.socketDir)}:${cluster.port}/postgres (Schema ${SCHEMA})`);
  expect((await viaSocket.tokens()).map((t) => t.label)).toContain('Sozialplanung');
  await viaSocket.close();
});

test('a role without CREATE on the database works in a schema the administrators prepared, and is told what is missing otherwise', async () => {
  const admin = new Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE ROLE kreis_app LOGIN');
  await admin.query('CREATE SCHEMA vorbereitet AUTHORIZATION kreis_app');
  await admin.end();
  const url = `postgres://kreis_app@127.0.0.1:${cluster.port}/postgres`;
  const s = await PostgresStorage.open({ url, schema: 'vorbereitet' });
  expect(await s.schemaVersions()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  await s.close();
  await expect(PostgresStorage.open({ url, schema: 'nicht_da' })).rejects.toThrow(
    /^PostgreSQL unter postgres:\/\/kreis_app@127\.0\.0\.1:\d+\/postgres: dem Benutzer fehlen die Rechte, das Schema und seine Tabellen anzulegen/,
  );
});

test('a second schema in the same database is a separate Kreis', async () => {
  const other = await PostgresStorage.open({ url: cluster.url, schema: 'kreis_05962' });
  expect(await other.tokens()).toEqual([]);
  expect(await other.periods()).toEqual([]);
  await other.close();
  expect((await server!.storage.tokens()).length).toBe(2);
});

test('8 clerks of one city and 8 of another at once: none refused (no 503), none retried, revisions gapless (advisory lock per Meldebereich)', async () => {
  const hattingen = await (async () => {
    const cli = await PostgresStorage.open({ url: cluster.url, schema: SCHEMA });
    try {
      return (await createToken(cli, { rolle: 'kommune', ags: HATTINGEN }, OPERATOR)).token;
    } finally {
      await cli.close();
    }
  })();
  const before = await server!.storage.revisions('2023', [WITTEN, HATTINGEN]);
  const append = jest.spyOn(server!.storage, 'appendSubmission');
  try {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const [token, stadt] = i % 2 === 0 ? [tokens.witten, WITTEN] : [hattingen, HATTINGEN];
        return call('POST', '/api/submissions', token, { period: '2023', rows: [cell(`${stadt}-01-0002`, i)] });
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(201));
    const outcomes = await Promise.all(append.mock.results.map((r) => r.value as Promise<{ kind: string }>));
    expect(outcomes.filter((o) => o.kind === 'stale')).toEqual([]);
    for (const [offset, stadt] of [[0, WITTEN], [1, HATTINGEN]] as const) {
      const revisions = results.filter((_, i) => i % 2 === offset).map((r) => r.body.revision as number).sort((x, y) => x - y);
      expect(revisions).toEqual(Array.from({ length: 8 }, (_, i) => before[stadt]! + i + 1));
    }
    expect(await server!.storage.revisions('2023', [WITTEN, HATTINGEN])).toEqual({ [WITTEN]: before[WITTEN]! + 8, [HATTINGEN]: before[HATTINGEN]! + 8 });
  } finally {
    append.mockRestore();
  }
});

describe('clear German messages, no stack trace', () => {
  const freePort = (): Promise<number> =>
    new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
  const run = async (args: string[]): Promise<string> => {
    try {
      await buildProgram().exitOverride().parseAsync(['node', 'sozialmonitor', ...args]);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('kein Fehler');
  };

  test('unreachable database (nothing listens on the port)', async () => {
    const port = await freePort();
    const message = await run(['start', '--datenbank', `postgres://statistik:geheim@127.0.0.1:${port}/sozial`]);
    expect(message).toBe(
      `PostgreSQL unter postgres://statistik@127.0.0.1:${port}/sozial ist nicht erreichbar: die Verbindung wurde abgelehnt. Läuft der Datenbankserver, und stimmen Rechner und Port? Bitte SOZIALMONITOR_DATABASE_URL (oder --datenbank) prüfen.`,
    );
    expect(message).not.toContain('geheim');
  });

  test('malformed or non-PostgreSQL URL, unknown database, bad schema name', async () => {
    expect(await run(['token', 'list', '--datenbank', 'postgres://a:geheim@'])).toMatch(/^Die Datenbankadresse „postgres:\/\/a:\*\*\*@“ ist keine gültige Adresse; erwartet wird z\. B\. postgres:\/\//);
    expect(await run(['token', 'list', '--datenbank', 'mysql://localhost/x'])).toMatch(/beginnt mit „mysql:\/\/“; für PostgreSQL muss sie mit postgres:\/\/ beginnen/);
    expect(await run(['token', 'list', '--datenbank', `postgres://postgres@127.0.0.1:${cluster.port}/gibtsnicht`])).toMatch(/^PostgreSQL unter .*\/gibtsnicht: die Datenbank gibt es dort nicht/);
    await expect(PostgresStorage.open({ url: cluster.url, schema: 'Kreis; DROP' })).rejects.toThrow(/Der Schemaname „Kreis; DROP“ ist ungültig/);
    await expect(openConfiguredStorage({ dataDir: join(dir, 'ohne-url'), databaseSchema: 'kreis_05954' })).rejects.toThrow(
      'Ein Datenbankschema („kreis_05954“, SOZIALMONITOR_DATABASE_SCHEMA) gibt es nur mit PostgreSQL; bitte auch SOZIALMONITOR_DATABASE_URL (oder --datenbank) angeben oder das Schema weglassen',
    );
  });

  test('token list through the command line reads the PostgreSQL schema', async () => {
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const previous = process.env.SOZIALMONITOR_DATABASE_SCHEMA;
    process.env.SOZIALMONITOR_DATABASE_SCHEMA = SCHEMA;
    try {
      await buildProgram().parseAsync(['node', 'sozialmonitor', 'token', 'list', '--datenbank', cluster.url]);
    } finally {
      spy.mockRestore();
      if (previous === undefined) delete process.env.SOZIALMONITOR_DATABASE_SCHEMA;
      else process.env.SOZIALMONITOR_DATABASE_SCHEMA = previous;
    }
    expect(out.join('')).toMatch(/Sozialplanung/);
    expect(out.join('')).toMatch(/kommune 05954036|Kommune/i);
  });
});

/**
 * A TCP relay between the storage and PostgreSQL that, once armed, passes the next COMMIT on to
 * the database, waits until the database has answered (so the transaction is committed) and then
 * cuts the client's connection instead of relaying the answer: the connection breaks during COMMIT.
 */
async function commitCutter(target: number): Promise<{ port: number; arm(): void; close(): Promise<void> }> {
  let armed = false;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    let cutting = false;
    client.on('data', (chunk: Buffer) => {
      // the simple-query message of `COMMIT` (node-postgres sends it without parameters)
      if (armed && chunk.includes(Buffer.from('COMMIT\0'))) {
        armed = false;
        cutting = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cutting) {
        client.destroy();
        upstream.destroy();
      } else client.write(chunk);
    });
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as { port: number }).port,
    arm: () => void (armed = true),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}

test('connection lost during COMMIT: the error says the outcome is unknown (it was stored), 503 DATENBANK_ABGEBROCHEN; the Idempotency-Key resolves it', async () => {
  const cutter = await commitCutter(cluster.port);
  const schema = 'kreis_abbruch';
  const viaRelay = await PostgresStorage.open({ url: `postgres://postgres@127.0.0.1:${cutter.port}/postgres`, schema });
  const direct = await PostgresStorage.open({ url: cluster.url, schema });
  try {
    const { id } = await createToken(direct, { rolle: 'kommune', ags: WITTEN }, OPERATOR);
    const submission = {
      period: '2024',
      rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 4, scope: WITTEN }],
      meldebereich: WITTEN,
      scopes: [WITTEN],
      expectedRevisions: { [WITTEN]: 0 },
      actor: { tokenId: id, role: { rolle: 'kommune' as const, ags: WITTEN }, label: `kommune:${WITTEN} (Token ${id})` },
      contentHash: 'h',
      catalogueVersion: '2025.1',
      idempotency: { key: 'abbruch-1', requestHash: 'r1' },
    };
    cutter.arm();
    const error = await viaRelay.appendSubmission(submission).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ kind: 'postgres', outcomeUnknown: true });
    // it was in fact stored: "nothing was stored" would have been wrong
    expect((await direct.history({ period: '2024' })).map((h) => h.revision)).toEqual([1]);
    // sending it again with the same key (over the same pool, which has dropped the broken connection) is a replay
    expect(await viaRelay.appendSubmission(submission)).toMatchObject({ kind: 'replay', requestHash: 'r1' });
    // and the API says so in plain German
    const app = express();
    app.get('/x', () => {
      throw error;
    });
    app.use(errorHandler(() => undefined, '1mb'));
    const res = await request(app).get('/x').expect(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.body.error).toBe('DATENBANK_ABGEBROCHEN');
    expect(res.body.message).toMatch(/ob gespeichert wurde, ist nicht sicher\. Bitte später erneut senden: mit demselben Idempotency-Key/);
  } finally {
    await viaRelay.close();
    await direct.close();
    await cutter.close();
  }
});

test('connection errors are recognised in one place: unreachable now, not a refused statement', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOENT', '08006', '08001', '57P01', '57P03', '53300']) expect([code, isConnectionError({ code, message: 'x' })]).toEqual([code, true]);
  for (const code of ['23505', '28P01', '3D000', '42501', '40001', '22P02']) expect([code, isConnectionError({ code, message: 'x' })]).toEqual([code, false]);
  expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
  expect(isConnectionError(new Error('Die gespeicherte Gebietsgliederung ist fehlerhaft'))).toBe(false);
});

test('when PostgreSQL goes away: 503 with Retry-After and a German message, health 503; when it is back, everything works again without restart', async () => {
  const before = await fetch(`${server!.url}/api/health`);
  expect(before.status).toBe(200);
  expect(((await before.json()) as Record<string, unknown>).database).toEqual({ kind: 'postgres', reachable: true });
  const stored = (await server!.storage.history({ period: '2024' })).length;
  cluster.halt(); // fast shutdown: the pool's idle connections are terminated under it; the data stays
  const logged: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  let during: Awaited<ReturnType<typeof call>>;
  let read: Awaited<ReturnType<typeof call>>;
  try {
    during = await call('POST', '/api/submissions', tokens.witten, { period: '2024', baseRevision: 4, rows: [cell(`${WITTEN}-01-0001`, 1)] });
    read = await call('GET', '/api/values?period=2024', tokens.kreis);
  } finally {
    spy.mockRestore();
  }
  for (const r of [during, read]) {
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('10');
    expect(r.body).toEqual({
      error: 'DATENBANK_NICHT_ERREICHBAR',
      message: 'Die Datenbank ist nicht erreichbar (der Server selbst läuft). Bitte später erneut versuchen; es wurde nichts gespeichert. Dauert es an, bitte den Betrieb informieren.',
    });
  }
  // the operator sees cause and place in the server log, without a password or stack trace
  expect(logged.join('')).toMatch(new RegExp(`Datenbank nicht erreichbar \\(postgres://postgres@127\\.0\\.0\\.1:${cluster.port}/postgres \\(Schema ${SCHEMA}\\)\\): ECONNREFUSED`));
  const health = await fetch(`${server!.url}/api/health`);
  expect(health.status).toBe(503);
  expect(health.headers.get('retry-after')).toBe('10');
  expect(await health.json()).toMatchObject({ status: 'fehler', error: 'DATENBANK_NICHT_ERREICHBAR', database: { kind: 'postgres', reachable: false } });
  // the process is still serving what needs no database
  expect((await fetch(`${server!.url}/api/openapi.json`)).status).toBe(200);

  cluster.resume(); // same directory, same port
  const back = await fetch(`${server!.url}/api/health`);
  expect(back.status).toBe(200);
  expect(((await back.json()) as Record<string, unknown>).database).toEqual({ kind: 'postgres', reachable: true });
  // nothing of the refused submission was stored; the next one continues the revisions
  expect((await server!.storage.history({ period: '2024' })).length).toBe(stored);
  const next = await call('POST', '/api/submissions', tokens.witten, { period: '2024', baseRevision: 4, rows: [cell(`${WITTEN}-01-0001`, 1)] });
  expect(next.status).toBe(201);
  expect(next.body.revision).toBe(5);
});
