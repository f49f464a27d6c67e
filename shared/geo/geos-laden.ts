/**
 * GEOS for Node (server, CLI): geos-wasm is an ES module, loaded once through Node's require of ES
 * modules (Node ≥ 20.19) and shared. Jest (CommonJS) cannot load it: tests set a loader that
 * bundles it first (tests/helpers/geos-setup.ts). Not for the browser bundle.
 */
import { Geos, GeosApi } from './geos';

const esModule = async (): Promise<Geos> => {
  const mod = (await import('geos-wasm')) as unknown as { default: () => Promise<GeosApi> };
  return new Geos(await mod.default());
};
let loader: () => Promise<Geos> = esModule;
let cached: Promise<Geos> | null = null;

/** The one GEOS instance of this process (initialised on first use, ~50 ms). */
export function loadGeos(): Promise<Geos> {
  if (!cached) {
    cached = loader();
    cached.catch(() => (cached = null));
  }
  return cached;
}

/** Replaces how GEOS is loaded (tests). */
export function setGeosLoader(load: () => Promise<Geos>): void {
  loader = load;
  cached = null;
}
