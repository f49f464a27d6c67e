/** How the add-in's pickers group the area tree (issue 14): a Land, the demo Kreis, a kreisfreie Stadt. */
import { type Area, AreaTree } from '../../shared/areas/areas';
import { ebenenDerStadt, gebieteSuchen, kinderImPicker, kreisNurFuerKreisfreieStadt, stadtGruppen, stadtListe } from '../../addin/src/plans/gebietsgruppen';
import { GT1, KREIS, S1, S2, fixtureTree } from '../helpers/core-fixtures';
import { pickerLandTree } from '../helpers/land-baum';

const land = pickerLandTree();
const codes = (areas: readonly Area[]) => areas.map((a) => a.code);
const shape = (tree: AreaTree, own?: string) => stadtGruppen(tree, own).map((g) => ({ kreis: g.kreis?.code ?? null, staedte: codes(g.staedte), eigene: g.eigene }));

describe('Land tree', () => {
  test('Städte grouped by Kreis; kreisfreie Städte one group, each listed once (Düsseldorf not also as Kreis)', () => {
    expect(shape(land)).toEqual([
      { kreis: null, staedte: ['05111000', '05315000'], eigene: false },
      { kreis: '05954', staedte: ['05954008', '05954020', '05954036'], eigene: false },
      { kreis: '05158', staedte: ['05158028', '05158032'], eigene: false },
    ]);
    const all = stadtListe(land);
    expect(all).toHaveLength(land.atLevel('stadt').length);
    expect(new Set(codes(all)).size).toBe(all.length);
    expect(kreisNurFuerKreisfreieStadt(land, land.get('05111')!)?.code).toBe('05111000');
    expect(kreisNurFuerKreisfreieStadt(land, land.get('05954')!)).toBeUndefined();
  });

  test('the own Stadt and its group first', () => {
    expect(shape(land, '05158032')[0]).toEqual({ kreis: '05158', staedte: ['05158032', '05158028'], eigene: true });
    expect(shape(land, '05158032').slice(1).map((g) => g.kreis)).toEqual([null, '05954']);
    expect(shape(land, '05315000')[0]).toEqual({ kreis: null, staedte: ['05315000', '05111000'], eigene: true });
    // the default Stadt of a template is the first listed
    expect(stadtListe(land, '05954036')[0]!.code).toBe('05954036');
  });

  test('a row opens to Stadtbezirke and Gemeindeteile, never to single Baublöcke', () => {
    expect(kinderImPicker(land, '05315000')).toEqual(['05315000-1']);
    expect(kinderImPicker(land, '05315000-1')).toEqual(['05315000-1-101']);
    expect(kinderImPicker(land, '05315000-1-101')).toEqual([]);
    expect(kinderImPicker(land, '05954036')).toEqual(['05954036-01']);
    expect(kinderImPicker(land, '05954036-01')).toEqual([]);
  });

  test('a template offers the levels the Stadt has: Stadtbezirke in Köln, Baublöcke in Witten, only the Stadt in Velbert', () => {
    const alle = ['stadt', 'stadtbezirk', 'gemeindeteil', 'baublock'] as const;
    expect(ebenenDerStadt(land, '05315000', alle)).toEqual(['stadt', 'stadtbezirk', 'gemeindeteil']);
    expect(ebenenDerStadt(land, '05954036', alle)).toEqual(['stadt', 'gemeindeteil', 'baublock']);
    expect(ebenenDerStadt(land, '05158032', alle)).toEqual(['stadt']);
    expect(ebenenDerStadt(land, '05999999', alle)).toEqual([]);
  });

  test('search across groups by name or code: the hit with the areas above it; Baublöcke and stand-in Kreise are no hits', () => {
    const alt = gebieteSuchen(land, 'ALT')!;
    // Altstadt-Süd in Köln; not the Baublock "Altes Dorf Block 1"
    expect(alt.treffer).toEqual(['05315000-1-101']);
    expect([...alt.sichtbar].sort()).toEqual(['05', '05315000', '05315000-1', '05315000-1-101']);
    expect(gebieteSuchen(land, 'düsseldorf')!.treffer).toEqual(['05111000']);
    expect(gebieteSuchen(land, '05158')!.treffer).toEqual(['05158', '05158028', '05158032']);
    const weit = gebieteSuchen(land, 'e', 2)!;
    expect(weit.treffer).toHaveLength(2);
    expect(weit.weitere).toBeGreaterThan(0);
    expect(gebieteSuchen(land, 'Atlantis')!.treffer).toEqual([]);
    expect(gebieteSuchen(land, '   ')).toBeNull();
  });
});

describe('demo Kreis and kreisfreie Stadt as root: unchanged', () => {
  test('a Kreis root is one group, the Kreis itself, Städte by name, the own one first', () => {
    const tree = fixtureTree();
    expect(shape(tree)).toEqual([{ kreis: KREIS, staedte: [S2, S1], eigene: false }]);
    expect(shape(tree, S1)).toEqual([{ kreis: KREIS, staedte: [S1, S2], eigene: true }]);
    expect(kinderImPicker(tree, S1)).toEqual([GT1, `${S1}-02`]);
  });

  test('a kreisfreie Stadt as root is the one Stadt of its pickers', () => {
    const koeln = AreaTree.build([
      { code: '05315000', name: 'Köln', ebene: 'stadt', parent: null },
      { code: '05315000-1', name: 'Innenstadt', ebene: 'stadtbezirk', parent: '05315000' },
    ]);
    expect(shape(koeln)).toEqual([{ kreis: null, staedte: ['05315000'], eigene: false }]);
    expect(kinderImPicker(koeln, '05315000')).toEqual(['05315000-1']);
  });
});
