/**
 * A synthetic register of plausible structure (the benchmark's generator, small): every count must
 * pass the catalogue validation, and the counts must not depend on the order of the rows.
 */
import { AreaTree, type Area } from '../../shared/areas/areas';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { validateDataset } from '../../shared/validation/validate';
import { aggregateRegister, readZuordnung } from '../../shared/register';
import { syntheticRegister } from '../../shared/register/synthetic';
import { mulberry32 } from '../../shared/demo/random';

function treeOf(codes: string[]): AreaTree {
  const areas: Area[] = [{ code: '05999', name: 'Kreis', ebene: 'kreis', parent: null }];
  for (const c of codes) {
    const ebene = c.length === 8 ? 'stadt' : c.length === 11 ? 'gemeindeteil' : 'baublock';
    areas.push({ code: c, name: c, ebene, parent: ebene === 'stadt' ? '05999' : c.slice(0, ebene === 'gemeindeteil' ? 8 : 11) });
  }
  return AreaTree.build(areas);
}

describe('synthetic register', () => {
  const reg = syntheticRegister({ persons: 30_000, seed: 3, personsPerCity: 15_000 });
  const bestand = [...reg.bestand()].join('');
  const bewegungen = [...reg.bewegungen()].join('');
  const zuordnung = [...reg.zuordnung()].join('');

  test('all counts pass the catalogue validation (errors: none), with households, moves and unmatched addresses', async () => {
    const res = await aggregateRegister(
      { bestand, bestandDatei: 'ew.csv', bewegungen, bewegungenDatei: 'bew.csv' },
      { stichtag: '31.12.2024', zuordnung: await readZuordnung([zuordnung], 'z.csv') },
    );
    expect(res.report.fehler).toBe(0);
    expect(res.report.bestand.zeilen).toBeGreaterThanOrEqual(30_000); // the last household may overshoot by a few
    expect(res.report.personenNachZuordnung.baublock).toBeGreaterThan(25_000);
    expect(res.report.nichtZugeordnet.length).toBeGreaterThan(0);
    const tree = treeOf([...new Set(res.rows.map((r) => r.area))]);
    for (const { stadt, rows } of res.rowsByStadt()) {
      const v = validateDataset({ period: '2024', rows }, { catalogue: standardCatalogue(), tree, submitter: { rolle: 'kommune', ags: stadt } });
      expect(v.errors.map((e) => e.message).slice(0, 5)).toEqual([]);
    }
    const stadt = (v: string) => res.rows.filter((r) => r.area.length === 8 && r.variable === v).reduce((s, r) => s + r.value, 0);
    expect(stadt('hh_alleinerziehend')).toBeGreaterThan(0);
    expect(stadt('hh_5plus')).toBeGreaterThan(0);
    expect(stadt('bev_migrationshintergrund')).toBeGreaterThan(stadt('bev_auslaendisch'));
    expect(res.rows.length).toBe(res.rowCount);
  });

  test('the order of the persons does not change any count', async () => {
    const lines = bestand.trim().split('\n');
    const body = lines.slice(1);
    const rnd = mulberry32(9);
    for (let i = body.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [body[i], body[j]] = [body[j]!, body[i]!];
    }
    const z = await readZuordnung([zuordnung], 'z.csv');
    const a = await aggregateRegister({ bestand, bestandDatei: 'ew.csv' }, { stichtag: '31.12.2024', zuordnung: z });
    const b = await aggregateRegister({ bestand: [lines[0], ...body].join('\n'), bestandDatei: 'ew.csv' }, { stichtag: '31.12.2024', zuordnung: z });
    expect(b.rows).toEqual(a.rows);
  });
});
