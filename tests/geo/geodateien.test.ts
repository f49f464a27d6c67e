/**
 * Shapefile and GeoPackage input (cli/geodateien.ts) on real data: Friedrichshain-Kreuzberg from the
 * Berlin LOR files, written once with GDAL's ogr2ogr as Shapefile and GeoPackage in EPSG:25833
 * (tests/fixtures/real/berlin-lor/SOURCE.md). Read with the npm libraries (shapefile, better-sqlite3 +
 * wkx); the result must match the GeoJSON original.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readGeodatei } from '../../cli/geodateien';
import { readGrenze, readLinien } from '../../shared/geo/eingabe';
import type { PolygonCoords } from '../../shared/geo/geos';
import Database from 'better-sqlite3';

const FIX = path.join(__dirname, '../fixtures/real/berlin-lor');
const fix = (name: string) => path.join(FIX, name);
let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geodateien-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Shapefile beside a chosen .prj (or none) in the temp folder. */
function shpMitPrj(name: string, prj: string | null): string {
  for (const ext of ['shp', 'shx', 'dbf', 'cpg']) fs.copyFileSync(fix(`bezirk-02-utm33.${ext}`), path.join(dir, `${name}.${ext}`));
  if (prj !== null) fs.writeFileSync(path.join(dir, `${name}.prj`), prj);
  return path.join(dir, `${name}.shp`);
}

const flaeche = (polys: PolygonCoords[]) => polys.reduce((s, poly) => s + poly.reduce((t, ring, i) => {
  let a = 0;
  for (let k = 0; k + 1 < ring.length; k++) a += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  return t + (i === 0 ? 1 : -1) * Math.abs(a / 2);
}, 0), 0);

test('the Shapefile (.prj: ETRS89 / UTM 33N) and the GeoPackage give the boundary of the GeoJSON original', async () => {
  const original = readGrenze(JSON.parse(fs.readFileSync(fix('bezirk-02.geojson'), 'utf8')), 'bezirk-02.geojson');
  const a0 = flaeche(original.polygons);
  // Friedrichshain-Kreuzberg, about 20 km² (in UTM 32, which enlarges areas this far east by about 0.1 %)
  expect(a0 / 1e6).toBeGreaterThan(20);
  expect(a0 / 1e6).toBeLessThan(20.5);

  const shp = await readGeodatei(fix('bezirk-02-utm33.shp')) as { crs: { properties: { name: string } }; features: { properties: Record<string, unknown> }[] };
  expect(shp.crs.properties.name).toBe('EPSG:25833');
  expect(shp.features[0]!.properties).toEqual({ id: '02', name: 'Friedrichshain-Kreuzberg' });
  const vomShp = readGrenze(shp, 'bezirk-02-utm33.shp');
  const gpkg = await readGeodatei(`${fix('berlin-02.gpkg')}:grenze`);
  const vomGpkg = readGrenze(gpkg, 'berlin-02.gpkg:grenze');
  for (const g of [vomShp, vomGpkg]) {
    expect(Math.abs(flaeche(g.polygons) - a0) / a0).toBeLessThan(1e-6);
    const p = g.polygons[0]![0]![0]!, q = original.polygons[0]![0]!;
    // the same vertices (the Shapefile may start a ring elsewhere): nearest original vertex within 1 cm
    expect(Math.min(...q.map((o) => Math.hypot(o[0]! - p[0]!, o[1]! - p[1]!)))).toBeLessThan(0.01);
  }
});

test('a GeoPackage layer of Planungsraum outlines is a street layer without art/klasse (note, side streets)', async () => {
  const notes: string[] = [];
  const doc = await readGeodatei(`${fix('berlin-02.gpkg')}:planungsraum_grenzen`);
  expect((doc as { crs: { properties: { name: string } } }).crs.properties.name).toBe('EPSG:4326');
  const l = readLinien(doc, 'berlin-02.gpkg:planungsraum_grenzen', { hinweis: (t) => notes.push(t) });
  expect(new Set(l.map((x) => x.feature)).size).toBe(26);
  expect(l.every((x) => x.art === 'nebenstrasse')).toBe(true);
  expect(notes[0]).toMatch(/^berlin-02.gpkg:planungsraum_grenzen: 26 von 26 Linien ohne „art“ – gelesen als Straßen der Klasse nebenstrasse/);
});

