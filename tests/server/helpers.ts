/** Test fixtures for the sync server: a real SQLite file in a temp dir, a small Kreis, tokens. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { AppOptions, createApp } from '../../sync-server/app';
import { bootstrap } from '../../sync-server/bootstrap';
import { databaseFile } from '../../sync-server/config';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import type { ValueRow } from '../../shared';

export const KREIS = '05954';
export const WITTEN = '05954036';
export const HATTINGEN = '05954016';

const square = (x: number, y: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});

/** Kreis > 2 Städte > 2 Gemeindeteile each > 2 Baublöcke each, in the exchange format. */
export function testAreas(): object {
  const features: object[] = [];
  const add = (code: string, name: string, ebene: string, parent: string, geometry: object | null) =>
    features.push({ type: 'Feature', properties: { code, name, ebene, parent }, geometry });
  add(KREIS, 'Ennepe-Ruhr-Kreis (Test)', 'kreis', '', null);
  [WITTEN, HATTINGEN].forEach((stadt, si) => {
    add(stadt, si === 0 ? 'Witten' : 'Hattingen', 'stadt', KREIS, null);
    for (const gt of ['01', '02']) {
      add(`${stadt}-${gt}`, `Gemeindeteil ${gt}`, 'gemeindeteil', stadt, null);
      for (const bb of ['0001', '0002']) {
        add(`${stadt}-${gt}-${bb}`, `Baublock ${bb}`, 'baublock', `${stadt}-${gt}`, square(7 + si + Number(bb) * 0.02, 51 + Number(gt) / 10, 0.01));
      }
    }
  });
  return { type: 'FeatureCollection', features };
}

export const baublockeOf = (stadt: string): string[] => ['01', '02'].flatMap((gt) => ['0001', '0002'].map((bb) => `${stadt}-${gt}-${bb}`));

const AGE_GROUPS = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus'];

/** Consistent population rows for an area: 14 age groups and their sum (base + 1 per group). */
export function populationRows(area: string, base: number): ValueRow[] {
  const groups = AGE_GROUPS.map((variable, i) => ({ area, variable, value: base + i }));
  return [...groups, { area, variable: 'bevoelkerung', value: groups.reduce((s, g) => s + g.value, 0) }];
}

/** Population of every Baublock of a Stadt, and unemployed counts of its two Gemeindeteile (small ones are suppressed). */
export const datasetWithUnemployed = (stadt: string, base: number, arbeitslose: number[]): ValueRow[] => [
  ...baublockeOf(stadt).flatMap((b) => populationRows(b, base)),
  ...['01', '02'].map((gt, i) => ({ area: `${stadt}-${gt}`, variable: 'arbeitslose', value: arbeitslose[i]! })),
];

/**
 * Watches the readers' snapshot computations through testServer({ snapshotHook: control.hook }):
 * counts them, holds the next one until the test lets it go (deterministic "during a release"), and
 * tells when the next snapshot is in place.
 */
export class SnapshotControl {
  computations = 0;
  private held: { reached: () => void; gate: Promise<void> } | undefined;
  private built: (() => void)[] = [];

  readonly hook: NonNullable<AppOptions['snapshotHook']> = async (_period, phase) => {
    if (phase === 'fertig') {
      this.built.splice(0).forEach((r) => r());
      return;
    }
    this.computations++;
    const h = this.held;
    if (h) {
      this.held = undefined;
      h.reached();
      await h.gate;
    }
  };

  /** Holds the next computation: `reached` resolves when it starts, it goes on after `open()`. */
  holdNext(): { reached: Promise<void>; open: () => void } {
    let reached!: () => void;
    let open!: () => void;
    const atHook = new Promise<void>((r) => (reached = r));
    this.held = { reached, gate: new Promise<void>((r) => (open = r)) };
    return { reached: atHook, open };
  }

  /** Resolves when the next snapshot is in place. */
  nextBuilt(): Promise<void> {
    return new Promise<void>((r) => this.built.push(r));
  }
}

export interface TestServer {
  app: Express;
  storage: SqliteStorage;
  dir: string;
  tokens: { kreis: string; witten: string; hattingen: string; leser: string };
  auth: (token: string) => { Authorization: string };
  close(): Promise<void>;
}

