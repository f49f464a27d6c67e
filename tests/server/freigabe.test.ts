/**
 * The Kreis's release step (Freigabe) over real HTTP (real SQLite, supertest): an accepted
 * submission is visible raw to its own Stadt and to the Kreis at once, to readers and other cities
 * (API, report data, xlsx export) only after POST /api/freigaben; a release of one Stadt does not
 * release another; automatic mode; the demo Kreis is released when loaded.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createApp } from '../../sync-server/app';
import { HATTINGEN, KREIS, TestServer, WITTEN, baublockeOf, demoServer, populationRows, testServer } from './helpers';

const W1 = baublockeOf(WITTEN)[0]!;
const H1 = baublockeOf(HATTINGEN)[0]!;
const W_GT = `${WITTEN}-01`;
const H_GT = `${HATTINGEN}-01`;

let t: TestServer;
const post = (token: string, body: unknown) =>
  request(t.app).post('/api/submissions').set(t.auth(token)).set('Content-Type', 'application/json').send(JSON.stringify(body)).expect(201);
const release = (token: string, body: unknown) => request(t.app).post('/api/freigaben').set(t.auth(token)).set('Content-Type', 'application/json').send(JSON.stringify(body));
const get = async (token: string, path: string) => (await request(t.app).get(path).set(t.auth(token)).expect(200)).body;

/** bevoelkerung of an area as `token` sees it via /api/values (null when gesperrt) */
const bevoelkerung = async (token: string, area: string): Promise<number | null> => {
  const rows = (await get(token, `/api/values?period=2024&areas=${area}&variables=bevoelkerung`)).rows as { area: string; value: number | null }[];
  return rows.find((r) => r.area === area)!.value;
};
/** anteil_u18 of an area as `token` sees it via /api/indicators */
const anteilU18 = async (token: string, area: string): Promise<number | null> =>
  (await get(token, `/api/indicators?period=2024&ids=anteil_u18&areas=${area}`)).rows[0].value;
/** the workbook of an xlsx export of the report */
async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const res = await request(t.app).get(path).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  }).expect(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer as ArrayBuffer);
  return wb;
}

/** anteil_u18 of a Gemeindeteil in the public report's data and in its xlsx export */
const reportU18 = async (area: string): Promise<{ daten: number | null; xlsx: unknown }> => {
  const daten = (await request(t.app).get('/bericht/daten/kennzahl/anteil_u18').expect(200)).body.rows.find((r: { area: string; period: string }) => r.area === area && r.period === '2024').value;
  const wb = await workbook('/bericht/export/anteil_u18.xlsx?period=2024');
  let xlsx: unknown;
  wb.getWorksheet('Tabelle')!.eachRow((row) => {
    if (row.getCell(1).value === area) xlsx = row.getCell(4).value;
  });
  return { daten, xlsx };
};

/** no open Vorjahr warnings (there is no 2023 here; tests/server/kontext-vorjahr.test.ts has them) */
const keine = { anzahl: 0, liste: [] };
const everyBlock = (stadt: string, base: number) => baublockeOf(stadt).flatMap((b) => populationRows(b, base));

beforeAll(async () => {
  t = await testServer({ freigabe: 'pruefung' });
  await post(t.tokens.witten, { period: '2024', rows: everyBlock(WITTEN, 100) });
  await post(t.tokens.hattingen, { period: '2024', rows: everyBlock(HATTINGEN, 100) });
});
afterAll(() => t.close());

