/**
 * The StringIndex behind person keys with letters: same string ↔ same id, id → the string back,
 * through hash collisions, table growth, chunk boundaries and every UTF-16 code unit; and, through the
 * aggregation, duplicate letter keys reported as DOPPELTER_SCHLUESSEL with line and column.
 */
import fc from 'fast-check';
import { aggregateRegister, readZuordnung } from '../../shared/register';
import { MAX_ENCODED_LENGTH, StringIndex } from '../../shared/register/string-index';
import { syntheticRegister } from '../../shared/register/synthetic';
import { PERSONEN, STICHTAG, ZUORDNUNG_CSV, bestandCsv } from './fixture';

/** any UTF-16 code unit, lone surrogates included */
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const keyLike = fc.stringMatching(/^[A-Z0-9-]{1,12}$/);
const strings = fc.array(fc.oneof(anyUnits, keyLike, fc.string({ unit: 'binary' })), { maxLength: 300 });

/** Feeds `xs` in order; every id must be stable, distinct per string and give the string back. */
function check(index: StringIndex, xs: readonly string[]): void {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  const wrong: string[] = [];
  for (const x of xs) {
    const id = index.id(x);
    const before = ids.get(x);
    if (before === undefined) {
      if (taken.has(id)) wrong.push(`${JSON.stringify(x)}: Id ${id} gehört schon einer anderen Zeichenkette`);
      ids.set(x, id);
      taken.add(id);
    } else if (id !== before) wrong.push(`${JSON.stringify(x)}: Id ${id} statt ${before}`);
  }
  for (const [x, id] of ids) {
    if (index.find(x) !== id) wrong.push(`${JSON.stringify(x)}: find ${index.find(x)} statt ${id}`);
    if (index.name(id) !== x) wrong.push(`${JSON.stringify(x)}: name ${JSON.stringify(index.name(id))}`);
  }
  expect(wrong).toEqual([]);
  expect(index.size).toBe(ids.size);
}

describe('StringIndex', () => {
  test('equal strings get equal ids, different strings different ids, and every id gives its string back', () => {
    fc.assert(fc.property(strings, (xs) => check(new StringIndex(4), xs)), { numRuns: 200 });
  });

  test('with every string hashed to the same slot (one long probe chain) it is still exact', () => {
    fc.assert(fc.property(strings, (xs) => check(new StringIndex(4, () => 0), xs)), { numRuns: 50 });
    // near-identical strings in one chain: same length, same prefix, one differing last byte
    const near = Array.from({ length: 500 }, (_, i) => `A-${String(i).padStart(6, '0')}`);
    check(new StringIndex(1, () => 7), [...near, ...near.reverse()]);
  });

  test('absent strings are not found and not added by find()', () => {
    const index = new StringIndex();
    index.id('A-1');
    expect(index.find('A-2')).toBe(-1);
    expect(index.find('A-1 ')).toBe(-1);
    expect(index.find('')).toBe(-1);
    expect(index.size).toBe(1);
    expect(index.name(index.id(''))).toBe('');
  });

  test('many keys: 100,000 keys through repeated growth, compactly stored', () => {
    const index = new StringIndex(16);
    const n = 100_000;
    const ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) ids[i] = index.id(`EW-${i.toString(36).toUpperCase()}`);
    for (let i = 0; i < n; i += 997) expect(index.name(ids[i]!)).toBe(`EW-${i.toString(36).toUpperCase()}`);
    for (let i = 0; i < n; i++) if (index.id(`EW-${i.toString(36).toUpperCase()}`) !== ids[i]) throw new Error(`Id von ${i} geändert`);
    expect(new Set(ids).size).toBe(n);
    expect(index.size).toBe(n);
    // 7–8 characters + 1 length byte each: under 10 bytes per key (one 1 MiB chunk at a time)
    expect(index.byteLength).toBeLessThanOrEqual(Math.ceil((n * 9) / 2 ** 20) * 2 ** 20);
  });

  test('long strings (2-byte length prefix, 3-byte characters) across chunk boundaries', () => {
    const index = new StringIndex();
    const long = Array.from({ length: 600 }, (_, i) => `${'€'.repeat(1000 + i)}${i}`); // ~3 KB each: several 1 MiB chunks
    check(index, long);
    expect(index.byteLength).toBeGreaterThan(2 ** 20);
    const max = 'x'.repeat(MAX_ENCODED_LENGTH);
    expect(index.name(index.id(max))).toBe(max);
    expect(() => index.id(max + 'x')).toThrow(RangeError);
    expect(() => index.id('€'.repeat(Math.ceil(MAX_ENCODED_LENGTH / 3) + 1))).toThrow(RangeError);
  });

  test('a chunk filled to the last byte: the next key starts a new chunk', () => {
    // 127 ASCII characters + 1 length byte = 128 bytes: 8,192 of them fill a 1 MiB chunk exactly
    const keys = Array.from({ length: 8192 + 10 }, (_, i) => String(i).padStart(127, 'K'));
    const index = new StringIndex();
    check(index, keys);
    expect(index.byteLength).toBe(2 * 2 ** 20);
  });

  test('after dropLookup() the names stay readable and no new ids can be made', () => {
    const index = new StringIndex();
    const a = index.id('A-1');
    index.dropLookup();
    expect(index.name(a)).toBe('A-1');
    expect(() => index.id('A-2')).toThrow(/dropLookup/);
    expect(() => index.name(a + 1000)).toThrow(RangeError);
  });
});

