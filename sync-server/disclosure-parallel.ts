/**
 * The first suppression pattern of a Land, Kreis by Kreis in worker threads (issue 17). The
 * searches inside one Kreis or kreisfreie Stadt (shared/disclosure/suppress.ts, phase 1) read and
 * write only that module's cells, so the modules can be searched side by side: each worker gets
 * one module's subtree and counts and returns its `ModuleResult`, which goes into the module cache
 * the pattern's own run then takes it from. The pattern's run checks every cached module against
 * its full key (all cells, areas and settings of the module) and searches any module whose result
 * does not fit itself, so a worker can make the pattern faster but never different.
 *
 * Used only where it pays: a Land with at least two modules not yet in the cache (the first pattern
 * of a year after a start or a new area tree; after one Gemeinde's submission one Kreis is searched
 * again, in the request's own thread), more than one core, and the compiled server (the worker is
 * dist/sync-server/disclosure-worker.js; run from TypeScript sources, as in the jest tests of the
 * sources, everything runs in one thread).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ebeneDepth, type AreaTree, type Catalogue } from '../shared';
import type { CountLookup, DisclosureOptions, ModuleResult } from '../shared/disclosure';
import type { ModuleAnswer, ModuleJob } from './disclosure-worker';

const WORKER = join(__dirname, 'disclosure-worker.js');

/**
 * SOZIALMONITOR_THREADS: how many worker threads search the Kreise of a Land at once (default: the
 * cores, at most 8; 1 = none, everything in the server's own thread).
 */
export function threadsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SOZIALMONITOR_THREADS;
  if (raw === undefined || raw === '') return Math.min(8, availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`SOZIALMONITOR_THREADS „${raw}“ ist ungültig; erwartet eine ganze Zahl von 1 bis 64 (Threads für die Geheimhaltung eines Landes)`);
  return n;
}

export interface ParallelStats {
  /** modules searched in workers */
  modules: number;
  threads: number;
}

/**
 * Fills `cache` with the modules of a Land table searched in worker threads; resolves when all are
 * done. Returns undefined (and does nothing) where it does not pay or cannot run (see above).
 */
export async function searchModulesInWorkers(
  catalogue: Catalogue,
  tree: AreaTree,
  count: CountLookup,
  bandIds: readonly string[],
  options: DisclosureOptions,
  cache: Map<string, ModuleResult>,
  threads = threadsFromEnv(),
  workerFile = WORKER,
): Promise<ParallelStats | undefined> {
  const root = tree.root;
  if (ebeneDepth(root.ebene) >= ebeneDepth('kreis') || threads < 2 || !existsSync(workerFile)) return undefined;
  const modules = tree.children(root.code).filter((m) => !cache.has(m));
  if (modules.length < 2 || modules.length < tree.children(root.code).length) return undefined;
  const merkmale = [...new Set([...catalogue.merkmale.keys(), ...bandIds])];
  const subtrees = new Map(modules.map((m) => [m, tree.subtree(m)]));
  const job = (module: string): ModuleJob => {
    const codes = subtrees.get(module)!;
    const values = new Float64Array((codes.length + 1) * merkmale.length);
    // row 0 is the Land root, carrying the module root's counts (a Land of this one module)
    [module, ...codes].forEach((a, i) => merkmale.forEach((m, j) => (values[i * merkmale.length + j] = count(a, m) ?? NaN)));
    return {
      module,
      catalogue: catalogue.definition,
      catalogueVersion: catalogue.version,
      options,
      bandIds: [...bandIds],
      merkmale,
      areas: [{ ...root }, ...codes.map((c) => tree.get(c)!)],
      values,
    };
  };
  // largest modules first: the last one to finish should be a small one
  const queue = [...modules].sort((a, b) => subtrees.get(b)!.length - subtrees.get(a)!.length);
  const n = Math.min(threads, queue.length);
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerFile);
      const next = () => {
        const module = queue.shift();
        if (module === undefined) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const j = job(module);
        worker.postMessage(j, [j.values.buffer as ArrayBuffer]);
      };
      worker.on('message', (answer: ModuleAnswer) => {
        // a module the worker could not search is searched by the pattern's own run
        if (answer.result) cache.set(answer.module, answer.result);
        else if (answer.error) console.error(`Geheimhaltung: ${tree.get(answer.module)?.name ?? answer.module} im Worker nicht gesucht (${answer.error}); wird im Server gesucht`);
        next();
      });
      worker.on('error', reject);
      next();
    });
  await Promise.all(Array.from({ length: n }, run));
  return { modules: modules.length, threads: n };
}