test('nothing is public before the first release; the Kreis and the own Stadt see their data at once', async () => {
  expect(await bevoelkerung(t.tokens.kreis, W1)).toBe(populationRows(W1, 100).at(-1)!.value);
  expect(await bevoelkerung(t.tokens.witten, W1)).toBe(populationRows(W1, 100).at(-1)!.value);
  // a reader and another city get nothing for the unreleased year: no value, no suppression pattern
  expect((await get(t.tokens.leser, '/api/values?period=2024')).rows).toEqual([]);
  expect((await get(t.tokens.hattingen, `/api/values?period=2024&areas=${W1}`)).rows).toEqual([]);
  expect(await anteilU18(t.tokens.leser, W_GT)).toBeNull();
  // the report lists released years only
  expect((await request(t.app).get('/bericht/daten/meta').expect(200)).body).toMatchObject({ periods: [], datenstand: {} });
});

test('POST /api/freigaben: Kreis only (403 for leser and Kommune, German, nothing released)', async () => {
  for (const token of [t.tokens.leser, t.tokens.witten]) {
    const res = await release(token, { period: '2024' }).expect(403);
    expect(res.body.message).toMatch(/nötig ist: Kreis/);
  }
  expect(await t.storage.releases('2024')).toEqual([]);
});

test('bad requests name what is wrong: unknown year, unknown Stadt, Stadt without data, missing period, unknown field', async () => {
  const noYear = await release(t.tokens.kreis, { period: '2023' }).expect(422);
  expect(noYear.body).toMatchObject({ error: 'KEINE_DATEN' });
  expect(noYear.body.message).toContain('Für das Jahr 2023 liegen keine Meldungen vor');
  expect(noYear.body.message).toContain('2024');
  const unknown = await release(t.tokens.kreis, { period: '2024', stadt: '05954999' }).expect(422);
  expect(unknown.body.message).toContain('„05954999“ ist keine Stadt');
  expect(unknown.body.message).toContain(`${WITTEN} (Witten)`);
  expect((await release(t.tokens.kreis, { period: '2024', stadt: `${WITTEN}-01` }).expect(422)).body.message).toContain('ist keine Stadt');
  expect((await release(t.tokens.kreis, {}).expect(400)).body.message).toMatch(/„period“: fehlt/);
  expect((await release(t.tokens.kreis, { period: '2024', staddt: WITTEN }).expect(400)).body.message).toContain('„staddt“');
  expect((await release(t.tokens.kreis, { period: '2024', kommentar: 'x'.repeat(501) }).expect(400)).body.message).toContain('höchstens 500 Zeichen');
  expect((await request(t.app).post('/api/freigaben').set(t.auth(t.tokens.kreis)).send('period=2024').expect(415)).body.error).toBe('KEIN_JSON');
  // a Stadt that delivered nothing in a year it could be released for
  await post(t.tokens.witten, { period: '2022', rows: populationRows(W1, 50) });
  const empty = await release(t.tokens.kreis, { period: '2022', stadt: HATTINGEN }).expect(422);
  expect(empty.body.message).toBe(`Für Hattingen (${HATTINGEN}) liegt im Jahr 2022 keine Meldung vor; es gibt nichts freizugeben.`);
  expect(await t.storage.releases()).toEqual([]);
});

