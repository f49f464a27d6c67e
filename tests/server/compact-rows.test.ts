/**
 * The compact table of the readers' snapshots (sync-server/compact-rows.ts): every row comes back
 * equal to the one put in, with its keys in the same order (so JSON.stringify gives the same bytes),
 * whatever it holds; a grid refuses a row out of place.
 */
import { CompactRows } from '../../sync-server/compact-rows';

const AREAS = ['05954', '05954016', '05954016-01'];
const IDS = ['a', 'b'];

test('rows come back with the same keys, order and values, JSON byte for byte', () => {
  const rows: Record<string, unknown>[] = [
    { area: '05954', indicator: 'a', period: '2024', value: 1.5, numerator: 3, denominator: 2, status: 'ok' },
    { area: '05954', indicator: 'b', period: '2024', value: null, numerator: null, denominator: null, status: 'gesperrt' },
    // another key order, a reason, -0, a very large and a tiny number
    { indicator: 'a', area: '05954016', value: -0, status: 'ok', period: '2024', numerator: 1e308, denominator: 5e-324, reason: 'x' },
    // a label that is not the name at its index stays as it is; NaN and a string in a numeric field too
    { area: 'anders', indicator: 'b', period: '2024', value: Number.NaN, numerator: '7', denominator: undefined, status: 'ok' },
    { area: '05954016-01', indicator: 'a', period: '2024', value: 0, numerator: 0, denominator: 4, status: 'ok', amtlich: [{ merkmal: 'm', gesamt: 10, ohneZuordnung: null }], altersbaender: ['bev_alter_0_9'] },
    { area: '05954016-01', indicator: 'b', period: '2023', value: 2, numerator: 2, denominator: 1, status: 'ok' },
  ];
  const labels: [number, number][] = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [2, 0],
    [2, 1],
  ];
  const t = new CompactRows<Record<string, unknown>>({ key: 'area', names: AREAS }, { key: 'indicator', names: IDS }, ['value', 'numerator', 'denominator'], 2);
  rows.forEach((r, j) => t.push(r, ...labels[j]!));
  t.done();
  expect(t.length).toBe(rows.length);
  rows.forEach((r, j) => {
    const back = t.at(j);
    expect(Object.keys(back)).toEqual(Object.keys(r));
    expect(JSON.stringify(back)).toBe(JSON.stringify(r));
    for (const k of Object.keys(r)) expect(Object.is(back[k], r[k]) || (typeof r[k] === 'object' && r[k] !== null)).toBe(true);
    expect(back).toEqual(r);
    expect([t.labelAOf(j), t.labelBOf(j)]).toEqual(labels[j]);
  });
  // each row differs from the others in more than labels and numbers (key order, reason, status, period …)
  expect(t.shapeCount).toBe(6);
  expect(() => t.push(rows[0]!, 0, 0)).toThrow(/keine Zeilen mehr/);
});

test('rows that differ only in labels and numbers share one shape', () => {
  const t = new CompactRows<Record<string, unknown>>({ key: 'area', names: AREAS }, { key: 'variable', names: IDS }, ['value']);
  for (let i = 0; i < 3; i++) for (let k = 0; k < 2; k++) t.push({ area: AREAS[i], variable: IDS[k], value: i * 10 + k }, i, k);
  t.done();
  expect(t.shapeCount).toBe(1);
  expect(t.at(5)).toEqual({ area: '05954016-01', variable: 'b', value: 21 });
});

test('a grid keeps no labels and refuses a row out of place', () => {
  const t = new CompactRows<Record<string, unknown>>({ key: 'area', names: AREAS }, { key: 'indicator', names: IDS }, ['value'], 6, true);
  t.push({ area: '05954', indicator: 'a', value: 1 }, 0, 0);
  expect(() => t.push({ area: '05954016', indicator: 'a', value: 1 }, 1, 0)).toThrow(/Zeile 1 des Rasters ist nicht 05954016 × a/);
  t.push({ area: '05954', indicator: 'b', value: 2 }, 0, 1);
  t.push({ area: '05954016', indicator: 'a', value: 3 }, 1, 0);
  t.done();
  expect(t.at(2)).toEqual({ area: '05954016', indicator: 'a', value: 3 });
  expect([t.labelAOf(2), t.labelBOf(2)]).toEqual([1, 0]);
  // only the shape index and one number per row
  expect(t.arrayBytes).toBe(3 * 4 + 3 * 8);
});