describe('letter keys in the aggregation', () => {
  test('duplicate letter keys among about 10,000 persons are reported with line and column, the later row skipped', async () => {
    const reg = syntheticRegister({ persons: 10_000, seed: 3, alphanumericKeys: true });
    const text = [...reg.bestand()].join('');
    const lines = text.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^[A-Z]/);
    // duplicate the keys of three persons at the end of the file (lines n + 1 ff.)
    const n = lines.length;
    const picked = [5, 777, 9_999];
    const extra = picked.map((l) => lines[l]!);
    const res = await aggregateRegister(
      { bestand: [text + extra.join('\n') + '\n'], bestandDatei: 'ew.csv' },
      { stichtag: '31.12.2024', zuordnung: await readZuordnung([...reg.zuordnung()], 'z.csv') },
    );
    const dups = res.report.befunde.filter((f) => f.code === 'DOPPELTER_SCHLUESSEL');
    expect(dups.map((f) => [f.line, f.column, f.severity])).toEqual([
      [n + 1, 'ordnungsmerkmal', 'fehler'],
      [n + 2, 'ordnungsmerkmal', 'fehler'],
      [n + 3, 'ordnungsmerkmal', 'fehler'],
    ]);
    const key = (l: string) => l.split(';')[0]!;
    expect(dups[0]!.message).toBe(
      `ew.csv, Zeile ${n + 1}, Spalte „ordnungsmerkmal“ (1. Spalte): Ordnungsmerkmal ${key(extra[0]!)} steht schon in Zeile 6 – diese Zeile wird nicht gezählt, Verweise gelten der ersten`,
    );
    expect(res.report.bestand.uebersprungen).toBe(3);
    expect(res.report.fehler).toBe(3);
  });

  test('the same register with numeric and with letter keys gives the same counts', async () => {
    const run = async (alphanumericKeys: boolean) => {
      const reg = syntheticRegister({ persons: 10_000, seed: 4, alphanumericKeys });
      return aggregateRegister(
        { bestand: [...reg.bestand()], bestandDatei: 'ew.csv', bewegungen: [...reg.bewegungen()], bewegungenDatei: 'bew.csv' },
        { stichtag: '31.12.2024', zuordnung: await readZuordnung([...reg.zuordnung()], 'z.csv') },
      );
    };
    const [num, alpha] = await Promise.all([run(false), run(true)]);
    expect(alpha.report.fehler).toBe(0);
    expect(alpha.rows).toEqual(num.rows);
    expect(alpha.report.haushalte).toEqual(num.report.haushalte);
  });

  test('a key longer than 1,000 characters is refused with its column, not stored', async () => {
    const persons = PERSONEN.map((p) => (p.om === '3' ? { ...p, eltern: `1,${'Z'.repeat(1001)}` } : p));
    const res = await aggregateRegister({ bestand: bestandCsv(persons), bestandDatei: 'ew.csv' }, { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG_CSV], 'z.csv') });
    expect(res.report.befunde.map((f) => [f.code, f.line, f.column])).toEqual([['WERT_UNGUELTIG', 4, 'elternteil_om']]);
    expect(res.report.befunde[0]!.message).toMatch(/Ordnungsmerkmal mit 1\.001 Zeichen – erlaubt sind höchstens 1\.000 – Person nicht gezählt$/);
  });
});
