/**
 * A temporary folder for running the built `sozialmonitor` command on real files: `file` writes one,
 * `run` starts the command as its own process there (asynchronously, so a test server in the same
 * process can answer it) and returns exit code and output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../server/helpers';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export function cliWorkspace(prefix: string): { dir: string; file(name: string, content: string | Uint8Array): string; run(...args: string[]): Promise<CliRun> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    run: (...args) =>
      new Promise((resolve) => {
        execFile(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr });
        });
      }),
  };
}
