/**
 * Secondary suppression along every parent relation of the new levels: a Land with a Kreis and a
 * kreisfreie Stadt whose Stadtteile lie in Stadtbezirke. No attacker (outside or inside a Stadt)
 * may narrow a suppressed count below its threshold.
 */
import { standardCatalogue, ValueTable } from '../../shared';
import { suppressTable } from '../../shared/disclosure';
import { attack, attackAsEveryone } from './attacker';
import { landBaum } from '../helpers/land-baum';
import { tableOf } from './fixtures';

const catalogue = standardCatalogue();
const hlu: Record<string, number> = {
  '05954036-01': 7,
  '05954036-02': 9,
  '05315000-1-101': 1, // the one small count
  '05315000-1-102': 8,
  '05315000-1-103': 12,
  '05315000-2-201': 6,
  '05315000-2-202': 5,
};
const tree = landBaum(['05', '05954', '05954036', '05315000', '05315000-1', '05315000-2', ...Object.keys(hlu)]);
const t = tableOf(catalogue, tree, '2024', ValueTable.fromRows('2024', Object.entries(hlu).map(([area, value]) => ({ area, variable: 'hlu', value }))));
const p = suppressTable(t.catalogue, t.tree, t.count);
const suppressed = () => [...p.cells.keys()].filter((k) => k.endsWith('\u0000hlu')).map((k) => k.split('\u0000')[0]!).sort();

describe('suppression in a Land tree with Stadtbezirke', () => {
  test('sums run up through Stadtbezirk, kreisfreie Stadt and Land', () => {
    expect(t.count('05315000-1', 'hlu')).toBe(21);
    expect(t.count('05315000', 'hlu')).toBe(32);
    expect(t.count('05', 'hlu')).toBe(48);
  });

  test('the small Stadtteil count gets a partner inside its Stadtbezirk; nothing outside it is needed', () => {
    expect(p.get('05315000-1-101', 'hlu')?.sperre).toBe('primaer');
    const s = suppressed();
    expect(s.filter((a) => a !== '05315000-1-101').some((a) => a.startsWith('05315000-1-'))).toBe(true);
    expect(s.filter((a) => !a.startsWith('05315000-1'))).toEqual([]);
    expect(p.unprotected).toEqual([]);
    expect(p.unprotectedFromInsider).toEqual([]);
  });

  test('neither an outsider nor the insider of Witten or Köln narrows a suppressed count', async () => {
    const tight = await attack(t.catalogue, t.tree, t.count, p, undefined, true, { integer: true });
    expect(tight.filter((i) => i.max - i.min < i.threshold - 1e-6)).toEqual([]);
    const all = await attackAsEveryone(t.catalogue, t.tree, t.count, p, { integer: true });
    expect(all.map((r) => r.attacker).sort()).toEqual(['05315000', '05954036', 'außen']);
    // Köln's insider knows its own cells; nobody else's are narrowed
    for (const r of all) expect([r.attacker, r.broken.filter((i) => !(r.attacker !== 'außen' && tree.stadtOf(i.area) === r.attacker))]).toEqual([r.attacker, []]);
  });
});
