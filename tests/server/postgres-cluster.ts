/**
 * A throw-away PostgreSQL 15 cluster for one test file (or the server benchmark), started by
 * scripts/test-postgres.sh in a temp dir on a free port. No PostgreSQL is a failure with a clear message, never a silent skip:
 * `npm test` runs scripts/system-deps.sh, which installs the Debian package postgresql-15.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** the project root: from tests/server under ts-jest, from dist/tests/server when the benchmark runs it */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const SCRIPT = join(projectRoot(), 'scripts', 'test-postgres.sh');

export interface Cluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth, local only) */
  url: string;
  /** the directory of the cluster's Unix socket (pg_ctl -k) */
  socketDir: string;
  /** `test`: fsync off (thrown away anyway); `bench`: durable defaults, fsync and synchronous_commit on */
  mode: 'test' | 'bench';
  /** stops the cluster and deletes its directory */
  stop(): void;
  /** stops the cluster but keeps its data, for `resume` (the database "goes away" under a running server) */
  halt(): void;
  /** starts a halted cluster again on the same directory and port */
  resume(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function script(args: string[]): { status: number | null; stderr: string; error?: Error } {
  return spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
}

export async function startCluster(mode: 'test' | 'bench' = 'test'): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-pg-'));
  const port = await freePort();
  const r = script(['start', dir, String(port), mode]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `PostgreSQL für die Tests konnte nicht gestartet werden (scripts/test-postgres.sh, Exit ${r.status}): ${(r.stderr || r.error?.message || '').trim()}\n` +
        'Abhilfe: bash scripts/system-deps.sh (installiert das Debian-Paket postgresql-15), dann erneut testen.',
    );
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketDir: dir,
    mode,
    stop() {
      script(['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
    halt() {
      script(['stop', dir]);
    },
    resume() {
      const again = script(['resume', dir]);
      if (again.status !== 0) throw new Error(`PostgreSQL startet nicht wieder (scripts/test-postgres.sh resume, Exit ${again.status}): ${again.stderr.trim()}`);
    },
  };
}
