/**
 * geos-wasm is an ES module; jest here runs CommonJS and cannot load it. Tests therefore bundle it
 * once into a CommonJS file with esbuild (installed for the web build) and require that. The CLI
 * itself loads the ES module directly (Node's require of ES modules).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Geos, GeosApi } from '../../shared/geo/geos';

let cached: Promise<Geos> | null = null;

export function loadGeosForTests(): Promise<Geos> {
  if (!cached) {
    cached = (async () => {
      const entry = require.resolve('geos-wasm');
      const version = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '../../package.json'), 'utf8')).version as string;
      const out = path.join(os.tmpdir(), `sozialmonitor-geos-${version}.cjs`);
      if (!fs.existsSync(out)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const esbuild = require('esbuild') as typeof import('esbuild');
        const tmp = `${out}.${process.pid}.tmp`;
        esbuild.buildSync({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', outfile: tmp, logLevel: 'error', define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) } });
        fs.renameSync(tmp, out);
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const init = require(out).default as () => Promise<GeosApi>;
      return new Geos(await init());
    })();
  }
  return cached;
}
