/**
 * Headless Chromium for real-browser tests: Debian's `chromium` (installed by scripts/system-deps.sh),
 * driven by playwright-core. Never a browser download. The flags keep Chromium off the network
 * (this machine's network is closed; background services would retry forever).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} fehlt: bitte „bash scripts/system-deps.sh“ ausführen (installiert das Debian-Paket chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

/** Screenshots of browser tests land here (kept after the run, ignored by git). */
export function screenshotDir(name: string): string {
  const dir = join(__dirname, '..', '..', 'test-output', 'screenshots', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The folder with package.json above this file: the sources, also when run from dist/ (bench). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tsconfig.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Kein Projektordner (package.json und tsconfig.json) über ${__dirname}`);
  }
}

/**
 * A page script made of project sources, bundled for the browser as scripts/build-web.js bundles the
 * task pane: `entry` is TypeScript whose imports resolve from the project root; csv-parse/sync points
 * to the package's own browser build (it carries its Buffer). Returns the IIFE's code.
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const out = await build({
    stdin: { contents: entry, resolveDir: projectRoot(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}
