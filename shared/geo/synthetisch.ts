/**
 * A plausible synthetic city for tests and benchmarks: an irregular boundary, an irregular street grid
 * with main roads every few streets and footpaths here and there, a meandering river crossed by only a
 * few streets (bridges), a railway, and address points along the streets with house numbers and
 * inhabitants. Everything is in EPSG:25832 and reproducible from the seed.
 *
 * Lines deliberately behave like real extracts: they overshoot the boundary, cross without a shared
 * vertex, and some are duplicated or cut into pieces.
 */
import type { Trennart } from './eingabe';
import type { PolygonCoords, Ring } from './geos';
import { insideRings } from './assign';
import { mulberry32 } from '../demo/random';

export interface SynthStadtOptions {
  seed?: number;
  /** radius of the city in metres (default 2400 ≈ 100,000 inhabitants, ≈ 1,500 blocks) */
  radius?: number;
  /** street spacing in metres (default 110) */
  abstand?: number;
  /** metres between address points along a street (default 24) */
  hausabstand?: number;
  ags?: string;
  centre?: [number, number];
}

export interface SynthLinie { art: 'strasse' | 'bahn' | 'gewaesser'; klasse?: Exclude<Trennart, 'gewaesser' | 'bahn'>; name: string; coords: Ring }
export interface SynthAdresse { ags: string; strasse: number; hausnummer: number; zusatz: string; east: number; north: number; einwohner: number }
export interface SynthStadt { ags: string; grenze: PolygonCoords; linien: SynthLinie[]; adressen: SynthAdresse[]; river: Ring; railway: Ring }

// The project's one seeded generator (shared/demo/random.ts), re-exported for the geo tests and bench.
export { mulberry32 };

