/**
 * Raw Kennzahlen follow accepted submissions in place (sync-server/indicator-cache.ts, issue 17):
 * after random submissions the incrementally kept results equal a freshly built engine's; a change
 * of a Baublock reaches the Kreis; a write the cache has not seen (another process on the same
 * database) makes it rebuild instead.
 */
import { IndicatorEngine, Period, Role, shiftPeriod } from '../../shared';
import { DomainState } from '../../sync-server/domain';
import { indicatorCacheOf } from '../../sync-server/publication';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import { databaseFile } from '../../sync-server/config';
import { submitDataset } from '../../sync-server/submissions';
import { releasePeriod } from '../../sync-server/freigabe';
import type { Actor } from '../../sync-server/storage/types';
import { DemoServer, demoServer, populationRows } from './helpers';

const AGE_BANDS = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus'];

jest.setTimeout(60000);

const KREIS_ROLE: Role = { rolle: 'kreis' };
const actor: Actor = { label: 'Test Kreis', tokenId: null, role: KREIS_ROLE };

let demo: DemoServer;
beforeAll(async () => {
  demo = await demoServer(['2023', '2024'], 'inkrementell');
});
afterAll(() => demo.close());

/** A DomainState of its own on the demo database: what a second server process would have. */
function process2(): { state: DomainState; close(): Promise<void> } {
  const storage = new SqliteStorage(databaseFile(demo.dir));
  return { state: new DomainState(storage), close: () => storage.close() };
}

/** Deterministic random numbers (mulberry32), so that a failure can be repeated. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function submit(state: DomainState, period: Period, rows: { area: string; variable: string; value: number }[]): Promise<boolean> {
  const out = await submitDataset(state, { body: { period, rows }, actor });
  return out.status === 201;
}

/** Moves `k` persons of a Baublock from one age band to another (the sum rule still holds). */
async function moveAge(state: DomainState, period: Period, area: string, from: string, to: string, k: number): Promise<boolean> {
  const values = await state.values([period]);
  return submit(state, period, [
    { area, variable: from, value: values.get(area, from, period)! - k },
    { area, variable: to, value: values.get(area, to, period)! + k },
  ]);
}

/** Every Kennzahl × area of `period` from the raw cache and from an engine built from all values now stored. */
async function compareWithFresh(state: DomainState, period: Period, stand: 'aktuell' | 'freigegeben' = 'aktuell'): Promise<{ checked: number; different: string[] }> {
  const fresh = process2();
  try {
    const catalogue = (await fresh.state.catalogue())!;
    const { tree } = await fresh.state.areas();
    const offsets = [...new Set([...catalogue.kennzahlen.values()].flatMap((k) => k.perioden))];
    const engine = new IndicatorEngine(catalogue, tree!, await fresh.state.values(offsets.map((o) => shiftPeriod(period, o)), stand));
    const view = await indicatorCacheOf(state, {}, stand).view(period);
    const different: string[] = [];
    let checked = 0;
    for (const a of tree!.all()) {
      for (const id of catalogue.kennzahlen.keys()) {
        const { missing: _m, ...want } = engine.indicator(id, a.code, period);
        const got = view.indicator(id, a.code);
        checked++;
        if (JSON.stringify(got) !== JSON.stringify(want)) different.push(`${id} ${a.code}: ${JSON.stringify(got)} statt ${JSON.stringify(want)}`);
      }
    }
    return { checked, different };
  } finally {
    await fresh.close();
  }
}

