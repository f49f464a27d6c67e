import { readGrenze, readLinien, GeoEingabeError } from '../../shared/geo/eingabe';
import { utmToWgs, wgsToUtm } from '../../shared/geo/crs';

const X = 385000, Y = 5700000;
const ringUtm = [[X, Y], [X + 100, Y], [X + 100, Y + 100], [X, Y + 100], [X, Y]];

test('WGS84 input is projected to EPSG:25832 with proj4 (round trip within 1 cm)', () => {
  const wgs = ringUtm.map(utmToWgs);
  expect(wgs[0]![0]).toBeGreaterThan(5);
  expect(wgs[0]![0]).toBeLessThan(9);
  const g = readGrenze({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { ags: '05954036' }, geometry: { type: 'Polygon', coordinates: [wgs] } }] }, 'grenze.geojson');
  expect(g.ags).toBe('05954036');
  g.polygons[0]![0]!.forEach((p, i) => {
    expect(Math.abs(p[0]! - ringUtm[i]![0]!)).toBeLessThan(0.01);
    expect(Math.abs(p[1]! - ringUtm[i]![1]!)).toBeLessThan(0.01);
  });
  const back = wgsToUtm(utmToWgs([X, Y]));
  expect(Math.hypot(back[0] - X, back[1] - Y)).toBeLessThan(0.01);
});

test('EPSG:25832 is taken from the crs member or from --crs; without either, metres are refused (RFC 7946: WGS84)', () => {
  const doc = (crs?: string) => ({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features: [{ type: 'Feature', properties: { art: 'bahn' }, geometry: { type: 'LineString', coordinates: [[X, Y], [X + 10, Y]] } }] });
  expect(readLinien(doc('urn:ogc:def:crs:EPSG::25832'), 'l.geojson')[0]!.coords[0]).toEqual([X, Y]);
  expect(() => readLinien(doc(), 'l.geojson')).toThrow(/l.geojson: 2 Koordinaten .* EPSG:4326 \(WGS 84, Grad\) nicht in Deutschland.*Vermutlich EPSG:25832/);
  expect(readLinien(doc(), 'l.geojson', { crs: 25832 })[0]!.art).toBe('bahn');
});

test('a bare Polygon is a boundary; lines without art/klasse are side streets with a note; waters may be areas', () => {
  const g = readGrenze({ type: 'Polygon', coordinates: [ringUtm], crs: { type: 'name', properties: { name: 'EPSG:25832' } } }, 'grenze.geojson');
  expect(g.polygons).toEqual([[ringUtm]]);
  expect(g.ags).toBeNull();
  const crs = { type: 'name', properties: { name: 'EPSG:25832' } };
  const line = (props: object, geometry: object) => ({ type: 'Feature', properties: props, geometry });
  const ls = { type: 'LineString', coordinates: [[X, Y], [X + 10, Y]] };
  const notes: string[] = [];
  const l = readLinien({ type: 'FeatureCollection', crs, features: [
    line({ name: 'Hauptstraße' }, ls),
    line({ art: 'strasse' }, ls),
    line({ klasse: 'hauptstrasse' }, ls),
    line({ art: 'gewaesser', name: 'Teich' }, { type: 'Polygon', coordinates: [ringUtm] }),
    line({ art: 'gewaesser' }, { type: 'MultiPolygon', coordinates: [[ringUtm], [ringUtm.map(([x, y]) => [x! + 500, y!])]] }),
  ] }, 'strassen.geojson', { hinweis: (t) => notes.push(t) });
  expect(l.map((x) => x.art)).toEqual(['nebenstrasse', 'nebenstrasse', 'hauptstrasse', 'gewaesser', 'gewaesser', 'gewaesser']);
  expect(l[3]!.coords).toEqual(ringUtm);
  expect(l[3]!.name).toBe('Teich');
  expect(notes).toEqual([
    'strassen.geojson: 2 von 5 Linien ohne „art“ – gelesen als Straßen der Klasse nebenstrasse (Bahn und Gewässer bitte mit art: bahn bzw. gewaesser, Straßen mit klasse: hauptstrasse, nebenstrasse oder weg kennzeichnen)',
    'strassen.geojson: 1 Straßen ohne „klasse“ – gelesen als nebenstrasse',
    'strassen.geojson: 2 Gewässer als Fläche – ihre Umrisse gelten als Ufer, die Wasserfläche wird zu eigenen Blöcken',
  ]);
  // wrong values stay errors, and only waters may be areas
  const bad = (props: object, geometry: object = ls) => () => readLinien({ type: 'FeatureCollection', crs, features: [line(props, geometry)] }, 'l.geojson');
  expect(bad({ art: 'fluss' })).toThrow(/Feature 1: „art“ muss strasse, bahn oder gewaesser sein, gefunden "fluss"/);
  expect(bad({ art: 'strasse', klasse: 'autobahn' })).toThrow(/Straße ohne gültige „klasse“.*gefunden "autobahn"/);
  expect(bad({ art: 'bahn' }, { type: 'Polygon', coordinates: [ringUtm] })).toThrow(/Geometrie muss LineString oder MultiLineString sein \(Flächen nur für Gewässer, art: gewaesser\), gefunden "Polygon"/);
});

test('bad line files name file and feature', () => {
  const f = (features: unknown[]) => () => readLinien({ type: 'FeatureCollection', features }, 'linien.geojson');
  const line = { type: 'LineString', coordinates: [[7, 51], [7.1, 51]] };
  expect(f([{ type: 'Feature', properties: { art: 'strasse', klasse: 'Landstraße' }, geometry: line }])).toThrow(/linien.geojson, Feature 1: Straße ohne gültige „klasse“/);
  expect(f([{ type: 'Feature', properties: { art: 'bahn' }, geometry: { type: 'Point', coordinates: [7, 51] } }])).toThrow(/Feature 1: Geometrie muss LineString oder MultiLineString sein, gefunden "Point"/);
  expect(f([{ type: 'Feature', properties: { art: 'bahn' }, geometry: line }, { type: 'Feature', properties: { art: 'gewaesser' }, geometry: { type: 'LineString', coordinates: [[7, 51]] } }])).toThrow(/Feature 2: eine Linie braucht mindestens 2 Punkte/);
  expect(f([])).toThrow(GeoEingabeError);
  expect(() => readGrenze({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[7, 51], [7.1, 51], [7.1, 51.1], [7, 51.2]]] } }] }, 'g.geojson')).toThrow(/g.geojson, Feature 1: Polygon 1, Ring 1 ist nicht geschlossen/);
  expect(() => readGrenze({ type: 'Topology' }, 'g.json')).toThrow(/erwartet wird eine GeoJSON-FeatureCollection, ein Feature oder eine Geometrie/);
});
