/**
 * Hostile input against the real app (issue 13): the largest allowed submission answers 422 in
 * under 1 MB, JSON nested 20,000 deep gets 400 naming the field (not a 500 from a stack overflow),
 * catalogue, Sozialindex and area uploads with out-of-range content get 422 naming the place. The
 * canonical hash stays what it was (stored hashes and idempotency keys remain valid).
 */
import fc from 'fast-check';
import request from 'supertest';
import { STANDARD_CATALOGUE_DEFINITION, standardCatalogue, validateDataset } from '../../shared';
import { clone } from '../helpers/core-fixtures';
import { AreaTree } from '../../shared/areas/areas';
import { parseAreaExchange } from '../../shared/areas/exchange';
import { parseIndikatoren } from '../../sync-server/routes/bericht';
import { MAX_JSON_DEPTH, canonicalJson, contentHash, contentHashAsync, sha256 } from '../../sync-server/hash';
import { TestServer, WITTEN, testAreas, testServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.close();
});

const BLOCK = `${WITTEN}-01-0001`;
const MB = 1024 * 1024;
const deep = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

/** Rows of every kind of error, repeated until the JSON is just under `bytes`. */
function hostileSubmission(bytes: number): { period: string; rows: unknown[] } {
  const kinds = [
    (i: number) => ({ area: BLOCK, variable: `v${i}_${'x'.repeat(1000)}`, value: 1 }),
    (i: number) => ({ area: `${'0'.repeat(900)}${i}`, variable: 'bevoelkerung', value: 1 }),
    (i: number) => ({ area: BLOCK, variable: `bevoelkerun${i % 10}`, value: 'z'.repeat(500) }),
    (i: number) => ({ area: BLOCK, variable: 'geburten', value: { i } }),
    (i: number) => ({ area: `${WITTEN}-99-${String(i % 10000).padStart(4, '0')}`, variable: 'geburten', value: 0.5 }),
  ];
  const rows: unknown[] = [];
  let size = 40;
  for (let i = 0; ; i++) {
    const row = kinds[i % kinds.length]!(i);
    const n = JSON.stringify(row).length + 1;
    if (size + n > bytes) break;
    rows.push(row);
    size += n;
  }
  return { period: '2024', rows };
}

describe('the largest allowed submission', () => {
  it('is answered with 422 in under 1 MB, naming the total count; the uncapped findings would be far larger', async () => {
    const body = hostileSubmission(8 * MB - 1024);
    const text = JSON.stringify(body);
    expect(text.length).toBeGreaterThan(7.9 * MB);
    // the unprotected variant: every finding listed
    const tree = AreaTree.build(parseAreaExchange(testAreas()).areas);
    const all = validateDataset(body, { catalogue: standardCatalogue(), tree, submitter: { rolle: 'kreis' } });
    expect(JSON.stringify(all.errors).length).toBeGreaterThan(5 * MB);
    const res = await request(t.app).post('/api/submissions').set(t.auth(t.tokens.kreis)).set('Content-Type', 'application/json').send(text).expect(422);
    const size = Buffer.byteLength(JSON.stringify(res.body));
    expect(size).toBeLessThan(1 * MB);
    expect(all.errorCount).toBeGreaterThan(body.rows.length);
    expect(res.body.message).toBe(`Die Meldung enthält ${all.errorCount.toLocaleString('de-DE')} Fehler; es wurde nichts gespeichert.`);
    expect(res.body.errors.length).toBeLessThanOrEqual(200 + 10);
    // the count of all findings travels with the listed ones: the add-in says "… Fehler" from it
    expect(res.body.errorCount).toBe(all.errorCount);
    expect(res.body.warningCount).toBe(all.warningCount);
    expect(res.body.errors.filter((e: { row: number | null }) => e.row === null).map((e: { message: string }) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^… und [0-9.]+ weitere Fehler dieser Art \(MERKMAL_UNBEKANNT\)/)]),
    );
  });

  it('five unknown names of 1.1 MB each: five short findings', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ area: BLOCK, variable: String.fromCharCode(97 + i).repeat(1_100_000), value: 1 }));
    const res = await request(t.app).post('/api/submissions').set(t.auth(t.tokens.kreis)).send({ period: '2024', rows }).expect(422);
    expect(res.body.errors).toHaveLength(5);
    expect(res.body.errors[0].message).toBe(
      `Zeile 1, Baublock 0001 (${BLOCK}), Merkmal ${'a'.repeat(80)}…: Der Merkmalsname „${'a'.repeat(80)}…“ ist mit 1.100.000 Zeichen zu lang (höchstens 64); erwartet wird eine Kennung des Kennzahlenkatalogs 2025.1, z. B. „bevoelkerung“.`,
    );
    expect(JSON.stringify(res.body).length).toBeLessThan(5000);
  });
});

