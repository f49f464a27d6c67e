/**
 * `npm run bench land [-- --massstab 0.1]`: a Land the size of NRW (shared/demo/land.ts: 31 Kreise,
 * 22 kreisfreie Städte, 396 Gemeinden, ~100,000 Baublöcke, ~18 million inhabitants; `--massstab`
 * scales inhabitants and Baublöcke) on PostgreSQL (the throw-away cluster of bench/server.ts,
 * durable settings), loaded through the product's own storage and submission path (every Gemeinde
 * one submission of the Land's Kreis role, validated as any submission), then served by the real
 * server process. Each figure is printed beside the same question answered by plain SQL in the
 * same database and run, with the ratio and the target of issue 17 (missed targets say by how much).
 *
 * Memory: the server's peak resident memory (VmHWM of /proc/<pid>/status, reset before each phase
 * through clear_refs where the kernel allows it) and the loader's (this process, sampled).
 */
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { AreaTree } from '../shared/areas/areas';
import { generateDemoLand } from '../shared/demo/land';
import { bootstrap } from '../sync-server/bootstrap';
import { DomainState } from '../sync-server/domain';
import { releasePeriod } from '../sync-server/freigabe';
import { contentHash } from '../sync-server/hash';
import { PostgresStorage } from '../sync-server/storage/postgres';
import type { Actor } from '../sync-server/storage/types';
import { submitDataset } from '../sync-server/submissions';
import { OPERATOR, createToken } from '../sync-server/tokens';
import { startCluster } from '../tests/server/postgres-cluster';
import { fmt, startServer } from './server';

const LOADER: Actor = { tokenId: null, role: { rolle: 'kreis' }, label: 'Land-Bench-Lader' };
const SCHEMA = 'land';
const REPS = 15;

/** `--massstab 0.1` (or BENCH_MASSSTAB); default full size. */
export function massstabFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const i = argv.indexOf('--massstab');
  const raw = i >= 0 ? argv[i + 1] : env.BENCH_MASSSTAB;
  if (raw === undefined) return 1;
  const m = Number(raw);
  if (!(m > 0 && m <= 1)) throw new Error(`--massstab „${raw}“: erwartet wird eine Zahl größer als 0 und höchstens 1, z. B. 0.1`);
  return m;
}

/** Peak memory tracking of this process (the loader): sampled, as there is no VmHWM reset for ourselves that we trust. */
function sampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return {
    stop() {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** The server's resident memory now and its peak since the last reset (kB from /proc). */
function serverMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
/** Resets the server's peak (VmHWM) so the next reading is the peak of one phase; false if the kernel refuses. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
/** CPU time (ms) the server has used, from /proc/<pid>/stat (utime + stime, 100 ticks per second). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
/** Waits until the server has been idle (under 5 % CPU) for a second: its background work (the readers' snapshot) is done. */
async function waitIdle(pid: number, maxMs = 30 * 60_000): Promise<number> {
  const t0 = performance.now();
  let last = cpuMs(pid);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuMs(pid);
    if (now - last < 50) return performance.now() - t0 - 1000;
    last = now;
    if (performance.now() - t0 > maxMs) throw new Error('Der Server kommt nicht zur Ruhe (Momentaufnahme nach 30 Minuten nicht fertig)');
  }
}

const MB = (bytes: number): string => `${fmt(bytes / 1024 / 1024)} MB`;
const p = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function times(n: number, once: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    out.push(performance.now() - t);
  }
  return out;
}

interface Line {
  frage: string;
  /** the product's figure in ms (p50 where repeated) */
  ms: number;
  detail?: string;
  /** the plain SQL peer in ms */
  sqlMs?: number;
  sql?: string;
  /** target in ms (issue 17) */
  ziel?: number;
}

