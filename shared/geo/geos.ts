/**
 * A thin layer over geos-wasm (GEOS 3.13, the geometry engine of PostGIS and Shapely, compiled to
 * WebAssembly). The caller passes the initialised GEOS object in: the CLI loads the ES module
 * `geos-wasm`, tests load a CommonJS bundle of it (tests/geo/geos-loader.ts). That keeps this module
 * free of module-loading and Node APIs, so it also bundles for the browser.
 *
 * Geometries cross the boundary as WKT (in) and GeoJSON text (out), both handled by GEOS itself.
 */

/** The subset of the geos-wasm API used here (pointers are numbers into the WebAssembly heap). */
export interface GeosApi {
  Module: {
    _malloc(n: number): number;
    _free?(p: number): void;
    setValue(p: number, v: number, t: string): void;
    getValue(p: number, t: string): number;
    stringToUTF8(s: string, p: number, max: number): void;
    UTF8ToString(p: number): string;
  };
  GEOSGeomFromWKT(p: number): number;
  GEOSUnaryUnionPrec(g: number, grid: number): number;
  GEOSPolygonize(arr: number, n: number): number;
  GEOSCoverageUnion(g: number): number;
  GEOSGeom_destroy(g: number): void;
  GEOSFree(p: number): void;
  GEOSGeoJSONWriter_create(): number;
  GEOSGeoJSONWriter_writeGeometry(w: number, g: number, indent: number): number;
  GEOSGeoJSONWriter_destroy(w: number): void;
  GEOSPointOnSurface(g: number): number;
  GEOSGetNumGeometries(g: number): number;
  GEOSGetGeometryN(g: number, n: number): number;
  GEOSGeoJSONReader_create(): number;
  GEOSGeoJSONReader_readGeometry(r: number, p: number): number;
  GEOSisValid(g: number): number;
  GEOSisValidReason(g: number): number;
  GEOSArea(g: number, out: number): number;
  GEOSIntersection(a: number, b: number): number;
  GEOSDifference(a: number, b: number): number;
}

export type Ring = number[][];
export type PolygonCoords = Ring[];

const encoder = new TextEncoder();

export class Geos {
  private writer: number;
  private reader = 0;
  constructor(readonly api: GeosApi) {
    this.writer = api.GEOSGeoJSONWriter_create();
  }

  /** Reads WKT into a GEOS geometry (caller destroys it). */
  fromWkt(wkt: string): number {
    const n = encoder.encode(wkt).length + 1;
    const p = this.api.Module._malloc(n);
    try {
      this.api.Module.stringToUTF8(wkt, p, n);
      return this.api.GEOSGeomFromWKT(p);
    } finally {
      this.api.GEOSFree(p);
    }
  }

  /** GeoJSON geometry object of a GEOS geometry. */
  toGeoJson(g: number): { type: string; coordinates?: unknown; geometries?: unknown[] } {
    const p = this.api.GEOSGeoJSONWriter_writeGeometry(this.writer, g, -1);
    try {
      return JSON.parse(this.api.Module.UTF8ToString(p));
    } finally {
      this.api.GEOSFree(p);
    }
  }

  /** Nodes and dissolves line work (every crossing becomes a vertex, duplicates vanish) on a grid. */
  nodeLines(wkt: string, grid: number): number {
    const g = this.fromWkt(wkt);
    try {
      return this.api.GEOSUnaryUnionPrec(g, grid);
    } finally {
      this.api.GEOSGeom_destroy(g);
    }
  }

  /** All faces of noded line work (holes and the faces that fill them alike). */
  polygonize(noded: number): number {
    const arr = this.api.Module._malloc(4);
    try {
      this.api.Module.setValue(arr, noded, 'i32');
      return this.api.GEOSPolygonize(arr, 1);
    } finally {
      this.api.GEOSFree(arr);
    }
  }

  /** Union of polygons that only touch (a coverage): exact, no snapping needed. */
  coverageUnion(polys: PolygonCoords[]): { type: string; coordinates: unknown } {
    const g = this.fromWkt(multiPolygonWkt(polys));
    try {
      const u = this.api.GEOSCoverageUnion(g);
      try {
        return this.toGeoJson(u) as { type: string; coordinates: unknown };
      } finally {
        this.api.GEOSGeom_destroy(u);
      }
    } finally {
      this.api.GEOSGeom_destroy(g);
    }
  }

  /** Reads a GeoJSON geometry (full precision, unlike the WKT helpers below) into GEOS (caller destroys it); 0 if unreadable. */
  fromGeoJson(geometry: object): number {
    if (!this.reader) this.reader = this.api.GEOSGeoJSONReader_create();
    const text = JSON.stringify(geometry);
    const n = encoder.encode(text).length + 1;
    const p = this.api.Module._malloc(n);
    try {
      this.api.Module.stringToUTF8(text, p, n);
      return this.api.GEOSGeoJSONReader_readGeometry(this.reader, p);
    } finally {
      this.api.GEOSFree(p);
    }
  }

  /** Why a geometry is not valid in the OGC sense (self-intersection, hole outside its shell, …), or undefined. */
  invalidReason(g: number): string | undefined {
    if (this.api.GEOSisValid(g) === 1) return undefined;
    const p = this.api.GEOSisValidReason(g);
    try {
      return this.api.Module.UTF8ToString(p);
    } finally {
      this.api.GEOSFree(p);
    }
  }

  /** Area in the units of the coordinates. */
  area(g: number): number {
    const out = this.api.Module._malloc(8);
    try {
      this.api.GEOSArea(g, out);
      return this.api.Module.getValue(out, 'double');
    } finally {
      this.api.GEOSFree(out);
    }
  }

  /** Area of a ∩ b (NaN if GEOS cannot compute it). */
  intersectionArea(a: number, b: number): number {
    return this.areaOf(this.api.GEOSIntersection(a, b));
  }

  /** Area of a \ b (NaN if GEOS cannot compute it). */
  differenceArea(a: number, b: number): number {
    return this.areaOf(this.api.GEOSDifference(a, b));
  }

  private areaOf(g: number): number {
    if (!g) return NaN;
    try {
      return this.area(g);
    } finally {
      this.api.GEOSGeom_destroy(g);
    }
  }

  destroy(g: number): void {
    this.api.GEOSGeom_destroy(g);
  }
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
const ringWkt = (r: Ring) => `(${r.map((p) => `${num(p[0]!)} ${num(p[1]!)}`).join(',')})`;
export const lineWkt = (coords: Ring) => ringWkt(coords);
export const polygonWkt = (p: PolygonCoords) => `(${p.map(ringWkt).join(',')})`;
export const multiPolygonWkt = (ps: PolygonCoords[]) => `MULTIPOLYGON(${ps.map(polygonWkt).join(',')})`;