test('a change (142 -> 12) is seen by its Stadt and the Kreis at once, by readers and other cities only after the release', async () => {
  const first = await release(t.tokens.kreis, { period: '2024', kommentar: 'Erstveröffentlichung' }).expect(201);
  expect(first.body).toMatchObject({ unchanged: false, period: '2024', kommentar: 'Erstveröffentlichung', bereiche: [{ code: HATTINGEN, name: `Hattingen (${HATTINGEN})`, revision: 1 }, { code: WITTEN, name: `Witten (${WITTEN})`, revision: 1 }] });
  const oldW = populationRows(W1, 100).at(-1)!.value;
  expect(await bevoelkerung(t.tokens.leser, W1)).toBe(oldW);
  const before = { leser: await get(t.tokens.leser, '/api/values?period=2024'), u18: await anteilU18(t.tokens.leser, W_GT), report: await reportU18(W_GT) };
  expect(before.u18).not.toBeNull();
  expect(before.report).toEqual({ daten: before.u18, xlsx: before.u18 });

  // Witten corrects one Baublock: much larger, and one age group tiny (a new primary suppression)
  const changed = populationRows(W1, 300).map((r) => (r.variable === 'bev_0_2' ? { ...r, value: 1 } : r));
  const sum = changed.filter((r) => r.variable !== 'bevoelkerung').reduce((s, r) => s + r.value, 0);
  const newRows = changed.map((r) => (r.variable === 'bevoelkerung' ? { ...r, value: sum } : r));
  await post(t.tokens.witten, { period: '2024', rows: newRows });

  // at once: Witten and the Kreis see the new value raw
  expect(await bevoelkerung(t.tokens.witten, W1)).toBe(sum);
  expect(await bevoelkerung(t.tokens.kreis, W1)).toBe(sum);
  const rawU18 = await anteilU18(t.tokens.kreis, W_GT);
  expect(rawU18).not.toBe(before.u18);
  expect(await anteilU18(t.tokens.witten, W_GT)).toBe(rawU18);
  // readers and Hattingen: still the released state, to the last cell and suppression mark
  expect(await get(t.tokens.leser, '/api/values?period=2024')).toEqual(before.leser);
  expect(await bevoelkerung(t.tokens.hattingen, W1)).toBe(oldW);
  expect(await anteilU18(t.tokens.leser, W_GT)).toBe(before.u18);
  expect(await anteilU18(t.tokens.hattingen, W_GT)).toBe(before.u18);
  expect(await reportU18(W_GT)).toEqual(before.report);
  // also from a server started now (nothing cached: the released state comes from the database)
  const restarted = createApp(t.storage, { log: () => undefined, freigabe: 'pruefung' });
  expect((await request(restarted).get('/api/values?period=2024').set(t.auth(t.tokens.leser)).expect(200)).body).toEqual(before.leser);
  expect((await request(restarted).get(`/api/indicators?period=2024&ids=anteil_u18&areas=${W_GT}`).set(t.auth(t.tokens.hattingen)).expect(200)).body.rows[0].value).toBe(before.u18);

  // the Kreis sees what is open
  const desk = await get(t.tokens.kreis, '/api/freigaben?period=2024');
  expect(desk.bereiche).toEqual([
    { code: KREIS, name: `Kreisebene Ennepe-Ruhr-Kreis (Test) (${KREIS})`, revision: 0, freigegebeneRevision: 0, offen: false, vorjahrWarnungen: keine },
    { code: HATTINGEN, name: `Hattingen (${HATTINGEN})`, revision: 1, freigegebeneRevision: 1, offen: false, vorjahrWarnungen: keine },
    { code: WITTEN, name: `Witten (${WITTEN})`, revision: 2, freigegebeneRevision: 1, offen: true, vorjahrWarnungen: keine },
  ]);
  expect(desk.modus).toBe('pruefung');
  expect(desk.periods).toEqual(['2022', '2024']);

  // the release makes the new state public (and the check above could fail: the answer changes now)
  const second = await release(t.tokens.kreis, { period: '2024' }).expect(201);
  expect(second.body.bereiche).toEqual([{ code: WITTEN, name: `Witten (${WITTEN})`, revision: 2 }]);
  expect(await bevoelkerung(t.tokens.leser, W1)).toBe(sum);
  expect(await bevoelkerung(t.tokens.hattingen, W1)).toBe(sum);
  expect(await anteilU18(t.tokens.leser, W_GT)).toBe(rawU18);
  expect(await reportU18(W_GT)).toEqual({ daten: rawU18, xlsx: rawU18 });
  const after = await get(t.tokens.leser, `/api/values?period=2024&areas=${W1}&variables=bev_0_2`);
  expect(after.rows[0]).toMatchObject({ area: W1, variable: 'bev_0_2', value: null, status: 'gesperrt' });

  // releasing again without a change records nothing new
  const again = await release(t.tokens.kreis, { period: '2024' }).expect(200);
  expect(again.body).toMatchObject({ unchanged: true });
  expect(again.body.message).toContain('schon freigegeben');
  expect(await t.storage.releases('2024')).toHaveLength(2);
});

