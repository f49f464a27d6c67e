#!/usr/bin/env node
/**
 * Bundles the browser parts with esbuild into dist/web/: the Excel task pane (addin/) and the report
 * (sync-server/bericht/). tsc type-checks them (one tsconfig); esbuild only bundles. Each target copies
 * its static files (HTML, icons) next to the bundle. The sync server serves dist/web/addin and
 * dist/web/bericht.
 */
const { build } = require('esbuild');
const { cpSync, existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const targets = [
  { name: 'addin', entry: 'addin/src/main.tsx', out: 'dist/web/addin/taskpane.js', assets: ['addin/static'] },
  { name: 'bericht', entry: 'sync-server/bericht/main.ts', out: 'dist/web/bericht/bericht.js', assets: ['sync-server/bericht/static'] },
];

async function main() {
  for (const t of targets) {
    if (!existsSync(join(root, t.entry))) {
      throw new Error(`${t.name}: Einstiegsdatei ${t.entry} fehlt`);
    }
    const outdir = join(root, t.out, '..');
    mkdirSync(outdir, { recursive: true });
    await build({
      entryPoints: [join(root, t.entry)],
      outfile: join(root, t.out),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['es2020', 'chrome100', 'edge100', 'safari15'],
      minify: true,
      sourcemap: true,
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'linked',
      // csv-parse's Node build needs Buffer; its browser build is the same parser without it
      alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
      logLevel: 'warning',
    });
    for (const a of t.assets) if (existsSync(join(root, a))) cpSync(join(root, a), outdir, { recursive: true });
  }
}

main().catch((e) => {
  process.stderr.write(`Bündeln fehlgeschlagen: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
