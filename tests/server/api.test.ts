/** Every endpoint and every bad-input case of issue 3, through real HTTP against the real app and a real SQLite file. */
import request from 'supertest';
import { HATTINGEN, KREIS, TestServer, WITTEN, baublockeOf, populationRows, testAreas, testServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.close();
});

const post = (token: string, body: unknown) =>
  request(t.app).post('/api/submissions').set(t.auth(token)).set('Content-Type', 'application/json').send(JSON.stringify(body));
const submissionCount = async () => (await t.storage.history({})).length;

describe('health, security headers, CORS, unknown routes', () => {
  test('GET /api/health needs no token and says whether demo data is loaded', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', demo: false, areas: 15, database: { kind: 'sqlite', reachable: true } });
  });

  test('helmet sets security headers', async () => {
    const res = await request(t.app).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('CORS answers only the add-in origin', async () => {
    const ok = await request(t.app).options('/api/indicators').set('Origin', 'https://localhost:3000').set('Access-Control-Request-Method', 'GET');
    expect(ok.headers['access-control-allow-origin']).toBe('https://localhost:3000');
    const evil = await request(t.app).options('/api/indicators').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const get = await request(t.app).get('/api/health').set('Origin', 'https://evil.example');
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('unknown routes get a German 404', async () => {
    const res = await request(t.app).get('/api/gibtsnicht').set(t.auth(t.tokens.kreis)).expect(404);
    expect(res.body.message).toMatch(/gibt es nicht/);
  });
});

describe('authentication', () => {
  test('missing token: 401 in German', async () => {
    const res = await request(t.app).get('/api/catalogue').expect(401);
    expect(res.body).toMatchObject({ error: 'ANMELDUNG_FEHLT' });
    expect(res.body.message).toMatch(/Authorization: Bearer/);
  });
  test('wrong, malformed and revoked tokens: 401', async () => {
    await request(t.app).get('/api/catalogue').set('Authorization', 'Bearer falsch').expect(401);
    const bad = await request(t.app).get('/api/catalogue').set('Authorization', 'Basic abc').expect(401);
    expect(bad.body.error).toBe('ANMELDUNG_UNGUELTIG');
    const { createToken, OPERATOR } = await import('../../sync-server/tokens');
    const { id, token } = await createToken(t.storage, { rolle: 'leser' }, OPERATOR);
    await request(t.app).get('/api/catalogue').set(t.auth(token)).expect(200);
    await t.storage.revokeToken(id, OPERATOR);
    const res = await request(t.app).get('/api/catalogue').set(t.auth(token)).expect(401);
    expect(res.body.message).toMatch(/widerrufen/);
  });
  test('tokens are stored only as hashes', async () => {
    const all = JSON.stringify(await t.storage.tokens());
    expect(all).not.toContain(t.tokens.kreis);
  });
  test('repeated authentication failures are rate limited (429), valid tokens before the limit are not counted', async () => {
    const limited = await testServer({ authFailureLimit: 3 });
    try {
      await request(limited.app).get('/api/catalogue').set(limited.auth(limited.tokens.kreis)).expect(200);
      // different guesses count (the same wrong token sent again is one failure: tests/server/http-hardening.test.ts)
      for (let i = 0; i < 3; i++) await request(limited.app).get('/api/catalogue').set('Authorization', `Bearer rate${i}`).expect(401);
      const res = await request(limited.app).get('/api/catalogue').set('Authorization', 'Bearer rate3').expect(429);
      expect(res.body.message).toMatch(/Zu viele fehlgeschlagene Anmeldungen/);
    } finally {
      await limited.close();
    }
  });
});

describe('catalogue', () => {
  test('GET returns the current version; unknown ?version= is 404', async () => {
    const res = await request(t.app).get('/api/catalogue').set(t.auth(t.tokens.leser)).expect(200);
    expect(res.body.version).toBe('2025.1');
    expect(res.body.definition.merkmale.length).toBeGreaterThan(10);
    expect(res.body.demo).toBe(false);
    const missing = await request(t.app).get('/api/catalogue?version=1999').set(t.auth(t.tokens.leser)).expect(404);
    expect(missing.body.message).toMatch(/1999/);
  });
  test('PUT: only the Kreis; invalid rejected with every problem; new version stored; versions immutable', async () => {
    const current = (await request(t.app).get('/api/catalogue').set(t.auth(t.tokens.kreis))).body.definition;
    await request(t.app).put('/api/catalogue').set(t.auth(t.tokens.witten)).send({ ...current, version: '2026.1' }).expect(403);
    const invalid = await request(t.app).put('/api/catalogue').set(t.auth(t.tokens.kreis))
      .send({ ...current, version: '2026.1', kennzahlen: [{ ...current.kennzahlen[0], formel: 'gibtsnicht / bevoelkerung' }] }).expect(422);
    expect(invalid.body.errors.join('\n')).toMatch(/unbekannte Kennung „gibtsnicht“/);
    expect((await request(t.app).get('/api/catalogue').set(t.auth(t.tokens.kreis))).body.version).toBe('2025.1');

    await request(t.app).put('/api/catalogue').set(t.auth(t.tokens.kreis)).send({ ...current, version: '2026.1' }).expect(201);
    const again = await request(t.app).put('/api/catalogue').set(t.auth(t.tokens.kreis)).send({ ...current, version: '2026.1' }).expect(200);
    expect(again.body.unchanged).toBe(true);
    const changed = await request(t.app).put('/api/catalogue').set(t.auth(t.tokens.kreis)).send({ ...current, version: '2026.1', titel: 'anders' }).expect(409);
    expect(changed.body.message).toMatch(/neue Versionsnummer/);
    const res = await request(t.app).get('/api/catalogue').set(t.auth(t.tokens.kreis)).expect(200);
    expect(res.body.version).toBe('2026.1');
    expect(res.body.versions).toEqual(['2025.1', '2026.1']);
    await request(t.app).get('/api/catalogue?version=2025.1').set(t.auth(t.tokens.kreis)).expect(200);
  });
});

describe('areas', () => {
  test('GET: GeoJSON, filtered by ebene and parent', async () => {
    const all = await request(t.app).get('/api/areas').set(t.auth(t.tokens.leser)).expect(200);
    expect(all.body.type).toBe('FeatureCollection');
    expect(all.body.features).toHaveLength(15);
    const blocks = await request(t.app).get('/api/areas?ebene=baublock').set(t.auth(t.tokens.leser)).expect(200);
    expect(blocks.body.features).toHaveLength(8);
    expect(blocks.body.features[0].geometry.type).toBe('Polygon');
    const children = await request(t.app).get(`/api/areas?parent=${WITTEN}`).set(t.auth(t.tokens.leser)).expect(200);
    expect(children.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([`${WITTEN}-01`, `${WITTEN}-02`]);
    const bad = await request(t.app).get('/api/areas?ebene=dorf').set(t.auth(t.tokens.leser)).expect(400);
    expect(bad.body.message).toMatch(/Parameter „ebene“: „dorf“ ist keine Ebene/);
  });
  test('PUT: only the Kreis; an invalid hierarchy is rejected whole, the old one stays', async () => {
    await request(t.app).put('/api/areas').set(t.auth(t.tokens.witten)).send(testAreas()).expect(403);
    const broken = testAreas() as { features: { properties: { parent: string } }[] };
    broken.features[3]!.properties.parent = '05954999';
    const res = await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(broken).expect(422);
    expect(res.body.errors.join('\n')).toMatch(/05954999/);
    expect((await request(t.app).get('/api/areas').set(t.auth(t.tokens.kreis))).body.features).toHaveLength(15);
    const ok = await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(testAreas()).expect(200);
    expect(ok.body).toEqual({ areas: 15, kreis: KREIS, hinweise: [] });
  });
  test('PUT: overlapping Baublöcke are refused by name, the old areas stay', async () => {
    const overlapping = testAreas() as { features: { properties: { code: string }; geometry: unknown }[] };
    const [b1, b2] = [`${WITTEN}-01-0001`, `${WITTEN}-01-0002`].map((c) => overlapping.features.find((f) => f.properties.code === c)!);
    b2!.geometry = b1!.geometry;
    const res = await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(overlapping).expect(422);
    expect(res.body.errors).toEqual([`Baublock Baublock 0001 (${WITTEN}-01-0001) und Baublock Baublock 0002 (${WITTEN}-01-0002) überlappen sich auf 100 % der kleineren Fläche (erlaubt sind 1 %)`]);
    const kept = (await request(t.app).get(`/api/areas?parent=${WITTEN}-01`).set(t.auth(t.tokens.kreis))).body.features;
    expect(kept.map((f: { geometry: unknown }) => JSON.stringify(f.geometry)).filter((g: string, i: number, all: string[]) => all.indexOf(g) === i)).toHaveLength(2);
  });
});

describe('submissions: bad input is refused whole with German findings naming row and field', () => {
  const area = `${WITTEN}-01-0001`;
  test('malformed JSON: 400, nothing stored', async () => {
    const before = await submissionCount();
    const res = await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).set('Content-Type', 'application/json').send('{"period": "2024", "rows": [').expect(400);
    expect(res.body.error).toBe('JSON_UNGUELTIG');
    expect(res.body.message).toMatch(/kein gültiges JSON/);
    expect(await submissionCount()).toBe(before);
  });
  test('not JSON at all: 415', async () => {
    const res = await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).set('Content-Type', 'text/plain').send('period=2024').expect(415);
    expect(res.body.message).toMatch(/als JSON senden/);
  });
  test.each([
    ['wrong type (text value)', { area, variable: 'geburten', value: '12' }, 'WERT_KEINE_ZAHL', /Zeile 2, Baublock 0001 \(05954036-01-0001\), Lebendgeborene \(geburten\): Der Wert ist der Text „12“/],
    ['negative count', { area, variable: 'geburten', value: -3 }, 'WERT_NEGATIV', /Zeile 2.*negativ/],
    ['fractional count', { area, variable: 'geburten', value: 2.5 }, 'WERT_NICHT_GANZZAHLIG', /Zeile 2.*keine ganze Zahl/],
    ['unknown area', { area: `${WITTEN}-09-0001`, variable: 'geburten', value: 1 }, 'GEBIET_UNBEKANNT', /Zeile 2, Gebiet 05954036-09-0001.*gibt es in der verbindlichen Gebietsgliederung nicht/],
    ['unknown variable', { area, variable: 'geburtn', value: 1 }, 'MERKMAL_UNBEKANNT', /Zeile 2.*Meinten Sie „geburten“/],
  ])('%s: 422, nothing stored (also not the valid first row)', async (_name, badRow, code, message) => {
    const before = await submissionCount();
    const res = await post(t.tokens.witten, { period: '2024', rows: [{ area, variable: 'sterbefaelle', value: 1 }, badRow] }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ code, row: 1, message: expect.stringMatching(message) })]);
    expect(res.body.message).toMatch(/nichts gespeichert/);
    expect(await submissionCount()).toBe(before);
  });
  test('wrong types for period, rows and baseRevision: 422', async () => {
    const p = await post(t.tokens.witten, { period: 2024, rows: [] }).expect(422);
    expect(p.body.errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['PERIODE_UNGUELTIG', 'DATENSATZ_LEER']));
    const r = await post(t.tokens.witten, { period: '2024', rows: 'viele' }).expect(422);
    expect(r.body.errors[0].message).toMatch(/Feld „rows“/);
    const b = await post(t.tokens.witten, { period: '2024', rows: [{ area, variable: 'geburten', value: 1 }], baseRevision: 'drei' }).expect(422);
    expect(b.body.errors[0].message).toMatch(/Feld „baseRevision“/);
  });
  test('inconsistent values (parts larger than the whole): 422 from the shared validation', async () => {
    const rows = populationRows(area, 10).map((r) => (r.variable === 'bevoelkerung' ? { ...r, value: r.value + 5 } : r));
    const res = await post(t.tokens.witten, { period: '2024', rows }).expect(422);
    expect(res.body.errors[0].code).toBe('SUMME_ABWEICHEND');
  });
  test("another city's area: 403, nothing stored; leser may not submit", async () => {
    const before = await submissionCount();
    const res = await post(t.tokens.witten, { period: '2024', rows: [{ area, variable: 'geburten', value: 1 }, { area: `${HATTINGEN}-01-0001`, variable: 'geburten', value: 1 }] }).expect(403);
    expect(res.body.errors[0]).toMatchObject({ code: 'NICHT_EIGENES_GEBIET', row: 1 });
    expect(res.body.errors[0].message).toMatch(/Zeile 2, Baublock 0001 \(05954016-01-0001\), Lebendgeborene \(geburten\): Keine Berechtigung.*nur Gebiete der Stadt 05954036/);
    await post(t.tokens.leser, { period: '2024', rows: [{ area, variable: 'geburten', value: 1 }] }).expect(403);
    expect(await submissionCount()).toBe(before);
  });
  test('oversized body: a clear 413 in German', async () => {
    const small = await testServer({ bodyLimit: '2kb' });
    try {
      const rows = Array.from({ length: 200 }, (_, i) => ({ area, variable: 'geburten', value: i }));
      const res = await request(small.app).post('/api/submissions').set(small.auth(small.tokens.witten)).send({ period: '2024', rows }).expect(413);
      expect(res.body.message).toMatch(/zu groß \(höchstens 2kb\).*aufteilen/);
      expect(await small.storage.history({})).toHaveLength(0);
    } finally {
      await small.close();
    }
  });
});

