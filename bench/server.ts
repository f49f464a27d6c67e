/**
 * Benchmark of the sync server: the real server process (`node dist/cli/main.js start`) preloaded
 * with the demo Kreis, loaded with autocannon from this process, once on SQLite (the default) and
 * once on PostgreSQL (a throw-away cluster via scripts/test-postgres.sh in `bench` mode), in the
 * same run; each backend is the named peer of the other and the table shows PostgreSQL / SQLite.
 *
 *  - GET /api/health: the floor (HTTP + auth-free JSON, a ping of the database, no domain work);
 *  - GET /api/indicators for the whole Kreis (every Baublock x every Kennzahl), against its peer:
 *    the same period's counts summed per Stadt by a plain SQL GROUP BY in the same database;
 *  - POST /api/submissions: a Gemeindeteil's values (every Merkmal of its Baublöcke) submitted by
 *    its Stadt, validated and stored in one transaction each;
 *  - the Kreis's raw whole-Kreis table, quiet and while a clerk submits every 300 ms, with the raw
 *    Kennzahlen kept in place after each submission and (a second server on the same database,
 *    SOZIALMONITOR_INKREMENTELL=0) rebuilt, p50 against the GROUP BY's time.
 *
 * Durability is the same on both sides, or the write figures would compare nothing: SQLite runs
 * WAL with synchronous=FULL (sync-server/storage/sqlite.ts: every acknowledged submission is on
 * disk); the PostgreSQL cluster runs with fsync=on, synchronous_commit=on, full_page_writes=on
 * (read back with SHOW and printed), unlike the test cluster (fsync=off). Both on the same disk.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { generateDemoKreis } from '../shared/demo';
import { startCluster } from '../tests/server/postgres-cluster';
import { benchSnapshotMemory } from './snapshot-memory';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no type declarations; this is the part of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const CLI = join(__dirname, '..', 'cli', 'main.js');

/** the server's output after start-up, shown when a measurement had failed requests */
let serverLog = '';
export const serverOutput = (): string => serverLog;

/**
 * Starts `sozialmonitor start` as its own process; resolves when it listens. `warmMs`: from then until
 * the warm start has computed the readers' snapshots of every released year (its line in the output).
 */