test('after random submissions the raw results kept in place equal a fresh engine for every Kennzahl, area and period', async () => {
  const state = new DomainState(demo.storage);
  const cache = indicatorCacheOf(state, {}, 'aktuell');
  const catalogue = (await state.catalogue())!;
  const { tree } = await state.areas();
  const areas = tree!.all();
  const ids = [...catalogue.kennzahlen.keys()];
  const merkmale = [...catalogue.merkmale.keys()];
  const periods: Period[] = ['2024', '2023'];
  // everything computed once: every later submission must drop what it changes
  const warm = async () => {
    for (const p of periods) {
      const v = await cache.view(p);
      for (const a of areas) for (const id of ids) v.indicator(id, a.code);
    }
  };
  await warm();
  const rebuilds = cache.stats.rebuilds;
  const rand = random(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const groups = [AGE_BANDS, ['hh_1p', 'hh_2p', 'hh_3p', 'hh_4p', 'hh_5plus']];
  let accepted = 0;
  for (let i = 0; i < 16; i++) {
    // 2019 (no demo values) is read only by the t-5 Kennzahl of 2024 (bevoelkerungsentwicklung_5j); 2023 by its own entry
    const period = pick<Period>(['2024', '2024', '2024', '2023', '2019']);
    const rows: { area: string; variable: string; value: number }[] = [];
    if (period === '2019') {
      rows.push(...populationRows(pick(tree!.atLevel('baublock')).code, 5 + Math.floor(rand() * 20)));
    } else {
      // a stored cell (so the Merkmal is delivered at that level), changed so that the sum rules still hold:
      // persons moved between age bands, households between sizes, anything else moved up or down a little
      // one Stadt's values (its Meldebereich), or the Kreis-level ones: loading the whole Kreis each time costs seconds
      const stored = await demo.storage.currentValues(period, [pick([...tree!.atLevel('stadt'), tree!.root]).code]);
      for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
        if (stored.length === 0) break;
        const cell = pick(stored);
        const group = groups.find((g) => g.includes(cell.variable));
        const k = Math.min(cell.value, 1 + Math.floor(rand() * 3));
        if (group) {
          const to = stored.find((v) => v.area === cell.area && v.variable === pick(group.filter((g) => g !== cell.variable)));
          if (to) rows.push({ area: cell.area, variable: cell.variable, value: cell.value - k }, { area: to.area, variable: to.variable, value: to.value + k });
        } else {
          rows.push({ area: cell.area, variable: cell.variable, value: rand() < 0.5 ? cell.value - k : cell.value + k });
        }
      }
    }
    const unique = [...new Map(rows.map((r) => [`${r.area}|${r.variable}`, r])).values()];
    if (await submit(state, period, unique)) accepted++;
    await warm();
  }
  expect(accepted).toBeGreaterThanOrEqual(8);
  // no rebuild: each accepted submission was applied in place to the entries reading its period
  expect(cache.stats.rebuilds).toBe(rebuilds);
  expect(cache.stats.incremental).toBeGreaterThanOrEqual(accepted);
  for (const p of periods) {
    const { checked, different } = await compareWithFresh(state, p);
    expect(checked).toBe(areas.length * ids.length);
    expect(different.slice(0, 5)).toEqual([]);
  }
});

test('a changed Baublock moves the counts and Kennzahlen of its Gemeindeteil, Stadt and Kreis (ancestors invalidated)', async () => {
  const state = new DomainState(demo.storage);
  const cache = indicatorCacheOf(state, {}, 'aktuell');
  const { tree } = await state.areas();
  const block = tree!.atLevel('baublock')[3]!.code;
  const chain = [block, ...tree!.ancestors(block)];
  expect(chain.map((a) => tree!.get(a)!.ebene)).toEqual(['baublock', 'gemeindeteil', 'stadt', 'kreis']);
  const before = await cache.view('2024');
  const counts = chain.map((a) => before.count(a, 'bev_0_2')!);
  const u18 = chain.map((a) => before.indicator('anteil_u18', a).numerator!);
  expect([...counts, ...u18].every((c) => typeof c === 'number')).toBe(true);
  const incremental = cache.stats.incremental;
  // five persons moved from 30–44 to 0–2: the population stays, the under-18s grow by five everywhere above
  expect(await moveAge(state, '2024', block, 'bev_30_44', 'bev_0_2', 5)).toBe(true);
  expect(cache.stats.incremental).toBe(incremental + 1);
  const after = await cache.view('2024');
  expect(chain.map((a) => after.count(a, 'bev_0_2'))).toEqual(counts.map((c) => c + 5));
  expect(chain.map((a) => after.indicator('anteil_u18', a).numerator)).toEqual(u18.map((c) => c + 5));
  // a sibling Gemeindeteil is not moved
  const sibling = tree!.children(chain[2]!).find((c) => c !== chain[1])!;
  expect(after.count(sibling, 'bev_0_2')).toBe(before.count(sibling, 'bev_0_2'));
});