export async function testServer(options: AppOptions & { dir?: string; withAreas?: boolean } = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sozialmonitor-test-'));
  const storage = new SqliteStorage(databaseFile(dir));
  await bootstrap(storage, { dataDir: dir, demo: false, log: () => undefined });
  const tokens = {
    kreis: (await createToken(storage, { rolle: 'kreis' }, OPERATOR)).token,
    witten: (await createToken(storage, { rolle: 'kommune', ags: WITTEN }, OPERATOR)).token,
    hattingen: (await createToken(storage, { rolle: 'kommune', ags: HATTINGEN }, OPERATOR)).token,
    leser: (await createToken(storage, { rolle: 'leser' }, OPERATOR)).token,
  };
  const { parseAreaExchange } = await import('../../shared');
  if (options.withAreas !== false) {
    await storage.replaceAreas(parseAreaExchange(testAreas()).areas, 'test', OPERATOR);
  }
  // Release on acceptance unless a test asks for the Kreis's review: the tests written before the
  // Freigabe expect an accepted submission to be public (tests/server/freigabe.test.ts covers review).
  const app = createApp(storage, { log: () => undefined, freigabe: 'automatisch', ...options });
  return {
    app,
    storage,
    dir,
    tokens,
    auth: (token) => ({ Authorization: `Bearer ${token}` }),
    close: async () => {
      await storage.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpTestServer extends TestServer {
  /** http://127.0.0.1:port, for clients that make real requests (the add-in's fetch) */
  url: string;
}

/** testServer() listening on a free local port; close() stops listening, then cleans up. */
export async function httpTestServer(options: Parameters<typeof testServer>[0] = {}): Promise<HttpTestServer> {
  const ts = await testServer(options);
  const server = await new Promise<Server>((resolve) => {
    const s = ts.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    ...ts,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((r) => server.close(r));
      await ts.close();
    },
  };
}

const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Tests that run the real server process need dist/; build it if it is missing or older than the sources. */
export function ensureBuilt(): void {
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, 'sync-server')), newestMtime(join(ROOT, 'cli')), newestMtime(join(ROOT, 'shared')));
  if (built >= sources && existsSync(join(ROOT, 'dist', 'sync-server', 'server.js'))) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], { stdio: 'pipe' });
  } catch {
    // tsc reports type errors elsewhere in the project but still emits; the tests below fail clearly if not.
  }
}

export interface DemoServer {
  app: Express;
  storage: SqliteStorage;
  dir: string;
  /** the demo tokens as printed on a first start ("kreis …", "kommune 05954036 …", "leser …") */
  tokens: { label: string; token: string }[];
  /** Authorization header for the first demo token whose label starts with `label` */
  auth: (label: string) => { Authorization: string };
  close(): Promise<void>;
}

/** A first start with the demo Kreis (real SQLite in a temp dir) for the given years. */
export async function demoServer(years: string[], name = 'demo'): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), `sozialmonitor-${name}-`));
  const storage = new SqliteStorage(databaseFile(dir));
  const boot = await bootstrap(storage, { dataDir: dir, demo: true, log: () => undefined, demoOptions: { years } });
  const tokens = boot.demoTokens!;
  return {
    app: createApp(storage, { log: () => undefined }),
    storage,
    dir,
    tokens,
    auth: (label) => ({ Authorization: `Bearer ${tokens.find((t) => t.label.startsWith(label))!.token}` }),
    async close() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo server of one test file: started in beforeAll, closed in afterAll. The returned object is
 * filled in beforeAll, so read its fields inside tests and hooks, not at the file's top level.
 */
export function demoServerForFile(years: string[], name: string): DemoServer {
  const demo = {} as DemoServer;
  beforeAll(async () => {
    Object.assign(demo, await demoServer(years, name));
  });
  afterAll(() => demo.close());
  return demo;
}

export interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path registered in the express app, with router mount paths prefixed. */
export function registeredRoutes(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    } else if (layer.handle?.stack) {
      const mount = layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...registeredRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}
