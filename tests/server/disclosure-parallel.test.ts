/**
 * The Kreise of a Land searched in worker threads (sync-server/disclosure-parallel.ts): run from the
 * compiled server (dist/, the worker is a .js file), the pattern is the one searched in one thread,
 * and a worker's result that does not fit the table exactly is never used.
 */
import { join } from 'node:path';
import { suppressTableMitAltersbaendern, type ModuleResult } from '../../shared/disclosure';
import { patternHash, randomLand, randomTable } from '../disclosure/fixtures';
import { ensureBuilt } from './helpers';
import { searchModulesInWorkers as fromSources, threadsFromEnv } from '../../sync-server/disclosure-parallel';

jest.setTimeout(120_000);

type Parallel = typeof fromSources;
let compiled: Parallel;
beforeAll(() => {
  ensureBuilt();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  compiled = require(join(__dirname, '..', '..', 'dist', 'sync-server', 'disclosure-parallel.js')).searchModulesInWorkers;
});

const t = randomLand(203, { kreise: 3 });
const seq = suppressTableMitAltersbaendern(t.catalogue, t.tree, t.count, [], {});

test('two worker threads search the 4 Kreise; the pattern takes all from the cache and equals the one-thread pattern', async () => {
  const cache = new Map<string, ModuleResult>();
  expect(await compiled(t.catalogue, t.tree, t.count, [], {}, cache, 2)).toEqual({ modules: 4, threads: 2 });
  expect([...cache.keys()].sort()).toEqual(['05913000', '05954', '05958', '05962']);
  const p = suppressTableMitAltersbaendern(t.catalogue, t.tree, t.count, [], {}, { moduleCache: cache });
  expect(p.stats).toMatchObject({ kreiseGesucht: 0, kreiseAusZwischenspeicher: 4, suchenJeKreis: 0 });
  expect(patternHash(p)).toBe(patternHash(seq));
});

test('workers given other counts: their Kreis does not fit its key and is searched again, the pattern is still the right one', async () => {
  const block = t.tree.all().find((a) => a.ebene === 'baublock' && a.code.startsWith('05958') && (t.count(a.code, 'hlu') ?? 0) >= 5)!;
  const up = new Set([block.code, ...t.tree.ancestors(block.code)]);
  const wrong = (a: string, m: string) => (m === 'hlu' && up.has(a) ? 1 : t.count(a, m));
  const cache = new Map<string, ModuleResult>();
  await compiled(t.catalogue, t.tree, wrong, [], {}, cache, 2);
  const p = suppressTableMitAltersbaendern(t.catalogue, t.tree, t.count, [], {}, { moduleCache: cache });
  expect(p.stats).toMatchObject({ kreiseGesucht: 1, kreiseAusZwischenspeicher: 3 });
  expect(patternHash(p)).toBe(patternHash(seq));
});

test('where it does not pay or cannot run, nothing happens: one thread, a Kreis as root, Kreise already cached, TypeScript sources', async () => {
  expect(await compiled(t.catalogue, t.tree, t.count, [], {}, new Map(), 1)).toBeUndefined();
  const kreis = randomTable(203);
  expect(await compiled(kreis.catalogue, kreis.tree, kreis.count, [], {}, new Map(), 2)).toBeUndefined();
  expect(await compiled(t.catalogue, t.tree, t.count, [], {}, new Map([['05954', {} as ModuleResult]]), 2)).toBeUndefined();
  // from sources the worker would be a .ts file
  expect(await fromSources(t.catalogue, t.tree, t.count, [], {}, new Map(), 2)).toBeUndefined();
});

test('SOZIALMONITOR_THREADS: a whole number from 1 to 64, anything else is refused naming the variable', () => {
  expect(threadsFromEnv({ SOZIALMONITOR_THREADS: '1' })).toBe(1);
  expect(threadsFromEnv({ SOZIALMONITOR_THREADS: '4' })).toBe(4);
  expect(threadsFromEnv({})).toBeGreaterThanOrEqual(1);
  for (const bad of ['0', 'zwei', '2.5', '65']) expect(() => threadsFromEnv({ SOZIALMONITOR_THREADS: bad })).toThrow(`SOZIALMONITOR_THREADS „${bad}“ ist ungültig`);
});
