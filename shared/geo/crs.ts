/**
 * Coordinate reference systems of the geography tools: input in EPSG:25832 (ETRS89 / UTM 32N, the
 * metric system of German official geodata) or WGS84, computation in EPSG:25832, output in WGS84
 * (GeoJSON, RFC 7946). All conversion goes through proj4, never hand-written formulas.
 */
import proj4 from 'proj4';

export const UTM32 = 'EPSG:25832';
export const WGS84 = 'EPSG:4326';
proj4.defs(UTM32, '+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs');

const toMetric = proj4(WGS84, UTM32);
const toWgs = proj4(UTM32, WGS84);

export type Position = [number, number];

export function wgsToUtm(p: readonly number[]): Position {
  const r = toMetric.forward([p[0]!, p[1]!]);
  return [r[0]!, r[1]!];
}

export function utmToWgs(p: readonly number[]): Position {
  const r = toWgs.forward([p[0]!, p[1]!]);
  // 7 decimals ≈ 1 cm: enough for blocks, keeps the files small and the output deterministic
  return [Math.round(r[0]! * 1e7) / 1e7, Math.round(r[1]! * 1e7) / 1e7];
}

/** Whether coordinates look metric (UTM 32: six-/seven-digit numbers) rather than degrees. */
export function looksMetric(p: readonly number[]): boolean {
  return Math.abs(p[0]!) > 180 || Math.abs(p[1]!) > 90;
}

type Rings = number[][][];
/** Maps every position of a Polygon/MultiPolygon coordinate array. */
export function mapPolygon(rings: Rings, f: (p: readonly number[]) => Position): Position[][] {
  return rings.map((r) => r.map(f));
}
export function mapMultiPolygon(polys: Rings[], f: (p: readonly number[]) => Position): Position[][][] {
  return polys.map((p) => mapPolygon(p, f));
}
