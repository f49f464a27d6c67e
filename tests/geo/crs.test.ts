/**
 * Coordinate systems are declared, never guessed: WKT (.prj, GeoPackage) and crs names map to EPSG
 * codes or are refused, and coordinates outside Germany under the declared system are refused with the
 * system under which they would fit (shared/geo/crs.ts, shared/geo/eingabe.ts).
 */
import proj4 from 'proj4';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BEKANNTE_EPSG, epsgAusName, epsgAusWkt, inDeutschland, nachUtm32, nachWgs, wgsInDeutschland, wgsToUtm } from '../../shared/geo/crs';
import { readGrenze, readLinien } from '../../shared/geo/eingabe';
import { readBloecke } from '../../shared/geo/gebiete';

const FIX = path.join(__dirname, '../fixtures/real/berlin-lor');
// WKT as GDAL 3.6 writes them (`gdalsrsinfo -o wkt_esri|wkt1 EPSG:…`)
const WKT = {
  gk3: 'PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  web: 'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]',
  lambert93: 'PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]',
  wgs: 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
  utm32zen: 'PROJCS["ETRS89 / UTM zone 32N (zE-N)",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",32500000],PARAMETER["false_northing",0],UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]',
};

test('WKT maps to EPSG codes by authority or parameters; unknown systems give null', () => {
  expect(epsgAusWkt(fs.readFileSync(path.join(FIX, 'bezirk-02-utm33.prj'), 'utf8'))).toBe(25833);
  expect(epsgAusWkt(WKT.gk3)).toBe(31467);
  expect(epsgAusWkt(WKT.gk3.replace(/Zone_3/, 'Zone_4').replace('3500000.0', '4500000.0').replace('"Central_Meridian",9.0', '"Central_Meridian",12.0'))).toBe(31468);
  expect(epsgAusWkt(WKT.web)).toBe(3857);
  expect(epsgAusWkt(WKT.wgs)).toBe(4326);
  expect(epsgAusWkt(WKT.utm32zen)).toBe(4647);
  // an authority at the end wins (OGC WKT1 as GDAL writes it)
  expect(epsgAusWkt(WKT.utm32zen.replace(/\]$/, ',AUTHORITY["EPSG","25832"]]'))).toBe(25832);
  expect(epsgAusWkt(WKT.lambert93)).toBeNull();
  // Gauß-Krüger with the UTM scale is neither
  expect(epsgAusWkt(WKT.gk3.replace('"Scale_Factor",1.0', '"Scale_Factor",0.9996'))).toBeNull();
  expect(epsgAusWkt('kein WKT')).toBeNull();
});

test('crs names and --crs values', () => {
  expect(epsgAusName('urn:ogc:def:crs:EPSG::25832')).toBe(25832);
  expect(epsgAusName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(4326);
  expect(epsgAusName('EPSG:31467')).toBe(31467);
  expect(epsgAusName('25833')).toBe(25833);
  expect(epsgAusName('utm32')).toBe(25832);
  expect(epsgAusName('EPSG:2154')).toBe(2154);
  expect(epsgAusName('Lambert')).toBeNull();
});

// Köln, Dom: WGS84 and the same place in Gauß-Krüger zone 2 (what the file had)
const KOELN = [6.9583, 50.9413];
const gk2 = (p: number[]) => proj4('EPSG:4326', 'EPSG:31466', p) as number[];
const square = (c: number[], d: number) => [[c[0]!, c[1]!], [c[0]! + d, c[1]!], [c[0]! + d, c[1]! + d], [c[0]!, c[1]! + d], [c[0]!, c[1]!]];
const grenze = (ring: number[][], crs?: string) => ({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }] });

test('Gauß-Krüger coordinates declared as EPSG:25832 are refused, naming Gauß-Krüger zone 2', () => {
  const ring = square(gk2(KOELN), 500);
  expect(ring[0]![0]).toBeGreaterThan(2.5e6);
  expect(() => readGrenze(grenze(ring, 'urn:ogc:def:crs:EPSG::25832'), 'koeln.geojson')).toThrow(
    /koeln.geojson: 5 Koordinaten in 1 Feature liegen im angegebenen Koordinatensystem EPSG:25832 \(ETRS89 \/ UTM Zone 32N\) nicht in Deutschland, zuerst Feature 1 mit \(\d+\.?\d*, \d+\.?\d*\) \(umgerechnet \d+,\d+° Ost, \d+,\d+° Nord\)\. Vermutlich EPSG:31466 \(DHDN \/ Gauß-Krüger Zone 2\)/,
  );
  // declared correctly it is read, and lands where the UTM coordinates of Köln are (DHDN shift ≈ 1 m)
  const g = readGrenze(grenze(ring, 'EPSG:31466'), 'koeln.geojson');
  const utm = wgsToUtm(KOELN);
  expect(Math.hypot(g.polygons[0]![0]![0]![0]! - utm[0], g.polygons[0]![0]![0]![1]! - utm[1])).toBeLessThan(5);
  // the file: UTM plus a 2,500,000 false easting, which as EPSG:25832 lies east of Germany
  expect(() => readGrenze(grenze(square([utm[0] + 2.5e6, utm[1]], 500), 'EPSG:25832'), 'k.geojson')).toThrow(/nicht in Deutschland, .*° Ost/);
});

