/**
 * The area picker and the Stadt choice as React renders them (server-side into HTML, no browser, so
 * no launch time): a Land tree in its groups, the demo Kreis as the flat list it was. The order rules
 * themselves are tested in gebietsgruppen.test.ts; the clicks in the browser walk (browser.test.ts).
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AreaTree } from '../../shared/areas/areas';
import { AreaPicker, MerkmalPicker, StadtField } from '../../addin/src/ui/pickers';
import type { AltersWahl } from '../../addin/src/plans/altersgrenzen';
import { merkmaleForLevel } from '../../addin/src/plans/template';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { ALTERSGRUPPEN } from '../../shared/catalogue/altersgruppen';
import type { Session } from '../../addin/src/ui/context';
import { GT1, GT2, KREIS, S1, S2, fixtureTree } from '../helpers/core-fixtures';
import { pickerLandTree } from '../helpers/land-baum';

const html = (el: ReactElement) => renderToStaticMarkup(<FluentProvider theme={webLightTheme}>{el}</FluentProvider>);
const picker = (tree: AreaTree, own?: string) =>
  html(<AreaPicker session={{ tree, who: own ? { rolle: 'kommune', ags: own } : { rolle: 'kreis' } } as unknown as Session} selected={new Set()} onChange={() => undefined} />);
/** the areas with a checkbox, in the order shown */
const areas = (h: string) => [...h.matchAll(/data-area="([^"]+)"/g)].map((m) => m[1]);
/** the Select's entries in order: `[Gruppe]` for an optgroup, else the option's value */
const options = (h: string) => [...h.matchAll(/<optgroup label="([^"]+)"|<option value="([^"]+)"/g)].map((m) => (m[1] ? `[${m[1]}]` : m[2]));

describe('Land tree', () => {
  const land = pickerLandTree();
  test('a Kommune: its Kreis first and open with its Stadt first, then the kreisfreie Städte (closed), then the other Kreise', () => {
    const h = picker(land, '05158032');
    expect(areas(h)).toEqual(['05', '05158', '05158032', '05158028', '05954']);
    expect(h).toContain('Kreisfreie Städte (2)');
    // Düsseldorf is listed once, as a Stadt among the kreisfreie Städte, never as the Kreis 05111
    expect(h).not.toContain('data-area="05111"');
  });
  test('a kreisfreie Stadt of one\'s own: its group open, the Stadt with its Stadtbezirk, listed once', () => {
    const h = picker(land, '05315000');
    expect(areas(h)).toEqual(['05', '05315000', '05315000-1', '05111000', '05954', '05158']);
    expect(h.match(/Düsseldorf \(Stadt, 05111000\)/g)).toHaveLength(1);
    expect(h).not.toContain('(Kreis, 05111)');
    // the buttons for all Gemeindeteile / Baublöcke only where there are some
    expect(h).toContain('alle Gemeindeteile von Köln');
    expect(h).not.toContain('alle Baublöcke von Köln');
    expect(h).not.toContain('alle Gemeindeteile von Düsseldorf');
  });
  test('the Stadt of a template: grouped by Kreis, kreisfreie Städte once', () => {
    const h = html(<StadtField tree={land} value="05954036" onChange={() => undefined} locked={false} />);
    expect(options(h)).toEqual(['[Kreisfreie Städte]', '05111000', '05315000', '[Ennepe-Ruhr-Kreis]', '05954008', '05954020', '05954036', '[Kreis Mettmann]', '05158028', '05158032']);
  });
});

describe('demo Kreis: as before', () => {
  const tree = fixtureTree();
  test('the Städte flat under the Kreis, the own one first and open', () => {
    expect(areas(picker(tree, S1))).toEqual([KREIS, S1, GT1, GT2, S2]);
    expect(areas(picker(tree))).toEqual([KREIS, S2, S1]);
    expect(picker(tree)).not.toContain('Kreisfreie Städte');
  });
  test('the Stadt of a template: a plain list, no groups', () => {
    expect(options(html(<StadtField tree={tree} own={S1} value={S1} onChange={() => undefined} locked />))).toEqual([S1, S2]);
  });
});

describe('Merkmal picker: age bands of the catalogue or own cuts', () => {
  const catalogue = standardCatalogue();
  const offered = merkmaleForLevel(catalogue, 'gemeindeteil');
  const merkmalPicker = (wahl: AltersWahl, selected: string[] = []) =>
    html(<MerkmalPicker merkmale={offered} selected={new Set(selected)} onChange={() => undefined} alter={{ wahl, onChange: () => undefined, catalogue }} />);
  const checkboxen = (h: string) => [...h.matchAll(/data-merkmal="([^"]+)"/g)].map((m) => m[1]!);

  test('Katalog (14): the bands as checkboxes and the button for all 14', () => {
    const h = merkmalPicker({ art: 'katalog' });
    expect(h).toContain('Katalog (14)');
    expect(h).toContain('eigene Grenzen');
    expect(h).toContain('alle 14 Altersgruppen');
    expect(checkboxen(h)).toEqual(expect.arrayContaining(['bev_0_2', 'bev_80_plus']));
    expect(h).not.toContain('data-testid="altersgrenzen"');
  });
  test('own cuts: no catalogue band offered, the columns named, counted in the legend', () => {
    const h = merkmalPicker({ art: 'eigene', grenzen: '0, 3, 6, 10, 15, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 75' }, ['bevoelkerung', 'bev_0_2']);
    expect(checkboxen(h).filter((id) => (ALTERSGRUPPEN as readonly string[]).includes(id))).toEqual([]);
    expect(checkboxen(h)).toContain('bevoelkerung');
    expect(h).not.toContain('alle 14 Altersgruppen');
    expect(h).toContain('17 Spalten anstelle der 14 des Katalogs: Bevölkerung 0 bis 2 Jahre (bev_0_2)');
    expect(h).toContain('Bevölkerung 75 Jahre und älter (bev_alter_75_plus).');
    // bevoelkerung and the 17 bands; the ticked catalogue band does not count
    expect(h).toContain('18 Merkmale');
  });
  test('own cuts: an overlap is shown at the field, a gap as a warning', () => {
    expect(merkmalPicker({ art: 'eigene', grenzen: '0-17, 15-20' })).toContain('überschneiden sich');
    expect(merkmalPicker({ art: 'eigene', grenzen: '0-17, 65+' })).toContain('Diese Alter stehen in keiner Gruppe: 18 bis 64 Jahre.');
  });
});
