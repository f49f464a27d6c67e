/**
 * Benchmark of the sync server: the real server process (`node dist/cli/main.js start`) on a
 * temporary SQLite file preloaded with the demo Kreis, loaded with autocannon from this process.
 *
 *  - GET /api/health: the floor (HTTP + auth-free JSON, no domain work);
 *  - GET /api/indicators for the whole Kreis (every Baublock x every Kennzahl), against its peer:
 *    the same period's counts summed per Stadt by a plain SQL GROUP BY in SQLite;
 *  - POST /api/submissions: a Gemeindeteil's values (every Merkmal of its Baublöcke) submitted by
 *    its Stadt, validated and stored in one transaction each (synchronous=FULL: one fsync each).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { generateDemoKreis } from '../shared/demo';

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

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, PORT: '0', SOZIALMONITOR_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /API:\s+(http:\/\/localhost:\d+)\/api/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Server beendet (${code}):\n${out}`)));
  });
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('de-DE', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function report(name: string, r: AutocannonResult): number {
  const bad = r.non2xx + r.errors;
  console.log(
    `  ${name.padEnd(58)} ${fmt(r.requests.average, 1).padStart(9)} Anfragen/s   Latenz p50 ${fmt(r.latency.p50)} ms, p99 ${fmt(r.latency.p99)} ms${bad ? `   FEHLER: ${bad} Antworten nicht 2xx` : ''}`,
  );
  if (bad) throw new Error(`${name}: ${bad} fehlgeschlagene Anfragen ${JSON.stringify(r.statusCodeStats ?? {})}`);
  return r.requests.average;
}

export async function benchServer(seconds = 8): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-bench-'));
  const t0 = performance.now();
  const { child, url } = await startServer(dir);
  try {
    console.log(`\nSync-Server (eigener Prozess, SQLite in ${dir}), Demo-Kreis geladen in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const tokens = new Map(
      readFileSync(join(dir, 'demo-tokens.txt'), 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split('\t') as [string, string]),
    );
    const tokenOf = (prefix: string): string => [...tokens].find(([label]) => label.startsWith(prefix))![1];
    const kreis = `Bearer ${tokenOf('kreis')}`;

    const base = { url, connections: 8, duration: seconds };
    const health = report('GET /api/health (Untergrenze)', await autocannon({ ...base, url: `${url}/api/health` }));

    const indicatorsUrl = `${url}/api/indicators?period=2024&ebene=baublock`;
    const first = await fetch(indicatorsUrl, { headers: { Authorization: kreis } });
    const body = (await first.json()) as { rows: unknown[] };
    const ind = report(
      `GET /api/indicators ganzer Kreis (${fmt(body.rows.length)} Werte)`,
      await autocannon({ ...base, connections: 4, url: indicatorsUrl, headers: { Authorization: kreis } }),
    );

    // Peer: the same period's counts summed per Stadt and Merkmal by SQLite alone.
    const db = new Database(join(dir, 'sozialmonitor.sqlite'), { readonly: true });
    const groupBy = db.prepare('SELECT scope, variable, SUM(value) AS total FROM current_values WHERE period = ? GROUP BY scope, variable');
    let n = 0;
    const tp = performance.now();
    while (performance.now() - tp < 2000) {
      groupBy.all('2024');
      n++;
    }
    const sqlPerSec = n / ((performance.now() - tp) / 1000);
    db.close();
    console.log(`  ${'Vergleich: SQL GROUP BY je Stadt und Merkmal (SQLite, ohne HTTP)'.padEnd(58)} ${fmt(sqlPerSec, 1).padStart(9)} Abfragen/s`);

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
    const sub = report(
      `POST /api/submissions (ein Gemeindeteil, Ø ${fmt(avgRows)} Werte)`,
      await autocannon({ ...base, connections: 4, requests: requests.map(({ rows: _r, ...r }) => r) }),
    );
    const small = report(
      'POST /api/submissions (ein Wert)',
      await autocannon({
        ...base,
        connections: 4,
        method: 'POST',
        url: `${url}/api/submissions`,
        headers: { Authorization: kreis, 'Content-Type': 'application/json' },
        body: JSON.stringify({ period: '2024', rows: [{ area: gemeindeteile[0]!.code, variable: 'arbeitslose', value: rows2024.find((r) => r.area === gemeindeteile[0]!.code && r.variable === 'arbeitslose')?.value ?? 0 }] }),
      }),
    );

    // After the writes above the cached results are outdated: the next query computes everything anew.
    const tc = performance.now();
    await (await fetch(indicatorsUrl, { headers: { Authorization: kreis } })).arrayBuffer();
    console.log(`  ${'GET /api/indicators ganzer Kreis, erste Abfrage nach einer Meldung'.padEnd(58)} ${fmt(performance.now() - tc).padStart(9)} ms (ohne Cache)`);

    console.log('\n  Verhältnisse:');
    console.log(`    Kennzahlen ganzer Kreis / SQL GROUP BY:   1 : ${fmt(sqlPerSec / ind, 1)} (die Engine rechnet ${fmt(body.rows.length)} Kennzahlen samt Summen über die Gliederung und liefert JSON über HTTP; GROUP BY nur Summen je Stadt)`);
    console.log(`    Kennzahlen ganzer Kreis / health:         1 : ${fmt(health / ind, 1)}`);
    console.log(`    Meldung Gemeindeteil / health:            1 : ${fmt(health / sub, 1)}`);
    console.log(`    Meldung ein Wert / health:                1 : ${fmt(health / small, 1)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
