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
}

export type Ring = number[][];
export type PolygonCoords = Ring[];

const encoder = new TextEncoder();

export class Geos {
  private writer: number;
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

  destroy(g: number): void {
    this.api.GEOSGeom_destroy(g);
  }
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
const ringWkt = (r: Ring) => `(${r.map((p) => `${num(p[0]!)} ${num(p[1]!)}`).join(',')})`;
export const lineWkt = (coords: Ring) => ringWkt(coords);
export const polygonWkt = (p: PolygonCoords) => `(${p.map(ringWkt).join(',')})`;
export const multiPolygonWkt = (ps: PolygonCoords[]) => `MULTIPOLYGON(${ps.map(polygonWkt).join(',')})`;
