#!/usr/bin/env node
/**
 * Builds tests/fixtures/real/berlin-lor/ from the Berlin LOR data (Amt für Statistik
 * Berlin-Brandenburg, CC BY 3.0 DE, via the open-data projects "berlin-lor-geodata" and
 * "berlin-lor-population-source-aligned", CC BY 4.0): Land 11 > kreisfreie Stadt 11000000 > the
 * Bezirke 01 Mitte and 02 Friedrichshain-Kreuzberg > their LOR Planungsräume (8-digit ids), outlines
 * simplified (Planungsräume as a coverage, so neighbours stay gap- and overlap-free) and rounded to
 * 6 decimals; plus inhabitants 31.12.2020 per Planungsraum of the two Bezirke and the sum per Bezirk
 * of all 12 (for the Land and Stadt totals).
 *
 *   node scripts/berlin-lor-fixture.mjs /work/shared/daten/berlin-lor tests/fixtures/real/berlin-lor
 */
import fs from 'node:fs';
import path from 'node:path';
import initGeos from 'geos-wasm';

const [src, out] = process.argv.slice(2);
if (!src || !out) throw new Error('Aufruf: node scripts/berlin-lor-fixture.mjs <berlin-lor-Ordner> <Zielordner>');
const BEZIRKE = ['01', '02'];
const geos = await initGeos();
const M = geos.Module;
const str = (s) => {
  const n = Buffer.byteLength(s) + 1;
  const p = M._malloc(n);
  M.stringToUTF8(s, p, n);
  return p;
};
const reader = geos.GEOSGeoJSONReader_create();
const writer = geos.GEOSGeoJSONWriter_create();
const read = (g) => geos.GEOSGeoJSONReader_readGeometry(reader, str(JSON.stringify(g)));
const write = (g) => JSON.parse(M.UTF8ToString(geos.GEOSGeoJSONWriter_writeGeometry(writer, g, -1)));
const round = (c) => (typeof c[0] === 'number' ? [Number(c[0].toFixed(6)), Number(c[1].toFixed(6))] : c.map(round));
const geometry = (g) => {
  const j = write(g);
  return { type: j.type, coordinates: round(j.coordinates) };
};

const plr = JSON.parse(fs.readFileSync(path.join(src, 'planungsraeume-bis-2020.geojson'), 'utf8')).features
  .filter((f) => BEZIRKE.includes(f.properties.id.slice(0, 2)))
  .sort((a, b) => a.properties.id.localeCompare(b.properties.id));
// one GeometryCollection of all Planungsräume, simplified together (CoverageSimplifyVW keeps shared edges shared)
const coll = read({ type: 'GeometryCollection', geometries: plr.map((f) => f.geometry) });
const simple = geos.GEOSCoverageSimplifyVW(coll, 1e-5, 0);
const plrGeoms = plr.map((_, i) => geometry(geos.GEOSGetGeometryN(simple, i)));
const bezirke = JSON.parse(fs.readFileSync(path.join(src, 'bezirke.geojson'), 'utf8')).features
  .filter((f) => BEZIRKE.includes(f.properties.id))
  .sort((a, b) => a.properties.id.localeCompare(b.properties.id));
const bezGeoms = bezirke.map((f) => geometry(geos.GEOSTopologyPreserveSimplify(read(f.geometry), 1e-5)));

const STADT = '11000000';
const feature = (code, name, ebene, parent, geometry) => ({ type: 'Feature', properties: { code, name, ebene, parent }, geometry });
const features = [
  feature('11', 'Berlin', 'land', '', null),
  feature(STADT, 'Berlin', 'stadt', '11', null),
  ...bezirke.map((f, i) => feature(`${STADT}-${f.properties.id}`, f.properties.name, 'stadtbezirk', STADT, bezGeoms[i])),
  ...plr.map((f, i) => feature(`${STADT}-${f.properties.id.slice(0, 2)}-${f.properties.id}`, f.properties.name, 'gemeindeteil', `${STADT}-${f.properties.id.slice(0, 2)}`, plrGeoms[i])),
];
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'gebiete.geojson'), `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`);

const rows = fs.readFileSync(path.join(src, 'einwohner-2020-planungsraeume.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const perBezirk = new Map();
for (const r of rows) perBezirk.set(r[0].slice(0, 2), (perBezirk.get(r[0].slice(0, 2)) ?? 0) + Number(r[1]));
fs.writeFileSync(path.join(out, 'einwohner-2020-planungsraeume.csv'), `id,inhabitants\n${rows.filter((r) => BEZIRKE.includes(r[0].slice(0, 2))).map((r) => `${r[0]},${r[1]}`).join('\n')}\n`);
fs.writeFileSync(path.join(out, 'einwohner-2020-bezirke.csv'), `bezirk,inhabitants\n${[...perBezirk].sort().map(([b, n]) => `${b},${n}`).join('\n')}\n`);
console.log(`${features.length} Gebiete, ${rows.length} Planungsräume gelesen`);