describe('JSON nested 20,000 deep', () => {
  const raw = (inner: string): string => inner.replace('DEEP', `${'['.repeat(20_000)}1${']'.repeat(20_000)}`);

  it('the unprotected serialisation overflows the stack (what the limit prevents)', () => {
    expect(() => JSON.stringify(deep(20_000))).toThrow(RangeError);
  });

  it.each([
    ['post', '/api/submissions', `{"period":"2024","rows":[{"area":"${BLOCK}","variable":"geburten","value":DEEP}]}`, 'rows[0].value[0][0]'],
    ['put', '/api/catalogue', '{"version":"x","extra":{"a":DEEP}}', 'extra.a[0][0]'],
    ['put', '/api/areas', '{"type":"FeatureCollection","features":[{"geometry":{"coordinates":DEEP}}]}', 'features[0].geometry.coordinates[0]'],
    ['put', '/api/sozialindex/settings', '{"indikatoren":DEEP}', 'indikatoren[0][0]'],
  ])('%s %s: 400 JSON_ZU_TIEF naming the field', async (method, path, body, field) => {
    const res = await (method === 'post' ? request(t.app).post(path) : request(t.app).put(path))
      .set(t.auth(t.tokens.kreis))
      .set('Content-Type', 'application/json')
      .send(raw(body))
      .expect(400);
    expect(res.body.error).toBe('JSON_ZU_TIEF');
    expect(res.body.field.startsWith(field)).toBe(true);
    expect(res.body.message).toContain(`Der gesendete Inhalt ist zu tief verschachtelt: Feld „${field}`);
    expect(res.body.message).toContain(`erlaubt sind höchstens ${MAX_JSON_DEPTH}`);
    expect(res.body.message.length).toBeLessThan(400);
  });

  it('64 levels are accepted, 65 are not (the limit is not off by one)', async () => {
    // dataset, rows and row are three levels; the value adds the rest
    const body = (lists: number) => `{"period":"2024","rows":[{"area":"${BLOCK}","variable":"geburten","value":${'['.repeat(lists)}1${']'.repeat(lists)}}]}`;
    const post = (text: string) => request(t.app).post('/api/submissions').set(t.auth(t.tokens.kreis)).set('Content-Type', 'application/json').send(text);
    const ok = await post(body(MAX_JSON_DEPTH - 3)).expect(422);
    expect(ok.body.errors[0].detail).toBe('Der Wert ist eine Liste, erwartet wird eine ganze Zahl ab 0');
    expect((await post(body(MAX_JSON_DEPTH - 2)).expect(400)).body.error).toBe('JSON_ZU_TIEF');
  });
});

