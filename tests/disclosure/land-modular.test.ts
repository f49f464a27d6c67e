/**
 * Geheimhaltung je Kreis (shared/disclosure/suppress.ts, „modules“): in a Land the searches run Kreis
 * by Kreis first, with the Land and every Kreis cell frozen; the Land's and the Kreise's own cells,
 * and what a search inside one Kreis could not protect, are searched over the whole Land. The
 * attacker of tests/disclosure/attacker.ts (integer programme; outside and as the insider of every
 * Stadt, the kreisfreie Stadt included; Kennzahl rows as readers see them) must narrow nothing.
 */
import { suppressTable, type SuppressionPattern } from '../../shared/disclosure';
import { attackAsEveryone, exact, indicatorKnowledge, type AttackerResult } from './attacker';
import { patternHash, randomLand, type Table } from './fixtures';

jest.setTimeout(240_000);

async function attackEveryone(t: Table, pattern: SuppressionPattern): Promise<AttackerResult[]> {
  const knowledge = indicatorKnowledge(t.catalogue, t.tree, t.period, t.count, pattern, {});
  return attackAsEveryone(t.catalogue, t.tree, t.count, pattern, { integer: true, knowledge });
}
const findings = (rs: AttackerResult[]) =>
  rs.filter((r) => r.broken.length > 0).map((r) => `${r.attacker}: ${r.broken.length} (${exact(r.broken).length} genau) ${JSON.stringify(r.broken.slice(0, 2))}`);
/** the Land and its direct children (Kreise, kreisfreie Stadt): the cells searched over the whole Land */
const topAreas = (t: Table) => new Set(t.tree.all().filter((a) => a.parent === null || a.parent === '05').map((a) => a.code));
const areaOf = (k: string) => k.split('\u0000')[0]!;

const seeds = [200, 201, 202, 203];

test('random Länder (2–3 Kreise and a kreisfreie Stadt, small counts): nobody narrows a suppressed cell', async () => {
  let topPrimary = 0;
  let topSecondary = 0;
  let attacked = 0;
  for (const seed of seeds) {
    const t = randomLand(seed, { teilGanzes: seed % 2 === 0, kreise: 2 + (seed % 2) });
    const pattern = suppressTable(t.catalogue, t.tree, t.count);
    expect(pattern.unprotected).toEqual([]);
    expect(pattern.unprotectedFromInsider).toEqual([]);
    const top = topAreas(t);
    for (const [k, c] of pattern.cells) {
      if (!top.has(areaOf(k))) continue;
      if (c.sperre === 'primaer') topPrimary++;
      else topSecondary++;
    }
    const results = await attackEveryone(t, pattern);
    // outsider, the Städte of the Kreise and the kreisfreie Stadt
    expect(results.length).toBeGreaterThanOrEqual(4);
    attacked += results.reduce((n, r) => n + r.intervals.length, 0);
    const found = findings(results);
    if (found.length) throw new Error(`seed ${seed}: ${found.join('; ')}`);
  }
  // the whole-Land phase had work: small counts in Kreis and Land cells, partners among the Kreise
  expect(topPrimary).toBeGreaterThan(5);
  expect(topSecondary).toBeGreaterThan(5);
  expect(attacked).toBeGreaterThan(500);
});

test('without the partners the whole-Land phase found among the Kreise, the attacker narrows cells (the test can fail)', async () => {
  let narrowed = 0;
  for (const seed of seeds.slice(0, 2)) {
    const t = randomLand(seed, { teilGanzes: seed % 2 === 0, kreise: 2 + (seed % 2) });
    const pattern = suppressTable(t.catalogue, t.tree, t.count);
    const top = topAreas(t);
    // publish the secondary cells of the Land, the Kreise and the kreisfreie Stadt
    const cells = new Map([...pattern.cells].filter(([k, c]) => !(c.sperre === 'sekundaer' && top.has(areaOf(k)))));
    const weak: SuppressionPattern = { ...pattern, cells, get: (a, m) => cells.get(`${a}\u0000${m}`) };
    narrowed += (await attackEveryone(t, weak)).reduce((n, r) => n + r.broken.length, 0);
  }
  expect(narrowed).toBeGreaterThan(0);
});

test('the search by Kreis finds a pattern as small as the search over the whole Land', () => {
  let byKreis = 0;
  let whole = 0;
  for (const seed of seeds) {
    const t = randomLand(seed, { teilGanzes: seed % 2 === 0, kreise: 2 + (seed % 2) });
    byKreis += suppressTable(t.catalogue, t.tree, t.count).stats.populationSekundaer;
    const w = suppressTable(t.catalogue, t.tree, t.count, {}, { modular: false });
    expect(w.unprotected).toEqual([]);
    whole += w.stats.populationSekundaer;
  }
  // secondary suppression hides cases; by Kreis it may choose other partners, not many more cases
  expect(byKreis).toBeLessThanOrEqual(whole * 1.1);
});

describe('module cache: a second run searches only the Kreise whose cells changed', () => {
  const t = randomLand(201, { kreise: 3 });
  const hash = (p: SuppressionPattern) => patternHash(p);
  // one Baublock of the first Kreis gets 1 instead of its hlu count, with its ancestors' sums
  const block = t.tree.all().find((a) => a.ebene === 'baublock' && a.code.startsWith('05954') && (t.count(a.code, 'hlu') ?? 0) >= 5)!;
  const delta = 1 - t.count(block.code, 'hlu')!;
  const changed = new Set([block.code, ...t.tree.ancestors(block.code)]);
  const count2 = (a: string, m: string) => (m === 'hlu' && changed.has(a) ? t.count(a, m)! + delta : t.count(a, m));

  test('unchanged: every module from the cache, the same pattern as a fresh run', () => {
    const cache = new Map();
    const first = suppressTable(t.catalogue, t.tree, t.count, {}, { moduleCache: cache });
    expect(first.stats.kreiseGesucht).toBe(4);
    expect(first.stats.suchenJeKreis).toBeGreaterThan(0);
    const again = suppressTable(t.catalogue, t.tree, t.count, {}, { moduleCache: cache });
    expect(again.stats).toMatchObject({ kreiseGesucht: 0, kreiseAusZwischenspeicher: 4, suchenJeKreis: 0, sekundaer: first.stats.sekundaer });
    expect(hash(again)).toBe(hash(first));
  });

  test('one Baublock changed: its Kreis is searched again, the pattern is the fresh one (and not the old one)', () => {
    const cache = new Map();
    const before = suppressTable(t.catalogue, t.tree, t.count, {}, { moduleCache: cache });
    const cached = suppressTable(t.catalogue, t.tree, count2, {}, { moduleCache: cache });
    const fresh = suppressTable(t.catalogue, t.tree, count2);
    expect(cached.stats).toMatchObject({ kreiseGesucht: 1, kreiseAusZwischenspeicher: 3 });
    expect(hash(cached)).toBe(hash(fresh));
    expect(hash(fresh)).not.toBe(hash(before));
    expect(cached.get(block.code, 'hlu')?.sperre).toBe('primaer');
  });

  test('other thresholds: nothing is taken from the cache', () => {
    const cache = new Map();
    suppressTable(t.catalogue, t.tree, t.count, {}, { moduleCache: cache });
    const other = suppressTable(t.catalogue, t.tree, t.count, { schwelle: 5 }, { moduleCache: cache });
    expect(other.stats.kreiseAusZwischenspeicher).toBe(0);
    expect(hash(other)).toBe(hash(suppressTable(t.catalogue, t.tree, t.count, { schwelle: 5 })));
  });
});
