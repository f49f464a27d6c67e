/**
 * The binding small-area geography: building the tree from a flat list, rejecting broken lists with
 * every problem named by code, the GeoJSON exchange format, and who may submit for which area.
 */
import fc from 'fast-check';
import { Area, AreaTree, AreaTreeError, ebeneOfCode, impliedParent, isAreaCode, maySubmitFor, possibleParents } from '../../shared/areas/areas';
import { AreaWithGeometry, parseAreaExchange, toAreaExchange } from '../../shared/areas/exchange';
import { AREAS, B1, B2, B3, B4, B5, GT1, GT2, KREIS, S1, S2, fixtureTree } from '../helpers/core-fixtures';

/** The problems of a list that must be rejected. */
function problemsOf(build: () => unknown): string[] {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AreaTreeError);
  return (error as AreaTreeError).problems;
}
const buildProblems = (areas: Area[]): string[] => problemsOf(() => AreaTree.build(areas));
const replace = (code: string, change: Partial<Area>): Area[] => AREAS.map((a) => (a.code === code ? { ...a, ...change } : a));

describe('area codes', () => {
  it.each([
    ['11', 'land', []],
    ['05954', 'kreis', ['05']],
    ['05954036', 'stadt', ['05954', '05']],
    ['11000000', 'stadt', ['11000', '11']],
  ])('%s is a %s; possible parents %p', (code, ebene, parents) => {
    expect(ebeneOfCode(code)).toBe(ebene);
    expect(isAreaCode(code)).toBe(true);
    expect(possibleParents(code)).toEqual(parents);
    expect(impliedParent(code)).toBe(parents[0] ?? null);
  });
  // Below the Stadt the shape does not tell the level: the tree's declared ebene decides.
  it.each([
    ['05954036-03', '05954036'],
    ['05954036-03-0017', '05954036-03'],
    ['05315000-1', '05315000'],
    ['05315000-1-101', '05315000-1'],
    ['05315000-1-101-0017', '05315000-1-101'],
    ['11000000-01-01011101', '11000000-01'],
    ['05954036-3', '05954036'],
  ])('%s lies below a Stadt, under %s', (code, parent) => {
    expect(ebeneOfCode(code)).toBeUndefined();
    expect(isAreaCode(code)).toBe(true);
    expect(impliedParent(code)).toBe(parent);
  });
  it.each(['5954', '0595403', '05954036-', '05954036-123456789', '05954036_03', '05954036-0 3', 'ABCDE', ''])('%p fits no level', (code) => {
    expect(ebeneOfCode(code)).toBeUndefined();
    expect(isAreaCode(code)).toBe(false);
  });
});

