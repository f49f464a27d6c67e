/**
 * Geometry checks of an area tree before it is accepted (PUT /api/areas, `sozialmonitor gebiete
 * pruefen`), with GEOS (the engine of PostGIS): every outline valid in the OGC sense, every area
 * inside its parent, no two siblings overlapping; the share of a parent covered by its children is
 * reported as a warning only (real small-area layers leave gaps: water, unassigned land).
 *
 * Tolerances (shares of areas, so they hold for degrees as for metres): outlines of different
 * levels are often digitised separately and differ along shared borders by a few metres, which
 * for a 100 m Baublock is a few per cent of its area. Hence:
 * - a child may lie up to 2 % of its own area outside its parent (AUSSERHALB_TOLERANZ);
 * - two siblings may share up to 1 % of the smaller one's area (UEBERLAPPUNG_TOLERANZ);
 * - a parent whose children cover less than 95 % of it gets a warning (ABDECKUNG_WARNUNG).
 * Ring-level checks (closed, enough points, no self-contact, real area) run before, in ring.ts.
 */
import type { Geos } from '../geo/geos';
import { EBENE_NAMEN, clipText } from '../types';
import type { AreaTree } from './areas';
import type { AreaWithGeometry } from './exchange';

export const AUSSERHALB_TOLERANZ = 0.02;
export const UEBERLAPPUNG_TOLERANZ = 0.01;
export const ABDECKUNG_WARNUNG = 0.95;

export interface GeometrieBefund {
  /** reasons to refuse the tree */
  problems: string[];
  /** facts to report (coverage of parents by their children) */
  warnings: string[];
}

const pct = (share: number): string => `${(Math.round(share * 1000) / 10).toLocaleString('de-DE')} %`;

interface Box { minX: number; minY: number; maxX: number; maxY: number }
function boxOf(g: AreaWithGeometry['geometry']): Box {
  const b: Box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const polys = !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const p of polys) for (const [x, y] of p[0] ?? []) {
    b.minX = Math.min(b.minX, x!); b.maxX = Math.max(b.maxX, x!);
    b.minY = Math.min(b.minY, y!); b.maxY = Math.max(b.maxY, y!);
  }
  return b;
}
const boxesMeet = (a: Box, b: Box): boolean => a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;

/**
 * Checks the outlines of a tree that has passed AreaTree.build. Areas without geometry are skipped;
 * a child is compared with its nearest ancestor that has one.
 */
export function checkAreaGeometry(geos: Geos, areas: readonly AreaWithGeometry[], tree: AreaTree): GeometrieBefund {
  const problems: string[] = [];
  const warnings: string[] = [];
  const label = (a: AreaWithGeometry): string => `${EBENE_NAMEN[a.ebene]} ${clipText(a.name)} (${a.code})`;
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const handles = new Map<string, { g: number; area: number; box: Box }>();
  try {
    for (const a of areas) {
      if (!a.geometry) continue;
      const g = geos.fromGeoJson(a.geometry);
      if (!g) {
        problems.push(`${label(a)}: Der Umriss kann nicht gelesen werden`);
        continue;
      }
      const reason = geos.invalidReason(g);
      if (reason) {
        problems.push(`${label(a)}: Der Umriss ist ungültig (${reason}); bitte z. B. mit „ST_MakeValid“ oder „ogr2ogr -makevalid“ bereinigen`);
        geos.destroy(g);
        continue;
      }
      handles.set(a.code, { g, area: geos.area(g), box: boxOf(a.geometry) });
    }
    // nearest ancestor with an outline, for each area with one
    const outlinedParent = (code: string): string | undefined => tree.ancestors(code).find((p) => handles.has(p));
    const childrenOf = new Map<string, string[]>();
    for (const code of handles.keys()) {
      const p = outlinedParent(code);
      if (p) childrenOf.set(p, [...(childrenOf.get(p) ?? []), code]);
    }
    for (const [parentCode, kids] of childrenOf) {
      const parent = handles.get(parentCode)!;
      const parentArea = byCode.get(parentCode)!;
      let covered = 0;
      for (const k of kids) {
        const child = handles.get(k)!;
        const outside = geos.differenceArea(child.g, parent.g);
        covered += child.area - (Number.isFinite(outside) ? outside : 0);
        if (!Number.isFinite(outside)) problems.push(`${label(byCode.get(k)!)}: Die Lage in ${label(parentArea)} konnte nicht geprüft werden`);
        else if (outside > AUSSERHALB_TOLERANZ * child.area) {
          problems.push(`${label(byCode.get(k)!)} liegt zu ${pct(outside / child.area)} außerhalb von ${label(parentArea)} (erlaubt sind ${pct(AUSSERHALB_TOLERANZ)} für Abweichungen an den Grenzen)`);
        }
      }
      const share = parent.area > 0 ? covered / parent.area : 1;
      if (share < ABDECKUNG_WARNUNG) {
        warnings.push(`Die Teilgebiete von ${label(parentArea)} decken ${pct(share)} seiner Fläche ab (Lücken z. B. Gewässer oder nicht zugeordnete Flächen; Werte des Gebiets können größer sein als die Summe seiner Teile)`);
      }
    }
    // siblings (same parent in the tree, whether or not it has an outline): pairs whose boxes meet,
    // sorted by west edge so the inner loop stops early
    const siblings = new Map<string, string[]>();
    for (const code of handles.keys()) {
      const p = byCode.get(code)!.parent ?? '';
      siblings.set(p, [...(siblings.get(p) ?? []), code]);
    }
    for (const kids of siblings.values()) {
      const sorted = [...kids].sort((a, b) => handles.get(a)!.box.minX - handles.get(b)!.box.minX);
      for (let i = 0; i < sorted.length; i++) {
        const a = handles.get(sorted[i]!)!;
        for (let j = i + 1; j < sorted.length; j++) {
          const b = handles.get(sorted[j]!)!;
          if (b.box.minX > a.box.maxX) break;
          if (!boxesMeet(a.box, b.box)) continue;
          const shared = geos.intersectionArea(a.g, b.g);
          const smaller = Math.min(a.area, b.area);
          if (shared > UEBERLAPPUNG_TOLERANZ * smaller) {
            problems.push(`${label(byCode.get(sorted[i]!)!)} und ${label(byCode.get(sorted[j]!)!)} überlappen sich auf ${pct(shared / smaller)} der kleineren Fläche (erlaubt sind ${pct(UEBERLAPPUNG_TOLERANZ)})`);
          }
        }
      }
    }
  } finally {
    for (const h of handles.values()) geos.destroy(h.g);
  }
  return { problems, warnings };
}
