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

test('EPSG:25832 is recognised by the crs member or by the numbers; --crs overrides', () => {
  const doc = (crs?: string) => ({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features: [{ type: 'Feature', properties: { art: 'bahn' }, geometry: { type: 'LineString', coordinates: [[X, Y], [X + 10, Y]] } }] });
  expect(readLinien(doc('urn:ogc:def:crs:EPSG::25832'), 'l.geojson')[0]!.coords[0]).toEqual([X, Y]);
  expect(readLinien(doc(), 'l.geojson')[0]!.coords[0]).toEqual([X, Y]);
  expect(readLinien(doc(), 'l.geojson', 'utm32')[0]!.art).toBe('bahn');
});

test('bad line files name file and feature', () => {
  const f = (features: unknown[]) => () => readLinien({ type: 'FeatureCollection', features }, 'linien.geojson');
  const line = { type: 'LineString', coordinates: [[7, 51], [7.1, 51]] };
  expect(f([{ type: 'Feature', properties: { art: 'strasse' }, geometry: line }])).toThrow(/linien.geojson, Feature 1: Straße ohne gültige „klasse“/);
  expect(f([{ type: 'Feature', properties: { art: 'bahn' }, geometry: { type: 'Point', coordinates: [7, 51] } }])).toThrow(/Feature 1: Geometrie muss LineString oder MultiLineString sein, gefunden "Point"/);
  expect(f([{ type: 'Feature', properties: { art: 'bahn' }, geometry: line }, { type: 'Feature', properties: { art: 'gewaesser' }, geometry: { type: 'LineString', coordinates: [[7, 51]] } }])).toThrow(/Feature 2: eine Linie braucht mindestens 2 Punkte/);
  expect(f([])).toThrow(GeoEingabeError);
  expect(() => readGrenze({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[7, 51], [7.1, 51], [7.1, 51.1], [7, 51.2]]] } }] }, 'g.geojson')).toThrow(/g.geojson, Feature 1: Polygon 1, Ring 1 ist nicht geschlossen/);
  expect(() => readGrenze({ type: 'Topology' }, 'g.json')).toThrow(/erwartet wird eine GeoJSON-FeatureCollection/);
});