describe('AreaTree.build', () => {
  it('builds from a flat list in any order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(AREAS, { minLength: AREAS.length, maxLength: AREAS.length }), (shuffled) => {
        const tree = AreaTree.build(shuffled);
        expect(tree.size).toBe(10);
        expect(tree.root.code).toBe(KREIS);
        expect(tree.children(KREIS)).toEqual([S2, S1]); // sorted by code
        expect(tree.children(GT2)).toEqual([B3, B4, B5]);
      }),
      { numRuns: 50 },
    );
  });

  it('answers navigation questions', () => {
    const tree = fixtureTree();
    expect(tree.get(GT1)).toEqual({ code: GT1, name: 'Annen', ebene: 'gemeindeteil', parent: S1 });
    expect(tree.has('05954036-03')).toBe(false);
    expect(tree.children(B1)).toEqual([]);
    expect(tree.atLevel('baublock').map((a) => a.code).sort()).toEqual([B1, B2, B3, B4, B5]);
    expect(tree.atLevel('stadt')).toHaveLength(2);
    expect(tree.ancestors(B4)).toEqual([GT2, S1, KREIS]);
    expect(tree.subtree(GT1)).toEqual([GT1, B1, B2]);
    expect(tree.subtree(S1)).toEqual([S1, GT1, B1, B2, GT2, B3, B4, B5]);
    expect(tree.subtree('99999')).toEqual([]);
    expect(tree.isWithin(B3, S1)).toBe(true);
    expect(tree.isWithin(B3, GT1)).toBe(false);
    expect(tree.isWithin(S1, S1)).toBe(true);
    expect(tree.stadtOf(B3)).toBe(S1);
    expect(tree.stadtOf(GT1)).toBe(S1);
    expect(tree.stadtOf(S2)).toBe(S2);
    expect(tree.stadtOf(KREIS)).toBeUndefined();
    expect(tree.stadtOf('05954036-09')).toBeUndefined();
  });

  it('accepts an empty parent for the Kreis (as in the exchange format) and stores it as null', () => {
    const tree = AreaTree.build(replace(KREIS, { parent: '' }));
    expect(tree.root.code).toBe(KREIS);
    expect(tree.get(KREIS)!.parent).toBeNull();
  });

  it('rejects an unknown parent, naming area and parent', () => {
    const p = buildProblems([...AREAS, { code: '05954036-03-0001', name: 'Block', ebene: 'baublock', parent: '05954036-03' }]);
    expect(p).toEqual(['Gebiet „05954036-03-0001“: Das übergeordnete Gebiet „05954036-03“ ist nicht in der Liste']);
  });

  it('rejects a cycle, naming the codes', () => {
    const p = buildProblems(replace(GT1, { parent: GT2 }).map((a) => (a.code === GT2 ? { ...a, parent: GT1 } : a)));
    const cycle = p.filter((x) => x.includes('Zirkelbezug'));
    expect(cycle.length).toBeGreaterThan(0);
    expect(cycle.join('\n')).toContain(GT1);
    expect(cycle.join('\n')).toContain(GT2);
  });

  it('rejects an area that is its own parent', () => {
    const p = buildProblems(replace(B1, { parent: B1 }));
    expect(p).toContain(`Gebiet „${B1}“: Zirkelbezug in der Gliederung über „${B1}“`);
  });

  it('rejects a duplicate code', () => {
    const p = buildProblems([...AREAS, { code: B2, name: 'Noch ein Block 2', ebene: 'baublock', parent: GT1 }]);
    expect(p).toEqual([`Gebiet 11 („${B2}“, Noch ein Block 2): Der Code „${B2}“ kommt mehrfach vor`]);
  });

  it('rejects a wrong level order (a Baublock above a Gemeindeteil, a Stadt under a Stadt)', () => {
    const p = buildProblems([...replace(GT1, { parent: B3 }), { code: '05954036999', name: 'x', ebene: 'stadt', parent: S1 }]);
    expect(p).toContain(`Gebiet „${GT1}“: Ein Gebiet der Ebene Gemeindeteil kann nicht in „${B3}“ (Baublock) liegen; erwartet: Stadtbezirk oder Stadt`);
    expect(p.join('\n')).toContain(`Ebene Stadt kann nicht in „${S1}“ (Stadt) liegen; erwartet: Kreis oder Land`);
  });

  it('a Baublock directly under a Stadt (skipped level) needs the Stadt’s code and one own number', () => {
    const p = buildProblems(replace(B1, { parent: S1 }));
    expect(p).toEqual([`Gebiet „${B1}“: Nach „${S1}-“ muss genau eine eigene Nummer aus 1 bis 8 Buchstaben oder Ziffern folgen (z. B. „${S1}-101“), nicht „01-0001“`]);
    expect(AreaTree.build([...AREAS, { code: `${S1}-0099`, name: 'Block ohne Gemeindeteil', ebene: 'baublock', parent: S1 }]).get(`${S1}-0099`)!.ebene).toBe('baublock');
  });

  it('rejects a code that does not begin with its parent’s code', () => {
    const p = buildProblems(replace(B3, { parent: GT1 }));
    expect(p).toEqual([`Gebiet „${B3}“: Der Code beginnt nicht mit dem Code des übergeordneten Gebiets „${GT1}“`]);
  });

  it('rejects a code that does not match its level, naming the deployment’s own example', () => {
    const p = buildProblems([...AREAS, { code: '05954036-3 a', name: 'Kurz', ebene: 'gemeindeteil', parent: S1 }]);
    expect(p[0]).toContain('„05954036-3 a“');
    expect(p[0]).toContain('passt nicht zur Ebene Gemeindeteil');
    expect(p[0]).toContain(`z. B. „${AREAS.find((a) => a.ebene === 'gemeindeteil')!.code}“`); // the list's own first Gemeindeteil
    const koeln = buildProblems([
      { code: '05315000', name: 'Köln', ebene: 'stadt', parent: null },
      { code: '05315000-1', name: 'Innenstadt', ebene: 'stadtbezirk', parent: '05315000' },
      { code: '5315000-2', name: 'Rodenkirchen', ebene: 'stadtbezirk', parent: '05315000' },
    ]);
    expect(koeln[0]).toContain('z. B. „05315000-1“');
    expect(koeln.join('\n')).not.toContain('05954');
  });

  it('rejects two roots', () => {
    const p = buildProblems([...AREAS, { code: '05958', name: 'Märkischer Kreis', ebene: 'kreis', parent: null }]);
    expect(p).toEqual(['Es darf genau ein Gebiet ohne übergeordnetes Gebiet geben (das Land, den Kreis oder die kreisfreie Stadt), gefunden: 05954, 05958']);
  });

  it('rejects a list without a root', () => {
    const p = buildProblems(AREAS.filter((a) => a.code !== KREIS));
    expect(p).toContain('Es gibt kein oberstes Gebiet (ein Land, einen Kreis oder eine kreisfreie Stadt ohne übergeordnetes Gebiet)');
    expect(p).toContain(`Gebiet „${S1}“: Das übergeordnete Gebiet „${KREIS}“ ist nicht in der Liste`);
  });

  it('rejects a root below the Stadt, an unknown level and a missing name', () => {
    const p = buildProblems([
      { code: GT1, name: 'Annen', ebene: 'gemeindeteil', parent: null },
      { code: `${GT1}-x`, name: ' ', ebene: 'baublock', parent: GT1 },
      { code: B1, name: 'Block', ebene: 'block' as never, parent: GT1 },
    ]);
    expect(p).toContain(`Gebiet „${GT1}“: Nur ein Land, ein Kreis oder eine kreisfreie Stadt kann ohne übergeordnetes Gebiet sein; Ebene ist aber Gemeindeteil`);
    expect(p).toContain(`Gebiet 2 („${GT1}-x“,  ): Der Name fehlt`);
    expect(p.join('\n')).toContain(`Gebiet 3 („${B1}“, Block): unbekannte Ebene „block“`);
  });

  it('lists every problem of a broken list at once', () => {
    const p = buildProblems([
      ...replace(B1, { parent: S1 }).map((a) => (a.code === B3 ? { ...a, parent: GT1 } : a)),
      { code: '05958', name: 'Zweiter Kreis', ebene: 'kreis', parent: null },
    ]);
    expect(p).toHaveLength(3);
    let error: unknown;
    try {
      AreaTree.build(replace(B1, { parent: S1 }));
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatch(/^Die Gebietsgliederung ist fehlerhaft \(1 Problem\):\n- Gebiet „05954036-01-0001“/);
  });
});

