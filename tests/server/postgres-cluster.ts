/**
 * A throw-away PostgreSQL 15 cluster for one test file, started by scripts/test-postgres.sh in a
 * temp dir on a free port. No PostgreSQL is a failure with a clear message, never a silent skip:
 * `npm test` runs scripts/system-deps.sh, which installs the Debian package postgresql-15.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'test-postgres.sh');

export interface Cluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth, local only) */
  url: string;
  /** the directory of the cluster's Unix socket (pg_ctl -k) */
  socketDir: string;
  stop(): void;
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

export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-pg-'));
  const port = await freePort();
  const r = spawnSync('bash', [SCRIPT, 'start', dir, String(port)], { encoding: 'utf8' });
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
    stop() {
      spawnSync('bash', [SCRIPT, 'stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
