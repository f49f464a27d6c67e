/**
 * From blocks and addresses to the area exchange format: weights per block, districts
 * (gemeindeteile.ts), codes (formats spec, section 5) that stay stable against a previous
 * geography, geometries as coverage unions in WGS84.
 */
import type { AreaWithGeometry } from '../areas/exchange';
import { createBlockAssigner } from './assign';
import { Block, geometryArea, interiorPoint } from './bloecke';
import { mapMultiPolygon, mapPolygon, utmToWgs } from './crs';
import { dokumentEpsg, GeoEingabeError, Trennart, Umrechnung } from './eingabe';
import { Geos, PolygonCoords } from './geos';
import { regionalizeDetail, RegionBlock } from './gemeindeteile';
import type { SucheErgebnis } from './lokalsuche';

type Lens = Partial<Record<Trennart | 'ohne', number>>;

/** Blocks as the intermediate file of `geo bloecke` (WGS84; neighbours and shared lengths per type). */
export function bloeckeToGeoJson(blocks: readonly Block[]): object {
  return {
    type: 'FeatureCollection',
    features: blocks.map((b) => ({
      type: 'Feature',
      properties: {
        nr: b.nr,
        flaeche_m2: Math.round(b.flaeche * 10) / 10,
        nachbarn: [...b.nachbarn].sort((p, q) => p[0] - q[0]).map(([nr, lens]) => [nr, Object.fromEntries(Object.entries(lens).map(([k, v]) => [k, Math.round(v! * 100) / 100]))]),
      },
      geometry: b.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: mapPolygon(b.geometry.coordinates, utmToWgs) }
        : { type: 'MultiPolygon', coordinates: mapMultiPolygon(b.geometry.coordinates, utmToWgs) },
    })),
  };
}

/** Reads the blocks file back (to EPSG:25832, from the declared system); problems name file and feature. */
export function readBloecke(doc: unknown, file: string): Block[] {
  const d = doc as { type?: unknown; features?: unknown };
  if (!d || d.type !== 'FeatureCollection' || !Array.isArray(d.features)) throw new GeoEingabeError([`${file}: erwartet wird die FeatureCollection aus „sozialmonitor geo bloecke“`]);
  // our own output is WGS84 without `crs`; a file from elsewhere must declare its system (crs.ts)
  const um = new Umrechnung(dokumentEpsg(d as Record<string, unknown>, file), file);
  const problems: string[] = [];
  const out: Block[] = [];
  const seen = new Set<number>();
  (d.features as { properties?: Record<string, unknown>; geometry?: { type?: string; coordinates?: unknown } }[]).forEach((f, i) => {
    const where = `${file}, Feature ${i + 1}`;
    const p = f?.properties ?? {};
    const nr = p.nr;
    if (typeof nr !== 'number' || !Number.isInteger(nr) || nr < 1) return void problems.push(`${where}: „nr“ muss eine ganze Zahl ≥ 1 sein`);
    if (seen.has(nr)) return void problems.push(`${where}: Baublock-Nummer ${nr} kommt doppelt vor`);
    seen.add(nr);
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) return void problems.push(`${where} (Baublock ${nr}): Geometrie muss Polygon oder MultiPolygon sein`);
    const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as PolygonCoords[];
    const bad = polys.some((poly) => !Array.isArray(poly) || poly.some((r) => !Array.isArray(r) || r.length < 4 || r.some((q) => !Array.isArray(q) || typeof q[0] !== 'number' || typeof q[1] !== 'number')));
    if (bad) return void problems.push(`${where} (Baublock ${nr}): Ringe brauchen mindestens 4 Punkte aus je zwei Zahlen`);
    const conv = (poly: PolygonCoords) => mapPolygon(poly, (q) => um.punkt(q, i + 1));
    const nachbarn = new Map<number, Lens>();
    if (Array.isArray(p.nachbarn)) {
      for (const n of p.nachbarn as unknown[]) {
        if (!Array.isArray(n) || typeof n[0] !== 'number' || typeof n[1] !== 'object' || n[1] === null) return void problems.push(`${where} (Baublock ${nr}): „nachbarn“ muss eine Liste von [Nummer, {Art: Länge}] sein`);
        nachbarn.set(n[0], n[1] as Lens);
      }
    }
    const geometry: Block['geometry'] = g.type === 'Polygon' ? { type: 'Polygon', coordinates: conv(polys[0]!) } : { type: 'MultiPolygon', coordinates: polys.map(conv) };
    out.push({ nr, geometry, flaeche: typeof p.flaeche_m2 === 'number' ? p.flaeche_m2 : 0, nachbarn });
    return undefined;
  });
  const bereich = um.problem();
  if (bereich) problems.push(bereich);
  for (const b of out) for (const n of b.nachbarn.keys()) if (!seen.has(n)) problems.push(`${file}: Baublock ${b.nr} nennt den Nachbarn ${n}, den es nicht gibt`);
  if (problems.length) throw new GeoEingabeError(problems);
  if (out.length === 0) throw new GeoEingabeError([`${file}: keine Baublöcke`]);
  return out;
}