test('swapped axes, degrees as metres, metres without crs: refused with the likely system', () => {
  const swapped = square([KOELN[1]!, KOELN[0]!], 0.01);
  expect(() => readGrenze(grenze(swapped), 'g.geojson')).toThrow(/EPSG:4326 \(WGS 84, Grad\) nicht in Deutschland.*Vermutlich EPSG:4326 \(WGS 84, Grad\) mit vertauschten Achsen \(Breite vor Länge\)/);
  expect(() => readGrenze(grenze(square(KOELN, 0.01), 'EPSG:25832'), 'g.geojson')).toThrow(/EPSG:25832 .* nicht in Deutschland.*Vermutlich EPSG:4326 \(WGS 84, Grad\)/);
  // RFC 7946: no crs member means WGS84 – metres there are not taken as UTM silently
  const utm = wgsToUtm(KOELN);
  expect(() => readGrenze(grenze(square(utm, 100)), 'g.geojson')).toThrow(/EPSG:4326 \(WGS 84, Grad\) nicht in Deutschland.*\(kein Ort auf der Erde\)\. Vermutlich EPSG:25832 \(ETRS89 \/ UTM Zone 32N\)/);
  const utmSwapped = square([utm[1], utm[0]], 100);
  expect(() => readGrenze(grenze(utmSwapped, 'EPSG:25832'), 'g.geojson')).toThrow(/Vermutlich EPSG:25832 \(ETRS89 \/ UTM Zone 32N\) mit vertauschten Achsen \(Hochwert vor Rechtswert\).*die Achsen tauschen/);
  // Web-Mercator numbers declared as UTM
  const web = proj4('EPSG:4326', 'EPSG:3857', KOELN) as number[];
  expect(() => readGrenze(grenze(square(web, 100), 'EPSG:25832'), 'g.geojson')).toThrow(/Vermutlich .*EPSG:3857/);
});

test('unknown systems and a crs member contradicting --crs are refused with both names', () => {
  const ring = square(wgsToUtm(KOELN), 100);
  expect(() => readGrenze(grenze(ring, 'EPSG:2154'), 'g.geojson')).toThrow(/g.geojson: Koordinatensystem EPSG:2154 ist unbekannt/);
  expect(() => readGrenze(grenze(ring, 'Lambert 93'), 'g.geojson')).toThrow(/„crs“-Eintrag "Lambert 93" nennt kein Koordinatensystem/);
  expect(() => readGrenze(grenze(ring, 'EPSG:25832'), 'g.geojson', { crs: 25833 })).toThrow(/g.geojson: die Datei nennt EPSG:25832 \(ETRS89 \/ UTM Zone 32N\), angegeben ist EPSG:25833 \(ETRS89 \/ UTM Zone 33N\) \(--crs\)/);
  expect(readGrenze(grenze(ring, 'EPSG:25832'), 'g.geojson', { crs: 25832 }).polygons[0]![0]![0]).toEqual(ring[0]);
  expect(readGrenze(grenze(ring), 'g.geojson', { crs: 25832 }).polygons[0]![0]![0]).toEqual(ring[0]);
  // the blocks file too: metres without crs are not our WGS84 output
  const bloecke = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { nr: 1 }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
  expect(() => readBloecke(bloecke, 'b.geojson')).toThrow(/b.geojson: 5 Koordinaten .* EPSG:4326 .* nicht in Deutschland/);
});

test('the real Berlin LOR files declare CRS84 and EPSG:4326 (longitude first) and are read as such', () => {
  const bezirk = JSON.parse(fs.readFileSync(path.join(FIX, 'bezirk-02.geojson'), 'utf8'));
  expect(bezirk.crs.properties.name).toBe('urn:ogc:def:crs:OGC:1.3:CRS84');
  const pr = JSON.parse(fs.readFileSync(path.join(FIX, 'planungsraeume-02.geojson'), 'utf8'));
  expect(pr.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::4326');
  const g = readGrenze(bezirk, 'bezirk-02.geojson');
  // Friedrichshain-Kreuzberg in UTM 32 (Berlin lies east of zone 32, still well inside its use)
  const [x, y] = g.polygons[0]![0]![0]!;
  expect(x).toBeGreaterThan(790000);
  expect(x).toBeLessThan(810000);
  expect(y).toBeGreaterThan(5820000);
  expect(y).toBeLessThan(5835000);
  // a 25833 → 25832 conversion of the same place agrees with the WGS84 route
  const p33 = proj4('EPSG:4326', 'EPSG:25833', bezirk.features[0].geometry.coordinates[0][0][0]) as number[];
  const back = nachUtm32(25833)(p33);
  expect(Math.hypot(back[0] - x!, back[1] - y!)).toBeLessThan(0.01);
});

test('the fast inner-rectangle check agrees with the exact one (projection to WGS84) in every system', () => {
  let checked = 0, inside = 0;
  const mismatches: string[] = [];
  for (const epsg of BEKANNTE_EPSG) {
    const c = proj4('EPSG:4326', `EPSG:${epsg}`);
    for (let i = 0; i <= 40; i++) {
      for (let j = 0; j <= 40; j++) {
        // a grid from 3° to 18° E and 45° to 57.5° N, nudged off the box edges
        const p = c.forward([3.0013 + (15 * i) / 40, 45.0017 + (12.5 * j) / 40]);
        const [lon, lat] = nachWgs(epsg, p);
        if (inDeutschland(epsg, p) !== wgsInDeutschland(lon, lat)) mismatches.push(`EPSG:${epsg} ${lon} ${lat}`);
        checked++;
        if (wgsInDeutschland(lon, lat)) inside++;
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(checked).toBe(BEKANNTE_EPSG.length * 41 * 41);
  expect(inside / checked).toBeGreaterThan(0.3);
  expect(inside / checked).toBeLessThan(0.8);
});
