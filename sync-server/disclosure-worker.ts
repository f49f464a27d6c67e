/**
 * Worker thread of sync-server/disclosure-parallel.ts: searches one module (a Kreis or kreisfreie
 * Stadt of a Land) as shared/disclosure's phase 1 does and sends back its `ModuleResult`. It gets
 * the module's subtree under the Land root and the module's counts; the Land root carries the module
 * root's counts (a Land of one Kreis), which the module's searches never read (top areas are frozen).
 */
import { parentPort } from 'node:worker_threads';
import { AreaTree, loadCatalogue, type Area, type Catalogue } from '../shared';
import { suppressTableMitAltersbaendern, type DisclosureOptions, type ModuleResult } from '../shared/disclosure';

export interface ModuleJob {
  module: string;
  catalogue: unknown;
  catalogueVersion: string;
  options: DisclosureOptions;
  bandIds: string[];
  merkmale: string[];
  areas: Area[];
  /** counts, area-major (areas × merkmale), NaN where a cell has no value */
  values: Float64Array;
}

export interface ModuleAnswer {
  module: string;
  result?: ModuleResult;
  error?: string;
}

let loaded: { version: string; catalogue: Catalogue } | undefined;

function search(job: ModuleJob): ModuleAnswer {
  if (loaded?.version !== job.catalogueVersion) loaded = { version: job.catalogueVersion, catalogue: loadCatalogue(job.catalogue) };
  const tree = AreaTree.build(job.areas);
  const row = new Map(job.areas.map((a, i) => [a.code, i]));
  const col = new Map(job.merkmale.map((m, j) => [m, j]));
  const count = (area: string, merkmal: string): number | undefined => {
    const i = row.get(area);
    const j = col.get(merkmal);
    if (i === undefined || j === undefined) return undefined;
    const v = job.values[i * job.merkmale.length + j]!;
    return Number.isNaN(v) ? undefined : v;
  };
  const moduleCache = new Map<string, ModuleResult>();
  suppressTableMitAltersbaendern(loaded.catalogue, tree, count, job.bandIds, job.options, { moduleCache, nurKreise: true });
  return { module: job.module, result: moduleCache.get(job.module) };
}

parentPort?.on('message', (job: ModuleJob) => {
  let answer: ModuleAnswer;
  try {
    answer = search(job);
  } catch (e) {
    answer = { module: job.module, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(answer);
});
