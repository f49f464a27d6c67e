/**
 * "Quelltabelle übernehmen" at plan level: a BA-like grid (title block, header, signs) → header row,
 * header list, Merkmal suggestions → tabelle-import → template values → the template plan's cells.
 */
import { AreaTree } from '../../shared/areas/areas';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { ZuordnungFehler, type Zelle } from '../../shared/io/tabelle-import';
import { buildTemplatePlan, type TemplateInfo } from '../../addin/src/plans/template';
import {
  gebietsspalteVorschlag,
  kopfspalten,
  kopfzeileFinden,
  merkmalVorschlag,
  quelltabelleUebernehmen,
  tabelleAusText,
  zelleVon,
} from '../../addin/src/plans/quelltabelle';
import { AREAS, GT1, GT2, S1 } from '../helpers/core-fixtures';
import { landBaum } from '../helpers/land-baum';

const catalogue = standardCatalogue();
const tree = AreaTree.build(AREAS);
const ctx = { tree, catalogue, stadt: S1 };
const quelle = { datei: 'Diese Arbeitsmappe', blatt: 'BA Dezember' };

const ba = (annenElb: Zelle = 28): Zelle[][] => [
  ['Arbeitsmarkt in Zahlen – kleinräumige Daten'],
  ['Stadt Witten, Berichtsmonat Dezember 2024'],
  [],
  ['Gemeindeteil', 'Arbeitslose insgesamt', 'SGB II eLb', 'Bemerkung'],
  ['Annen', 15, annenElb, 'x'],
  ['Bommern', '*', '1.060', ''],
  ['Insgesamt', 15, 1088, ''],
  ['Quelle: Statistik der Bundesagentur für Arbeit'],
];
const auswahl = { gebietsspalte: 'Gemeindeteil', spalten: { 'Arbeitslose insgesamt': 'arbeitslose', 'SGB II eLb': 'elb' } };

test('header row, header list and suggestions of a BA-like sheet', () => {
  expect(kopfzeileFinden(ba())).toBe(4);
  // a remembered area header wins over the heuristic
  expect(kopfzeileFinden([['Titel'], ['Bezirk', 'a', 'b', 'c'], ['GT', 'x']], ['gt'])).toBe(3);
  expect(kopfzeileFinden([])).toBeNull();
  const spalten = kopfspalten(ba(), 4);
  expect(spalten.map((s) => [s.text, s.adresse])).toEqual([['Gemeindeteil', 'A4'], ['Arbeitslose insgesamt', 'B4'], ['SGB II eLb', 'C4'], ['Bemerkung', 'D4']]);
  expect(gebietsspalteVorschlag(spalten)?.text).toBe('Gemeindeteil');
  expect(merkmalVorschlag('Arbeitslose insgesamt', catalogue)).toBe('arbeitslose');
  expect(merkmalVorschlag('SGB II eLb', catalogue)).toBe('elb');
  expect(merkmalVorschlag('Bevölkerung 0 bis 2 Jahre', catalogue)).toBe('bev_0_2');
  expect(merkmalVorschlag('Bemerkung', catalogue)).toBeNull();
  // age headers as GENESIS/Regionalstatistik write them, read by the shared parser of import tabelle
  expect(merkmalVorschlag('unter 3 Jahre', catalogue)).toBe('bev_0_2');
  expect(merkmalVorschlag('65 bis unter 75 Jahre', catalogue)).toBe('bev_65_74');
  // a band in other cuts is its own interval Merkmal (not the nearest catalogue band)
  expect(merkmalVorschlag('30 bis unter 35 Jahre', catalogue)).toBe('bev_alter_30_34');
  expect(zelleVon('C6')).toEqual({ row: 5, col: 2 });
  expect(zelleVon('AA10')).toEqual({ row: 9, col: 26 });
});

test('grid → template values: numbers and German thousands pass, `*` stays empty with a warning, the sum row is left out', () => {
  const u = quelltabelleUebernehmen(ba(), quelle, { ...auswahl, kopfzeile: 4 }, ctx);
  expect(u.ergebnis.fehler).toEqual([]);
  expect(u.ebene).toBe('gemeindeteil');
  expect(u.merkmale).toEqual(['arbeitslose', 'elb']);
  const warn = u.ergebnis.warnungen.map((w) => [w.art, w.zelle]);
  expect(warn).toEqual([['QUELLE_OHNE_WERT', 'B6'], ['SUMMENZEILE', 'A7']]);
  expect(u.ergebnis.warnungen[0]!.meldung).toContain('Blatt „BA Dezember“, Zelle B6');
  const values = u.werte!.values;
  expect(Object.fromEntries([...values].map(([a, m]) => [a, Object.fromEntries(m)]))).toEqual({
    [GT1]: { arbeitslose: 15, elb: 28 },
    [GT2]: { elb: 1060 },
  });
  // the same path as the Einwohnerdaten tab: the template plan gets exactly these cells, `*` empty
  const info: TemplateInfo = { sheet: 'Q', period: '2024', stadt: S1, ebene: 'gemeindeteil', merkmale: u.merkmale, baseRevision: 0, catalogueVersion: catalogue.version };
  const plan = buildTemplatePlan(info, tree.atLevel('gemeindeteil').filter((a) => a.parent === S1), catalogue, 'Witten', values, 'aus BA');
  expect(plan.rows.map((r) => r.slice(0, 1).concat(r.slice(2)))).toEqual([[GT1, 15, 28], [GT2, null, 1060]]);
});