test('a write by another process is seen: the cache rebuilds instead of applying a submission to a version it does not have', async () => {
  const a = new DomainState(demo.storage);
  const cacheA = indicatorCacheOf(a, {}, 'aktuell');
  const other = process2();
  try {
    const { tree } = await a.areas();
    const [b1, b2] = tree!.atLevel('baublock').slice(10, 12).map((x) => x.code);
    const kreis = tree!.root.code;
    const start = (await cacheA.view('2024')).count(kreis, 'bev_0_2')!;
    const rebuilds = cacheA.stats.rebuilds;
    const incremental = cacheA.stats.incremental;
    // the other process writes; then this one, without reading in between: its entry is one write behind
    expect(await moveAge(other.state, '2024', b1!, 'bev_30_44', 'bev_0_2', 2)).toBe(true);
    expect(await moveAge(a, '2024', b2!, 'bev_30_44', 'bev_0_2', 3)).toBe(true);
    expect(cacheA.stats.incremental).toBe(incremental);
    expect((await cacheA.view('2024')).count(kreis, 'bev_0_2')).toBe(start + 5);
    expect(cacheA.stats.rebuilds).toBe(rebuilds + 1);
    // the other process writes once more: the next read sees it by the versions alone
    expect(await moveAge(other.state, '2024', b1!, 'bev_0_2', 'bev_30_44', 2)).toBe(true);
    expect((await cacheA.view('2024')).count(kreis, 'bev_0_2')).toBe(start + 3);
    expect(cacheA.stats.rebuilds).toBe(rebuilds + 2);
    // now up to date, its own write is applied in place again
    expect(await moveAge(a, '2024', b2!, 'bev_0_2', 'bev_30_44', 3)).toBe(true);
    expect(cacheA.stats.incremental).toBe(incremental + 1);
    expect((await cacheA.view('2024')).count(kreis, 'bev_0_2')).toBe(start);
    expect(cacheA.stats.rebuilds).toBe(rebuilds + 2);
  } finally {
    await other.close();
  }
});

test('a release updates the released Kennzahlen in place: equal to a fresh engine over the released values, no rebuild', async () => {
  const state = new DomainState(demo.storage);
  const cache = indicatorCacheOf(state, {}, 'freigegeben');
  const catalogue = (await state.catalogue())!;
  const { tree } = await state.areas();
  const ids = [...catalogue.kennzahlen.keys()];
  const warm = async () => {
    const v = await cache.view('2024');
    for (const a of tree!.all()) for (const id of ids) v.indicator(id, a.code);
    return v;
  };
  const before = await warm();
  const witten = tree!.atLevel('stadt').find((a) => a.name === 'Witten')!.code;
  const block = tree!.subtree(witten).find((a) => tree!.get(a)!.ebene === 'baublock')!;
  const u18 = before.indicator('anteil_u18', witten).numerator!;
  const rebuilds = cache.stats.rebuilds;
  const incremental = cache.stats.incremental;
  expect(await moveAge(state, '2024', block, 'bev_30_44', 'bev_0_2', 4)).toBe(true);
  // not released yet: readers' values unchanged, nothing applied
  expect((await cache.view('2024')).indicator('anteil_u18', witten).numerator).toBe(u18);
  expect(cache.stats.incremental).toBe(incremental);
  const out = await releasePeriod(state, { period: '2024', stadt: witten }, actor);
  expect(out.status).toBe(201);
  expect(cache.stats.incremental).toBe(incremental + 1);
  expect((await warm()).indicator('anteil_u18', witten).numerator).toBe(u18 + 4);
  expect(cache.stats.rebuilds).toBe(rebuilds);
  const { checked, different } = await compareWithFresh(state, '2024', 'freigegeben');
  expect(checked).toBeGreaterThan(1000);
  expect(different.slice(0, 5)).toEqual([]);
  // a release by another process is seen by the versions: rebuilt, not applied
  const other = process2();
  try {
    expect(await moveAge(other.state, '2024', block, 'bev_0_2', 'bev_30_44', 4)).toBe(true);
    expect((await releasePeriod(other.state, { period: '2024', stadt: witten }, actor)).status).toBe(201);
    expect((await warm()).indicator('anteil_u18', witten).numerator).toBe(u18);
    expect(cache.stats.rebuilds).toBe(rebuilds + 1);
    expect(cache.stats.incremental).toBe(incremental + 1);
  } finally {
    await other.close();
  }
});

test('SOZIALMONITOR_INKREMENTELL: 0 rebuilds after every write, anything but 0 or 1 is refused', async () => {
  const { incrementalFromEnv } = await import('../../sync-server/indicator-cache');
  expect(incrementalFromEnv({})).toBe(true);
  expect(incrementalFromEnv({ SOZIALMONITOR_INKREMENTELL: '0' })).toBe(false);
  expect(() => incrementalFromEnv({ SOZIALMONITOR_INKREMENTELL: 'nein' })).toThrow(/SOZIALMONITOR_INKREMENTELL „nein“ ist ungültig/);
});