export function startServer(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; warmMs: Promise<number> }> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, PORT: '0', SOZIALMONITOR_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let listening = 0;
  let warmed!: (ms: number) => void;
  const warmMs = new Promise<number>((r) => (warmed = r));
  return new Promise((resolve, reject) => {
    serverLog = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      serverLog = (serverLog + chunk.toString()).slice(-4000);
      const m = /API:\s+(http:\/\/localhost:\d+)\/api/.exec(out);
      if (m && !listening) {
        listening = performance.now();
        resolve({ child, url: m[1]!, warmMs });
      }
      if (listening && /Momentaufnahmen der Leser: .* vorab gerechnet/.test(out)) warmed(performance.now() - listening);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Server beendet (${code}):\n${out}`)));
  });
}

/** The demo token whose label starts with `prefix` ("kreis", "kommune:05954036", "leser"), from demo-tokens.txt. */
export function demoTokens(dir: string): (prefix: string) => string {
  const tokens = readFileSync(join(dir, 'demo-tokens.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t') as [string, string]);
  return (prefix) => tokens.find(([label]) => label.startsWith(prefix))![1];
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('de-DE', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One measured line: throughput (or a time) and latencies, for one backend. */
interface Figure {
  perSec?: number;
  /** submissions answered 503 UEBERLASTET (stale five times in a row: sync-server/submissions.ts) */
  rejected?: number;
  p50?: number;
  p99?: number;
  /** a single time in ms (first request after a write) */
  ms?: number;
  /** the plain SQL GROUP BY's time in the same database and run: p50 is printed as a multiple of it */
  groupByMs?: number;
}

/**
 * Throughput of successful answers. For submissions without base revision the server retries a
 * stale write itself and answers 503 UEBERLASTET after five stale attempts; those are counted and
 * shown, not hidden, and only stored submissions count as throughput.
 */
function figure(name: string, r: AutocannonResult, seconds: number, opts: { overloadAllowed?: boolean } = {}): Figure {
  const stats = r.statusCodeStats ?? {};
  const ok = Object.entries(stats).filter(([code]) => code.startsWith('2')).reduce((sum, [, v]) => sum + v.count, 0);
  const rejected = opts.overloadAllowed ? (stats['503']?.count ?? 0) : 0;
  const bad = r.non2xx + r.errors - rejected;
  if (rejected) return { perSec: ok / seconds, p50: r.latency.p50, p99: r.latency.p99, rejected };
  if (bad) throw new Error(`${name}: ${bad} fehlgeschlagene Anfragen ${JSON.stringify(r.statusCodeStats ?? {})}\nServer-Protokoll (Ende):\n${serverLog}`);
  return { perSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

/** The rows of the table, in order; the label may depend on what was measured (count of values). */
type Measured = Map<string, Figure>;

interface Backend {
  name: string;
  /** starts the server on this backend; returns where the demo tokens are and how to run the GROUP BY peer */
  start(dir: string): Promise<{
    child: ChildProcess;
    url: string;
    startupMs: number;
    /** from listening until the warm start is done (startServer) */
    warmMs: Promise<number>;
    groupByPerSec(): Promise<number>;
    settings: string;
    /** a second server process on the same database, with extra environment */
    another(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }>;
    stop(): Promise<void>;
  }>;
}

/** Runs `once` repeatedly for `ms` milliseconds; calls per second. */
async function rate(once: () => unknown, ms = 2000): Promise<number> {
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < ms) {
    await once();
    n++;
  }
  return n / ((performance.now() - t) / 1000);
}

interface SubmissionRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A clerk who submits one Gemeindeteil every 300 ms (the issue's load) until `stop()`; stop
 * resolves to the submissions per second. A refused submission ends the measurement with its status.
 */
function clerkEvery300ms(server: string, requests: readonly SubmissionRequest[]): { stop(): Promise<number> } {
  let running = true;
  let submitted = 0;
  const t0 = performance.now();
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const r = requests[i % requests.length]!;
      const t = performance.now();
      const res = await fetch(`${server}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`Meldung während der Messung: ${res.status}`);
      submitted++;
      await new Promise((ok) => setTimeout(ok, Math.max(0, 300 - (performance.now() - t))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return submitted / ((performance.now() - t0) / 1000);
    },
  };
}

/**
 * Writers that each submit their own request list one after the other for `seconds`, all at once;
 * stored submissions per second in total, and the refused (503) ones. Unlike autocannon's shared
 * request list, each writer stays with its own Stadt (8 writers of 8 different cities).
 */