describe('parseAreaExchange (GeoJSON, formats spec section 5)', () => {
  const square = { type: 'Polygon', coordinates: [[[7.3, 51.4], [7.31, 51.4], [7.31, 51.41], [7.3, 51.4]]] };
  const feature = (a: Area, geometry: unknown = square): Record<string, unknown> => ({
    type: 'Feature',
    properties: { code: a.code, name: a.name, ebene: a.ebene, parent: a.parent ?? '' },
    geometry,
  });
  const collection = (features: unknown[]): Record<string, unknown> => ({ type: 'FeatureCollection', features });

  it('reads a valid collection (Kreis parent empty) and writes it back', () => {
    const input = collection(AREAS.map((a, i) => feature(a, i === 0 ? null : square)));
    const { tree, areas } = parseAreaExchange(input);
    expect(tree.size).toBe(10);
    expect(tree.get(KREIS)!.parent).toBeNull();
    expect(areas[0]!.geometry).toBeNull();
    expect(areas[1]!.geometry).toEqual(square);
    expect(toAreaExchange(areas)).toEqual(input);
    // round trip
    expect(parseAreaExchange(JSON.parse(JSON.stringify(toAreaExchange(areas)))).tree.size).toBe(10);
  });

  it('accepts a MultiPolygon and a null parent', () => {
    const multi = { type: 'MultiPolygon', coordinates: [square.coordinates] };
    const { areas } = parseAreaExchange(
      collection([{ ...feature(AREAS[0]!), properties: { code: KREIS, name: 'Kreis', ebene: 'kreis', parent: null } }, feature(AREAS[1]!, multi)]),
    );
    expect(areas.map((a: AreaWithGeometry) => a.geometry?.type)).toEqual(['Polygon', 'MultiPolygon']);
  });

  it('rejects a bad feature naming the feature number, its code and the property', () => {
    const features = AREAS.map((a) => feature(a));
    features[3] = { ...features[3]!, properties: { code: GT1, name: 'Annen', ebene: 'ortsteil', parent: S1 } };
    features[5] = { ...features[5]!, properties: { code: B1, ebene: 'baublock', parent: GT1 } };
    const p = problemsOf(() => parseAreaExchange(collection(features)));
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(/^Feature 4 \(„05954036-01“\), „properties\.ebene“: /);
    expect(p[0]).toContain('gemeindeteil'); // names the allowed levels
    expect(p[1]).toMatch(/^Feature 6 \(„05954036-01-0001“\), „properties\.name“: /);
  });

  it('rejects a bad geometry and a feature without a code', () => {
    const features = AREAS.map((a) => feature(a));
    features[1] = feature(AREAS[1]!, { type: 'Polygon', coordinates: [[[7.3, 51.4], [7.31, 51.4], [7.3, 51.4]]] });
    features[2] = { type: 'Feature', properties: { name: 'ohne Code', ebene: 'stadt', parent: KREIS }, geometry: null };
    const p = problemsOf(() => parseAreaExchange(collection(features)));
    expect(p[0]).toMatch(/^Feature 2 \(„05954036“\), „geometry/);
    expect(p.join('\n')).toMatch(/Feature 3, „properties\.code“: /);
  });

  it('rejects an open ring and metric coordinates, naming feature and position', () => {
    const features = AREAS.map((a) => feature(a));
    features[1] = feature(AREAS[1]!, { type: 'Polygon', coordinates: [[[7.3, 51.4], [7.31, 51.4], [7.31, 51.41], [7.3, 51.41]]] });
    features[2] = feature(AREAS[2]!, { type: 'Polygon', coordinates: [[[388000, 5700000], [388100, 5700000], [388100, 5700100], [388000, 5700000]]] });
    const p = problemsOf(() => parseAreaExchange(collection(features)));
    expect(p.find((x) => x.startsWith('Feature 2 '))).toMatch(/„geometry\.coordinates\.0“: Der Ring ist nicht geschlossen/);
    expect(p.find((x) => x.startsWith('Feature 3 '))).toMatch(/„geometry\.coordinates\.0\.0“: Koordinate liegt außerhalb von WGS84.*EPSG:25832/);
  });

  it('rejects what is not a FeatureCollection, or an empty one', () => {
    expect(problemsOf(() => parseAreaExchange({ type: 'Feature' })).join('\n')).toMatch(/type|features/);
    expect(problemsOf(() => parseAreaExchange(collection([])))).toEqual(['features: Die Sammlung enthält keine Gebiete']);
    expect(problemsOf(() => parseAreaExchange(null)).length).toBeGreaterThan(0);
  });

  it('rejects a hierarchy problem after reading (unknown parent)', () => {
    const features = AREAS.filter((a) => a.code !== GT2).map((a) => feature(a));
    const p = problemsOf(() => parseAreaExchange(collection(features)));
    expect(p).toContain(`Gebiet „${B3}“: Das übergeordnete Gebiet „${GT2}“ ist nicht in der Liste`);
    expect(p).toHaveLength(3); // B3, B4, B5
  });
});