test('a release of one Stadt does not release another', async () => {
  const oldH = await bevoelkerung(t.tokens.leser, H1);
  const oldW = await bevoelkerung(t.tokens.leser, W1);
  await post(t.tokens.hattingen, { period: '2024', rows: populationRows(H1, 500) });
  await post(t.tokens.witten, { period: '2024', rows: populationRows(W1, 700) });
  const newH = populationRows(H1, 500).at(-1)!.value;
  const newW = populationRows(W1, 700).at(-1)!.value;
  const res = await release(t.tokens.kreis, { period: '2024', stadt: HATTINGEN, kommentar: 'Hattingen geprüft' }).expect(201);
  expect(res.body.bereiche).toEqual([{ code: HATTINGEN, name: `Hattingen (${HATTINGEN})`, revision: 2 }]);
  expect(res.body.message).toBe(`Freigegeben: Hattingen (${HATTINGEN}) bis Revision 2 im Jahr 2024.`);
  expect(oldH).not.toBe(newH);
  expect(await bevoelkerung(t.tokens.leser, H1)).toBe(newH);
  expect(await bevoelkerung(t.tokens.leser, W1)).toBe(oldW);
  expect(await bevoelkerung(t.tokens.hattingen, W1)).toBe(oldW);
  // Witten sees its own new value, Hattingen's released one
  expect(await bevoelkerung(t.tokens.witten, W1)).toBe(newW);
  expect(await bevoelkerung(t.tokens.witten, H1)).toBe(newH);
  expect(await anteilU18(t.tokens.leser, H_GT)).toBe(await anteilU18(t.tokens.kreis, H_GT));
  expect(await anteilU18(t.tokens.leser, W_GT)).not.toBe(await anteilU18(t.tokens.kreis, W_GT));
});

test('GET /api/freigaben: who and when; a Kommune sees its own Stadt and the Kreis level only; leser 403', async () => {
  const kreis = await get(t.tokens.kreis, '/api/freigaben?period=2024');
  expect(kreis.freigaben.map((f: { kommentar: string | null }) => f.kommentar)).toEqual(['Hattingen geprüft', null, 'Erstveröffentlichung']);
  expect(kreis.freigaben[0]).toMatchObject({ period: '2024', freigegebenVon: expect.stringMatching(/^kreis \(Token \d+\)$/) });
  expect(kreis.freigaben[0].freigegebenAm).toMatch(/^\d{4}-\d\d-\d\dT/);
  const witten = await get(t.tokens.witten, '/api/freigaben?period=2024');
  expect(witten.bereiche.map((b: { code: string }) => b.code)).toEqual([KREIS, WITTEN]);
  // the release of Hattingen alone is not Witten's business; the others show Witten's part only
  expect(witten.freigaben.map((f: { kommentar: string | null }) => f.kommentar)).toEqual([null, 'Erstveröffentlichung']);
  expect(witten.freigaben.flatMap((f: { bereiche: { code: string }[] }) => f.bereiche.map((b) => b.code))).toEqual([WITTEN, WITTEN]);
  expect((await request(t.app).get('/api/freigaben?period=2024').set(t.auth(t.tokens.leser)).expect(403)).body.message).toMatch(/nötig ist: Kreis oder Kommune/);
  // the audit log records every release
  expect((await t.storage.audit()).filter((a) => a.action === 'freigabe').map((a) => a.subject)[0]).toMatch(new RegExp(`^Freigabe \\d+: 2024, ${HATTINGEN} Revision 2$`));
});

