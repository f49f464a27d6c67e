import { generateHouseholds, type HouseholdStats } from '../../shared/register/households';

interface M {
  key: number;
  age: number;
  spouse?: number;
  parents?: number[];
}

function run(members: M[], known: number[] = []) {
  const stats: HouseholdStats = { haushalte: 0, personen: 0, minderjaehrigeOhneVerknuepfung: 0, ehegatteAndereAdresse: 0, elternteilAndereAdresse: 0, verweiseOhnePerson: 0 };
  const all = new Set([...members.map((m) => m.key), ...known]);
  const r = generateHouseholds(
    members.length,
    (j) => members[j]!.key,
    (j) => members[j]!.spouse ?? NaN,
    (j) => members[j]!.parents?.[0] ?? NaN,
    (j) => members[j]!.parents?.[1] ?? NaN,
    (j) => members[j]!.age,
    (k) => all.has(k),
    stats,
  );
  return { ...r, bySize: [...r.bySize], stats };
}

describe('household generation at one address', () => {
  test('two single parents sharing a flat are two single-parent households', () => {
    const r = run([
      { key: 1, age: 30 },
      { key: 2, age: 5, parents: [1] },
      { key: 3, age: 35 },
      { key: 4, age: 8, parents: [3] },
      { key: 5, age: 10, parents: [3, 99] }, // other parent lives elsewhere
    ], [99]);
    expect(r).toMatchObject({ total: 2, bySize: [0, 1, 1, 0, 0], withChildren: 2, singleParent: 2 });
    expect(r.stats.elternteilAndereAdresse).toBe(1);
  });

  test('stepfamily: the partner links through the spouse reference; three generations by references are one household', () => {
    const step = run([
      { key: 1, age: 40, spouse: 2 },
      { key: 2, age: 38 },
      { key: 3, age: 12, parents: [2] },
    ]);
    expect(step).toMatchObject({ total: 1, bySize: [0, 0, 1, 0, 0], withChildren: 1, singleParent: 0 });
    const three = run([
      { key: 1, age: 70 },
      { key: 2, age: 17, parents: [1] },
      { key: 3, age: 0, parents: [2] }, // a minor mother with her baby, living with her mother
    ]);
    expect(three).toMatchObject({ total: 1, bySize: [0, 0, 1, 0, 0], withChildren: 1, singleParent: 1 });
  });

  test('a grandmother with grandchildren but no reference to them is not a single parent; a lone minor has no household with children', () => {
    const r = run([
      { key: 1, age: 68 },
      { key: 2, age: 9, parents: [50] }, // parent registered elsewhere
    ], [50]);
    expect(r).toMatchObject({ total: 2, bySize: [2, 0, 0, 0, 0], withChildren: 0, singleParent: 0 });
    expect(r.stats.minderjaehrigeOhneVerknuepfung).toBe(1);
  });

  test('a large address (home, > 16 persons) uses the map path: couples found, the rest one-person households', () => {
    const members: M[] = Array.from({ length: 40 }, (_, i) => ({ key: 1000 + i, age: 80 }));
    members[0]!.spouse = 1039;
    members[10]!.spouse = 1011;
    members[11]!.spouse = 1010;
    members[20]!.spouse = 777; // spouse not in the extract
    const r = run(members);
    expect(r).toMatchObject({ total: 38, bySize: [36, 2, 0, 0, 0], withChildren: 0, singleParent: 0 });
    expect(r.stats.verweiseOhnePerson).toBe(1);
  });

  test('one person: spouse elsewhere is counted, a minor alone is flagged', () => {
    expect(run([{ key: 1, age: 50, spouse: 2 }], [2]).stats.ehegatteAndereAdresse).toBe(1);
    expect(run([{ key: 1, age: 15 }])).toMatchObject({ total: 1, bySize: [1, 0, 0, 0, 0], withChildren: 0, stats: { minderjaehrigeOhneVerknuepfung: 1 } });
  });
});
