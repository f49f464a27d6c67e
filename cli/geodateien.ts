/**
 * Geodata files on the command line: GeoJSON, Shapefile (.shp with .dbf, .prj, .cpg beside it) and
 * GeoPackage (`datei.gpkg` or `datei.gpkg:ebene`). Every format becomes a GeoJSON FeatureCollection
 * whose `crs` member names the EPSG code the file declares (.prj, gpkg_spatial_ref_sys), so the readers
 * in shared/geo/eingabe.ts check it the same way for all formats: against `--crs`, and every coordinate
 * against the range of Germany. A system that cannot be mapped to a known EPSG code is refused.
 *
 * Node-only (file system, better-sqlite3), hence here and not in shared/. Libraries: `shapefile`
 * (pure JS .shp/.dbf reader) and, for GeoPackage, better-sqlite3 (already a dependency: a GeoPackage is
 * a SQLite file) with `wkx` for the WKB geometries after the small GeoPackage binary header.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import * as shapefile from 'shapefile';
import { Geometry } from 'wkx';
import { BEKANNTE_EPSG, crsName, epsgAusWkt, istBekannt } from '../shared/geo/crs';
import { GeoEingabeError } from '../shared/geo/eingabe';
import { readJsonFile } from './files';

type Doc = { type: 'FeatureCollection'; crs?: { type: 'name'; properties: { name: string } }; features: object[] };

const crsMember = (epsg: number) => ({ type: 'name' as const, properties: { name: `EPSG:${epsg}` } });

/** The name a WKT gives its system (first quoted string), for messages. */
function wktName(wkt: string): string {
  return /^\s*\w+\[\s*"([^"]*)"/.exec(wkt)?.[1] ?? wkt.slice(0, 60);
}

function unbekannt(file: string, was: string): GeoEingabeError {
  return new GeoEingabeError([`${file}: Koordinatensystem „${was}“ ist unbekannt; bekannt sind ${BEKANNTE_EPSG.map((c) => crsName(c)).join(', ')}. Bitte die Datei in eines davon umrechnen (z. B. nach EPSG:25832).`]);
}

/** .cpg names the .dbf text encoding (GDAL writes "UTF-8"; ESRI often a code page number). */
function dbfEncoding(cpg: string | null): string | undefined {
  if (cpg === null) return undefined; // the library's default, windows-1252 as in most German .dbf files
  const c = cpg.trim().toLowerCase();
  if (/^(utf-?8|65001)$/.test(c)) return 'utf-8';
  if (/^(ansi\s*)?1252$/.test(c)) return 'windows-1252';
  if (/^(iso-?)?8859-?1$|^latin-?1$/.test(c)) return 'iso-8859-1';
  return c;
}

async function readShapefile(file: string, angabe: number | undefined): Promise<Doc> {
  const base = file.replace(/\.shp$/i, '');
  const beside = (ext: string): string | null => {
    for (const e of [ext, ext.toUpperCase()]) if (existsSync(`${base}.${e}`)) return `${base}.${e}`;
    return null;
  };
  const prjFile = beside('prj'), dbfFile = beside('dbf'), cpgFile = beside('cpg');
  let epsg: number | undefined;
  if (prjFile) {
    const wkt = readFileSync(prjFile, 'utf8');
    const code = epsgAusWkt(wkt);
    if (code === null) throw unbekannt(prjFile, wktName(wkt));
    epsg = code;
  } else if (angabe === undefined) {
    throw new GeoEingabeError([`${file}: neben der Shapefile liegt keine .prj-Datei, das Koordinatensystem ist also unbekannt; bitte mit --crs angeben (z. B. --crs EPSG:25832)`]);
  }
  let fc: { features: object[] };
  try {
    fc = await shapefile.read(new Uint8Array(readFileSync(file)), dbfFile ? new Uint8Array(readFileSync(dbfFile)) : undefined, {
      encoding: dbfEncoding(cpgFile ? readFileSync(cpgFile, 'latin1') : null),
    });
  } catch (e) {
    throw new GeoEingabeError([`${file}: keine lesbare Shapefile (${(e as Error).message})`]);
  }
  return { type: 'FeatureCollection', ...(epsg !== undefined ? { crs: crsMember(epsg) } : {}), features: fc.features };
}

