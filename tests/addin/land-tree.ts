/** A small Land tree for the add-in's picker tests (issue 14). */
import { type Area, AreaTree } from '../../shared/areas/areas';

/**
 * NRW with two Kreise, Köln as a kreisfreie Stadt directly under the Land (with a Stadtbezirk and a
 * Stadtteil of Cologne's numbering) and Düsseldorf as official tables list it: Kreis 05111 whose one
 * Stadt is 05111000. Codes are the real AGS.
 */
export const LAND: Area[] = [
  { code: '05', name: 'Nordrhein-Westfalen', ebene: 'land', parent: null },
  { code: '05954', name: 'Ennepe-Ruhr-Kreis', ebene: 'kreis', parent: '05' },
  { code: '05954036', name: 'Witten', ebene: 'stadt', parent: '05954' },
  { code: '05954008', name: 'Breckerfeld', ebene: 'stadt', parent: '05954' },
  { code: '05954020', name: 'Hattingen', ebene: 'stadt', parent: '05954' },
  { code: '05954036-01', name: 'Annen', ebene: 'gemeindeteil', parent: '05954036' },
  { code: '05954036-01-0001', name: 'Altes Dorf Block 1', ebene: 'baublock', parent: '05954036-01' },
  { code: '05158', name: 'Kreis Mettmann', ebene: 'kreis', parent: '05' },
  { code: '05158032', name: 'Velbert', ebene: 'stadt', parent: '05158' },
  { code: '05158028', name: 'Ratingen', ebene: 'stadt', parent: '05158' },
  { code: '05315000', name: 'Köln', ebene: 'stadt', parent: '05' },
  { code: '05315000-1', name: 'Innenstadt', ebene: 'stadtbezirk', parent: '05315000' },
  { code: '05315000-1-101', name: 'Altstadt-Süd', ebene: 'gemeindeteil', parent: '05315000-1' },
  { code: '05111', name: 'Düsseldorf', ebene: 'kreis', parent: '05' },
  { code: '05111000', name: 'Düsseldorf', ebene: 'stadt', parent: '05111' },
];
export const landTree = (): AreaTree => AreaTree.build(LAND);
