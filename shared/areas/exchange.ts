/**
 * Area hierarchy exchange format (formats spec, section 5): a GeoJSON FeatureCollection with one
 * feature per area and properties `code`, `name`, `ebene`, `parent` (empty for the Kreis).
 */
import { z } from '../zod-de';
import { EBENEN, MAX_ID_LENGTH, clipText, deNumber } from '../types';
import { Area, AreaTree, AreaTreeError } from './areas';
import { MAX_RING_VERTICES, MAX_UPLOAD_VERTICES, SWEEP_BUDGET, SweepBudget, ringProblem } from './ring';

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
    code: z.string().min(1).max(MAX_ID_LENGTH, `höchstens ${MAX_ID_LENGTH} Zeichen`),
    name: z.string().min(1).max(200, 'höchstens 200 Zeichen'),
    ebene: z.enum(EBENEN),
    parent: z.string().nullable().optional(),
    // the sub-areas do not hold everyone: the area's own count wins (see Area.teileUnvollstaendig)
    teileUnvollstaendig: z.boolean().optional(),
    teileUnvollstaendigGrund: z.string().trim().min(1).max(200, 'höchstens 200 Zeichen').optional(),
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
  const featureName = (f: unknown, i: number): string => {
    const code = (f as { properties?: { code?: unknown } } | null)?.properties?.code;
    return `Feature ${i + 1}${typeof code === 'string' ? ` („${clipText(code)}“)` : ''}`;
  };
  // Point counts first, in one cheap pass: a ring of 470,000 points is refused before any check
  // that looks at its points (schema, self-intersection).
  const tooMany = countVertices(coll.data.features, featureName);
  if (tooMany.length > 0) throw new AreaTreeError(tooMany);
  const problems: string[] = [];
  const areas: AreaWithGeometry[] = [];
  const budget: SweepBudget = { left: SWEEP_BUDGET };
  coll.data.features.forEach((f, i) => {
    const parsed = featureSchema.safeParse(f);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${featureName(f, i)}, ${issue.path.length ? `„${issue.path.join('.')}“` : 'Feature'}: ${issue.message}`);
      }
      return;
    }
    const p = parsed.data.properties;
    const g = parsed.data.geometry;
    if (g) {
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      polygons.forEach((rings, pi) =>
        rings.forEach((ring, ri) => {
          const problem = ringProblem(ring, budget);
          if (problem) problems.push(`${featureName(f, i)}, ${clipText(p.name)}: ${ringName(g.type, pi, ri)} ${problem}`);
        }),
      );
    }
    areas.push({
      code: p.code,
      name: p.name,
      ebene: p.ebene,
      parent: p.parent ? p.parent : null,
      ...teileFelder(p),
      geometry: parsed.data.geometry,
    });
  });
  if (problems.length > 0) throw new AreaTreeError(problems);
  return { tree: AreaTree.build(areas), areas };
}

/** The optional incomplete-parts fields, present only when set (old trees read back unchanged). */
export function teileFelder(a: Pick<Area, 'teileUnvollstaendig' | 'teileUnvollstaendigGrund'>): Pick<Area, 'teileUnvollstaendig' | 'teileUnvollstaendigGrund'> {
  return {
    ...(a.teileUnvollstaendig !== undefined && a.teileUnvollstaendig !== false ? { teileUnvollstaendig: true } : {}),
    ...(a.teileUnvollstaendigGrund !== undefined ? { teileUnvollstaendigGrund: a.teileUnvollstaendigGrund } : {}),
  };
}

/** "Polygon 2, Ring 1 (Außenring)" – which ring of an outline a problem is about. */
function ringName(type: 'Polygon' | 'MultiPolygon', polygon: number, ring: number): string {
  const r = `Ring ${ring + 1} (${ring === 0 ? 'Außenring' : 'Loch'})`;
  return type === 'Polygon' ? `${r}:` : `Polygon ${polygon + 1}, ${r}:`;
}

/**
 * Refusals for rings over MAX_RING_VERTICES points and for uploads over MAX_UPLOAD_VERTICES in all.
 * Looks only at array lengths (shapes that are no geometry are left to the schema).
 */
function countVertices(features: readonly unknown[], featureName: (f: unknown, i: number) => string): string[] {
  const problems: string[] = [];
  let total = 0;
  features.forEach((f, i) => {
    const g = (f as { geometry?: { type?: unknown; coordinates?: unknown } } | null)?.geometry;
    if (!g || !Array.isArray(g.coordinates)) return;
    const polygons: unknown[] = g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates];
    polygons.forEach((rings, pi) => {
      if (!Array.isArray(rings)) return;
      rings.forEach((ring: unknown, ri) => {
        if (!Array.isArray(ring)) return;
        total += ring.length;
        if (ring.length > MAX_RING_VERTICES) {
          problems.push(
            `${featureName(f, i)}: ${ringName(g.type === 'MultiPolygon' ? 'MultiPolygon' : 'Polygon', pi, ri)} hat ${deNumber(ring.length)} Punkte; erlaubt sind höchstens ${deNumber(MAX_RING_VERTICES)} je Ring. Bitte die Umrisse vereinfachen (z. B. mit „ogr2ogr -simplify“).`,
          );
        }
      });
    });
  });
  if (total > MAX_UPLOAD_VERTICES) {
    problems.push(`Die Umrisse haben zusammen ${deNumber(total)} Punkte; erlaubt sind höchstens ${deNumber(MAX_UPLOAD_VERTICES)} je Gebietsgliederung. Bitte die Umrisse vereinfachen (z. B. mit „ogr2ogr -simplify“).`);
  }
  return problems;
}

/** Writes areas in the exchange format. */
export function toAreaExchange(areas: readonly AreaWithGeometry[]): object {
  return {
    type: 'FeatureCollection',
    features: areas.map((a) => ({
      type: 'Feature',
      properties: { code: a.code, name: a.name, ebene: a.ebene, parent: a.parent ?? '', ...teileFelder(a) },
      geometry: a.geometry,
    })),
  };
}
