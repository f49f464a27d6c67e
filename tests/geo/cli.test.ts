/**
 * The built CLI (`node dist/cli/main.js geo …`, built by `npm test` before jest) on a small synthetic
 * city: the command-line contract, exit codes and messages. Run as a child process because the CLI
 * loads the geos-wasm ES module, which jest's CommonJS runtime cannot.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthStadt, synthGeoJson, hkCsv } from '../../shared/geo/synthetisch';
import { parseAreaExchange } from '../../shared/areas/exchange';
import proj4 from 'proj4';
import '../../shared/geo/crs'; // registers EPSG:31466 and the other German systems with proj4

const MAIN = path.join(__dirname, '../../dist/cli/main.js');
let dir: string;
const f = (name: string) => path.join(dir, name);
const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, 'geo', ...args], { encoding: 'utf8', cwd: dir });
const city = synthStadt({ seed: 11, radius: 900 });

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error('dist/cli/main.js fehlt: vorher „npm run build“');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geo-cli-'));
  const g = synthGeoJson(city);
  fs.writeFileSync(f('grenze.geojson'), JSON.stringify(g.grenze));
  fs.writeFileSync(f('linien.geojson'), JSON.stringify(g.linien));
  // one address far outside the city: reported, not dropped
  const outside = { ...city.adressen[0]!, hausnummer: 999, east: 300000, north: 5600000 };
  fs.writeFileSync(f('hk.csv'), hkCsv([...city.adressen, outside]));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('bloecke → gemeindeteile → zuordnen', () => {
  const b = cli('bloecke', '--grenze', f('grenze.geojson'), '--linien', f('linien.geojson'), '--out', f('bloecke.geojson'));
  expect(b.stderr).toBe('');
  expect(b.status).toBe(0);
  expect(b.stdout).toMatch(/^\d+ Baublöcke aus \d+ Linien/);
  expect(b.stdout).toMatch(/Koordinatensysteme: Grenze EPSG:25832 \(ETRS89 \/ UTM Zone 32N\), Linien EPSG:25832/);

  const g = cli('gemeindeteile', '--bloecke', f('bloecke.geojson'), '--adressen', f('hk.csv'), '--min', '3000', '--max', '8000', '--out', f('gebiete.geojson'));
  expect(g.status).toBe(0);
  expect(g.stdout).toMatch(/Gemeindeteile \(Grenzen 3000–8000 Einwohner\)/);
  expect(g.stdout).toMatch(/Adressen außerhalb aller Baublöcke: 1 \(Zeilen \d+\)/);
  expect(g.stdout).toMatch(/Nachoptimierung: \d+ Baublöcke verschoben; Fluss\/Bahn innerhalb von Gemeindeteilen \d+ m → \d+ m; gewichtete Grenzlänge [\d.]+ m → [\d.]+ m; mittlere Kompaktheit \(Polsby-Popper\) 0,\d{3} → 0,\d{3}/);
  const { tree, areas } = parseAreaExchange(JSON.parse(fs.readFileSync(f('gebiete.geojson'), 'utf8')));
  expect(tree.root.code).toBe('05954');
  const gts = areas.filter((a) => a.ebene === 'gemeindeteil');
  expect(gts.length).toBeGreaterThan(1);
  for (const line of g.stdout.split('\n').filter((l) => /^ {2}05954036-\d\d:/.test(l))) {
    const n = Number(/: (\d+) Einwohner/.exec(line)![1]);
    expect(n).toBeGreaterThanOrEqual(3000);
    expect(n).toBeLessThanOrEqual(8000);
  }

  const z = cli('zuordnen', '--adressen', f('hk.csv'), '--gebiete', f('gebiete.geojson'), '--out', f('zuordnung.csv'));
  expect(z.status).toBe(0);
  expect(z.stdout).toMatch(/Adressen außerhalb aller Baublöcke: 1/);
  const rows = fs.readFileSync(f('zuordnung.csv'), 'utf8').trim().split('\n');
  expect(rows[0]).toBe('gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil');
  expect(rows).toHaveLength(city.adressen.length + 2);
  expect(rows[rows.length - 1]).toMatch(/^05954036;\d+;999;;;$/);
  const codes = new Set(areas.filter((a) => a.ebene === 'baublock').map((a) => a.code));
  for (const r of rows.slice(1, -1)) {
    const [, , , , block, gt] = r.split(';');
    expect(codes.has(block!)).toBe(true);
    expect(block!.startsWith(`${gt}-`)).toBe(true);
  }
});

test('rebuilt with a small change, blocks keep their codes (--vorher); the fixed table wins (--fest)', () => {
  // remove one side street: two blocks merge, every other block keeps its addresses
  const lines = JSON.parse(fs.readFileSync(f('linien.geojson'), 'utf8'));
  const idx = lines.features.findIndex((x: { properties: { klasse?: string } }, i: number) => i > 20 && x.properties.klasse === 'nebenstrasse');
  lines.features.splice(idx, 1);
  fs.writeFileSync(f('linien2.geojson'), JSON.stringify(lines));
  expect(cli('bloecke', '--grenze', f('grenze.geojson'), '--linien', f('linien2.geojson'), '--out', f('bloecke2.geojson')).status).toBe(0);
  fs.writeFileSync(f('fest.csv'), 'baublock;gemeindeteil\n1;42\n2;42\n');
  const g = cli('gemeindeteile', '--bloecke', f('bloecke2.geojson'), '--adressen', f('hk.csv'), '--min', '3000', '--max', '8000', '--out', f('gebiete2.geojson'), '--vorher', f('gebiete.geojson'), '--fest', f('fest.csv'));
  expect(g.stderr).toBe('');
  expect(g.status).toBe(0);
  const z = (file: string) => new Map(fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((r) => [r.split(';').slice(0, 4).join(';'), r.split(';')[4]!]));
  expect(cli('zuordnen', '--adressen', f('hk.csv'), '--gebiete', f('gebiete2.geojson'), '--out', f('zuordnung2.csv')).status).toBe(0);
  const before = z(f('zuordnung.csv')), after = z(f('zuordnung2.csv'));
  let same = 0;
  for (const [k, v] of before) if (v && after.get(k) === v) same++;
  // fixed district 42 takes two blocks out of their districts; everything else should stay
  expect(same / before.size).toBeGreaterThan(0.9);
  const areas = parseAreaExchange(JSON.parse(fs.readFileSync(f('gebiete2.geojson'), 'utf8'))).areas;
  expect(areas.filter((a) => a.parent === '05954036-42')).toHaveLength(2);
});

test.each([
  ['a line with an unknown art', () => { fs.writeFileSync(f('bad.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { art: 'strasse', klasse: 'hauptstrasse' }, geometry: { type: 'LineString', coordinates: [[7, 51], [7.1, 51]] } }, { type: 'Feature', properties: { art: 'fluss' }, geometry: { type: 'LineString', coordinates: [[7, 51], [7.1, 51]] } }] })); return cli('bloecke', '--grenze', f('grenze.geojson'), '--linien', f('bad.geojson'), '--out', f('x.geojson')); }, /bad.geojson, Feature 2: „art“ muss strasse, bahn oder gewaesser sein, gefunden "fluss"/],
  ['Gauß-Krüger coordinates declared as EPSG:25832 (blocks would land in Ukraine)', () => {
    const g = JSON.parse(fs.readFileSync(f('grenze.geojson'), 'utf8'));
    g.features[0].geometry.coordinates = g.features[0].geometry.coordinates.map((r: number[][]) => r.map((p) => proj4('EPSG:25832', 'EPSG:31466', p)));
    fs.writeFileSync(f('bad.geojson'), JSON.stringify(g));
    return cli('bloecke', '--grenze', f('bad.geojson'), '--linien', f('linien.geojson'), '--out', f('x.geojson'));
  }, /bad.geojson: \d+ Koordinaten in 1 Feature liegen im angegebenen Koordinatensystem EPSG:25832 \(ETRS89 \/ UTM Zone 32N\) nicht in Deutschland.*Vermutlich EPSG:31466 \(DHDN \/ Gauß-Krüger Zone 2\)/],
  ['an unknown --crs', () => cli('bloecke', '--grenze', f('grenze.geojson'), '--linien', f('linien.geojson'), '--out', f('x.geojson'), '--crs', 'EPSG:2154'), /--crs: „EPSG:2154“ ist kein bekanntes Koordinatensystem/],
  ['--crs contradicting the crs of the file', () => cli('bloecke', '--grenze', f('grenze.geojson'), '--linien', f('linien.geojson'), '--out', f('x.geojson'), '--crs', 'utm33'), /grenze.geojson: die Datei nennt EPSG:25832 \(ETRS89 \/ UTM Zone 32N\), angegeben ist EPSG:25833 \(ETRS89 \/ UTM Zone 33N\) \(--crs\)/],
  ['a boundary with two polygons', () => { fs.writeFileSync(f('bad.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [1, 2].map(() => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[7, 51], [7.1, 51], [7.1, 51.1], [7, 51]]] } })) })); return cli('bloecke', '--grenze', f('bad.geojson'), '--linien', f('linien.geojson'), '--out', f('x.geojson')); }, /bad.geojson: erwartet wird genau ein Polygon/],
  ['a broken coordinate', () => { fs.writeFileSync(f('bad.csv'), hkCsv(city.adressen.slice(0, 3)).replace(/;(\d+),(\d+);(\d+),(\d+);Straße/, ';x;$3,$4;Straße')); return cli('zuordnen', '--adressen', f('bad.csv'), '--gebiete', f('gebiete.geojson'), '--out', f('x.csv')); }, /bad.csv, Zeile 2, Spalte „EAST“ \(12\. Spalte\): Rechtswert „x“/],
  ['metric coordinates in the area file', () => { fs.writeFileSync(f('bad.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '05954', name: 'K', ebene: 'kreis', parent: '' }, geometry: { type: 'Polygon', coordinates: [[[385000, 5700000], [385100, 5700000], [385100, 5700100], [385000, 5700000]]] } }] })); return cli('zuordnen', '--adressen', f('hk.csv'), '--gebiete', f('bad.geojson'), '--out', f('x.csv')); }, /bad.geojson: [\s\S]*Feature 1 \(„05954“\)[\s\S]*WGS84/],
  ['a bad district in the fixed table', () => { fs.writeFileSync(f('fest-bad.csv'), 'baublock;gemeindeteil\n1;03\n2;Nord\n'); return cli('gemeindeteile', '--bloecke', f('bloecke.geojson'), '--adressen', f('hk.csv'), '--min', '3000', '--max', '8000', '--out', f('x.geojson'), '--fest', f('fest-bad.csv')); }, /fest-bad.csv, Zeile 3, Spalte „gemeindeteil“: „Nord“ ist weder eine Nummer/],
  ['min above max', () => cli('gemeindeteile', '--bloecke', f('bloecke.geojson'), '--adressen', f('hk.csv'), '--min', '9000', '--max', '8000', '--out', f('x.geojson')), /--min 9000 ist größer als --max 8000/],
  ['a missing file', () => cli('zuordnen', '--adressen', f('fehlt.csv'), '--gebiete', f('gebiete.geojson'), '--out', f('x.csv')), /fehlt.csv kann nicht gelesen werden: sie existiert nicht/],
])('%s: exit 1, message names file and feature, nothing written', (_name, run, msg) => {
  const r = run();
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).toMatch(/Es wurde keine Ausgabe geschrieben/);
  expect(fs.existsSync(f('x.geojson')) || fs.existsSync(f('x.csv'))).toBe(false);
});

test('real data: Shapefile boundary (EPSG:25833) and a GeoPackage street layer without art/klasse (Berlin LOR)', () => {
  const FIX = path.join(__dirname, '../fixtures/real/berlin-lor');
  const r = cli('bloecke', '--grenze', path.join(FIX, 'bezirk-02-utm33.shp'), '--linien', `${path.join(FIX, 'berlin-02.gpkg')}:planungsraum_grenzen`, '--out', f('berlin.geojson'));
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^Hinweis: .*berlin-02.gpkg:planungsraum_grenzen: 26 von 26 Linien ohne „art“ – gelesen als Straßen der Klasse nebenstrasse/);
  // the 26 Planungsräume, plus slivers over 200 m² where Bezirk and Planungsraum outlines differ
  const blocks = JSON.parse(fs.readFileSync(f('berlin.geojson'), 'utf8')).features as { properties: { flaeche_m2: number } }[];
  expect(blocks.length).toBeGreaterThanOrEqual(26);
  expect(blocks.length).toBeLessThanOrEqual(28);
  expect(blocks.filter((b) => b.properties.flaeche_m2 > 100000)).toHaveLength(26);
  expect(r.stdout).toMatch(new RegExp(`^${blocks.length} Baublöcke aus 26 Linien, zusammen 20\\.4\\d\\d km²`));
  expect(r.stdout).toMatch(/\nKoordinatensysteme: Grenze EPSG:25833 \(ETRS89 \/ UTM Zone 33N\), Linien EPSG:4326 \(WGS 84, Grad\)\n$/);
});

test('determinism: the same input gives byte-identical output', () => {
  cli('gemeindeteile', '--bloecke', f('bloecke.geojson'), '--adressen', f('hk.csv'), '--min', '3000', '--max', '8000', '--out', f('gebiete-b.geojson'));
  expect(fs.readFileSync(f('gebiete-b.geojson'))).toEqual(fs.readFileSync(f('gebiete.geojson')));
  expect(execFileSync(process.execPath, [MAIN, 'geo', '--help'], { encoding: 'utf8' })).toMatch(/bloecke/);
});