describe('maySubmitFor', () => {
  const tree = fixtureTree();
  it('the Kreis may submit for every area of the tree, and for no other', () => {
    for (const a of AREAS) expect([a.code, maySubmitFor({ rolle: 'kreis' }, tree, a.code)]).toEqual([a.code, true]);
    expect(maySubmitFor({ rolle: 'kreis' }, tree, '05954036-09')).toBe(false);
  });
  it('a Kommune may submit for its own Stadt and every area in it', () => {
    const witten = { rolle: 'kommune', ags: S1 } as const;
    for (const code of [S1, GT1, GT2, B1, B5]) expect([code, maySubmitFor(witten, tree, code)]).toEqual([code, true]);
  });
  it('a Kommune may not submit for another Stadt, the Kreis or unknown areas', () => {
    const witten = { rolle: 'kommune', ags: S1 } as const;
    expect(maySubmitFor(witten, tree, S2)).toBe(false);
    expect(maySubmitFor(witten, tree, KREIS)).toBe(false);
    expect(maySubmitFor(witten, tree, '05954036-09')).toBe(false);
    expect(maySubmitFor({ rolle: 'kommune', ags: S2 }, tree, B1)).toBe(false);
    expect(maySubmitFor({ rolle: 'kommune', ags: S2 }, tree, S2)).toBe(true);
  });
  it('a reader may not submit at all', () => {
    for (const a of AREAS) expect(maySubmitFor({ rolle: 'leser' }, tree, a.code)).toBe(false);
  });
});