export async function benchLand(massstab: number): Promise<void> {
  console.log(`\nEin Land auf PostgreSQL (NRW-groß, Maßstab ${massstab}); jede Zahl neben derselben Frage als einfaches SQL in derselben Datenbank`);
  const lines: Line[] = [];
  const loaderMem = sampler();
  let t = performance.now();
  const land = generateDemoLand({ massstab });
  const genMs = performance.now() - t;
  const c = land.counts;
  console.log(
    `  erzeugt in ${fmt(genMs / 1000, 1)} s: ${c.kreise} Kreise, ${c.kreisfreieStaedte} kreisfreie Städte, ${c.gemeinden} Gemeinden, ${fmt(c.gemeindeteile)} Gemeindeteile, ` +
      `${fmt(c.baublocks)} Baublöcke, ${fmt(land.einwohner)} Einwohner, ${fmt(c.werte)} Werte (${land.period})`,
  );
  const tree = AreaTree.build(land.areas);

  const cluster = await startCluster('bench');
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-land-'));
  let server: { child: ChildProcess; url: string } | undefined;
  const sql = new Client({ connectionString: cluster.url, options: `-c search_path=${SCHEMA}` });
  try {
    // ---- load through the product: migrations and catalogue, areas, one submission per Gemeinde, release
    const storage = await PostgresStorage.open({ url: cluster.url, schema: SCHEMA });
    await bootstrap(storage, { dataDir: dir, demo: false, log: () => undefined });
    const state = new DomainState(storage);
    t = performance.now();
    await storage.replaceAreas(land.areas, contentHash(land.areas.map((a) => a.code)), LOADER);
    const areasMs = performance.now() - t;
    t = performance.now();
    let done = 0;
    for (const g of [...land.gemeinden, { code: '05', rows: land.landRows }]) {
      const outcome = await submitDataset(state, { body: { period: land.period, rows: g.rows }, actor: LOADER });
      if (outcome.status !== 201) throw new Error(`Meldung ${g.code} abgelehnt (${outcome.status}): ${JSON.stringify(outcome.body).slice(0, 800)}`);
      if (++done % 50 === 0) process.stdout.write(`  geladen: ${done} von ${land.gemeinden.length + 1} Meldungen, ${fmt((performance.now() - t) / 1000)} s\n`);
    }
    const submitMs = performance.now() - t;
    t = performance.now();
    const first = await releasePeriod(state, { period: land.period, kommentar: 'Land-Bench: erste Freigabe' }, LOADER);
    if (first.status !== 201) throw new Error(`Erste Freigabe: ${JSON.stringify(first)}`);
    const releaseMs = performance.now() - t;
    const kreisToken = (await createToken(storage, { rolle: 'kreis' }, OPERATOR, 'Land')).token;
    const leserToken = (await createToken(storage, { rolle: 'leser' }, OPERATOR, 'Leser')).token;
    // the Kreis measured: the one with the most Baublöcke below it
    const blocksUnder = (code: string): number => land.areas.filter((a) => a.ebene === 'baublock' && a.code.startsWith(code)).length;
    const kreis = tree.atLevel('kreis').map((k) => ({ k, n: blocksUnder(k.code) })).sort((a, b) => b.n - a.n)[0]!;
    const gemeinden = tree.atLevel('stadt').filter((s) => s.parent === kreis.k.code);
    const kleinste = [...gemeinden].sort((a, b) => blocksUnder(a.code) - blocksUnder(b.code))[0]!;
    const kommuneToken = (await createToken(storage, { rolle: 'kommune', ags: kleinste.code }, OPERATOR, kleinste.name)).token;
    await storage.close();
    const loaderPeak = loaderMem.stop();

    // the same load as plain SQL: the values into a table of the same shape, in one transaction
    await sql.connect();
    await sql.query('CREATE TABLE plain_values (LIKE current_values INCLUDING ALL)');
    t = performance.now();
    await sql.query('BEGIN');
    const all = [...land.gemeinden.flatMap((g) => g.rows.map((r) => ({ ...r, scope: g.code }))), ...land.landRows.map((r) => ({ ...r, scope: '05' }))];
    for (let i = 0; i < all.length; i += 50_000) {
      const part = all.slice(i, i + 50_000);
      await sql.query(
        'INSERT INTO plain_values (period, area, variable, value, scope, submission_id) SELECT $1, a, v, x, s, 0 FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[]) AS u(a, v, x, s)',
        [land.period, part.map((r) => r.area), part.map((r) => r.variable), part.map((r) => r.value), part.map((r) => r.scope)],
      );
    }
    await sql.query('COMMIT');
    const plainLoadMs = performance.now() - t;
    lines.push({
      frage: `Laden: Gliederung (${fmt(land.areas.length)} Gebiete) und ${fmt(land.gemeinden.length + 1)} Meldungen (${fmt(c.werte)} Werte, jede geprüft)`,
      ms: areasMs + submitMs,
      detail: `Gebiete ${fmt(areasMs / 1000, 1)} s, Meldungen ${fmt(submitMs / 1000, 1)} s; Lader-Spitze ${MB(loaderPeak)}`,
      sqlMs: plainLoadMs,
      sql: 'INSERT … SELECT FROM unnest() in Blöcken zu 50.000, eine Transaktion',
    });
    t = performance.now();
    await sql.query('CREATE TABLE plain_released AS SELECT * FROM current_values WHERE period = $1', [land.period]);
    lines.push({
      frage: 'Erste Freigabe des Landes (Speichern; noch keine Momentaufnahme)',
      ms: releaseMs,
      sqlMs: performance.now() - t,
      sql: 'die Werte des Jahres in eine zweite Tabelle kopieren (CREATE TABLE … AS SELECT)',
    });

    // ---- the server
    const t0 = performance.now();
    server = await startServer(dir, { SOZIALMONITOR_DATABASE_URL: cluster.url, SOZIALMONITOR_DATABASE_SCHEMA: SCHEMA, SOZIALMONITOR_DEMO: '0' });
    const pid = server.child.pid!;
    const startMs = performance.now() - t0;
    const canReset = resetPeak(pid);
    console.log(`  Server gestartet in ${fmt(startMs / 1000, 1)} s, ${MB(serverMemory(pid).rss)} belegt; gemessen wird ${kreis.k.name} (${kreis.k.code}): ${gemeinden.length} Gemeinden, ${fmt(kreis.n)} Baublöcke`);
    const url = server.url;
    const get = async (path: string, token: string, extra: Record<string, string> = {}): Promise<{ status: number; bytes: number }> => {
      const res = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip', ...extra } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path.slice(0, 120)}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
      return { status: res.status, bytes: body.byteLength };
    };
    const kreisAreas = [kreis.k.code, ...gemeinden.map((g) => g.code), ...gemeinden.flatMap((g) => tree.children(g.code))];
    const kreisPath = `/api/indicators?period=${land.period}&areas=${kreisAreas.join(',')}`;
    const gemeindenPath = `/api/indicators?period=${land.period}&ebene=stadt`;

    // plain SQL peers (released values for readers, current for the Kreis role)
    const kreisSql = (table: string) => () =>
      sql.query(
        `SELECT split_part(area, '-', 1) || '-' || split_part(area, '-', 2) AS gebiet, variable, SUM(value) FROM ${table} WHERE period = $1 AND scope LIKE $2 GROUP BY 1, 2`,
        [land.period, `${kreis.k.code}%`],
      );
    const landSql = (table: string) => () => sql.query(`SELECT scope, variable, SUM(value) FROM ${table} WHERE period = $1 GROUP BY scope, variable`, [land.period]);
    const sqlP50 = async (f: () => Promise<unknown>): Promise<number> => p(await times(REPS, f), 0.5);

    // readers: the first request computes the released view and suppression of the whole Land; then the snapshot is built in the background
    let m = await times(1, () => get(kreisPath, leserToken));
    const idle = await waitIdle(pid);
    let mem = serverMemory(pid);
    lines.push({
      frage: `Leser, ${kreis.k.name}: erste Abfrage (Geheimhaltung des Landes gerechnet)`,
      ms: m[0]!,
      detail: `danach Momentaufnahme im Hintergrund ${fmt(idle / 1000, 1)} s; Server-Spitze ${MB(mem.peak)}${canReset ? '' : ' (seit Start)'}`,
    });
    m = await times(REPS, () => get(kreisPath, leserToken));
    const kreisBytes = (await get(kreisPath, leserToken)).bytes;
    lines.push({
      frage: `Leser, Kennzahlen ${kreis.k.name} (${kreisAreas.length} Gebiete bis Gemeindeteil)`,
      ms: p(m, 0.5),
      detail: `p99 ${fmt(p(m, 0.99))} ms, ${fmt(kreisBytes / 1024)} kB gzip`,
      sqlMs: await sqlP50(kreisSql('released_values')),
      sql: 'SUM je Gemeindeteil und Merkmal des Kreises (GROUP BY)',
      ziel: 200,
    });
    m = await times(REPS, () => get(gemeindenPath, leserToken));
    lines.push({ frage: `Leser, alle ${c.gemeinden} Gemeinden des Landes`, ms: p(m, 0.5), detail: `p99 ${fmt(p(m, 0.99))} ms`, sqlMs: await sqlP50(landSql('released_values')), sql: 'SUM je Gemeinde und Merkmal (GROUP BY scope)', ziel: 1000 });

    // the Kreis role: raw, computed per request
    resetPeak(pid);
    m = await times(1, () => get(kreisPath, kreisToken));
    mem = serverMemory(pid);
    lines.push({ frage: `Kreis-Rolle (roh), ${kreis.k.name}: erste Abfrage (aktueller Stand des Landes gerechnet)`, ms: m[0]!, detail: `Server-Spitze ${MB(mem.peak)}` });
    m = await times(REPS, () => get(kreisPath, kreisToken));
    lines.push({ frage: `Kreis-Rolle (roh), Kennzahlen ${kreis.k.name}`, ms: p(m, 0.5), detail: `p99 ${fmt(p(m, 0.99))} ms`, sqlMs: await sqlP50(kreisSql('current_values')), sql: 'dasselbe GROUP BY über current_values', ziel: 200 });
    m = await times(REPS, () => get(gemeindenPath, kreisToken));
    lines.push({ frage: `Kreis-Rolle (roh), alle ${c.gemeinden} Gemeinden`, ms: p(m, 0.5), detail: `p99 ${fmt(p(m, 0.99))} ms`, sqlMs: await sqlP50(landSql('current_values')), sql: 'GROUP BY scope über current_values', ziel: 1000 });
    // a Kreis down to its Baublöcke cannot be asked in one request: the list of areas is the only way to name them
    const blockPath = `/api/indicators?period=${land.period}&areas=${land.areas.filter((a) => a.code.startsWith(kreis.k.code)).map((a) => a.code).join(',')}`;
    const blockRes = await fetch(`${url}${blockPath}`, { headers: { Authorization: `Bearer ${kreisToken}` } });
    await blockRes.arrayBuffer();
    const blockNote = blockRes.status === 200 ? 'beantwortet' : `HTTP ${blockRes.status}`;
    // the same areas by unter= (http/gebiete.ts): a short address whatever the size of the Kreis
    const unterPath = `/api/indicators?period=${land.period}&unter=${kreis.k.code}&ebene=baublock`;
    m = await times(3, () => get(unterPath, kreisToken));
    lines.push({ frage: `Kreis-Rolle (roh), alle ${fmt(kreis.n)} Baublöcke ${kreis.k.name} (unter=…&ebene=baublock)`, ms: p(m, 0.5), detail: `3 Läufe, höchstens ${fmt(Math.max(...m))} ms; Adresse ${fmt(unterPath.length)} statt ${fmt(blockPath.length)} Zeichen` });

    // one submission while readers run: the smallest Gemeinde of the Kreis sends its values again, 4 readers ask meanwhile
    const own = land.gemeinden.find((g) => g.code === kleinste.code)!;
    const body = JSON.stringify({ period: land.period, rows: own.rows });
    let reading = true;
    const readerTimes: number[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (reading) readerTimes.push(...(await times(1, () => get(kreisPath, leserToken))));
    });
    const submitTimes = await times(5, async () => {
      const res = await fetch(`${url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${kommuneToken}`, 'Content-Type': 'application/json' }, body });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`Meldung ${kleinste.code}: ${res.status} ${text.slice(0, 300)}`);
    });
    reading = false;
    await Promise.all(readers);
    await sql.query('CREATE TEMP TABLE plain_submission (LIKE current_values)');
    const plainSubmit = await sqlP50(async () => {
      await sql.query('BEGIN');
      await sql.query('DELETE FROM plain_submission');
      await sql.query(
        "INSERT INTO plain_submission SELECT $1, a, v, x, $5, 0 FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(a, v, x)",
        [land.period, own.rows.map((r) => r.area), own.rows.map((r) => r.variable), own.rows.map((r) => r.value), kleinste.code],
      );
      await sql.query('COMMIT');
    });
    lines.push({
      frage: `Meldung ${kleinste.name} (${fmt(own.rows.length)} Werte), während 4 Leser abfragen`,
      ms: p(submitTimes, 0.5),
      detail: `Leser dabei p50 ${fmt(p(readerTimes, 0.5))} ms, p99 ${fmt(p(readerTimes, 0.99))} ms (${readerTimes.length} Abfragen)`,
      sqlMs: plainSubmit,
      sql: 'dieselben Werte per INSERT … unnest() in einer Transaktion',
    });

    // publication for the whole Land: the release answers once the readers' snapshot (with secondary suppression) is renewed
    resetPeak(pid);
    const rssBefore = serverMemory(pid).rss;
    t = performance.now();
    const rel = await fetch(`${url}/api/freigaben`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${kreisToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ period: land.period, kommentar: 'Land-Bench' }),
    });
    const relText = await rel.text();
    const relMs = performance.now() - t;
    if (rel.status !== 201) throw new Error(`Freigabe: ${rel.status} ${relText.slice(0, 300)}`);
    mem = serverMemory(pid);
    const primary = await sqlP50(() =>
      sql.query('SELECT scope, variable, SUM(value), COUNT(*) FILTER (WHERE value BETWEEN 1 AND 2) FROM released_values WHERE period = $1 GROUP BY scope, variable', [land.period]),
    );
    lines.push({
      frage: 'Freigabe des Landes mit Geheimhaltung (Antwort, wenn die Momentaufnahme der Leser erneuert ist)',
      ms: relMs,
      detail: `Server-Speicher vorher ${MB(rssBefore)}, Spitze ${MB(mem.peak)}${canReset ? '' : ' (seit Start)'}`,
      sqlMs: primary,
      sql: 'nur Summen und primäre Sperre (Werte 1–2) je Gemeinde und Merkmal',
      ziel: 60_000,
    });
    const final = serverMemory(pid);

    // ---- print
    console.log(`  PostgreSQL-Cluster: Wegwerf-Cluster mit fsync=on, synchronous_commit=on (wie bench/server.ts); 2 Kerne, von anderen Prozessen mitbenutzt\n`);
    const w = Math.max(...lines.map((l) => l.frage.length));
    const ms = (x: number): string => (x >= 10_000 ? `${fmt(x / 1000, 1)} s` : `${fmt(x, x >= 100 ? 0 : 1)} ms`);
    console.log(`  ${'Frage'.padEnd(w)} ${'Sozialmonitor'.padStart(13)} ${'SQL'.padStart(10)}  ${'Verhältnis'.padStart(10)}  Ziel`);
    for (const l of lines) {
      const ratio = l.sqlMs ? `${fmt(l.ms / l.sqlMs, l.ms / l.sqlMs >= 10 ? 0 : 1)}×` : '–';
      const ziel = l.ziel === undefined ? '' : l.ms <= l.ziel ? `< ${ms(l.ziel)}: erfüllt` : `< ${ms(l.ziel)}: VERFEHLT um ${ms(l.ms - l.ziel)} (${fmt(l.ms / l.ziel, 1)}-fach)`;
      console.log(`  ${l.frage.padEnd(w)} ${ms(l.ms).padStart(13)} ${(l.sqlMs === undefined ? '–' : ms(l.sqlMs)).padStart(10)}  ${ratio.padStart(10)}  ${ziel}`);
      const notes = [l.detail, l.sql && `SQL: ${l.sql}`].filter(Boolean).join('; ');
      if (notes) console.log(`  ${''.padEnd(w)}   ${notes}`);
    }
    console.log(`\n  Server-Speicher am Ende ${MB(final.rss)} (Spitze der letzten Phase ${MB(final.peak)}).`);
    console.log(`  Ein Kreis bis zum Baublock in einer Abfrage (areas= mit ${fmt(blockPath.length)} Zeichen): ${blockNote}.`);
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server!.child.once('exit', r));
    }
    await sql.end().catch(() => undefined);
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
