/**
 * Moves within the city (umzug_von + umzug_nach) to and from addresses that have no Baublock in the
 * Zuordnung, with and without the street fallback. The rule (README): at each level a move counts as
 * Fortzug from the old and Zuzug into the new area when the two areas differ there; whether they differ
 * is known when both areas are known, or when they differ at a coarser level (blocks lie in one
 * Gemeindeteil). Where it is not known, nothing is counted at that level — never guessed — and the move
 * is reported (warning UMZUG_GEBIET_UNBESTIMMT, with the line).
 *
 * Fixture addresses: 100/1, 100/2 → B1; 100/3a → B2 (both GT1); 200/1 → B3; 200/2 → B4 (both GT2);
 * 100/99 is missing from the table, street 100 lies wholly in GT1 (fallback → GT1);
 * 300/5 is missing and its street unknown (Stadt only).
 */
import fc from 'fast-check';
import { aggregateRegister, readZuordnung, type RegisterResult } from '../../shared/register';
import { moveOutcomes } from '../../shared/register/moves';
import { B1, B2, B3, B4, B5, GT1, GT2, S1, fixtureTree } from '../helpers/core-fixtures';
import { AGS, STICHTAG, ZUORDNUNG_CSV, bestandCsv } from './fixture';

const HEADER = 'ordnungsmerkmal;ereignis;datum;gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz';
const AREAS = [B1, B2, B3, B4, B5, GT1, GT2, S1];

async function run(bewegungen: string, strassenFallback = true, tabelle = ZUORDNUNG_CSV): Promise<RegisterResult> {
  const zuordnung = await readZuordnung([tabelle], 'zuordnung.csv');
  return aggregateRegister(
    { bestand: bestandCsv(), bestandDatei: 'ew.csv', bewegungen, bewegungenDatei: 'bew.csv' },
    { stichtag: STICHTAG, zuordnung, strassenFallback, weitereGebiete: fixtureTree().subtree(S1).map((c) => fixtureTree().get(c)!) },
  );
}

/** One move as two rows (lines 2 and 3 of the file). */
const move = (von: string, nach: string) => [HEADER, `70;umzug_von;01.03.2024;${AGS};${von.replace('/', ';')};`, `70;umzug_nach;01.03.2024;${AGS};${nach.replace('/', ';')};`].join('\n') + '\n';

/** Zuzüge and Fortzüge per area, only areas with a count (`+` Zuzug, `-` Fortzug). */
function moves(res: RegisterResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const area of AREAS) {
    const v = (name: string) => res.rows.find((r) => r.area === area && r.variable === name)!.value;
    const s = '+'.repeat(v('zuzuege')) + '-'.repeat(v('fortzuege'));
    if (s) out[area] = s;
  }
  return out;
}

const undetermined = (res: RegisterResult) => res.report.befunde.filter((f) => f.code === 'UMZUG_GEBIET_UNBESTIMMT').map((f) => [f.severity, f.line, f.message]);