test('the report names its Datenstand: the time of the newest release of the year shown, also in the xlsx export', async () => {
  const releases = await t.storage.releases('2024');
  const meta = (await request(t.app).get('/bericht/daten/meta').expect(200)).body;
  expect(meta.periods).toEqual(['2024']);
  expect(meta.datenstand).toEqual({ '2024': releases[0]!.releasedAt });
  expect((await request(t.app).get('/bericht/daten/altersaufbau?period=2024').expect(200)).body.datenstand).toBe(releases[0]!.releasedAt);
  expect((await request(t.app).get('/bericht/daten/kennzahl/anteil_u18').expect(200)).body.datenstand).toEqual({ '2024': releases[0]!.releasedAt });
  const wb = await workbook('/bericht/export/anteil_u18.xlsx?period=2024');
  const lines: string[] = [];
  wb.getWorksheet('Definitionen und Quellen')!.eachRow((row) => lines.push(`${row.getCell(1).value}: ${row.getCell(2).value}`));
  const day = new Date(releases[0]!.releasedAt).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
  expect(lines).toContain(`Datenstand: vom Kreis freigegebener Stand vom ${day}`);
});

test('a year delivered but never released: not in the report, not in /api/health, not the default year of a reader or another city (the Kreis and the own Stadt get it)', async () => {
  await post(t.tokens.witten, { period: '2025', rows: populationRows(W1, 100) });
  expect((await get(t.tokens.leser, '/api/indicators?ids=anteil_u18')).period).toBe('2024');
  expect((await get(t.tokens.kreis, '/api/indicators?ids=anteil_u18')).period).toBe('2025');
  expect((await request(t.app).get('/bericht/daten/meta').expect(200)).body.periods).toEqual(['2024']);
  expect((await request(t.app).get('/bericht/daten/altersaufbau?period=2025').expect(400)).body.message).toContain('Für das Jahr „2025“ liegen keine Daten vor');
  expect((await get(t.tokens.kreis, '/api/freigaben')).periods).toEqual(['2022', '2024', '2025']);
  // no answer tells a reader or another city that Witten delivered for 2025: health, whoami, desk, defaults
  const health = (await request(t.app).get('/api/health').expect(200)).body;
  expect(health.periods).toEqual(['2024']);
  expect((await get(t.tokens.leser, '/api/whoami')).perioden).toEqual(health.periods);
  expect((await get(t.tokens.hattingen, '/api/whoami')).perioden).toEqual(health.periods);
  expect((await get(t.tokens.hattingen, '/api/freigaben')).periods).toEqual(health.periods);
  expect((await get(t.tokens.hattingen, '/api/indicators?ids=anteil_u18')).period).toBe('2024');
  expect((await get(t.tokens.hattingen, '/api/status')).period).toBe('2024');
  // the own Stadt (its unreleased 2022 and 2025) and the Kreis know the years at once
  expect((await get(t.tokens.witten, '/api/whoami')).perioden).toEqual(['2022', '2024', '2025']);
  expect((await get(t.tokens.kreis, '/api/whoami')).perioden).toEqual(['2022', '2024', '2025']);
  expect((await get(t.tokens.witten, '/api/status')).period).toBe('2025');
});

test('SOZIALMONITOR_FREIGABE=automatisch: an accepted submission is public at once, recorded as an automatic release', async () => {
  const auto = await testServer({ freigabe: 'automatisch' });
  try {
    // an empty database: an empty desk, not an error
    expect((await request(auto.app).get('/api/freigaben').set(auto.auth(auto.tokens.kreis)).expect(200)).body).toEqual({ period: null, periods: [], modus: 'automatisch', bereiche: [], freigaben: [] });
    const res = await request(auto.app).post('/api/submissions').set(auto.auth(auto.tokens.witten)).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024', rows: populationRows(W1, 100) })).expect(201);
    const values = await request(auto.app).get(`/api/values?period=2024&areas=${W1}&variables=bevoelkerung`).set(auto.auth(auto.tokens.leser)).expect(200);
    expect(values.body.rows[0].value).toBe(populationRows(W1, 100).at(-1)!.value);
    const list = await request(auto.app).get('/api/freigaben?period=2024').set(auto.auth(auto.tokens.kreis)).expect(200);
    expect(list.body.modus).toBe('automatisch');
    expect(list.body.freigaben).toEqual([
      expect.objectContaining({ freigegebenVon: 'automatische Freigabe (SOZIALMONITOR_FREIGABE=automatisch)', kommentar: `Meldung ${res.body.submissionId}`, bereiche: [{ code: WITTEN, name: `Witten (${WITTEN})`, revision: 1 }] }),
    ]);
  } finally {
    await auto.close();
  }
});

