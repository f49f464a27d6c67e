/**
 * Checks never get weaker with context (issue 15): values already stored on the server only ever
 * add checks. A part-whole or sum rule violated with one side from the stored values is the same
 * Fehler as with both sides in the submission, and the message says which value comes from the
 * server. Against the demo Kreis's Witten 2024, the case the issue reports: Stockum (05954036-01)
 * bev_weiblich 6.100 against its stored bevoelkerung 5.994 (the sum of its Baublöcke).
 */
import fc from 'fast-check';
import { Role } from '../../shared/types';
import { ValidationResult, validateDataset } from '../../shared/validation/validate';
import { ValueTable } from '../../shared/indicators/values';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { demoAreaTree, generateDemoKreis } from '../../shared/demo';

const catalogue = standardCatalogue();
const demo = generateDemoKreis({ years: ['2024'] });
const tree = demoAreaTree(demo);
const WITTEN = '05954036';
const STOCKUM = '05954036-01';
const BLOCK = '05954036-01-0001';
const role: Role = { rolle: 'kommune', ags: WITTEN };
const witten = demo.datasets[0]!.rows.filter((r) => r.area.startsWith(WITTEN));
const stored = new ValueTable();
for (const r of witten) stored.set(r.area, r.variable, '2024', r.value);
const storedSum = (area: string, variable: string): number =>
  witten.filter((r) => r.variable === variable && tree.ancestors(r.area).includes(area)).reduce((s, r) => s + r.value, 0);

const check = (rows: { area: string; variable: string; value: number }[], context?: ValueTable): ValidationResult =>
  validateDataset({ period: '2024', rows }, { catalogue, tree, submitter: role, ...(context ? { context } : {}) });
const codes = (r: ValidationResult) => r.errors.map((f) => f.code);

describe('stored values add checks, never remove errors', () => {
  it('the demo data are what the issue describes: Stockum has 5.994 people in its stored Baublöcke', () => {
    expect(storedSum(STOCKUM, 'bevoelkerung')).toBe(5994);
    expect(stored.get(STOCKUM, 'bevoelkerung', '2024')).toBeUndefined();
  });

  it('bev_weiblich 6.100 against the stored bevoelkerung 5.994: Fehler, as with both values in the submission', () => {
    const part = [{ area: STOCKUM, variable: 'bev_weiblich', value: 6100 }];
    // on its own the submission cannot be checked: nothing to compare with
    expect(check(part).ok).toBe(true);
    const withContext = check(part, stored);
    expect(withContext.ok).toBe(false);
    expect(codes(withContext)).toEqual(['TEIL_GROESSER_ALS_GANZES']);
    const f = withContext.errors[0]!;
    expect(f.severity).toBe('fehler');
    expect(f.detail).toContain('Bevölkerung weiblich (bev_weiblich) = 6.100 ist größer als Bevölkerung (bevoelkerung) = 5.994');
    expect(f.detail).toContain('gespeicherter Wert auf dem Server: 5.994');
    expect(f.detail).toContain('Nicht in dieser Meldung: Bevölkerung (bevoelkerung)');
    // the same two values both in the submission (as `sozialmonitor pruefen` sees them): the same rule and severity
    const both = check([...part, { area: STOCKUM, variable: 'bevoelkerung', value: 5994 }]);
    expect(codes(both)).toEqual(['TEIL_GROESSER_ALS_GANZES']);
    expect(both.errors[0]!.detail).toContain('Bevölkerung weiblich (bev_weiblich) = 6.100 ist größer als Bevölkerung (bevoelkerung) = 5.994');
    expect(both.errors[0]!.detail).not.toContain('Server');
  });

  it('a submission that corrects the whole is checked against its own new value, not the stored one', () => {
    const hhKinder = storedSum(STOCKUM, 'hh_mit_kindern');
    const allein = [{ area: BLOCK, variable: 'hh_alleinerziehend', value: (stored.get(BLOCK, 'hh_mit_kindern', '2024') ?? 0) + 5 }];
    // only the part: checked against the stored whole
    expect(codes(check(allein, stored))).toContain('TEIL_GROESSER_ALS_GANZES');
    // the part with a new whole: checked against the new whole
    const corrected = check([...allein, { area: BLOCK, variable: 'hh_mit_kindern', value: allein[0]!.value + 1 }], stored);
    expect(codes(corrected)).not.toContain('TEIL_GROESSER_ALS_GANZES');
    expect(hhKinder).toBeGreaterThan(0);
  });

  it('hh_gesamt against the stored household sizes, for a Baublock and for a Gemeindeteil', () => {
    const bb = stored.get(BLOCK, 'hh_gesamt', '2024')!;
    const r = check([{ area: BLOCK, variable: 'hh_gesamt', value: bb + 12 }], stored);
    expect(codes(r)).toEqual(['SUMME_ABWEICHEND']);
    expect(r.errors[0]!.detail).toContain('gespeicherter Wert auf dem Server');
    expect(check([{ area: BLOCK, variable: 'hh_gesamt', value: bb }], stored).ok).toBe(true);
    // a Gemeindeteil total: before issue 15 only the warning that its Baublöcke sum to less
    const gt = storedSum(STOCKUM, 'hh_gesamt');
    const g = check([{ area: STOCKUM, variable: 'hh_gesamt', value: gt + 50 }], stored);
    expect(codes(g)).toEqual(['SUMME_ABWEICHEND']);
    expect(g.errors[0]!.detail).toContain(`Haushalte insgesamt (hh_gesamt) = ${(gt + 50).toLocaleString('de-DE')}`);
    expect(g.errors[0]!.detail).toContain('Summe der Teilgebiete');
    expect(check([{ area: STOCKUM, variable: 'hh_gesamt', value: gt }], stored).ok).toBe(true);
  });

  it('context turns a valid-looking submission into an error, never an error into a pass', () => {
    const cells = witten.filter((r) => r.area === STOCKUM || tree.ancestors(r.area).includes(STOCKUM)).map((r) => ({ area: r.area, variable: r.variable }));
    const relevant = ['bevoelkerung', 'bev_weiblich', 'hh_gesamt', 'hh_1p', 'hh_mit_kindern', 'hh_alleinerziehend', 'bev_migrationshintergrund', 'bev_auslaendisch', 'geburten'];
    const pool = [
      ...cells.filter((c) => relevant.includes(c.variable)).slice(0, 400),
      ...relevant.map((variable) => ({ area: STOCKUM, variable })),
    ];
    let turned = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ cell: fc.constantFrom(...pool), factor: fc.constantFrom(0, 0.5, 1, 1.02, 1.5, 3) }), { minLength: 1, maxLength: 6, selector: (x) => `${x.cell.area}|${x.cell.variable}` }),
        (picks) => {
          const rows = picks.map(({ cell, factor }) => {
            const base = stored.get(cell.area, cell.variable, '2024') ?? storedSum(cell.area, cell.variable);
            return { ...cell, value: Math.round(base * factor) + (factor === 1 ? 0 : 1) };
          });
          const without = check(rows);
          const withContext = check(rows, stored);
          if (!without.ok) expect(withContext.ok).toBe(false);
          if (without.ok && !withContext.ok) turned++;
        },
      ),
      { numRuns: 150, seed: 15 },
    );
    expect(turned).toBeGreaterThan(0);
  });
});