test('GeoPackage: several layers need a choice; an unknown layer is named', async () => {
  await expect(readGeodatei(fix('berlin-02.gpkg'))).rejects.toThrow(/berlin-02.gpkg: mehrere Ebenen \(„grenze“, „planungsraum_grenzen“\); bitte eine wählen, z. B. .*berlin-02.gpkg:grenze/);
  await expect(readGeodatei(`${fix('berlin-02.gpkg')}:strassen`)).rejects.toThrow(/Ebene „strassen“ gibt es nicht; vorhanden: „grenze“, „planungsraum_grenzen“/);
  fs.writeFileSync(path.join(dir, 'kaputt.gpkg'), 'kein SQLite');
  await expect(readGeodatei(path.join(dir, 'kaputt.gpkg'))).rejects.toThrow(/kaputt.gpkg: (GeoPackage kann nicht geöffnet werden|keine GeoPackage-Datei)/);
});

test('Shapefile: unknown .prj refused by name, missing .prj needs --crs, a wrong .prj fails the range check, --crs contradicting .prj names both', async () => {
  const lambert = 'PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]';
  await expect(readGeodatei(shpMitPrj('lambert', lambert))).rejects.toThrow(/lambert.prj: Koordinatensystem „RGF_1993_Lambert_93“ ist unbekannt; bekannt sind EPSG:25832 \(ETRS89 \/ UTM Zone 32N\), EPSG:25833/);

  const ohne = shpMitPrj('ohne', null);
  await expect(readGeodatei(ohne)).rejects.toThrow(/ohne.shp: neben der Shapefile liegt keine .prj-Datei.*--crs/);
  const g = readGrenze(await readGeodatei(ohne, 25833), ohne, { crs: 25833 });
  expect(flaeche(g.polygons) / 1e6).toBeGreaterThan(20);

  // UTM 33 numbers under a Gauß-Krüger zone 4 .prj lie nowhere near Germany
  const gk4 = 'PROJCS["DHDN_3_Degree_Gauss_Zone_4",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",4500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",12.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  const falsch = shpMitPrj('gk4', gk4);
  const doc = await readGeodatei(falsch);
  expect(() => readGrenze(doc, falsch)).toThrow(/gk4.shp: \d+ Koordinaten in 1 Feature liegen im angegebenen Koordinatensystem EPSG:31468 \(DHDN \/ Gauß-Krüger Zone 4\) nicht in Deutschland.*Vermutlich EPSG:25832 .* oder EPSG:25833/);

  const richtig = await readGeodatei(fix('bezirk-02-utm33.shp'), 25832);
  expect(() => readGrenze(richtig, 'bezirk-02-utm33.shp', { crs: 25832 })).toThrow(/bezirk-02-utm33.shp: die Datei nennt EPSG:25833 \(ETRS89 \/ UTM Zone 33N\), angegeben ist EPSG:25832 \(ETRS89 \/ UTM Zone 32N\) \(--crs\)/);
});

test('GeoPackage: the system comes from gpkg_spatial_ref_sys; undefined or unknown systems are refused', async () => {
  const copy = (name: string, sql: string) => {
    const file = path.join(dir, name);
    fs.copyFileSync(fix('berlin-02.gpkg'), file);
    const db = new Database(file);
    db.exec(sql);
    db.close();
    return file;
  };
  // another organisation: the WKT definition decides
  const esri = copy('esri.gpkg', `UPDATE gpkg_spatial_ref_sys SET organization = 'ESRI', organization_coordsys_id = 102329 WHERE srs_id = 25833`);
  const doc = await readGeodatei(`${esri}:grenze`) as { crs: { properties: { name: string } } };
  expect(doc.crs.properties.name).toBe('EPSG:25833');
  const undef = copy('undef.gpkg', `UPDATE gpkg_geometry_columns SET srs_id = -1 WHERE table_name = 'grenze'`);
  await expect(readGeodatei(`${undef}:grenze`)).rejects.toThrow(/undef.gpkg:grenze: Koordinatensystem „undefiniert \(srs_id -1\)“ ist unbekannt/);
  const lambert = copy('lambert.gpkg', `INSERT INTO gpkg_spatial_ref_sys VALUES ('RGF93 v1 / Lambert-93', 2154, 'EPSG', 2154, 'PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1],AUTHORITY["EPSG","2154"]]', NULL);
    UPDATE gpkg_geometry_columns SET srs_id = 2154 WHERE table_name = 'grenze'`);
  await expect(readGeodatei(`${lambert}:grenze`)).rejects.toThrow(/lambert.gpkg:grenze: Koordinatensystem „EPSG:2154 RGF93 v1 \/ Lambert-93“ ist unbekannt/);
});