/** GeoPackage binary header (OGC 12-128r18, 2.1.3) → offset of the WKB, or null for an empty geometry. */
function wkbOffset(blob: Buffer, where: string): number | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new GeoEingabeError([`${where}: Geometrie ist keine GeoPackage-Geometrie (Kopf „GP“ fehlt)`]);
  const flags = blob[3]!;
  if (flags & 0x20) throw new GeoEingabeError([`${where}: erweiterte GeoPackage-Geometrie (ExtendedGeoPackageBinary) wird nicht gelesen`]);
  if (flags & 0x10) return null;
  const env = (flags >> 1) & 0x07;
  const len = [0, 32, 48, 48, 64][env];
  if (len === undefined) throw new GeoEingabeError([`${where}: ungültiger Hüllrechteck-Typ ${env} im GeoPackage-Kopf`]);
  return 8 + len;
}

function readGeoPackage(file: string, ebene: string | undefined): Doc {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new GeoEingabeError([`${file}: GeoPackage kann nicht geöffnet werden (${(e as Error).message})`]);
  }
  try {
    let layers: { table_name: string; column_name: string; srs_id: number }[];
    try {
      layers = db.prepare(`SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`).all() as typeof layers;
    } catch {
      throw new GeoEingabeError([`${file}: keine GeoPackage-Datei (Tabellen gpkg_contents/gpkg_geometry_columns fehlen)`]);
    }
    const namen = layers.map((l) => `„${l.table_name}“`).join(', ');
    const layer = ebene !== undefined ? layers.find((l) => l.table_name === ebene) : layers.length === 1 ? layers[0] : undefined;
    if (!layer) {
      throw new GeoEingabeError([ebene !== undefined
        ? `${file}: Ebene „${ebene}“ gibt es nicht; vorhanden: ${namen || 'keine'}`
        : `${file}: ${layers.length ? `mehrere Ebenen (${namen}); bitte eine wählen, z. B. ${file}:${layers[0]!.table_name}` : 'keine Ebene mit Geometrien'}`]);
    }
    const where = `${file}:${layer.table_name}`;
    const srs = db.prepare('SELECT organization, organization_coordsys_id AS id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(layer.srs_id) as { organization: string; id: number; definition: string } | undefined;
    let epsg: number | null = null;
    if (srs && srs.organization.toUpperCase() === 'EPSG' && istBekannt(srs.id)) epsg = srs.id;
    else if (srs && srs.definition && srs.definition !== 'undefined') epsg = epsgAusWkt(srs.definition);
    if (epsg === null) {
      throw unbekannt(where, srs ? (srs.organization.toUpperCase() === 'NONE' ? `undefiniert (srs_id ${layer.srs_id})` : `${srs.organization}:${srs.id} ${wktName(srs.definition)}`) : `srs_id ${layer.srs_id}`);
    }
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const features: object[] = [];
    let n = 0;
    for (const row of db.prepare(`SELECT * FROM ${q(layer.table_name)}`).iterate() as Iterable<Record<string, unknown>>) {
      n++;
      const blob = row[layer.column_name];
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (k !== layer.column_name && k !== 'fid' && !Buffer.isBuffer(v)) properties[k] = v;
      let geometry: object | null = null;
      if (Buffer.isBuffer(blob)) {
        const off = wkbOffset(blob, `${where}, Feature ${n}`);
        if (off !== null) {
          try {
            geometry = Geometry.parse(blob.subarray(off)).toGeoJSON() as object;
          } catch (e) {
            throw new GeoEingabeError([`${where}, Feature ${n}: Geometrie nicht lesbar (${(e as Error).message})`]);
          }
        }
      }
      features.push({ type: 'Feature', properties, geometry });
    }
    return { type: 'FeatureCollection', crs: crsMember(epsg), features };
  } finally {
    db.close();
  }
}

/**
 * Reads a boundary or line file named on the command line into a GeoJSON document with its declared
 * system. `angabe` is the `--crs` value: it stands in for a missing .prj; a contradiction is refused by
 * the reader (eingabe.ts) with both names.
 */
export async function readGeodatei(file: string, angabe?: number): Promise<unknown> {
  const gpkg = /^(.*\.gpkg)(?::([^\\/:]+))?$/i.exec(file);
  if (gpkg) {
    if (!existsSync(gpkg[1]!)) throw new Error(`Datei ${gpkg[1]} kann nicht gelesen werden: sie existiert nicht`);
    return readGeoPackage(gpkg[1]!, gpkg[2]);
  }
  if (/\.shp$/i.test(file)) {
    if (!existsSync(file)) throw new Error(`Datei ${file} kann nicht gelesen werden: sie existiert nicht`);
    return readShapefile(file, angabe);
  }
  return readJsonFile(file);
}
