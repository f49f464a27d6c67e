/**
 * Input geodata for the block builder (formats spec, section 4): the municipal boundary and the line
 * network, GeoJSON in WGS84 or EPSG:25832. Everything is converted to EPSG:25832 here; every problem
 * names the file and the feature (1-based) and what is wrong.
 */
import { looksMetric, wgsToUtm } from './crs';
import type { PolygonCoords, Ring } from './geos';

export class GeoEingabeError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.slice(0, 20).join('\n') + (problems.length > 20 ? `\n… und ${problems.length - 20} weitere Probleme` : ''));
    this.name = 'GeoEingabeError';
  }
}

export type Trennart = 'gewaesser' | 'bahn' | 'hauptstrasse' | 'nebenstrasse' | 'weg';
export const TRENNARTEN: readonly Trennart[] = ['gewaesser', 'bahn', 'hauptstrasse', 'nebenstrasse', 'weg'];

export interface Linie {
  /** 1-based feature number in the file */
  feature: number;
  art: Trennart;
  name: string;
  /** EPSG:25832 */
  coords: Ring;
}

type Json = Record<string, unknown>;

function crsIsMetric(doc: Json, features: Json[], forced?: 'wgs84' | 'utm32'): boolean {
  if (forced) return forced === 'utm32';
  const name = ((doc.crs as Json | undefined)?.properties as Json | undefined)?.name;
  if (typeof name === 'string') return /25832/.test(name);
  // no crs member: decide by the numbers (degrees vs. six-/seven-digit metres)
  for (const f of features) {
    const c = firstPosition((f.geometry as Json | null)?.coordinates);
    if (c) return looksMetric(c);
  }
  return false;
}

function firstPosition(c: unknown): number[] | null {
  let x = c;
  while (Array.isArray(x) && Array.isArray(x[0])) x = x[0];
  return Array.isArray(x) && typeof x[0] === 'number' ? (x as number[]) : null;
}

function collection(doc: unknown, file: string): { doc: Json; features: Json[] } {
  if (typeof doc !== 'object' || doc === null) throw new GeoEingabeError([`${file}: keine GeoJSON-Datei (kein Objekt)`]);
  const d = doc as Json;
  if (d.type === 'FeatureCollection' && Array.isArray(d.features)) return { doc: d, features: d.features as Json[] };
  if (d.type === 'Feature') return { doc: d, features: [d] };
  throw new GeoEingabeError([`${file}: erwartet wird eine GeoJSON-FeatureCollection, gefunden „type“: ${JSON.stringify(d.type)}`]);
}

function validPositions(list: unknown, min: number): list is number[][] {
  return Array.isArray(list) && list.length >= min && list.every((p) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v)));
}

/** The municipal boundary: one Polygon or MultiPolygon feature, returned as polygons in EPSG:25832. */
export function readGrenze(doc: unknown, file: string, crs?: 'wgs84' | 'utm32'): { polygons: PolygonCoords[]; ags: string | null } {
  const { doc: d, features } = collection(doc, file);
  const polys = features.filter((f) => {
    const t = (f?.geometry as Json | null)?.type;
    return t === 'Polygon' || t === 'MultiPolygon';
  });
  if (polys.length !== 1) {
    throw new GeoEingabeError([`${file}: erwartet wird genau ein Polygon- oder MultiPolygon-Feature (die Gemeindegrenze), gefunden ${polys.length}`]);
  }
  const f = polys[0]!;
  const n = features.indexOf(f) + 1;
  const g = f.geometry as Json;
  const metric = crsIsMetric(d, features, crs);
  const raw = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const polygons: PolygonCoords[] = [];
  const problems: string[] = [];
  raw.forEach((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) return problems.push(`${file}, Feature ${n}: Polygon ${pi + 1} hat keine Ringe`);
    const rings: Ring[] = [];
    poly.forEach((ring, ri) => {
      if (!validPositions(ring, 4)) return problems.push(`${file}, Feature ${n}: Polygon ${pi + 1}, Ring ${ri + 1} braucht mindestens 4 Punkte aus je zwei Zahlen`);
      const first = ring[0]!, last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return problems.push(`${file}, Feature ${n}: Polygon ${pi + 1}, Ring ${ri + 1} ist nicht geschlossen (letzter Punkt ≠ erster Punkt)`);
      rings.push(metric ? ring.map((p) => [p[0]!, p[1]!]) : ring.map(wgsToUtm));
      return undefined;
    });
    polygons.push(rings);
    return undefined;
  });
  if (problems.length) throw new GeoEingabeError(problems);
  const ags = (f.properties as Json | null)?.ags;
  return { polygons, ags: typeof ags === 'string' && /^\d{8}$/.test(ags) ? ags : null };
}

/** The line network; every feature needs `art` (and streets `klasse`). */
export function readLinien(doc: unknown, file: string, crs?: 'wgs84' | 'utm32'): Linie[] {
  const { doc: d, features } = collection(doc, file);
  const metric = crsIsMetric(d, features, crs);
  const problems: string[] = [];
  const out: Linie[] = [];
  features.forEach((f, i) => {
    const n = i + 1;
    const props = (f?.properties ?? {}) as Json;
    const g = f?.geometry as Json | null;
    const art = props.art;
    let trennart: Trennart;
    if (art === 'bahn' || art === 'gewaesser') trennart = art;
    else if (art === 'strasse') {
      const k = props.klasse;
      if (k !== 'hauptstrasse' && k !== 'nebenstrasse' && k !== 'weg') {
        problems.push(`${file}, Feature ${n}: Straße ohne gültige „klasse“ (hauptstrasse, nebenstrasse oder weg), gefunden ${JSON.stringify(k ?? null)}`);
        return;
      }
      trennart = k;
    } else {
      problems.push(`${file}, Feature ${n}: „art“ muss strasse, bahn oder gewaesser sein, gefunden ${JSON.stringify(art ?? null)}`);
      return;
    }
    const parts = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? (g.coordinates as unknown[]) : null;
    if (!parts) {
      problems.push(`${file}, Feature ${n}: Geometrie muss LineString oder MultiLineString sein, gefunden ${JSON.stringify((g?.type as string) ?? null)}`);
      return;
    }
    for (const part of parts) {
      if (!validPositions(part, 2)) {
        problems.push(`${file}, Feature ${n}: eine Linie braucht mindestens 2 Punkte aus je zwei Zahlen`);
        return;
      }
      if (!metric && part.some((p) => looksMetric(p))) {
        problems.push(`${file}, Feature ${n}: metrische Koordinaten in einer WGS84-Datei (CRS angeben: --crs utm32)`);
        return;
      }
      out.push({ feature: n, art: trennart, name: typeof props.name === 'string' ? props.name : '', coords: metric ? part.map((p) => [p[0]!, p[1]!]) : part.map(wgsToUtm) });
    }
  });
  if (problems.length) throw new GeoEingabeError(problems);
  if (out.length === 0) throw new GeoEingabeError([`${file}: keine Linien gefunden`]);
  return out;
}
