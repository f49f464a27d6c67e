/**
 * `npm run bench health`: is the server still answering while the heaviest allowed request runs?
 * The real server process (dist, SQLite, demo Kreis) gets, from one client in a loop, the largest
 * submission the body limit allows (just under 8 MB of JSON) made of rows a hostile or broken
 * client could send: unknown areas and unknown Merkmal names (each asks for "Meinten Sie" hints).
 * Meanwhile a monitor asks GET /api/health one request after another; its p99 is the figure (goal:
 * under 100 ms). The peer, in the same run: the same health polling with no load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { demoTokens, fmt, serverOutput, startServer } from './server';

/** body-parser's limit of the server ("8mb"), less room so the body is accepted and parsed */
const BODY_LIMIT = 8 * 1024 * 1024;

/** Just under `bytes` of JSON: a submission whose every row has an unknown area and an unknown Merkmal. */
export function heaviestSubmission(bytes = BODY_LIMIT - 4096): string {
  const parts: string[] = [];
  let length = 30;
  let seed = 1;
  const random = (): string => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed.toString(36);
  };
  for (let i = 0; ; i++) {
    const row = JSON.stringify({ area: `05954${String(900 + (i % 100))}-${random()}`, variable: `merkmal_${random()}`, value: i % 1000 });
    if (length + row.length + 1 > bytes) break;
    parts.push(row);
    length += row.length + 1;
  }
  return `{"period":"2024","rows":[${parts.join(',')}]}`;
}

interface Health {
  p50: number;
  p99: number;
  max: number;
  answers: number;
  /** a request still waiting at the end: it counts with the time it had waited (a lower bound) */
  waiting: boolean;
  /** the server stopped answering (connection refused or reset): why, and the measurement ended there */
  failed?: string;
}

/**
 * GET /api/health one after another over one kept-alive connection for `seconds`, as a load
 * balancer or monitoring probe asks. Own loop rather than autocannon: autocannon drops a request
 * still open at the end, so a server blocked the whole time would show no latency at all.
 */
async function health(url: string, seconds: number): Promise<Health> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let waiting = false;
  let failed: string | undefined;
  while (performance.now() < end) {
    const t = performance.now();
    const abort = new AbortController();
    // a request started just before the end still gets a second to answer
    const timer = setTimeout(() => abort.abort(), Math.max(1000, end - t));
    try {
      const res = await fetch(`${url}/api/health`, { signal: abort.signal });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`health ${res.status}`);
    } catch (e) {
      if (!abort.signal.aborted) {
        clearTimeout(timer);
        failed = `${(e as Error).message}${(e as { cause?: Error }).cause ? ` (${(e as { cause: Error }).cause.message})` : ''}`;
        break;
      }
      waiting = true;
    } finally {
      clearTimeout(timer);
    }
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0, answers: latencies.length - (waiting ? 1 : 0), waiting, ...(failed ? { failed } : {}) };
}

export async function benchHealthUnderLoad(seconds = 8): Promise<void> {
  const body = heaviestSubmission();
  const rows = (body.match(/"area"/g) ?? []).length;
  console.log(`\nGET /api/health während der größten erlaubten Meldung (eigener Prozess, SQLite, Demo-Kreis; je ${seconds} s)`);
  console.log(`  Last: ein Client sendet in Schleife ${fmt(body.length / 1024 / 1024, 2)} MB JSON, ${fmt(rows)} Zeilen mit unbekannten Gebieten und Merkmalen`);
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-bench-health-'));
  const { child, url } = await startServer(dir);
  let exit = '';
  child.once('exit', (code, signal) => (exit = signal ? `Signal ${signal}` : `Exit-Code ${code}`));
  try {
    const token = demoTokens(dir)('kommune:');
    process.stdout.write('  Server läuft; messe ohne Last …\n');
    const idle = await health(url, seconds);

    const stop = new AbortController();
    const codes = new Map<string, number>();
    const durations: number[] = [];
    let inFlightSince = 0;
    const load = (async () => {
      while (!stop.signal.aborted) {
        inFlightSince = performance.now();
        try {
          const res = await fetch(`${url}/api/submissions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body, signal: stop.signal });
          const answer = await res.arrayBuffer();
          const key = `${res.status} (${fmt(answer.byteLength / 1024 / 1024, 1)} MB)`;
          codes.set(key, (codes.get(key) ?? 0) + 1);
          durations.push(performance.now() - inFlightSince);
        } catch (e) {
          if (stop.signal.aborted) break;
          // the server is gone (crashed?): one note, no busy loop against a closed port
          codes.set(`Fehler ${(e as Error).message}`, (codes.get(`Fehler ${(e as Error).message}`) ?? 0) + 1);
          break;
        }
      }
    })();
    let loaded: Health;
    let unfinished: number;
    try {
      await new Promise((r) => setTimeout(r, 300)); // the first body is on its way
      process.stdout.write('  messe während der großen Meldungen …\n');
      loaded = await health(url, seconds);
      unfinished = performance.now() - inFlightSince;
    } finally {
      stop.abort();
    }

    const row = (name: string, h: Health): string =>
      `  ${name.padEnd(30)} p50 ${fmt(h.p50, 1).padStart(7)} ms   p99 ${fmt(h.p99, 1).padStart(7)} ms   max ${fmt(h.max, 1).padStart(7)} ms   ${fmt(h.answers).padStart(6)} Antworten${h.waiting ? ' (eine wartete beim Messende noch: zählt mit ihrer Wartezeit)' : ''}`;
    console.log(row('ohne Last (Vergleich)', idle));
    console.log(row('während der großen Meldungen', loaded));
    if (loaded.failed) {
      console.log(`  Der Server antwortete nicht mehr (${loaded.failed})${exit ? `; er endete mit ${exit}` : ''}: die Messung endete dort. Seine letzte Ausgabe:`);
      console.log(serverOutput().trim().split('\n').slice(-6).map((l) => `    ${l}`).join('\n'));
    }
    console.log(`  p99 unter Last / ohne Last: ${fmt(loaded.p99 / idle.p99, 0)}; Ziel p99 unter 100 ms: ${loaded.p99 < 100 ? 'erreicht' : 'NICHT erreicht'}`);
    const mean = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : 0;
    console.log(
      `  große Meldungen: ${durations.length} beantwortet${durations.length ? ` (Ø ${fmt(mean)} ms; ${[...codes].map(([c, n]) => `${n}× ${c}`).join(', ')})` : ''}` +
        `; die letzte lief beim Messende seit ${fmt(unfinished)} ms und wurde abgebrochen`,
    );
    // the load loop ends with the abort; not awaited longer than a moment (the server is killed below)
    await Promise.race([load, new Promise((r) => setTimeout(r, 2000))]);
  } finally {
    // SIGKILL: a server busy with a large submission would answer SIGTERM only when done with it
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