test('automatic mode: a failing release leaves the stored submission a 201 (logged); the next acceptance releases both', async () => {
  const auto = await testServer({ freigabe: 'automatisch' });
  try {
    const lines: string[] = [];
    let fail = true;
    // the same database, whose release fails once (as when the connection drops right after the submission)
    const flaky = new Proxy(auto.storage, {
      get(target, prop, receiver) {
        if (prop === 'release' && fail) {
          return async () => {
            fail = false;
            throw new Error('Verbindung verloren');
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const app = createApp(flaky, { log: (l) => lines.push(l), freigabe: 'automatisch' });
    const send = (rows: unknown) => request(app).post('/api/submissions').set(auto.auth(auto.tokens.witten)).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024', rows }));
    const first = await send(populationRows(W1, 100)).expect(201);
    expect(lines).toEqual([expect.stringContaining(`Automatische Freigabe nach Meldung ${first.body.submissionId} (2024) fehlgeschlagen: Verbindung verloren. Die Meldung ist gespeichert`)]);
    expect(await auto.storage.releasedRevisions('2024')).toEqual({});
    await send(populationRows(W1, 200)).expect(201);
    expect(await auto.storage.releasedRevisions('2024')).toEqual({ [WITTEN]: 2 });
  } finally {
    await auto.close();
  }
});

test('the demo Kreis is released when it is loaded', async () => {
  const demo = await demoServer(['2024'], 'freigabe');
  try {
    const list = (await request(demo.app).get('/api/freigaben?period=2024').set(demo.auth('kreis')).expect(200)).body;
    expect(list.bereiche.length).toBeGreaterThan(2);
    for (const b of list.bereiche) expect(b).toMatchObject({ offen: false, freigegebeneRevision: b.revision });
    expect(list.bereiche.every((b: { revision: number }) => b.revision > 0)).toBe(true);
    expect(list.freigaben).toEqual([expect.objectContaining({ freigegebenVon: 'Demodaten-Lader', kommentar: 'Demodaten, beim Laden freigegeben' })]);
    const meta = (await request(demo.app).get('/bericht/daten/meta').expect(200)).body;
    expect(meta.periods).toEqual(['2024']);
    expect(Object.keys(meta.datenstand)).toEqual(['2024']);
    const leser = (await request(demo.app).get('/api/indicators?period=2024&ids=anteil_u18').set(demo.auth('leser')).expect(200)).body.rows;
    expect(leser.some((r: { value: number | null }) => r.value !== null)).toBe(true);
  } finally {
    await demo.close();
  }
});

test('a wrong SOZIALMONITOR_FREIGABE stops the start with a German message', async () => {
  const { freigabeModusFromEnv } = await import('../../sync-server/freigabe');
  expect(freigabeModusFromEnv({})).toBe('pruefung');
  expect(freigabeModusFromEnv({ SOZIALMONITOR_FREIGABE: 'automatisch' })).toBe('automatisch');
  expect(() => freigabeModusFromEnv({ SOZIALMONITOR_FREIGABE: 'sofort' })).toThrow('SOZIALMONITOR_FREIGABE „sofort“ gibt es nicht; erlaubt sind „pruefung“');
});