describe('catalogue, Sozialindex and areas: clear 422s', () => {
  const catalogue = (change: (d: ReturnType<typeof clone<typeof STANDARD_CATALOGUE_DEFINITION>>) => void): object => {
    const d = clone(STANDARD_CATALOGUE_DEFINITION);
    d.version = '2026.1';
    change(d);
    return d;
  };

  it('PUT /api/catalogue: a factor of 1 followed by 400 zeros, a period t-1000000, a 1 MB version, no Kennzahlen', async () => {
    const put = (body: object) => request(t.app).put('/api/catalogue').set(t.auth(t.tokens.kreis)).send(body).expect(422);
    const factor = await put(catalogue((d) => (d.kennzahlen![0]!.formel = `u20 / a20_64 * 1${'0'.repeat(400)}`)));
    expect(factor.body.error).toBe('KATALOG_FEHLERHAFT');
    expect(factor.body.errors[0]).toMatch(/^kennzahlen\[0\] \(„jugendquotient“\), Feld „formel“: Die Zahl „1000/);
    const period = await put(catalogue((d) => (d.kennzahlen![0]!.formel = 'u20(t) / a20_64(t-1000000) * 100')));
    expect(period.body.errors[0]).toContain('„t-1000000“ liegt zu weit zurück');
    const version = await put(catalogue((d) => (d.version = 'v'.repeat(1024 * 1024))));
    expect(version.body.errors).toEqual(['Feld „version“: Version: höchstens 40 Zeichen, z. B. „2026.1“']);
    const none = await put(catalogue((d) => (d.kennzahlen = [])));
    expect(none.body.errors).toEqual(['Feld „kennzahlen“: mindestens eine Kennzahl angeben; ohne Kennzahlen gibt es nichts zu berechnen']);
  });

  it('PUT /api/sozialindex/settings and the report parameter: weight 5e-324', async () => {
    const res = await request(t.app).put('/api/sozialindex/settings').set(t.auth(t.tokens.kreis)).send({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 5e-324 }], kommentar: 'Test' }).expect(422);
    expect(res.body.errors).toEqual([expect.stringContaining('Feld „indikatoren[0].gewicht“ (Kennzahl „sgb2_quote“): muss mindestens 0,01 sein (gesendet: 5e-324)')]);
    // the report's parameter (checked before any data is read)
    expect(() => parseIndikatoren('sgb2_quote:1:5e-324', () => true)).toThrow('Parameter „indikatoren“: Eintrag 1 („sgb2_quote:1:5e-324“): Gewicht muss mindestens 0,01 sein');
    expect(() => parseIndikatoren('sgb2_quote:1:', () => true)).toThrow('Gewicht muss eine endliche Zahl sein');
    expect(parseIndikatoren('sgb2_quote:1:0.01', () => true)).toEqual([{ id: 'sgb2_quote', richtung: 1, gewicht: 0.01 }]);
  });

  it('PUT /api/areas: a bow-tie and a ring of 470,000 points, naming the area; the areas in force stay', async () => {
    const withRing = (ring: number[][]): object => {
      const areas = testAreas() as { features: { properties: { code: string }; geometry: unknown }[] };
      areas.features.find((f) => f.properties.code === BLOCK)!.geometry = { type: 'Polygon', coordinates: [ring] };
      return areas;
    };
    const put = (body: object) => request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(body).expect(422);
    const bowTie = await put(withRing([[7, 51], [7.01, 51.01], [7.01, 51], [7, 51.01], [7, 51]]));
    expect(bowTie.body.error).toBe('GEBIETE_FEHLERHAFT');
    expect(bowTie.body.errors).toEqual([expect.stringMatching(new RegExp(`^Feature [0-9]+ \\(„${BLOCK}“\\), Baublock 0001: Ring 1 \\(Außenring\\): kreuzt oder berührt sich selbst`))]);
    const huge = Array.from({ length: 470_000 }, (_, i) => [7 + (i % 2), 51]);
    huge.push(huge[0]!);
    const many = await put(withRing(huge));
    expect(many.body.errors).toEqual([expect.stringContaining(`(„${BLOCK}“): Ring 1 (Außenring): hat 470.001 Punkte; erlaubt sind höchstens 100.000 je Ring`)]);
    const inForce = await request(t.app).get('/api/areas').set(t.auth(t.tokens.kreis)).expect(200);
    expect(inForce.body.features.find((f: { properties: { code: string } }) => f.properties.code === BLOCK).geometry.coordinates[0]).toHaveLength(5);
  });
});

describe('the canonical hash', () => {
  /** The former implementation: JSON.stringify with a replacer sorting keys (recursive). */
  const former = (value: unknown): string =>
    JSON.stringify(value, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
    );

  it('gives exactly the former text for any JSON value (stored hashes stay valid)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === former(v)), { numRuns: 500 });
    const tricky = { b: [undefined, () => 1, NaN], a: { '10': 1, '9': 2, '01': 3, z: undefined }, 'ä': '\u2028"' };
    expect(canonicalJson(tricky)).toBe(former(tricky));
    // found by the property above: key lists {} and {"": …} must not share a cached order
    expect(canonicalJson([{}, { '': 1 }, { 'a\u0000b': 1 }, { a: 1, b: 2 }])).toBe(former([{}, { '': 1 }, { 'a\u0000b': 1 }, { a: 1, b: 2 }]));
    expect(contentHash(STANDARD_CATALOGUE_DEFINITION)).toBe(sha256(former(STANDARD_CATALOGUE_DEFINITION)));
  });

  it('in steps: the same hash, with pauses for a large value', async () => {
    const value = { rows: Array.from({ length: 30_000 }, (_, i) => ({ variable: 'geburten', area: BLOCK, value: i })) };
    let pauses = 0;
    expect(await contentHashAsync(value, async () => void pauses++)).toBe(contentHash(value));
    expect(pauses).toBeGreaterThan(0);
  });

  it('refuses more than 64 levels instead of overflowing the stack', () => {
    expect(() => canonicalJson(deep(20_000))).toThrow(`Feld „[0][0][0]`);
    expect(() => canonicalJson(deep(63))).not.toThrow();
  });
});
