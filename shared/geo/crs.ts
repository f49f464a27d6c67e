/**
 * Coordinate reference systems of the geography tools: input in one of the systems German geodata come
 * in (below), computation in EPSG:25832 (ETRS89 / UTM 32N), output in WGS84 (GeoJSON, RFC 7946). All
 * conversion goes through proj4, never hand-written formulas.
 *
 * Nothing is guessed: a file's system is the one it declares (GeoJSON `crs`, Shapefile `.prj`,
 * GeoPackage `srs_id`), or the one given with `--crs`, or WGS84 for GeoJSON without `crs` (RFC 7946).
 * Every coordinate must then lie in Germany; one that does not is refused, and the message names the
 * systems under which it would (false eastings, Gauß-Krüger, swapped axes, degrees given as metres).
 */
import proj4 from 'proj4';

export const UTM32 = 'EPSG:25832';
export const WGS84 = 'EPSG:4326';

interface SystemDef { name: string; grad: boolean; proj: string }
// DHDN → ETRS89: the 7-parameter set of the BKG (accurate to about 1 m, enough to see where data lie
// and for blocks; official Gauß-Krüger data should be converted with BeTA2007 before use)
const DHDN = '+ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs +type=crs';
const ETRS = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs';
const gk = (zone: number) => `+proj=tmerc +lat_0=0 +lon_0=${zone * 3} +k=1 +x_0=${zone * 1e6 + 500000} +y_0=0 ${DHDN}`;

