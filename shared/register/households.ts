/**
 * Household generation for the persons (Hauptwohnung) at one address, after the manner of the KOSIS
 * method HHGen, surname-free: persons are linked by the spouse/partner reference (either direction)
 * and by the parent references, both only when the referenced person lives at the same address; each
 * connected group is one household, every person without a link is a one-person household.
 * The rules and their known limits are in the README („Einwohnermeldedaten zu Merkmalen“).
 */

export interface HouseholdStats {
  haushalte: number;
  personen: number;
  /** minors left in a one-person household because no reference links them */
  minderjaehrigeOhneVerknuepfung: number;
  /** spouse references to a person registered at another address (separate households) */
  ehegatteAndereAdresse: number;
  /** parent references to a person registered at another address */
  elternteilAndereAdresse: number;
  /** references to a key that is not in the extract at all (reported as warnings) */
  verweiseOhnePerson: number;
}

export interface AddressHouseholds {
  total: number;
  /** households with 1, 2, 3, 4, 5+ persons */
  bySize: number[];
  /** households with at least one minor and at least one adult */
  withChildren: number;
  /** households with exactly one adult and at least one minor child of that adult (by reference) */
  singleParent: number;
}

/**
 * Work arrays shared by all calls (grown when an address has more persons): millions of addresses
 * must not allocate eight small typed arrays each. Returned reset for `g` members.
 */
let work = makeWork(64);

function makeWork(n: number) {
  return {
    n,
    root: new Int32Array(n),
    par1: new Int32Array(n),
    par2: new Int32Array(n),
    size: new Int32Array(n),
    adults: new Int32Array(n),
    minors: new Int32Array(n),
    theAdult: new Int32Array(n),
    counted: new Uint8Array(n),
  };
}

function scratch(g: number) {
  if (g > work.n) work = makeWork(Math.max(g, work.n * 2));
  const w = work;
  w.par1.fill(-1, 0, g);
  w.par2.fill(-1, 0, g);
  w.size.fill(0, 0, g);
  w.adults.fill(0, 0, g);
  w.minors.fill(0, 0, g);
  w.theAdult.fill(-1, 0, g);
  w.counted.fill(0, 0, g);
  return w;
}

const result: AddressHouseholds = { total: 0, bySize: [0, 0, 0, 0, 0], withChildren: 0, singleParent: 0 };

/**
 * Households of one address. Accessors take the member position 0…g−1 and return the person key,
 * spouse key, first and second parent key (NaN for none) and age in completed years; `exists` says
 * whether a key is anywhere in the extract. The returned object is reused by the next call.
 */
export function generateHouseholds(
  g: number,
  key: (j: number) => number,
  spouse: (j: number) => number,
  parent1: (j: number) => number,
  parent2: (j: number) => number,
  age: (j: number) => number,
  exists: (k: number) => boolean,
  stats: HouseholdStats,
): AddressHouseholds {
  result.total = 0;
  result.bySize.fill(0);
  result.withChildren = 0;
  result.singleParent = 0;
  stats.personen += g;

  if (g === 1) {
    // One person at the address: a one-person household; references only feed the statistics.
    const s = spouse(0);
    if (!Number.isNaN(s) && s !== key(0)) {
      if (exists(s)) stats.ehegatteAndereAdresse++;
      else stats.verweiseOhnePerson++;
    }
    for (let q = 0; q < 2; q++) {
      const p = q === 0 ? parent1(0) : parent2(0);
      if (Number.isNaN(p)) continue;
      if (exists(p)) stats.elternteilAndereAdresse++;
      else stats.verweiseOhnePerson++;
    }
    if (age(0) < 18) stats.minderjaehrigeOhneVerknuepfung++;
    result.total = 1;
    result.bySize[0] = 1;
    stats.haushalte += 1;
    return result;
  }

  // Member position of a key at this address (linear for small groups, a map for large ones).
  let map: Map<number, number> | null = null;
  if (g > 16) {
    map = new Map();
    for (let j = 0; j < g; j++) if (!map.has(key(j))) map.set(key(j), j);
  }
  const local = (k: number): number => {
    if (map) return map.get(k) ?? -1;
    for (let j = 0; j < g; j++) if (key(j) === k) return j;
    return -1;
  };

  const { root, par1, par2, size, adults, minors, theAdult, counted } = scratch(g);
  for (let j = 0; j < g; j++) root[j] = j;
  const find = (x: number): number => {
    while (root[x] !== x) {
      root[x] = root[root[x]!]!;
      x = root[x]!;
    }
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) root[ra] = rb;
  };
  // For each member: positions of its parents at this address (−1 none)

  for (let j = 0; j < g; j++) {
    const s = spouse(j);
    if (!Number.isNaN(s)) {
      const o = local(s);
      if (o >= 0 && o !== j) union(j, o);
      else if (exists(s)) stats.ehegatteAndereAdresse++;
      else stats.verweiseOhnePerson++;
    }
    for (let q = 0; q < 2; q++) {
      const p = q === 0 ? parent1(j) : parent2(j);
      if (Number.isNaN(p)) continue;
      const o = local(p);
      if (o >= 0 && o !== j) {
        union(j, o);
        if (q === 0) par1[j] = o;
        else par2[j] = o;
      } else if (exists(p)) stats.elternteilAndereAdresse++;
      else stats.verweiseOhnePerson++;
    }
  }

  // Per household (component root): size, adults, minors, the single adult, whether a minor is its child.
  for (let j = 0; j < g; j++) {
    const r = find(j);
    size[r]!++;
    if (age(j) >= 18) {
      adults[r]!++;
      theAdult[r] = j;
    } else minors[r]!++;
  }
  for (let j = 0; j < g; j++) {
    if (find(j) !== j) continue;
    result.total++;
    result.bySize[Math.min(size[j]!, 5) - 1]!++;
    if (size[j] === 1 && minors[j] === 1) stats.minderjaehrigeOhneVerknuepfung++;
    if (minors[j]! > 0 && adults[j]! > 0) result.withChildren++;
  }
  // Single parent: the household's only adult is referenced as parent by a minor of the household.
  for (let j = 0; j < g; j++) {
    if (age(j) >= 18) continue;
    const r = find(j);
    if (adults[r] !== 1 || counted[r]) continue;
    const a = theAdult[r]!;
    if (par1[j] === a || par2[j] === a) {
      counted[r] = 1;
      result.singleParent++;
    }
  }
  stats.haushalte += result.total;
  return result;
}