export interface Punkt { east: number; north: number; einwohner: number | null }

export interface GebieteOptions {
  ags: string;
  min: number;
  max: number;
  /** bounds in inhabitants (addresses carry `einwohner`) or in addresses */
  nachEinwohnern: boolean;
  /** block nr → district label (2 digits or full Gemeindeteil code) */
  fest?: Map<number, string>;
  /** the previous geography: codes are kept where blocks and districts keep most of their addresses */
  vorher?: readonly AreaWithGeometry[];
  stadtName?: string;
  /** the local search after the tree partition (lokalsuche.ts); default true */
  lokaleSuche?: boolean;
}

export interface GebieteErgebnis {
  areas: AreaWithGeometry[];
  gemeindeteile: { code: string; bloecke: number; gewicht: number; adressen: number }[];
  bloecke: number;
  /** addresses in no block (indexes into the input) */
  ausserhalb: number[];
  /** block nr → code */
  codes: Map<number, string>;
  /** what the local search after the tree partition changed (lokalsuche.ts) */
  suche: SucheErgebnis | null;
}

const polygonsOf = (g: Block['geometry']): PolygonCoords[] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const toWgs = (g: { type: string; coordinates: unknown }): AreaWithGeometry['geometry'] =>
  g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: mapPolygon(g.coordinates as PolygonCoords, utmToWgs) }
    : { type: 'MultiPolygon', coordinates: mapMultiPolygon(g.coordinates as PolygonCoords[], utmToWgs) };

/** "03" or "05954036-03" → 3 */
function festNummer(label: string, ags: string): number {
  const m = /^(?:(\d{8})-)?(\d{1,2})$/.exec(label.trim());
  if (!m || (m[1] && m[1] !== ags) || Number(m[2]) < 1) {
    throw new GeoEingabeError([`Festlegung: Gemeindeteil „${label}“ ist weder eine Nummer 01–99 noch ein Code ${ags}-NN`]);
  }
  return Number(m[2]);
}

