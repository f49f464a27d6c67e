/**
 * The Einwohnerdaten pane's choices as data (no browser): the levels it offers come from the area
 * tree of the chosen Stadt (Stadtbezirk for a Köln-like tree), the age bands from the shared cut
 * input read with the register's rules; a Stadtbezirk template in Berlin's bands gets its counts.
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { renderToStaticMarkup } from 'react-dom/server';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { aggregateRegister, readZuordnung, stadtbezirkeDerGliederung } from '../../shared/register';
import { einwohnerAltersgruppen, einwohnerEbenen, templateValues } from '../../addin/src/plans/einwohner';
import { AltersgrenzenFeld } from '../../addin/src/ui/pickers';
import { T } from '../../addin/src/texts';
import { S1, S2, fixtureTree } from '../helpers/core-fixtures';
import { STICHTAG } from '../register/fixture';
import { BESTAND, BEWEGUNGEN, K, Z1, Z2, ZUORDNUNG, koelnTree } from '../register/fixture-koeln';

const catalogue = standardCatalogue();
const BERLIN = ['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17', 'bev_alter_18_26', 'bev_alter_27_44', 'bev_alter_45_54', 'bev_alter_55_64', 'bev_alter_65_plus'];

describe('levels of the Einwohnerdaten pane', () => {
  test('those of the Stadt\'s tree that the count fills, finest first', () => {
    expect(einwohnerEbenen(fixtureTree(), S1)).toEqual(['baublock', 'gemeindeteil', 'stadt']);
    expect(einwohnerEbenen(fixtureTree(), S2)).toEqual(['stadt']); // no sub-areas
    expect(einwohnerEbenen(koelnTree(), K)).toEqual(['baublock', 'gemeindeteil', 'stadtbezirk', 'stadt']);
    expect(einwohnerEbenen(koelnTree(), '09999999')).toEqual([]); // not in the tree
  });
});

describe('age bands of the Einwohnerdaten pane', () => {
  test('the catalogue\'s 14 by default, own cuts with the register\'s rules (first band from 0, no gaps)', () => {
    expect(einwohnerAltersgruppen({ art: 'katalog' })).toEqual({ ok: true });
    expect(einwohnerAltersgruppen({ art: 'eigene', grenzen: '6, 15, 18, 27, 45, 55, 65' })).toEqual({ ok: true, altersgruppen: BERLIN });
    const luecke = einwohnerAltersgruppen({ art: 'eigene', grenzen: '0-17, 65+' });
    expect(luecke).toEqual({ ok: false, grund: expect.stringContaining('Diese Alter stehen in keiner Gruppe: 18 bis 64 Jahre.') });
  });

  test('the shared cut field shows the reason at the field and the bands by name', () => {
    const html = (grenzen: string) => {
      const g = einwohnerAltersgruppen({ art: 'eigene', grenzen });
      const gelesen = g.ok ? { ok: true as const, ids: g.altersgruppen! } : g;
      return renderToStaticMarkup(
        <FluentProvider theme={webLightTheme}>
          <AltersgrenzenFeld wahl={{ art: 'eigene', grenzen }} onChange={() => undefined} katalog={14} gelesen={gelesen} catalogue={catalogue} hilfe={T.ew.altersgrenzenHilfe} />
        </FluentProvider>,
      );
    };
    expect(html('18, 6')).toContain('Die Altersgrenzen müssen aufsteigend sein: nach „18“ kommt „6“.');
    const ok = html('6, 15, 18, 27, 45, 55, 65');
    expect(ok).toContain('8 Spalten anstelle der 14 des Katalogs');
    expect(ok).toContain('(bev_alter_65_plus)');
    expect(ok).toContain('die erste beginnt immer bei 0');
  });
});

describe('a Stadtbezirk template in own bands', () => {
  test('counts for each Stadtbezirk of the tree, every band a Merkmal, nothing left out', async () => {
    const tree = koelnTree();
    const bands = einwohnerAltersgruppen({ art: 'eigene', grenzen: '6,15,18,27,45,55,65' });
    if (!bands.ok) throw new Error(bands.grund);
    const res = await aggregateRegister(
      { bestand: BESTAND, bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN, bewegungenDatei: 'bew.csv' },
      { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG], 'z.csv'), stadtbezirke: stadtbezirkeDerGliederung(tree.all()), altersgruppen: bands.altersgruppen! },
    );
    const plan = templateValues(res.rows, { tree, catalogue, stadt: K, ebene: 'stadtbezirk' });
    expect(plan.leftOut).toEqual([]);
    expect(plan.notWritten).toEqual([]);
    expect(plan.merkmale).toEqual(expect.arrayContaining(BERLIN));
    expect(plan.merkmale.some((m) => m === 'bev_0_2')).toBe(false);
    expect(Object.fromEntries([...plan.values].map(([a, v]) => [a, [v.get('bevoelkerung'), v.get('bev_alter_27_44'), v.get('fortzuege')]]))).toEqual({
      [Z1]: [3, 3, 1],
      [Z2]: [2, 2, 0],
    });
  });
});
