/**
 * One small Land tree (Nordrhein-Westfalen) for every test that needs a Land, a Kreis, a kreisfreie
 * Stadt with Stadtbezirken or a few Baublöcke. Codes are the real AGS; Stadtteil and Baublock numbers
 * follow the project's scheme (Köln's numbering for the Stadtbezirke). Each test picks the areas it
 * needs by code, so adding an area here changes no test's sums or suppression:
 *
 *   Land 05 Nordrhein-Westfalen
 *   ├── Kreis 05954 Ennepe-Ruhr-Kreis
 *   │   ├── Stadt 05954036 Witten
 *   │   │   ├── Gemeindeteil 05954036-01 Annen ── Baublöcke 05954036-01-0001 … -0003
 *   │   │   ├── Gemeindeteil 05954036-02 Bommern
 *   │   │   └── Gemeindeteil 05954036-03 Heven ── Baublock 05954036-03-0017
 *   │   ├── Stadt 05954008 Breckerfeld
 *   │   └── Stadt 05954020 Hattingen
 *   ├── Kreis 05158 Kreis Mettmann ── Städte 05158032 Velbert, 05158028 Ratingen
 *   ├── kreisfreie Stadt 05315000 Köln
 *   │   ├── Stadtbezirk 05315000-1 Innenstadt
 *   │   │   ├── Gemeindeteil 05315000-1-101 Altstadt-Süd ── Baublock 05315000-1-101-0017
 *   │   │   ├── Gemeindeteil 05315000-1-102 Neustadt-Süd
 *   │   │   └── Gemeindeteil 05315000-1-103 Altstadt-Nord
 *   │   └── Stadtbezirk 05315000-2 Rodenkirchen ── 05315000-2-201 Bayenthal, 05315000-2-202 Marienburg
 *   └── Kreis 05111 Düsseldorf ── Stadt 05111000 Düsseldorf (as official tables list it)
 */
import { type Area, AreaTree } from '../../shared/areas/areas';

const NRW: readonly Area[] = [
  { code: '05', name: 'Nordrhein-Westfalen', ebene: 'land', parent: null },
  { code: '05954', name: 'Ennepe-Ruhr-Kreis', ebene: 'kreis', parent: '05' },
  { code: '05954036', name: 'Witten', ebene: 'stadt', parent: '05954' },
  { code: '05954008', name: 'Breckerfeld', ebene: 'stadt', parent: '05954' },
  { code: '05954020', name: 'Hattingen', ebene: 'stadt', parent: '05954' },
  { code: '05954036-01', name: 'Annen', ebene: 'gemeindeteil', parent: '05954036' },
  { code: '05954036-01-0001', name: 'Altes Dorf Block 1', ebene: 'baublock', parent: '05954036-01' },
  { code: '05954036-01-0002', name: 'Altes Dorf Block 2', ebene: 'baublock', parent: '05954036-01' },
  { code: '05954036-01-0003', name: 'Altes Dorf Block 3', ebene: 'baublock', parent: '05954036-01' },
  { code: '05954036-02', name: 'Bommern', ebene: 'gemeindeteil', parent: '05954036' },
  { code: '05954036-03', name: 'Heven', ebene: 'gemeindeteil', parent: '05954036' },
  { code: '05954036-03-0017', name: 'Heven Block 17', ebene: 'baublock', parent: '05954036-03' },
  { code: '05158', name: 'Kreis Mettmann', ebene: 'kreis', parent: '05' },
  { code: '05158032', name: 'Velbert', ebene: 'stadt', parent: '05158' },
  { code: '05158028', name: 'Ratingen', ebene: 'stadt', parent: '05158' },
  { code: '05315000', name: 'Köln', ebene: 'stadt', parent: '05' },
  { code: '05315000-1', name: 'Innenstadt', ebene: 'stadtbezirk', parent: '05315000' },
  { code: '05315000-1-101', name: 'Altstadt-Süd', ebene: 'gemeindeteil', parent: '05315000-1' },
  { code: '05315000-1-101-0017', name: 'Block 17', ebene: 'baublock', parent: '05315000-1-101' },
  { code: '05315000-1-102', name: 'Neustadt-Süd', ebene: 'gemeindeteil', parent: '05315000-1' },
  { code: '05315000-1-103', name: 'Altstadt-Nord', ebene: 'gemeindeteil', parent: '05315000-1' },
  { code: '05315000-2', name: 'Rodenkirchen', ebene: 'stadtbezirk', parent: '05315000' },
  { code: '05315000-2-201', name: 'Bayenthal', ebene: 'gemeindeteil', parent: '05315000-2' },
  { code: '05315000-2-202', name: 'Marienburg', ebene: 'gemeindeteil', parent: '05315000-2' },
  { code: '05111', name: 'Düsseldorf', ebene: 'kreis', parent: '05' },
  { code: '05111000', name: 'Düsseldorf', ebene: 'stadt', parent: '05111' },
];

/**
 * The areas of the tree above with these codes, in the tree's order. An area whose parent is not
 * picked becomes the root (a Kreis or a kreisfreie Stadt on its own); a code the tree does not have
 * is a mistake in the test, not a smaller tree.
 */
export function landGebiete(codes: readonly string[]): Area[] {
  const picked = new Set(codes);
  const unknown = codes.filter((c) => !NRW.some((a) => a.code === c));
  if (unknown.length > 0) throw new Error(`land-baum: unbekannte Codes ${unknown.join(', ')}`);
  return NRW.filter((a) => picked.has(a.code)).map((a) => (a.parent !== null && !picked.has(a.parent) ? { ...a, parent: null } : { ...a }));
}

export const landBaum = (codes: readonly string[]): AreaTree => AreaTree.build(landGebiete(codes));

/**
 * The add-in's picker tree (issue 14): NRW with two Kreise, Köln as a kreisfreie Stadt directly under
 * the Land (with a Stadtbezirk and a Stadtteil) and Düsseldorf as official tables list it: Kreis 05111
 * whose one Stadt is 05111000.
 */
export const PICKER_LAND = landGebiete([
  '05',
  '05954', '05954036', '05954008', '05954020', '05954036-01', '05954036-01-0001',
  '05158', '05158032', '05158028',
  '05315000', '05315000-1', '05315000-1-101',
  '05111', '05111000',
]);
export const pickerLandTree = (): AreaTree => AreaTree.build(PICKER_LAND);