export function buildGebiete(geos: Geos, blocks: readonly Block[], punkte: readonly Punkt[], opts: GebieteOptions): GebieteErgebnis {
  const { ags } = opts;
  // weights per block
  const assigner = createBlockAssigner(
    blocks.map((b) => ({ code: String(b.nr), name: '', ebene: 'baublock' as const, parent: null, geometry: b.geometry })),
    { metric: true },
  );
  const nrAt = assigner.codes.map(Number);
  const gewicht = new Map<number, number>(blocks.map((b) => [b.nr, 0]));
  const adressen = new Map<number, number>(blocks.map((b) => [b.nr, 0]));
  const blockOfPoint = new Int32Array(punkte.length);
  const ausserhalb: number[] = [];
  punkte.forEach((p, i) => {
    const k = assigner.assignIndex(p.east, p.north);
    if (k < 0) { ausserhalb.push(i); blockOfPoint[i] = -1; return; }
    const nr = nrAt[k]!;
    blockOfPoint[i] = nr;
    adressen.set(nr, adressen.get(nr)! + 1);
    gewicht.set(nr, gewicht.get(nr)! + (opts.nachEinwohnern ? (p.einwohner ?? 0) : 1));
  });

  const anchor = new Map<number, [number, number]>();
  for (const b of blocks) {
    const polys = polygonsOf(b.geometry);
    const biggest = polys.reduce((a, p) => (Math.abs(ringArea(p[0]!)) > Math.abs(ringArea(a[0]!)) ? p : a));
    anchor.set(b.nr, interiorPoint(biggest) ?? [biggest[0]![0]![0]!, biggest[0]![0]![1]!]);
  }
  const rb: RegionBlock[] = blocks.map((b) => ({
    nr: b.nr, gewicht: gewicht.get(b.nr)!, x: anchor.get(b.nr)![0], y: anchor.get(b.nr)![1], nachbarn: b.nachbarn,
    flaeche: b.flaeche || geometryArea(b.geometry), umfang: polygonsOf(b.geometry).reduce((s, p) => s + p.reduce((t, r) => t + ringLength(r), 0), 0),
  }));
  const { regions, suche } = regionalizeDetail(rb, { min: opts.min, max: opts.max, fest: opts.fest, lokaleSuche: opts.lokaleSuche });

  // district numbers: fixed ones as given, stable ones from the previous geography, the rest in
  // reading order (north to south, west to east) of their weighted centre
  const used = new Set<number>();
  const nummer = new Map<number, number>();
  regions.forEach((r, i) => {
    if (r.festLabel === null) return;
    const n = festNummer(r.festLabel, ags);
    if (used.has(n)) throw new GeoEingabeError([`Festlegung: Gemeindeteil ${String(n).padStart(2, '0')} ist zweimal angegeben`]);
    used.add(n);
    nummer.set(i, n);
  });
  const regionOfBlock = new Map<number, number>();
  regions.forEach((r, i) => r.bloecke.forEach((nr) => regionOfBlock.set(nr, i)));

  // previous geography: address counts per (new, old) pair
  let oldBlockOfPoint: (string | null)[] | null = null;
  if (opts.vorher) {
    const old = createBlockAssigner(opts.vorher);
    oldBlockOfPoint = punkte.map((p) => old.assign(p.east, p.north));
    const pairs = new Map<string, number>();
    const perRegion = new Map<number, number>();
    punkte.forEach((_, i) => {
      const nr = blockOfPoint[i]!;
      const o = oldBlockOfPoint![i];
      if (nr < 0) return;
      const r = regionOfBlock.get(nr)!;
      perRegion.set(r, (perRegion.get(r) ?? 0) + 1);
      if (!o) return;
      const k = `${r}|${o.slice(0, 11)}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    });
    const sorted = [...pairs].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1));
    for (const [k, count] of sorted) {
      const [rs, code] = k.split('|') as [string, string];
      const r = Number(rs);
      if (nummer.has(r) || !code.startsWith(`${ags}-`)) continue;
      const n = Number(code.slice(9));
      if (used.has(n) || count * 2 <= perRegion.get(r)!) continue;
      used.add(n);
      nummer.set(r, n);
    }
  }
  const centre = regions.map((r) => {
    let sx = 0, sy = 0;
    for (const nr of r.bloecke) { sx += anchor.get(nr)![0]; sy += anchor.get(nr)![1]; }
    return [sx / r.bloecke.length, sy / r.bloecke.length] as const;
  });
  const readingOrder = (p: readonly [number, number] | readonly number[], q: readonly [number, number] | readonly number[]) => q[1]! - p[1]! || p[0]! - q[0]!;
  let next = 1;
  for (const i of regions.map((_, i) => i).filter((i) => !nummer.has(i)).sort((a, b) => readingOrder(centre[a]!, centre[b]!) || a - b)) {
    while (used.has(next)) next++;
    if (next > 99) throw new GeoEingabeError([`Mehr als 99 Gemeindeteile: die Untergrenze --min ${opts.min} ist zu klein für diese Stadt`]);
    used.add(next);
    nummer.set(i, next);
  }
  const gtCode = (i: number) => `${ags}-${String(nummer.get(i)!).padStart(2, '0')}`;

  // block codes: stable where a block keeps most of its addresses and stays in the same district
  const codes = new Map<number, string>();
  const taken = new Set<string>();
  if (oldBlockOfPoint) {
    const pairs = new Map<string, number>();
    punkte.forEach((_, i) => {
      const nr = blockOfPoint[i]!;
      const o = oldBlockOfPoint![i];
      if (nr < 0 || !o) return;
      const k = `${nr}|${o}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    });
    const sorted = [...pairs].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1));
    for (const [k, count] of sorted) {
      const [nrs, code] = k.split('|') as [string, string];
      const nr = Number(nrs);
      if (codes.has(nr) || taken.has(code) || count * 2 <= adressen.get(nr)!) continue;
      if (!code.startsWith(`${gtCode(regionOfBlock.get(nr)!)}-`)) continue;
      codes.set(nr, code);
      taken.add(code);
    }
  }
  regions.forEach((r, i) => {
    const prefix = gtCode(i);
    let n = 1;
    for (const nr of [...r.bloecke].sort((a, b) => readingOrder(anchor.get(a)!, anchor.get(b)!) || a - b)) {
      if (codes.has(nr)) continue;
      let code: string;
      do code = `${prefix}-${String(n++).padStart(4, '0')}`; while (taken.has(code));
      if (n > 10000) throw new GeoEingabeError([`Gemeindeteil ${prefix} hätte mehr als 9999 Baublöcke`]);
      codes.set(nr, code);
      taken.add(code);
    }
  });

  // areas
  const byNr = new Map(blocks.map((b) => [b.nr, b]));
  const kreis = ags.slice(0, 5);
  const areas: AreaWithGeometry[] = [
    { code: kreis, name: `Kreis ${kreis}`, ebene: 'kreis', parent: null, geometry: null },
    { code: ags, name: opts.stadtName ?? `Stadt ${ags}`, ebene: 'stadt', parent: kreis, geometry: toWgs(geos.coverageUnion(blocks.flatMap((b) => polygonsOf(b.geometry)))) },
  ];
  const order = regions.map((_, i) => i).sort((a, b) => nummer.get(a)! - nummer.get(b)!);
  const summary: GebieteErgebnis['gemeindeteile'] = [];
  for (const i of order) {
    const r = regions[i]!;
    const code = gtCode(i);
    areas.push({ code, name: `Gemeindeteil ${code.slice(9)}`, ebene: 'gemeindeteil', parent: ags, geometry: toWgs(geos.coverageUnion(r.bloecke.flatMap((nr) => polygonsOf(byNr.get(nr)!.geometry)))) });
    summary.push({ code, bloecke: r.bloecke.length, gewicht: r.gewicht, adressen: r.bloecke.reduce((s, nr) => s + adressen.get(nr)!, 0) });
  }
  for (const i of order) {
    for (const nr of [...regions[i]!.bloecke].sort((a, b) => (codes.get(a)! < codes.get(b)! ? -1 : 1))) {
      const code = codes.get(nr)!;
      areas.push({ code, name: `Baublock ${code.slice(12)}`, ebene: 'baublock', parent: code.slice(0, 11), geometry: toWgs(byNr.get(nr)!.geometry) });
    }
  }
  return { areas, gemeindeteile: summary, bloecke: blocks.length, ausserhalb, codes, suche };
}

function ringArea(r: readonly (readonly number[])[]): number {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) a += r[i]![0]! * r[i + 1]![1]! - r[i + 1]![0]! * r[i]![1]!;
  return a / 2;
}

function ringLength(r: readonly (readonly number[])[]): number {
  let l = 0;
  for (let i = 0; i + 1 < r.length; i++) l += Math.hypot(r[i + 1]![0]! - r[i]![0]!, r[i + 1]![1]! - r[i]![1]!);
  return l;
}
