/** How a pull splits its areas into requests (addin/src/plans/abrufteile.ts), on a generated tree. */
import { type Area, AreaTree } from '../../shared';
import { type Abrufteil, abrufTeile, codeListen } from '../../addin/src/plans/abrufteile';

/** A Kreis with `staedte` Städte, each with `gts` Gemeindeteile of `blocks` Baublöcke. */
function kreis(staedte: number, gts: number, blocks: number): AreaTree {
  const areas: Area[] = [{ code: '05954', name: 'Kreis', ebene: 'kreis', parent: null }];
  for (let s = 1; s <= staedte; s++) {
    const stadt = `05954${String(s).padStart(3, '0')}`;
    areas.push({ code: stadt, name: `Stadt ${s}`, ebene: 'stadt', parent: '05954' });
    for (let g = 1; g <= gts; g++) {
      const gt = `${stadt}-${String(g).padStart(2, '0')}`;
      areas.push({ code: gt, name: `GT ${g}`, ebene: 'gemeindeteil', parent: stadt });
      for (let b = 1; b <= blocks; b++) areas.push({ code: `${gt}-${String(b).padStart(4, '0')}`, name: `BB ${b}`, ebene: 'baublock', parent: gt });
    }
  }
  return AreaTree.build(areas);
}

const level = (tree: AreaTree, under: string, ebene: string) => tree.subtree(under).filter((c) => tree.get(c)!.ebene === ebene);
const LIMITS = { maxCodes: 10, maxZeichen: 6000, maxGruppe: 100 };
const groups = (parts: Abrufteil[]) => parts.flatMap((p) => ('unter' in p ? [`${p.unter}:${p.ebene}`] : []));
const listed = (parts: Abrufteil[]) => parts.flatMap((p) => ('areas' in p ? p.areas : []));
/** every chosen code in exactly one part */
function coversOnce(parts: Abrufteil[], chosen: string[]): void {
  const all = parts.flatMap((p) => ('areas' in p ? p.areas : p.codes));
  expect(all.length).toBe(new Set(all).size);
  expect(new Set(all)).toEqual(new Set(chosen));
}

const tree = kreis(3, 4, 5); // Städte of 20 Baublöcke, 60 in the Kreis

test('all Baublöcke of a Stadt: one unter group; hand-picked areas beside it as a list', () => {
  const chosen = [...level(tree, '05954001', 'baublock'), '05954002-01', '05954003'];
  const parts = abrufTeile(tree, chosen, LIMITS);
  expect(groups(parts)).toEqual(['05954001:baublock']);
  expect(listed(parts)).toEqual(['05954002-01', '05954003']);
  coversOnce(parts, chosen);
});

test('the largest complete group wins (the Kreis), unless it is over maxGruppe (then per Stadt)', () => {
  const all = level(tree, '05954', 'baublock');
  expect(groups(abrufTeile(tree, all, LIMITS))).toEqual(['05954:baublock']);
  const parts = abrufTeile(tree, all, { ...LIMITS, maxGruppe: 30 });
  expect(groups(parts)).toEqual(['05954001:baublock', '05954002:baublock', '05954003:baublock']);
  coversOnce(parts, all);
});

test('an incomplete level or a group under maxCodes is listed; levels are grouped each on their own', () => {
  const minusOne = level(tree, '05954001', 'baublock').slice(1);
  const parts = abrufTeile(tree, minusOne, { ...LIMITS, maxCodes: 4 });
  // the Stadt is incomplete, its complete Gemeindeteile (5 Baublöcke each) are groups
  expect(groups(parts)).toEqual(['05954001-02:baublock', '05954001-03:baublock', '05954001-04:baublock']);
  expect(listed(parts)).toEqual(minusOne.slice(0, 4));
  expect(groups(abrufTeile(tree, minusOne, LIMITS))).toEqual([]);
  const both = [...level(tree, '05954002', 'gemeindeteil'), ...level(tree, '05954002', 'baublock')];
  expect(groups(abrufTeile(tree, both, { ...LIMITS, maxCodes: 4 })).sort()).toEqual(['05954002:baublock', '05954002:gemeindeteil']);
});

test('without a tree, or for codes the tree does not know: lists only (the server names unknown codes)', () => {
  const chosen = [...level(tree, '05954001', 'baublock'), '05954999'];
  expect(groups(abrufTeile(undefined, chosen, LIMITS))).toEqual([]);
  const parts = abrufTeile(tree, chosen, LIMITS);
  expect(listed(parts)).toEqual(['05954999']);
  coversOnce(parts, chosen);
});

test('lists stay within maxCodes and maxZeichen as the address encodes them: a Land-sized hand-picked list', () => {
  // 50,000 codes of Köln's numbering (05315000-1-101-0017): 1.1 MB as one list
  const codes = Array.from({ length: 50_000 }, (_, i) => `05315000-${1 + (i % 9)}-${101 + (i % 90)}-${String(i).padStart(4, '0')}`);
  const lists = codeListen(codes, 150, 6000);
  expect(lists.flat()).toEqual(codes);
  for (const l of lists) {
    expect(l.length).toBeLessThanOrEqual(150);
    expect(new URLSearchParams({ areas: l.join(',') }).toString().length - 'areas='.length).toBeLessThanOrEqual(6000);
  }
  // long codes: the character limit, not the count, splits
  const long = codeListen(codes.map((c) => `${c}-ABCDEFGH-ABCDEFGH-ABCDEFGH`), 150, 6000);
  expect(Math.max(...long.map((l) => l.length))).toBeLessThan(150);
  expect(Math.max(...long.map((l) => new URLSearchParams({ areas: l.join(',') }).toString().length - 6))).toBeLessThanOrEqual(6000);
});
