/** The one typed list of age bands agrees with the catalogue, and its ranges cover every age once. */
import { ALTERSGRUPPEN, altersbereich } from '../../shared/catalogue/altersgruppen';
import { standardCatalogue } from '../../shared';

test('the bands are exactly the summands of bevoelkerung in the catalogue, in order', () => {
  const rule = standardCatalogue().beziehungen.find((b) => b.id === 'altersgruppen_summe')!;
  expect(rule.links).toBe('bevoelkerung');
  expect(rule.rechtsLinear.terms.map((t) => t.merkmal)).toEqual([...ALTERSGRUPPEN]);
});

test('the ranges read off the ids follow each other without gap or overlap, from 0 to any age', () => {
  const ranges = ALTERSGRUPPEN.map(altersbereich);
  expect(ranges[0]!.von).toBe(0);
  expect(ranges.at(-1)!.bis).toBe(Infinity);
  for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.von).toBe(ranges[i - 1]!.bis + 1);
  expect(altersbereich('bev_15_17')).toEqual({ von: 15, bis: 17 });
});