describe('submissions, values, indicators, status, history', () => {
  beforeAll(async () => {
    // Witten: population for every Baublock; Hattingen: only one Gemeindeteil's blocks.
    const wittenRows = baublockeOf(WITTEN).flatMap((b, i) => populationRows(b, 10 + i));
    await post(t.tokens.witten, { period: '2023', rows: wittenRows }).expect(201);
    const hattingenRows = baublockeOf(HATTINGEN).slice(0, 2).flatMap((b) => populationRows(b, 20));
    await post(t.tokens.hattingen, { period: '2023', rows: hattingenRows }).expect(201);
  });

  test('201 with submission id, revision and accepted rows; revisions count per Stadt and period', async () => {
    const rows = [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 3 }];
    const res = await post(t.tokens.witten, { period: '2023', rows }).expect(201);
    expect(res.body).toMatchObject({ revision: 2, rowsAccepted: 1, revisions: { [WITTEN]: 2 } });
    expect(typeof res.body.submissionId).toBe('number');
    const other = await post(t.tokens.hattingen, { period: '2022', rows: [{ area: `${HATTINGEN}-01-0001`, variable: 'geburten', value: 1 }] }).expect(201);
    expect(other.body.revision).toBe(1);
  });

  test('the Kreis may submit for any area; a Kreis-wide submission advances the Kreis and each Stadt touched', async () => {
    const res = await post(t.tokens.kreis, {
      period: '2023',
      rows: [{ area: `${WITTEN}-02`, variable: 'arbeitslose', value: 5 }, { area: `${HATTINGEN}-02`, variable: 'arbeitslose', value: 4 }],
    }).expect(201);
    expect(res.body.revisions).toEqual({ [KREIS]: 1, [WITTEN]: 3, [HATTINGEN]: 2 });
    expect(res.body.revision).toBe(1);
  });

  test('every version is kept; the newest accepted value counts', async () => {
    const area = `${WITTEN}-02-0002`;
    await post(t.tokens.witten, { period: '2021', rows: [{ area, variable: 'geburten', value: 7 }] }).expect(201);
    await post(t.tokens.witten, { period: '2021', rows: [{ area, variable: 'geburten', value: 8 }] }).expect(201);
    const hist = await request(t.app).get(`/api/submissions?area=${area}&period=2021`).set(t.auth(t.tokens.witten)).expect(200);
    expect(hist.body.submissions.map((s: { rows: { value: number }[] }) => s.rows[0]!.value)).toEqual([8, 7]);
    const values = await request(t.app).get(`/api/values?period=2021&areas=${area}&variables=geburten`).set(t.auth(t.tokens.witten)).expect(200);
    expect(values.body.rows).toEqual([expect.objectContaining({ area, variable: 'geburten', value: 8 })]);
  });

  test('history and raw values: Kreis sees all, a Kommune its own raw, others and leser published only', async () => {
    const kreis = await request(t.app).get('/api/submissions?period=2023').set(t.auth(t.tokens.kreis)).expect(200);
    expect(kreis.body.submissions.length).toBeGreaterThanOrEqual(4);
    const own = await request(t.app).get('/api/submissions?period=2023').set(t.auth(t.tokens.hattingen)).expect(200);
    const areas = own.body.submissions.flatMap((s: { rows: { area: string }[] }) => s.rows.map((r) => r.area));
    expect(areas.length).toBeGreaterThan(0);
    expect(areas.every((a: string) => a.startsWith(HATTINGEN))).toBe(true);
    const foreign = await request(t.app).get(`/api/submissions?area=${WITTEN}-01`).set(t.auth(t.tokens.hattingen)).expect(403);
    expect(foreign.body.message).toMatch(/gehört nicht zur Stadt 05954016/);
    await request(t.app).get('/api/submissions').set(t.auth(t.tokens.leser)).expect(403);

    const all = await request(t.app).get('/api/values?period=2023').set(t.auth(t.tokens.kreis)).expect(200);
    expect(all.body.rows.some((r: { area: string }) => r.area.startsWith(HATTINGEN))).toBe(true);
    const mine = await request(t.app).get('/api/values?period=2023').set(t.auth(t.tokens.witten)).expect(200);
    expect(mine.body.rows.every((r: { area: string }) => r.area.startsWith(WITTEN))).toBe(true);
    // Other areas and the leser role: only published counts (Geheimhaltung), never the stored raw rows.
    const foreignValues = await request(t.app).get(`/api/values?period=2023&areas=${HATTINGEN}-01-0001&variables=bevoelkerung`).set(t.auth(t.tokens.witten)).expect(200);
    expect(foreignValues.body.rows).toEqual([{ area: `${HATTINGEN}-01-0001`, variable: 'bevoelkerung', value: 14 * 20 + 91 }]);
    const leser = await request(t.app).get('/api/values?period=2023').set(t.auth(t.tokens.leser)).expect(200);
    expect(leser.body.disclosureControl).toMatch(/Geheimhaltung/);
    const noPeriod = await request(t.app).get('/api/values').set(t.auth(t.tokens.kreis)).expect(400);
    expect(noPeriod.body.message).toMatch(/Parameter „period“: fehlt/);
    await request(t.app).get('/api/values?period=2023&variables=gibtsnicht').set(t.auth(t.tokens.kreis)).expect(400);
  });

  test('indicators: counts summed up the hierarchy, status says why a value is missing', async () => {
    const res = await request(t.app).get(`/api/indicators?period=2023&ids=anteil_65plus,wanderungssaldo,sgb2_quote&areas=${WITTEN},${WITTEN}-01-0001,${KREIS},${HATTINGEN}`).set(t.auth(t.tokens.leser)).expect(200);
    expect(res.body.disclosureControl).toMatch(/Fallzahlen unter 3/);
    const row = (area: string, id: string) => res.body.rows.find((r: { area: string; indicator: string }) => r.area === area && r.indicator === id);
    // Witten: a65plus = sum over 8 blocks of (base+11)+(base+12)+(base+13), base = 10..17
    const bases = [10, 11, 12, 13];
    const a65 = bases.reduce((s, b) => s + 3 * b + 36, 0);
    const pop = bases.reduce((s, b) => s + 14 * b + 91, 0);
    expect(row(WITTEN, 'anteil_65plus')).toMatchObject({ status: 'ok', numerator: a65, denominator: pop, value: (a65 * 100) / pop });
    expect(row(`${WITTEN}-01-0001`, 'anteil_65plus')).toMatchObject({ status: 'ok', numerator: 10 * 3 + 36 });
    expect(row(HATTINGEN, 'anteil_65plus')).toMatchObject({ status: 'fehlende_werte', value: null });
    expect(row(HATTINGEN, 'anteil_65plus').reason).toMatch(/unvollständig/);
    expect(row(KREIS, 'anteil_65plus').status).toBe('fehlende_werte');
    expect(row(`${WITTEN}-01-0001`, 'sgb2_quote')).toMatchObject({ status: 'ebene_nicht_verfuegbar' });
    expect(row(WITTEN, 'wanderungssaldo')).toMatchObject({ status: 'fehlende_werte' });
    const bad = await request(t.app).get('/api/indicators?ids=gibtsnicht').set(t.auth(t.tokens.leser)).expect(400);
    expect(bad.body.message).toMatch(/unbekannte Kennzahlen: gibtsnicht/);
  });

  test('indicators: a not additive Merkmal (moves) is taken as reported, never summed', async () => {
    const blocks = baublockeOf(WITTEN);
    const rows = blocks.flatMap((b) => [{ area: b, variable: 'zuzuege', value: 2 }, { area: b, variable: 'fortzuege', value: 1 }]);
    await post(t.tokens.witten, { period: '2023', rows }).expect(201);
    const res = await request(t.app).get(`/api/indicators?period=2023&ids=wanderungssaldo&areas=${blocks[0]},${WITTEN}-01`).set(t.auth(t.tokens.kreis)).expect(200);
    const byArea = (area: string) => res.body.rows.find((r: { area: string }) => r.area === area);
    expect(byArea(blocks[0]!)).toMatchObject({ status: 'ok', numerator: 1 });
    expect(byArea(`${WITTEN}-01`)).toMatchObject({ status: 'fehlende_werte' });
    await post(t.tokens.witten, { period: '2023', rows: [{ area: `${WITTEN}-01`, variable: 'zuzuege', value: 3 }, { area: `${WITTEN}-01`, variable: 'fortzuege', value: 1 }] }).expect(201);
    const after = await request(t.app).get(`/api/indicators?period=2023&ids=wanderungssaldo&areas=${WITTEN}-01`).set(t.auth(t.tokens.kreis)).expect(200);
    expect(after.body.rows[0]).toMatchObject({ status: 'ok', numerator: 2 });
  });

  test('indicators for a whole level (?ebene=)', async () => {
    const res = await request(t.app).get('/api/indicators?period=2023&ebene=baublock').set(t.auth(t.tokens.kreis)).expect(200);
    expect(res.body.rows).toHaveLength(8 * 28);
  });

  test('status: which municipality submitted which variables, when', async () => {
    const res = await request(t.app).get('/api/status?period=2023').set(t.auth(t.tokens.kreis)).expect(200);
    const witten = res.body.bereiche.find((b: { code: string }) => b.code === WITTEN);
    expect(witten.revision).toBeGreaterThanOrEqual(3);
    expect(witten.variables.find((v: { variable: string }) => v.variable === 'bevoelkerung')).toMatchObject({ areas: 4, expectedAreas: 4 });
    const hattingen = res.body.bereiche.find((b: { code: string }) => b.code === HATTINGEN);
    expect(hattingen.variables.find((v: { variable: string }) => v.variable === 'bevoelkerung')).toMatchObject({ areas: 2, expectedAreas: 4 });
    expect(hattingen.missingVariables).toContain('geburten');
    await request(t.app).get('/api/status?period=2023').set(t.auth(t.tokens.leser)).expect(403);
  });

  test('every write is in the append-only audit log with a content hash', async () => {
    const log = await t.storage.audit(1000);
    expect(log.some((e) => e.action === 'meldung' && /^[0-9a-f]{64}$/.test(e.contentHash) && e.actor.startsWith('kommune:05954036'))).toBe(true);
    expect(log.some((e) => e.action === 'katalog')).toBe(true);
    expect(log.some((e) => e.action === 'gebiete')).toBe(true);
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(t.storage.file);
    try {
      expect(() => raw.prepare('UPDATE audit_log SET actor = ?').run('x')).toThrow(/nicht geändert/);
      expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/nicht gelöscht/);
    } finally {
      raw.close();
    }
  });
});

describe('empty database', () => {
  test('submissions are refused with 503 until areas exist', async () => {
    const empty = await testServer({ withAreas: false });
    try {
      const res = await request(empty.app).post('/api/submissions').set(empty.auth(empty.tokens.kreis)).send({ period: '2024', rows: [] }).expect(503);
      expect(res.body.message).toMatch(/keine Gebietsgliederung/);
    } finally {
      await empty.close();
    }
  });
});