/** The systems the tools accept, by EPSG code. */
const SYSTEME: Record<number, SystemDef> = {
  4326: { name: 'WGS 84, Grad', grad: true, proj: '+proj=longlat +datum=WGS84 +no_defs +type=crs' },
  4258: { name: 'ETRS89, Grad', grad: true, proj: `+proj=longlat ${ETRS.replace(' +units=m', '')}` },
  25832: { name: 'ETRS89 / UTM Zone 32N', grad: false, proj: `+proj=utm +zone=32 ${ETRS}` },
  25833: { name: 'ETRS89 / UTM Zone 33N', grad: false, proj: `+proj=utm +zone=33 ${ETRS}` },
  4647: { name: 'ETRS89 / UTM Zone 32N mit Zonenkennung 32 vor dem Rechtswert', grad: false, proj: `+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=32500000 +y_0=0 ${ETRS}` },
  5650: { name: 'ETRS89 / UTM Zone 33N mit Zonenkennung 33 vor dem Rechtswert', grad: false, proj: `+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=33500000 +y_0=0 ${ETRS}` },
  31466: { name: 'DHDN / Gauß-Krüger Zone 2', grad: false, proj: gk(2) },
  31467: { name: 'DHDN / Gauß-Krüger Zone 3', grad: false, proj: gk(3) },
  31468: { name: 'DHDN / Gauß-Krüger Zone 4', grad: false, proj: gk(4) },
  31469: { name: 'DHDN / Gauß-Krüger Zone 5', grad: false, proj: gk(5) },
  3857: { name: 'WGS 84 / Pseudo-Mercator (Webkarten)', grad: false, proj: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs +type=crs' },
};
for (const [code, s] of Object.entries(SYSTEME)) proj4.defs(`EPSG:${code}`, s.proj);

/** In the order messages list them: the usual ones first. */
export const BEKANNTE_EPSG: readonly number[] = [25832, 25833, 4326, 4258, 31466, 31467, 31468, 31469, 4647, 5650, 3857];

/** "EPSG:25832 (ETRS89 / UTM Zone 32N)" – how messages name a system. */
export function crsName(epsg: number): string {
  const s = SYSTEME[epsg];
  return s ? `EPSG:${epsg} (${s.name})` : `EPSG:${epsg}`;
}

export function istBekannt(epsg: number): boolean {
  return SYSTEME[epsg] !== undefined;
}

/**
 * The EPSG code named by a GeoJSON `crs` name or a `--crs` value: `urn:ogc:def:crs:EPSG::25832`,
 * `EPSG:25832`, `25832`, `urn:ogc:def:crs:OGC:1.3:CRS84` (= WGS84 longitude/latitude) and the short
 * names wgs84, utm32, utm33. Returns the code also when it is not one of ours (the caller refuses it
 * by name), null when the text names no EPSG code at all.
 */
export function epsgAusName(name: string): number | null {
  const n = name.trim().toLowerCase();
  if (n === 'wgs84' || n === 'crs84' || /^urn:ogc:def:crs:ogc:[\d.]*:crs84$/.test(n)) return 4326;
  if (n === 'utm32') return 25832;
  if (n === 'utm33') return 25833;
  const m = /^(?:urn:ogc:def:crs:epsg:[\d.]*:|epsg:)?(\d{4,6})$/.exec(n) ?? /^https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[\d.]+\/(\d{4,6})$/.exec(n);
  return m ? Number(m[1]) : null;
}

const near = (a: number | undefined, b: number, tol = 1e-6) => a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const DEG = 180 / Math.PI;

/**
 * The EPSG code of a coordinate system given as WKT (Shapefile `.prj`, GeoPackage definition): an EPSG
 * authority at the end of the text if it is one of ours, else the parameters compared with ours
 * (parsed by proj4's WKT reader): projection, ellipsoid, central meridian, scale and false easting.
 * Null when nothing matches – the caller refuses the file.
 */
export function epsgAusWkt(wkt: string): number | null {
  const auth = /(?:AUTHORITY\["EPSG",\s*"?(\d+)"?\]|ID\["EPSG",\s*(\d+)\])\s*\]\s*$/i.exec(wkt.trim());
  if (auth) {
    const code = Number(auth[1] ?? auth[2]);
    if (istBekannt(code)) return code;
  }
  let p: Record<string, unknown>;
  try {
    p = proj4.Proj(wkt.trim()) as unknown as Record<string, unknown>;
  } catch {
    return null;
  }
  const projName = String(p.projName ?? '').toLowerCase();
  const a = p.a as number | undefined;
  const grs80 = near(a, 6378137) && (near(p.rf as number, 298.257222101) || near(p.rf as number, 298.257223563));
  const bessel = near(a, 6377397.155);
  if (projName === 'longlat') return grs80 ? (/etrs/i.test(String(p.datumCode)) ? 4258 : 4326) : null;
  if (p.to_meter !== undefined && !near(p.to_meter as number, 1)) return null;
  const lon0 = ((p.long0 as number | undefined) ?? 0) * DEG;
  const x0 = (p.x0 as number | undefined) ?? 0, y0 = (p.y0 as number | undefined) ?? 0;
  if (/transverse_mercator|gauss_kruger|tmerc|utm/.test(projName) && near(y0, 0)) {
    if (grs80 && near(p.k0 as number, 0.9996)) {
      if (near(lon0, 9) && near(x0, 500000)) return 25832;
      if (near(lon0, 15) && near(x0, 500000)) return 25833;
      if (near(lon0, 9) && near(x0, 32500000)) return 4647;
      if (near(lon0, 15) && near(x0, 33500000)) return 5650;
    }
    if (bessel && near(p.k0 as number, 1)) {
      for (const zone of [2, 3, 4, 5]) if (near(lon0, zone * 3) && near(x0, zone * 1e6 + 500000)) return 31464 + zone;
    }
    return null;
  }
  if (/mercator_auxiliary_sphere|pseudo_mercator|popular_visualisation/.test(projName.replace(/ /g, '_')) && near(a, 6378137) && near(lon0, 0) && near(x0, 0)) return 3857;
  return null;
}

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

const converters = new Map<string, proj4.Converter>();
function converter(from: number, to: string): proj4.Converter {
  const key = `${from}>${to}`;
  let c = converters.get(key);
  if (!c) converters.set(key, (c = proj4(`EPSG:${from}`, to)));
  return c;
}

/** Position in `epsg` → EPSG:25832 (identity for 25832 itself). */
export function nachUtm32(epsg: number): (p: readonly number[]) => Position {
  if (epsg === 25832) return (p) => [p[0]!, p[1]!];
  if (epsg === 4326) return wgsToUtm;
  const c = converter(epsg, UTM32);
  return (p) => {
    const r = c.forward([p[0]!, p[1]!]);
    return [r[0]!, r[1]!];
  };
}

/** Position in `epsg` → WGS84 longitude/latitude, NaN where the system cannot place it. */
export function nachWgs(epsg: number, p: readonly number[]): Position {
  if (SYSTEME[epsg]?.grad) return [p[0]!, p[1]!];
  try {
    const r = converter(epsg, WGS84).forward([p[0]!, p[1]!]);
    return [r[0]!, r[1]!];
  } catch {
    return [NaN, NaN];
  }
}

// Germany (5.87–15.04° E, 47.27–55.06° N) with a margin for districts at the border
const LON = [5.3, 15.6], LAT = [47.0, 55.4];
export function wgsInDeutschland(lon: number, lat: number): boolean {
  return lon >= LON[0]! && lon <= LON[1]! && lat >= LAT[0]! && lat <= LAT[1]!;
}

