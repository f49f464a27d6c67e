/**
 * Area hierarchy exchange format (formats spec, section 5): a GeoJSON FeatureCollection with one
 * feature per area and properties `code`, `name`, `ebene`, `parent` (empty for the Kreis).
 */
import { z } from '../zod-de';
import { EBENEN } from '../types';
import { Area, AreaTree, AreaTreeError } from './areas';

// The exchange format is WGS84 (RFC 7946): longitude, latitude. Metric coordinates (EPSG:25832,
// six- and seven-digit numbers) are the typical mistake and are named as such.
const position = z
  .array(z.number().finite())
  .min(2)
  .refine((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90, {
    message: 'Koordinate liegt außerhalb von WGS84 (Länge ±180°, Breite ±90°); metrische Koordinaten (z. B. EPSG:25832) bitte vorher umrechnen',
  });
const ring = z
  .array(position)
  .min(4, 'Ein Ring braucht mindestens 4 Punkte (der letzte gleich dem ersten)')
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], {
    message: 'Der Ring ist nicht geschlossen: der letzte Punkt muss gleich dem ersten sein',
  });
const geometrySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
export type AreaGeometry = z.infer<typeof geometrySchema>;

const featureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    code: z.string().min(1),
    name: z.string().min(1),
    ebene: z.enum(EBENEN),
    parent: z.string().nullable().optional(),
  }),
  geometry: geometrySchema.nullable(),
});

const collectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()).min(1, 'Die Sammlung enthält keine Gebiete'),
});

export interface AreaWithGeometry extends Area {
  geometry: AreaGeometry | null;
}

/**
 * Reads the exchange format and builds the tree; throws AreaTreeError naming the feature and
 * property of every problem. Nothing is returned unless the whole hierarchy is valid.
 */
export function parseAreaExchange(input: unknown): { tree: AreaTree; areas: AreaWithGeometry[] } {
  const coll = collectionSchema.safeParse(input);
  if (!coll.success) {
    throw new AreaTreeError(coll.error.issues.map((i) => `${i.path.join('.') || 'Datei'}: ${i.message}`));
  }
  const problems: string[] = [];
  const areas: AreaWithGeometry[] = [];
  coll.data.features.forEach((f, i) => {
    const parsed = featureSchema.safeParse(f);
    if (!parsed.success) {
      const code = (f as { properties?: { code?: unknown } })?.properties?.code;
      for (const issue of parsed.error.issues) {
        problems.push(
          `Feature ${i + 1}${typeof code === 'string' ? ` („${code}“)` : ''}, ${issue.path.length ? `„${issue.path.join('.')}“` : 'Feature'}: ${issue.message}`,
        );
      }
      return;
    }
    const p = parsed.data.properties;
    areas.push({
      code: p.code,
      name: p.name,
      ebene: p.ebene,
      parent: p.parent ? p.parent : null,
      geometry: parsed.data.geometry,
    });
  });
  if (problems.length > 0) throw new AreaTreeError(problems);
  return { tree: AreaTree.build(areas), areas };
}

/** Writes areas in the exchange format. */
export function toAreaExchange(areas: readonly AreaWithGeometry[]): object {
  return {
    type: 'FeatureCollection',
    features: areas.map((a) => ({
      type: 'Feature',
      properties: { code: a.code, name: a.name, ebene: a.ebene, parent: a.parent ?? '' },
      geometry: a.geometry,
    })),
  };
}