async function writersAtOnce(server: string, perWriter: readonly (readonly SubmissionRequest[])[], seconds: number): Promise<Figure> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let rejected = 0;
  await Promise.all(
    perWriter.map(async (list) => {
      for (let i = 0; performance.now() < until; i++) {
        const r = list[i % list.length]!;
        const t = performance.now();
        const res = await fetch(`${server}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
        await res.arrayBuffer();
        if (res.status === 503) rejected++;
        else if (res.status !== 201) throw new Error(`Schreiber: ${res.status}\nServer-Protokoll (Ende):\n${serverLog}`);
        else latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((x, y) => x - y);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { perSec: latencies.length / seconds, p50: q(0.5), p99: q(0.99), ...(rejected ? { rejected } : {}) };
}

/** requests of the Kreis-raw measurements (one at a time): p50 of this many */
const RAW_REQUESTS = 9;

const GROUP_BY = 'SELECT scope, variable, SUM(value) AS total FROM current_values WHERE period = $1 GROUP BY scope, variable';

const sqliteBackend: Backend = {
  name: 'SQLite',
  async start(dir) {
    const t0 = performance.now();
    const { child, url, warmMs } = await startServer(dir);
    return {
      child,
      url,
      warmMs,
      startupMs: performance.now() - t0,
      settings: 'WAL, synchronous=FULL (sync-server/storage/sqlite.ts): jede Meldung ein fsync',
      another: (env) => startServer(dir, env),
      async groupByPerSec() {
        const db = new Database(join(dir, 'sozialmonitor.sqlite'), { readonly: true });
        try {
          const stmt = db.prepare(GROUP_BY.replace('$1', '?'));
          return await rate(() => stmt.all('2024'));
        } finally {
          db.close();
        }
      },
      async stop() {},
    };
  },
};

const postgresBackend: Backend = {
  name: 'PostgreSQL',
  async start(dir) {
    const cluster = await startCluster('bench');
    try {
      const schema = 'bench';
      // timed from here: the cluster's initdb and start are not the server's first start
      const t0 = performance.now();
      const { child, url, warmMs } = await startServer(dir, { SOZIALMONITOR_DATABASE_URL: cluster.url, SOZIALMONITOR_DATABASE_SCHEMA: schema });
      const startupMs = performance.now() - t0;
      const client = new Client({ connectionString: cluster.url, options: `-c search_path=${schema}` });
      await client.connect();
      const show = async (name: string): Promise<string> => String((await client.query(`SHOW ${name}`)).rows[0][name]);
      const settings = `PostgreSQL ${await show('server_version')}, Wegwerf-Cluster: fsync=${await show('fsync')}, synchronous_commit=${await show('synchronous_commit')}, full_page_writes=${await show('full_page_writes')}, shared_buffers=${await show('shared_buffers')}`;
      return {
        child,
        url,
        warmMs,
        startupMs,
        settings,
        groupByPerSec: () => rate(() => client.query(GROUP_BY, ['2024'])),
        another: (env) => startServer(dir, { SOZIALMONITOR_DATABASE_URL: cluster.url, SOZIALMONITOR_DATABASE_SCHEMA: schema, ...env }),
        async stop() {
          await client.end();
          cluster.stop();
        },
      };
    } catch (e) {
      cluster.stop();
      throw e;
    }
  },
};

async function measure(backend: Backend, seconds: number): Promise<{ measured: Measured; settings: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-bench-'));
  const started = await backend.start(dir).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const { child, url } = started;
  const measured: Measured = new Map();
  try {
    measured.set('Erster Start mit Demo-Kreis (Migrationen, Laden, Prüfen)', { ms: started.startupMs });
    // Warm start (issue 17): the server answers while it computes the readers' snapshots of all years;
    // the measurements below begin when it is done (their rows come last: ratioIn counts by position).
    // /api/health one after the other until the warm start is done: the longest answer is the
    // longest step of the warm start (a year's suppression pattern)
    let warmDone = false;
    const warmMsP = Promise.race([started.warmMs, new Promise<number>((r) => setTimeout(() => r(NaN), 300_000))]).finally(() => (warmDone = true));
    let healthDuringWarmMs = 0;
    let healthDuringWarm = 0;
    while (!warmDone) {
      const th = performance.now();
      await (await fetch(`${url}/api/health`)).arrayBuffer();
      healthDuringWarmMs = Math.max(healthDuringWarmMs, performance.now() - th);
      healthDuringWarm++;
      await new Promise((r) => setTimeout(r, 50));
    }
    const warmMs = await warmMsP;
    process.stdout.write(`  ${backend.name}: Server läuft, Demo-Kreis geladen; messe …\n`);
    const tokenOf = demoTokens(dir);
    const kreis = `Bearer ${tokenOf('kreis')}`;

    const base = { url, connections: 8, duration: seconds };
    measured.set('GET /api/health (Untergrenze)', figure('health', await autocannon({ ...base, url: `${url}/api/health` }), seconds));

    const indicatorsUrl = `${url}/api/indicators?period=2024&ebene=baublock`;
    const first = await fetch(indicatorsUrl, { headers: { Authorization: kreis } });
    const body = (await first.json()) as { rows: unknown[] };
    measured.set(
      `GET /api/indicators ganzer Kreis (${fmt(body.rows.length)} Werte)`,
      figure('indicators', await autocannon({ ...base, connections: 4, url: indicatorsUrl, headers: { Authorization: kreis } }), seconds),
    );
    measured.set('Vergleich: SQL GROUP BY je Stadt und Merkmal (ohne HTTP)', { perSec: await started.groupByPerSec() });

    // Submissions: each Stadt submits one Gemeindeteil's values again (valid, so every one is stored).
    const demo = generateDemoKreis({ years: ['2024'] });
    const rows2024 = demo.datasets[0]!.rows;
    const gemeindeteile = demo.areas.filter((a) => a.ebene === 'gemeindeteil');
    const requests = gemeindeteile.slice(0, 40).map((gt) => {
      const stadt = gt.parent!;
      const rows = rows2024.filter((r) => r.area === gt.code || r.area.startsWith(`${gt.code}-`));
      return {
        method: 'POST',
        path: '/api/submissions',
        headers: { Authorization: `Bearer ${tokenOf(`kommune:${stadt}`)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ period: '2024', rows }),
        rows: rows.length,
      };
    });
    const avgRows = requests.reduce((s, r) => s + r.rows, 0) / requests.length;
    measured.set(
      `POST /api/submissions (ein Gemeindeteil, Ø ${fmt(avgRows)} Werte)`,
      figure('submissions', await autocannon({ ...base, connections: 4, requests: requests.map(({ rows: _r, ...r }) => r) }), seconds, { overloadAllowed: true }),
    );
    measured.set(
      'POST /api/submissions (ein Wert)',
      figure(
        'submission',
        await autocannon({
          ...base,
          connections: 4,
          method: 'POST',
          url: `${url}/api/submissions`,
          headers: { Authorization: kreis, 'Content-Type': 'application/json' },
          body: JSON.stringify({ period: '2024', rows: [{ area: gemeindeteile[0]!.code, variable: 'arbeitslose', value: rows2024.find((r) => r.area === gemeindeteile[0]!.code && r.variable === 'arbeitslose')?.value ?? 0 }] }),
        }),
        seconds,
        { overloadAllowed: true },
      ),
    );

    // After the writes above the cached results are outdated: the next query computes everything anew.
    const tc = performance.now();
    await (await fetch(indicatorsUrl, { headers: { Authorization: kreis } })).arrayBuffer();
    measured.set('GET /api/indicators ganzer Kreis, erste Abfrage nach Meldungen (ohne Cache)', { ms: performance.now() - tc });

    // Readers (issue 17): the snapshot of the released state (sync-server/published-snapshot.ts), gzip as a browser asks.
    const leser = { Authorization: `Bearer ${tokenOf('leser')}`, 'Accept-Encoding': 'gzip' };
    const warm = await fetch(indicatorsUrl, { headers: leser });
    await warm.arrayBuffer();
    const etag = (await fetch(indicatorsUrl, { headers: leser })).headers.get('etag') ?? '';
    const groupByMs = 1000 / measured.get('Vergleich: SQL GROUP BY je Stadt und Merkmal (ohne HTTP)')!.perSec!;
    measured.set('GET /api/indicators ganzer Kreis als Leser (Momentaufnahme, gzip), ein Leser', {
      ...figure('leser allein', await autocannon({ ...base, connections: 1, url: indicatorsUrl, headers: leser }), seconds),
      groupByMs,
    });
    measured.set(
      'GET /api/indicators ganzer Kreis als Leser (Momentaufnahme, gzip)',
      figure('leser', await autocannon({ ...base, connections: 4, url: indicatorsUrl, headers: leser }), seconds),
    );
    // 20 readers at once: no error allowed (figure() throws on any), p99 is the figure to read
    measured.set('  dasselbe, 20 Leser gleichzeitig', figure('20 Leser', await autocannon({ ...base, connections: 20, url: indicatorsUrl, headers: leser }), seconds));
    {
      // one reader while one clerk submits a Gemeindeteil every 300 ms (not released: the snapshot stays valid)
      const clerk = clerkEvery300ms(url, requests);
      const busy = await autocannon({ ...base, connections: 1, url: indicatorsUrl, headers: leser });
      const perSec = await clerk.stop();
      measured.set(`  ein Leser, während eine Stadt alle 300 ms meldet (${fmt(perSec, 1)} Meldungen/s)`, { ...figure('leser 300 ms', busy, seconds), groupByMs });
    }
    const notModified = await autocannon({ ...base, connections: 4, url: indicatorsUrl, headers: { ...leser, 'If-None-Match': etag } });
    if ((notModified.statusCodeStats?.['304']?.count ?? 0) === 0) throw new Error(`If-None-Match: keine 304-Antwort ${JSON.stringify(notModified.statusCodeStats)}`);
    measured.set('  dasselbe mit If-None-Match (304)', { perSec: notModified.requests.average, p50: notModified.latency.p50, p99: notModified.latency.p99 });
    // readers while two cities submit (not released: the readers' snapshot stays valid)
    const [readers] = await Promise.all([
      autocannon({ ...base, connections: 4, url: indicatorsUrl, headers: leser }),
      autocannon({ ...base, connections: 2, requests: requests.slice(0, 2).map(({ rows: _r, ...r }) => r) }),
    ]);
    measured.set('  dasselbe, während zwei Städte melden', figure('leser-meldungen', readers, seconds));
    // eight clerks of one city at once: serialised per Meldebereich, none refused
    const oneCity = requests.filter((r) => r.headers.Authorization === requests[0]!.headers.Authorization);
    measured.set(
      `POST /api/submissions, 8 Schreiber derselben Stadt gleichzeitig`,
      figure('8 Schreiber', await autocannon({ ...base, connections: 8, requests: oneCity.map(({ rows: _r, ...r }) => r) }), seconds, { overloadAllowed: true }),
    );
    // eight clerks of eight different cities at once, each with its own Stadt's Gemeindeteile
    const byCity = new Map<string, SubmissionRequest[]>();
    for (const { rows: _r, ...r } of requests) byCity.set(r.headers.Authorization!, [...(byCity.get(r.headers.Authorization!) ?? []), r]);
    const eightCities = [...byCity.values()].slice(0, 8);
    measured.set(`POST /api/submissions, 8 Schreiber von ${eightCities.length} verschiedenen Städten gleichzeitig`, await writersAtOnce(url, eightCities, seconds));
    // The public report as a reader loads it (issue 17): a Gemeindeteil's profile and a Kennzahl's time
    // series, both from the readers' snapshots (sync-server/reader-view.ts), computed by the warm start.
    for (const [label, path] of [
      ['GET /bericht/gebiet/<Gemeindeteil> (Profil, öffentlich)', `/bericht/gebiet/${gemeindeteile[0]!.code}?period=2024`],
      ['GET /bericht/daten/kennzahl/<id> (alle Jahre, öffentlich)', '/bericht/daten/kennzahl/arbeitslosendichte'],
    ] as const) {
      const tf = performance.now();
      await (await fetch(`${url}${path}`, { headers: { 'Accept-Encoding': 'gzip' } })).arrayBuffer();
      measured.set(`${label}, erste Anfrage`, { ms: performance.now() - tf });
      measured.set(label, figure(label, await autocannon({ ...base, connections: 4, url: `${url}${path}`, headers: { 'Accept-Encoding': 'gzip' } }), seconds));
    }

    // Kreis raw, whole Kreis (issue 17): one reader alone, then while one clerk submits a Gemeindeteil
    // every 300 ms, on this server (raw Kennzahlen kept in place after each submission) and on a second
    // one on the same database with SOZIALMONITOR_INKREMENTELL=0 (every submission rebuilds, as before).
    // Each server gets its own clerk: a write through the other process would force a rebuild anyway.
    const rebuilding = await started.another({ SOZIALMONITOR_INKREMENTELL: '0' });
    try {
      for (const [label, server] of [
        ['fortgeschrieben', url],
        ['neu berechnet (SOZIALMONITOR_INKREMENTELL=0)', rebuilding.url],
      ] as const) {
        const rawUrl = `${server}/api/indicators?period=2024&ebene=baublock`;
        await (await fetch(rawUrl, { headers: { Authorization: kreis } })).arrayBuffer();
        // a fixed number of requests, not a duration: one answer may take longer than a measuring period on a busy machine
        const quiet = await autocannon({ url: rawUrl, connections: 1, amount: RAW_REQUESTS, headers: { Authorization: kreis } });
        measured.set(`Kreis roh, ganzer Kreis, ruhig, ${label}`, { ...figure('roh ruhig', quiet, seconds), groupByMs });
        const clerk = clerkEvery300ms(server, requests);
        const t0 = performance.now();
        const busy = await autocannon({ url: rawUrl, connections: 1, amount: RAW_REQUESTS, headers: { Authorization: kreis } });
        const perSec = await clerk.stop();
        const busySeconds = (performance.now() - t0) / 1000;
        measured.set(`  dasselbe, während eine Stadt alle 300 ms meldet (${fmt(perSec, 1)} Meldungen/s)`, { ...figure('roh Meldungen', busy, busySeconds), groupByMs });
      }
    } finally {
      rebuilding.child.kill('SIGTERM');
      await new Promise((r) => rebuilding.child.once('exit', r));
    }
    measured.set('Warmstart: Momentaufnahmen aller freigegebenen Jahre, nach dem Start im Hintergrund', { ms: warmMs });
    measured.set(`  GET /api/health während des Warmstarts, längste von ${healthDuringWarm} Antworten`, { ms: healthDuringWarmMs });
    return { measured, settings: started.settings };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const cellOf = (f: Figure | undefined): string => {
  if (!f) return '–'.padStart(30);
  if (f.ms !== undefined) return `${fmt(f.ms, f.ms >= 100 ? 0 : 1)} ms`.padStart(30);
  const lat = f.p50 === undefined ? '' : ` (p50 ${fmt(f.p50)}, p99 ${fmt(f.p99!)} ms${f.groupByMs ? `, p50 = ${fmt(f.p50 / f.groupByMs, 1)}× GROUP BY` : ''})`;
  return `${fmt(f.perSec!, 1)}/s${lat}${f.rejected ? ` [${f.rejected}× 503]` : ''}`.padStart(f.groupByMs ? 52 : 30);
};

export async function benchServer(seconds = 8): Promise<void> {
  console.log(`\nSync-Server (eigener Prozess, Demo-Kreis), SQLite und PostgreSQL im selben Lauf, je ${seconds} s je Messung (autocannon)`);
  const sqlite = await measure(sqliteBackend, seconds);
  const pg = await measure(postgresBackend, seconds);
  console.log(`  Dauerhaftigkeit: SQLite ${sqlite.settings}`);
  console.log(`                   ${pg.settings}`);
  console.log('                   beide auf derselben Platte (ext4 im temporären Verzeichnis); 2 Kerne, von anderen Prozessen mitbenutzt\n');
  console.log(`  ${''.padEnd(72)} ${'SQLite'.padStart(30)} ${'PostgreSQL'.padStart(30)}   PostgreSQL / SQLite`);
  for (const [name, s] of sqlite.measured) {
    // the label of the indicators row names the count of values; find the PostgreSQL row by position
    const p = [...pg.measured.values()][[...sqlite.measured.keys()].indexOf(name)];
    const ratio = s.ms !== undefined && p?.ms !== undefined ? p.ms / s.ms : s.perSec && p?.perSec ? p.perSec / s.perSec : undefined;
    const what = s.ms !== undefined ? 'Zeit' : 'Durchsatz';
    console.log(`  ${name.padEnd(72)} ${cellOf(s)} ${cellOf(p)}   ${ratio === undefined ? '–' : `${fmt(ratio, 2)} (${what})`}`);
  }
  const rejected = [...sqlite.measured, ...pg.measured].some(([, f]) => f.rejected);
  if (rejected) {
    console.log(
      '  [n× 503]: so viele Meldungen (ohne Basisrevision) hat der Server nach sieben veralteten Versuchen (mit zufälliger, wachsender Wartezeit) mit 503 UEBERLASTET abgewiesen\n' +
        '            (sync-server/submissions.ts); gezählt sind nur gespeicherte Meldungen. Parallele Schreiber derselben Stadt stoßen in PostgreSQL öfter zusammen.',
    );
  }
  const ratioIn = (m: Measured, a: number, b: number): string => {
    const v = [...m.values()];
    return fmt(v[a]!.perSec! / v[b]!.perSec!, 1);
  };
  console.log('\n  Verhältnisse innerhalb eines Backends (wie bisher):        SQLite      PostgreSQL');
  console.log(`    SQL GROUP BY / Kennzahlen ganzer Kreis:                 ${ratioIn(sqlite.measured, 3, 2).padStart(6)}      ${ratioIn(pg.measured, 3, 2).padStart(6)}   (GROUP BY nur Summen je Stadt, ohne HTTP)`);
  console.log(`    health / Kennzahlen ganzer Kreis:                       ${ratioIn(sqlite.measured, 1, 2).padStart(6)}      ${ratioIn(pg.measured, 1, 2).padStart(6)}`);
  console.log(`    health / Meldung Gemeindeteil:                          ${ratioIn(sqlite.measured, 1, 4).padStart(6)}      ${ratioIn(pg.measured, 1, 4).padStart(6)}`);
  console.log(`    health / Meldung ein Wert:                              ${ratioIn(sqlite.measured, 1, 5).padStart(6)}      ${ratioIn(pg.measured, 1, 5).padStart(6)}`);
  console.log('');
  benchSnapshotMemory();
}