/** Whether a position given in `epsg` lies in Germany (exact: through proj4). */
function inDeutschlandGenau(epsg: number, p: readonly number[]): boolean {
  const [lon, lat] = nachWgs(epsg, p);
  return wgsInDeutschland(lon, lat);
}

/**
 * A rectangle in the system's own coordinates that lies inside the Germany box: the projected box is a
 * slightly curved quadrilateral, so the rectangle takes the innermost value of each sampled side. Points
 * in it need no projection (a city's street file has hundreds of thousands of them); the rest are
 * checked exactly.
 */
const innen = new Map<number, [number, number, number, number]>();
function innenRechteck(epsg: number): [number, number, number, number] {
  let r = innen.get(epsg);
  if (r) return r;
  const c = converter(epsg, WGS84);
  const to = (lon: number, lat: number) => c.inverse([lon, lat]) as number[];
  let x0 = -Infinity, x1 = Infinity, y0 = -Infinity, y1 = Infinity;
  for (let i = 0; i <= 64; i++) {
    const lat = LAT[0]! + ((LAT[1]! - LAT[0]!) * i) / 64, lon = LON[0]! + ((LON[1]! - LON[0]!) * i) / 64;
    x0 = Math.max(x0, to(LON[0]!, lat)[0]!); x1 = Math.min(x1, to(LON[1]!, lat)[0]!);
    y0 = Math.max(y0, to(lon, LAT[0]!)[1]!); y1 = Math.min(y1, to(lon, LAT[1]!)[1]!);
  }
  // a small safety margin against the curvature between samples
  const mx = (x1 - x0) * 1e-3, my = (y1 - y0) * 1e-3;
  r = [x0 + mx, x1 - mx, y0 + my, y1 - my];
  innen.set(epsg, r);
  return r;
}

/** Whether a position given in `epsg` lies in Germany. */
export function inDeutschland(epsg: number, p: readonly number[]): boolean {
  if (SYSTEME[epsg]?.grad) return wgsInDeutschland(p[0]!, p[1]!);
  const r = innenRechteck(epsg);
  const x = p[0]!, y = p[1]!;
  if (x >= r[0] && x <= r[1] && y >= r[2] && y <= r[3]) return true;
  return inDeutschlandGenau(epsg, p);
}

/**
 * The systems under which a position would lie in Germany, as words for a message: "EPSG:31466
 * (DHDN / Gauß-Krüger Zone 2)", or "… mit vertauschten Achsen" when only the swapped order fits.
 */
export function vermutlicheSysteme(p: readonly number[], ausser: number): string[] {
  const out: string[] = [];
  for (const code of BEKANNTE_EPSG) if (code !== ausser && code !== 4258 && inDeutschland(code, p)) out.push(crsName(code));
  for (const code of BEKANNTE_EPSG) {
    if (code === 4258 || !inDeutschland(code, [p[1]!, p[0]!])) continue;
    out.push(`${crsName(code)} mit vertauschten Achsen (${SYSTEME[code]!.grad ? 'Breite vor Länge' : 'Hochwert vor Rechtswert'})`);
  }
  return out;
}

const zahl = (x: number, d: number) => x.toLocaleString('de-DE', { maximumFractionDigits: d, useGrouping: false });

/** The sentence after "liegt nicht in Deutschland": where it lands and which systems would fit. */
export function bereichsHinweis(epsg: number, p: readonly number[]): string {
  const [lon, lat] = nachWgs(epsg, p);
  const wo = Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 90
    ? `umgerechnet ${zahl(Math.abs(lon), 2)}° ${lon < 0 ? 'West' : 'Ost'}, ${zahl(Math.abs(lat), 2)}° ${lat < 0 ? 'Süd' : 'Nord'}`
    : 'kein Ort auf der Erde';
  const v = vermutlicheSysteme(p, epsg);
  const rat = v.length
    ? `Vermutlich ${v.slice(0, 3).join(' oder ')}: dann dieses Koordinatensystem angeben (crs-Eintrag, .prj oder --crs)${v.some((x) => x.includes('vertauschten')) ? ', die Achsen tauschen' : ''} oder die Datei nach EPSG:25832 umrechnen.`
    : 'Kein bekanntes Koordinatensystem legt sie nach Deutschland.';
  return `(${wo}). ${rat}`;
}

/** Whether coordinates look metric (six-/seven-digit numbers) rather than degrees. */
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