describe('moves within the city: counted exactly where the areas are known, reported where not', () => {
  test('between two Baublöcke of different Gemeindeteile: Fortzug and Zuzug at block and Gemeindeteil, not for the Stadt; no finding', async () => {
    const res = await run(move('100/1', '200/1'));
    expect(moves(res)).toEqual({ [B1]: '-', [GT1]: '-', [B3]: '+', [GT2]: '+' });
    expect(undetermined(res)).toEqual([]);
  });

  test('from a block to an address placed in the same Gemeindeteil by street: whether the block changed is unknown → nothing counted, reported', async () => {
    const res = await run(move('100/1', '100/99'));
    expect(moves(res)).toEqual({});
    expect(undetermined(res)).toEqual([
      ['warnung', 3, expect.stringMatching(/^bew\.csv, Zeile 3: Umzug \(Ordnungsmerkmal 70, 01\.03\.2024\) von Baublock 05954036-01-0001 nach 05954036 Straße 100 Nr\. 99 \(nicht in der Zuordnungstabelle, über die Straße dem Gemeindeteil 05954036-01 zugeordnet\): Baublock: ob die Grenze überschritten wurde, ist unbekannt – nicht gezählt$/)],
    ]);
  });

  test('from a block to an unmatched address without the street fallback: unknown at block and Gemeindeteil → nothing counted, reported', async () => {
    const res = await run(move('100/1', '100/99'), false);
    expect(moves(res)).toEqual({});
    expect(undetermined(res)).toEqual([['warnung', 3, expect.stringMatching(/Baublock: .*unbekannt – nicht gezählt; Gemeindeteil: .*unbekannt – nicht gezählt/)]]);
  });

  test('from an address placed by street into a block of another Gemeindeteil: counted for both Gemeindeteile and the new block; the old block is unknown (reported)', async () => {
    const res = await run(move('100/99', '200/1'));
    expect(moves(res)).toEqual({ [GT1]: '-', [GT2]: '+', [B3]: '+' });
    expect(undetermined(res)).toEqual([['warnung', 2, expect.stringMatching(/Baublock: Fortzug aus unbekanntem Baublock nicht gezählt, Zuzug nach 05954036-02-0001 gezählt/)]]);
  });

  test('the same move without the street fallback: the old Gemeindeteil is unknown, so nothing below the Stadt is counted', async () => {
    const res = await run(move('100/99', '200/1'), false);
    expect(moves(res)).toEqual({});
    expect(undetermined(res)).toHaveLength(1);
  });

  test('from an address with unknown street into a block: nothing counted (the old address may lie in that very block)', async () => {
    for (const fallback of [true, false]) {
      const res = await run(move('300/5', '200/2'), fallback);
      expect(moves(res)).toEqual({});
      expect(undetermined(res)).toHaveLength(1);
    }
  });

  test('from a block of GT2 to an address placed in GT1 by street: Gemeindeteile and old block counted, new block unknown', async () => {
    const res = await run(move('200/2', '100/99'));
    expect(moves(res)).toEqual({ [B4]: '-', [GT2]: '-', [GT1]: '+' });
    expect(undetermined(res)).toHaveLength(1);
  });

  test('an address the table places in a Gemeindeteil without a Baublock is treated alike', async () => {
    const tabelle = `${ZUORDNUNG_CSV}\n${AGS};200;7;;;${GT2}\n`;
    const within = await run(move('200/7', '200/1'), true, tabelle);
    expect(moves(within)).toEqual({});
    expect(undetermined(within)).toEqual([
      ['warnung', 2, expect.stringMatching(/von 05954036 Straße 200 Nr\. 7 \(in der Zuordnungstabelle ohne Baublock, Gemeindeteil 05954036-02\) nach Baublock 05954036-02-0001: Baublock: ob die Grenze überschritten wurde, ist unbekannt – nicht gezählt$/)],
    ]);
    const across = await run(move('200/7', '100/2'), true, tabelle);
    expect(moves(across)).toEqual({ [GT2]: '-', [GT1]: '+', [B1]: '+' });
  });

  test('between two unmatched addresses: nothing below the Stadt can be counted, reported', async () => {
    const res = await run(move('100/99', '300/5'));
    expect(moves(res)).toEqual({});
    expect(undetermined(res)).toHaveLength(1);
  });

  test('a move between two blocks of one Gemeindeteil still counts for the blocks only', async () => {
    const res = await run(move('100/1', '100/3a'));
    expect(moves(res)).toEqual({ [B1]: '-', [B2]: '+' });
    expect(undetermined(res)).toEqual([]);
  });

  test('the undetermined move is a warning: the movement counts as read, nothing is skipped, strict mode does not stop', async () => {
    const zuordnung = await readZuordnung([ZUORDNUNG_CSV], 'zuordnung.csv');
    const res = await aggregateRegister(
      { bestand: bestandCsv(), bestandDatei: 'ew.csv', bewegungen: move('300/5', '200/2'), bewegungenDatei: 'bew.csv' },
      { stichtag: STICHTAG, zuordnung, streng: true },
    );
    expect(res.report.bewegungen).toMatchObject({ zeilen: 2, gezaehlt: 2, uebersprungen: 0 });
    expect(res.report.fehler).toBe(0);
  });

  test('Zuzüge summed over all areas of a level never exceed the moves that certainly entered an area of that level', async () => {
    // every pair of the addresses above, in both directions, in one file
    const addrs = ['100/1', '100/2', '100/3a', '200/1', '200/2', '100/99', '300/5'];
    const lines = [HEADER];
    let om = 100;
    for (const a of addrs) for (const b of addrs) if (a !== b) {
      om++;
      lines.push(`${om};umzug_von;01.03.2024;${AGS};${a.replace('/', ';')};`, `${om};umzug_nach;01.03.2024;${AGS};${b.replace('/', ';')};`);
    }
    const res = await run(lines.join('\n') + '\n');
    const sum = (areas: string[], v: string) => areas.reduce((s, a) => s + res.rows.find((r) => r.area === a && r.variable === v)!.value, 0);
    // block level: known blocks are B1 (2 addresses), B2, B3, B4. A move counts at block level only when both
    // blocks are known and differ (20 − 2 pairs within B1), or one is known and the Gemeindeteile differ.
    const known: Record<string, [string, string] | [null, string] | [null, null]> = {
      '100/1': [B1, GT1], '100/2': [B1, GT1], '100/3a': [B2, GT1], '200/1': [B3, GT2], '200/2': [B4, GT2], '100/99': [null, GT1], '300/5': [null, null],
    };
    let zuBlock = 0;
    let zuGt = 0;
    for (const a of addrs) for (const b of addrs) if (a !== b) {
      const [ba, ga] = known[a]!;
      const [bb, gb] = known[b]!;
      if (bb !== null && ((ba !== null && ba !== bb) || (ga !== null && gb !== null && ga !== gb))) zuBlock++;
      if (gb !== null && ga !== null && ga !== gb) zuGt++;
    }
    expect(sum([B1, B2, B3, B4, B5], 'zuzuege')).toBe(zuBlock);
    expect(sum([GT1, GT2], 'zuzuege')).toBe(zuGt);
    expect(sum([GT1, GT2], 'fortzuege')).toBe(zuGt);
    expect(sum([S1], 'zuzuege')).toBe(0);
  });
});