export function synthStadt(opts: SynthStadtOptions = {}): SynthStadt {
  const rnd = mulberry32(opts.seed ?? 1);
  const R = opts.radius ?? 2400;
  const step = opts.abstand ?? 110;
  const haus = opts.hausabstand ?? 24;
  const ags = opts.ags ?? '05954036';
  const [cx, cy] = opts.centre ?? [385000, 5700000];
  const r2 = (v: number) => Math.round(v * 100) / 100;

  // boundary: a wobbly circle
  const ring: Ring = [];
  const n = 72;
  const wob = [rnd(), rnd(), rnd()];
  for (let i = 0; i < n; i++) {
    const t = (i / n) * 2 * Math.PI;
    const r = R * (1 + 0.08 * Math.sin(3 * t + wob[0]! * 6) + 0.05 * Math.sin(5 * t + wob[1]! * 6) + 0.02 * (rnd() - 0.5));
    ring.push([r2(cx + r * Math.cos(t)), r2(cy + r * Math.sin(t))]);
  }
  ring.push(ring[0]!);
  const grenze: PolygonCoords = [ring];
  const inBoundary = (x: number, y: number) => insideRings([Float64Array.from(ring.flat())], x, y);

  // river: meanders from west to east south of the centre; railway: a straight diagonal north of it
  const river: Ring = [];
  for (let x = -R * 1.2; x <= R * 1.2; x += step / 3) river.push([r2(cx + x), r2(cy - R * 0.15 + R * 0.12 * Math.sin(x / (R * 0.35)))]);
  const railway: Ring = [[r2(cx - R * 1.2), r2(cy + R * 0.1)], [r2(cx + R * 1.2), r2(cy + R * 0.45)]];
  const riverY = (x: number) => cy - R * 0.15 + R * 0.12 * Math.sin((x - cx) / (R * 0.35));

  const linien: SynthLinie[] = [
    { art: 'gewaesser', name: 'Fluss', coords: river },
    { art: 'bahn', name: 'Bahnstrecke', coords: railway },
  ];
  const streets: { coords: Ring; key: number }[] = [];
  let key = 0;
  const bridgeEvery = 6;
  // north-south streets (cut at the river except every sixth: the bridges)
  const nx = Math.ceil((2.3 * R) / step);
  for (let i = 0; i <= nx; i++) {
    const x0 = cx - 1.15 * R + i * step + (rnd() - 0.5) * step * 0.3;
    const haupt = i % 5 === 2;
    const klasse = haupt ? 'hauptstrasse' : rnd() < 0.08 ? 'weg' : 'nebenstrasse';
    const pts: Ring = [];
    for (let y = -1.15 * R; y <= 1.15 * R + 1e-9; y += step * 0.7) pts.push([r2(x0 + (rnd() - 0.5) * step * 0.15), r2(cy + y)]);
    const bridge = haupt || i % bridgeEvery === 0;
    const ry = riverY(x0);
    const pieces = bridge ? [pts] : [pts.filter((p) => p[1]! > ry + 12), pts.filter((p) => p[1]! < ry - 12)];
    key++;
    for (const piece of pieces) if (piece.length >= 2) {
      // overshoot the river bank slightly on the cut pieces? no: dead ends stop short (dangles)
      linien.push({ art: 'strasse', klasse, name: `Nord-Süd-Straße ${i}`, coords: piece });
      streets.push({ coords: piece, key });
    }
  }
  // east-west streets, broken into two overlapping pieces each (as extracts deliver them)
  const ny = Math.ceil((2.3 * R) / step);
  for (let j = 0; j <= ny; j++) {
    const y0 = cy - 1.15 * R + j * step * 1.15 + (rnd() - 0.5) * step * 0.3;
    if (y0 > cy + 1.15 * R) break;
    const haupt = j % 5 === 1;
    const klasse = haupt ? 'hauptstrasse' : rnd() < 0.08 ? 'weg' : 'nebenstrasse';
    const pts: Ring = [];
    for (let x = -1.15 * R; x <= 1.15 * R + 1e-9; x += step * 0.8) pts.push([r2(cx + x), r2(y0 + (rnd() - 0.5) * step * 0.15)]);
    key++;
    const mid = Math.floor(pts.length / 2);
    // streets near the river: only those clear of it
    const clear = pts.filter((p) => Math.abs(p[1]! - riverY(p[0]!)) > 15);
    if (clear.length !== pts.length) continue;
    linien.push({ art: 'strasse', klasse, name: `Ost-West-Straße ${j}`, coords: pts.slice(0, mid + 2) });
    linien.push({ art: 'strasse', klasse, name: `Ost-West-Straße ${j}`, coords: pts.slice(mid) });
    if (j % 7 === 3) linien.push({ art: 'strasse', klasse, name: `Ost-West-Straße ${j}`, coords: pts.slice(0, 4) }); // duplicate piece
    streets.push({ coords: pts, key });
  }

  // address points along streets, both sides, 9 m off the centre line
  const adressen: SynthAdresse[] = [];
  for (const s of streets) {
    let nr = [1, 2];
    for (let i = 0; i + 1 < s.coords.length; i++) {
      const a = s.coords[i]!, b = s.coords[i + 1]!;
      const len = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
      const ux = (b[0]! - a[0]!) / len, uy = (b[1]! - a[1]!) / len;
      for (let d = haus / 2; d < len; d += haus) {
        for (const side of [0, 1]) {
          const off = side === 0 ? 9 : -9;
          const x = a[0]! + ux * d - uy * off, y = a[1]! + uy * d + ux * off;
          if (!inBoundary(x, y)) continue;
          if (Math.abs(y - riverY(x)) < 20) continue;
          const h = nr[side]!;
          nr[side] = h + 2;
          const einwohner = 1 + Math.floor(rnd() * rnd() * 24);
          adressen.push({ ags, strasse: s.key, hausnummer: h, zusatz: rnd() < 0.05 ? 'a' : '', east: r2(x), north: r2(y), einwohner });
        }
      }
      nr = [nr[0]!, nr[1]!];
    }
  }
  return { ags, grenze, linien, adressen, river, railway };
}

/** House coordinates as an HK-DE CSV text (with the column `einwohner` unless told otherwise). */
export function hkCsv(adressen: readonly SynthAdresse[], withEinwohner = true): string {
  const head = 'NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;EAST;NORTH;STN;PLZ;ONM;ZON' + (withEinwohner ? ';einwohner' : '');
  const lines = [head];
  for (const a of adressen) {
    const e = a.east.toFixed(2).replace('.', ','), nn = a.north.toFixed(2).replace('.', ',');
    lines.push(`N;DENW${a.strasse}x${a.hausnummer};A;${a.ags.slice(0, 2)};${a.ags[2]};${a.ags.slice(3, 5)};${a.ags.slice(5)};;${String(a.strasse).padStart(5, '0')};${a.hausnummer};${a.zusatz};${e};${nn};Straße ${a.strasse};58452;Stadt;${withEinwohner ? `;${a.einwohner}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** GeoJSON documents in EPSG:25832 (with a `crs` member) for the CLI. */
export function synthGeoJson(s: SynthStadt): { grenze: object; linien: object } {
  const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } };
  return {
    grenze: { type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { ags: s.ags }, geometry: { type: 'Polygon', coordinates: s.grenze } }] },
    linien: {
      type: 'FeatureCollection',
      crs,
      features: s.linien.map((l) => ({ type: 'Feature', properties: { art: l.art, ...(l.klasse ? { klasse: l.klasse } : {}), name: l.name }, geometry: { type: 'LineString', coordinates: l.coords } })),
    },
  };
}
