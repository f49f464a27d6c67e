/**
 * The area picker and the Stadt choice as React renders them (server-side into HTML, no browser, so
 * no launch time): a Land tree in its groups, the demo Kreis as the flat list it was. The order rules
 * themselves are tested in gebietsgruppen.test.ts; the clicks in the browser walk (browser.test.ts).
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AreaTree } from '../../shared/areas/areas';
import { AreaPicker, StadtField } from '../../addin/src/ui/pickers';
import type { Session } from '../../addin/src/ui/context';
import { GT1, GT2, KREIS, S1, S2, fixtureTree } from '../helpers/core-fixtures';
import { landTree } from './land-tree';

const html = (el: ReactElement) => renderToStaticMarkup(<FluentProvider theme={webLightTheme}>{el}</FluentProvider>);
const picker = (tree: AreaTree, own?: string) =>
  html(<AreaPicker session={{ tree, who: own ? { rolle: 'kommune', ags: own } : { rolle: 'kreis' } } as unknown as Session} selected={new Set()} onChange={() => undefined} />);
/** the areas with a checkbox, in the order shown */
const areas = (h: string) => [...h.matchAll(/data-area="([^"]+)"/g)].map((m) => m[1]);
/** the Select's entries in order: `[Gruppe]` for an optgroup, else the option's value */
const options = (h: string) => [...h.matchAll(/<optgroup label="([^"]+)"|<option value="([^"]+)"/g)].map((m) => (m[1] ? `[${m[1]}]` : m[2]));

describe('Land tree', () => {
  const land = landTree();
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