test('a wrong cell stops the take-over with its address; no values', () => {
  const u = quelltabelleUebernehmen(ba('12,5'), quelle, auswahl, ctx);
  expect(u.ergebnis.ok).toBe(false);
  expect(u.werte).toBeNull();
  expect(u.ergebnis.fehler.map((f) => [f.art, f.zelle])).toEqual([['WERT_NICHT_GANZZAHLIG', 'C5']]);
  expect(u.ergebnis.fehler[0]!.meldung).toContain('Zelle C5 (Annen (05954036-01), Erwerbsfähige Leistungsberechtigte (SGB II) (elb)): Der Wert 12,5 ist keine ganze Zahl');
  // an unknown area and a missing column name their cells / headers too
  const falsch = ba();
  falsch[5]![0] = 'Heven';
  const u2 = quelltabelleUebernehmen(falsch, quelle, { ...auswahl, spalten: { ...auswahl.spalten, 'Langzeit': 'lb_langzeit' } }, ctx);
  expect(u2.ergebnis.fehler.map((f) => f.art)).toEqual(['SPALTE_FEHLT']);
  const u3 = quelltabelleUebernehmen(falsch, quelle, auswahl, ctx);
  expect(u3.ergebnis.fehler.map((f) => [f.art, f.zelle])).toEqual([['GEBIET_UNBEKANNT', 'A6']]);
});

test('a code the area tree does not know is an error at its cell naming the code, never a level read off its shape', () => {
  const grid = ba();
  grid[4]![0] = `${S1}-99`; // shaped like a Gemeindeteil of Witten
  const u = quelltabelleUebernehmen(grid, quelle, auswahl, ctx);
  expect(u.ergebnis.fehler.map((f) => [f.art, f.zelle])).toEqual([['GEBIET_UNBEKANNT', 'A5']]);
  expect(u.ergebnis.fehler[0]!.meldung).toContain(`„${S1}-99“`);
  expect(u.ebene).toBeNull();
  expect(u.werte).toBeNull();
});

test('a city with Stadtbezirke (Köln\'s numbering): Stadtteile by code, a Stadtbezirk subtotal row is another level, not a guess', () => {
  const koeln = landBaum(['05315000', '05315000-1', '05315000-1-101', '05315000-1-102']);
  const grid: Zelle[][] = [
    ['Gebiet', 'Arbeitslose insgesamt'],
    ['05315000-1', 300],
    ['05315000-1-101', 120],
    ['05315000-1-102', 180],
  ];
  const u = quelltabelleUebernehmen(grid, quelle, { gebietsspalte: 'Gebiet', spalten: { 'Arbeitslose insgesamt': 'arbeitslose' } }, { tree: koeln, catalogue, stadt: '05315000' });
  expect(u.ergebnis.fehler).toEqual([]);
  expect(u.ebene).toBe('gemeindeteil');
  expect(Object.fromEntries([...u.werte!.values].map(([a, m]) => [a, m.get('arbeitslose')]))).toEqual({ '05315000-1-101': 120, '05315000-1-102': 180 });
  expect(u.werte!.otherLevels).toBe(1);
  // a table of Stadtbezirke only is a Stadtbezirk template
  const bezirke = quelltabelleUebernehmen(grid.slice(0, 2), quelle, { gebietsspalte: 'Gebiet', spalten: { 'Arbeitslose insgesamt': 'arbeitslose' } }, { tree: koeln, catalogue, stadt: '05315000' });
  expect(bezirke.ebene).toBe('stadtbezirk');
  expect(bezirke.werte!.values.get('05315000-1')?.get('arbeitslose')).toBe(300);
});

test('a mapping that cannot be right is refused before reading', () => {
  expect(() => quelltabelleUebernehmen(ba(), quelle, { gebietsspalte: 'Gemeindeteil', spalten: { 'Arbeitslose insgesamt': 'arbeitslose', 'SGB II eLb': 'arbeitslose' } }, ctx)).toThrow(ZuordnungFehler);
  expect(() => quelltabelleUebernehmen(ba(), quelle, { gebietsspalte: 'Gemeindeteil', spalten: {} }, ctx)).toThrow(/mindestens eine Spalte/);
});

test('text copied from a spreadsheet (preview) and Excel\'s empty strings read like the grid above', () => {
  const g = tabelleAusText('Titel\r\n\r\nGemeindeteil\tArbeitslose insgesamt\tSGB II eLb\r\nAnnen\t15\t28\r\nBommern\t*\t1.060\r\n');
  expect(g).toEqual([['Titel'], [null], ['Gemeindeteil', 'Arbeitslose insgesamt', 'SGB II eLb'], ['Annen', 15, 28], ['Bommern', '*', '1.060']]);
  // Office.js hands empty cells over as '' and pads the used range to A1
  const office = g.map((r) => ['', ...r.map((v) => v ?? '')]);
  expect(kopfzeileFinden(office)).toBe(3);
  const u = quelltabelleUebernehmen(office, quelle, auswahl, ctx);
  expect(u.ergebnis.fehler).toEqual([]);
  expect(u.ergebnis.warnungen.map((w) => w.zelle)).toEqual(['C5']);
  expect([...u.werte!.values.get(GT2)!]).toEqual([['elb', 1060]]);
});