describe('moveOutcomes (the rule on its own)', () => {
  // consistent nested areas: block b lies in Gemeindeteil floor(b / 3), which lies in Stadt floor(b / 6); −1 = unknown
  const side = fc.tuple(fc.integer({ min: 0, max: 11 }), fc.constantFrom('block', 'gt', 'stadt')).map(([b, known]) => [
    known === 'block' ? b : -1,
    known === 'stadt' ? -1 : Math.floor(b / 3),
    Math.floor(b / 6),
  ]);

  test('“gleich” only for two known equal areas, “verschieden” only where certain, and a difference carries down to the finer levels', () => {
    fc.assert(
      fc.property(side, side, (a, b) => {
        const o = moveOutcomes(a, b);
        for (let l = 0; l < 3; l++) {
          if (o[l] === 'gleich') expect(a[l] !== -1 && a[l] === b[l]).toBe(true);
          const certain = [0, 1, 2].some((k) => k >= l && a[k]! >= 0 && b[k]! >= 0 && a[k] !== b[k]);
          expect(o[l] === 'verschieden').toBe(certain);
          if (l > 0 && o[l] === 'verschieden') expect(o[l - 1]).toBe('verschieden');
        }
      }),
    );
  });

  test('examples', () => {
    expect(moveOutcomes([1, 0, 0], [4, 1, 0])).toEqual(['verschieden', 'verschieden', 'gleich']);
    expect(moveOutcomes([-1, 0, 0], [1, 0, 0])).toEqual(['unbestimmt', 'gleich', 'gleich']);
    expect(moveOutcomes([-1, 0, 0], [4, 1, 0])).toEqual(['verschieden', 'verschieden', 'gleich']);
    expect(moveOutcomes([-1, -1, 0], [4, 1, 0])).toEqual(['unbestimmt', 'unbestimmt', 'gleich']);
    expect(moveOutcomes([-1, -1, 0], [-1, -1, 1])).toEqual(['verschieden', 'verschieden', 'verschieden']);
  });
});
