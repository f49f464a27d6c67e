/**
 * The Kreis's stored Sozialindex setting over real HTTP on a real SQLite file: only the Kreis saves,
 * every save is a version (who, when), bad inputs are named by field and leave the stored setting
 * as it was, and the setting survives a restart.
 */
import request from 'supertest';
import { DEFAULT_SOZIALINDEX } from '../../shared';
import { createApp } from '../../sync-server/app';
import { databaseFile } from '../../sync-server/config';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import { TestServer, testServer } from './helpers';

let t: TestServer;
let named: string;
beforeAll(async () => {
  t = await testServer();
  named = (await createToken(t.storage, { rolle: 'kreis' }, OPERATOR, 'Sozialplanung Kreis')).token;
});
afterAll(() => t.close());

const FIRST = {
  indikatoren: [
    { id: 'sgb2_quote', richtung: 1, gewicht: 2 },
    { id: 'arbeitslosendichte', richtung: 1, gewicht: 1 },
    { id: 'anteil_alleinerziehende', richtung: 1, gewicht: 0.5 },
  ],
  kommentar: 'Beschluss Sozialausschuss vom 12.03.2026',
};

const settings = () => request(t.app).get('/api/sozialindex/settings').set(t.auth(t.tokens.leser)).expect(200);
const put = (body: unknown, token = t.tokens.kreis) => request(t.app).put('/api/sozialindex/settings').set(t.auth(token)).send(body as object);

test('before the Kreis saves anything the shipped default applies, marked as such', async () => {
  const res = await settings();
  expect(res.body).toMatchObject({ art: 'vorgabe', version: null, indikatoren: DEFAULT_SOZIALINDEX, gespeichertVon: null });
  expect(res.body.hinweis).toContain('Vorgabe der Software');
  const versions = await request(t.app).get('/api/sozialindex/settings/versions').set(t.auth(t.tokens.kreis)).expect(200);
  expect(versions.body.versions).toEqual([]);
});

test('only the Kreis may save: Kommune and leser 403, no token 401; nothing stored', async () => {
  const kommune = await put(FIRST, t.tokens.witten).expect(403);
  expect(kommune.body).toMatchObject({ error: 'KEINE_BERECHTIGUNG', message: expect.stringContaining('Kreis') });
  await put(FIRST, t.tokens.leser).expect(403);
  await request(t.app).put('/api/sozialindex/settings').send(FIRST).expect(401);
  expect((await settings()).body.art).toBe('vorgabe');
  expect(await t.storage.sozialindexHistory()).toEqual([]);
});

test('the Kreis saves version 1; it is then the setting in force, with who and when', async () => {
  const res = await put(FIRST, named).expect(201);
  expect(res.body).toMatchObject({ unchanged: false, version: 1, indikatoren: FIRST.indikatoren, vergleichsjahr: null, kommentar: FIRST.kommentar, tokenName: 'Sozialplanung Kreis', gespeichertVon: expect.stringMatching(/^kreis \(Token \d+\)$/) });
  const now = await settings();
  expect(now.body).toMatchObject({ art: 'vereinbart', version: 1, indikatoren: FIRST.indikatoren, kommentar: FIRST.kommentar, gespeichertAm: res.body.gespeichertAm });
  expect(now.body.gespeichertVon).toContain('Sozialplanung Kreis');
  expect(now.body.hinweis).toMatch(/^Vom Kreis vereinbarte Einstellung, Version 1, gespeichert am \d{4}-\d\d-\d\d von Sozialplanung Kreis/);
  const audit = await t.storage.audit(5);
  expect(audit[0]).toMatchObject({ action: 'sozialindex', subject: 'Sozialindex-Einstellung 1: sgb2_quote:1:2,arbeitslosendichte:1:1,anteil_alleinerziehende:1:0.5' });
});

test('saving the same setting again stores nothing new (200, unchanged)', async () => {
  const res = await put(FIRST).expect(200);
  expect(res.body).toMatchObject({ unchanged: true, version: 1 });
  // vergleichsjahr null is the same as none (a client may send back what GET gave it)
  expect((await put({ ...FIRST, vergleichsjahr: null }).expect(200)).body).toMatchObject({ unchanged: true, version: 1, vergleichsjahr: null });
  expect(await t.storage.sozialindexHistory()).toHaveLength(1);
});

const BAD: [string, unknown, RegExp[]][] = [
  ['negative weight', { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: -1 }] }, [/^Feld „indikatoren\[1\]\.gewicht“ \(Kennzahl „arbeitslosendichte“\): muss größer als 0 sein/]],
  ['unknown Kennzahl', { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'sgb2_qoute', richtung: 1, gewicht: 1 }] }, [/^Feld „indikatoren\[1\]\.id“: die Kennzahl „sgb2_qoute“ gibt es im Katalog nicht$/]],
  ['weights summing to zero', { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 0 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 0 }] }, [/„indikatoren\[0\]\.gewicht“ \(Kennzahl „sgb2_quote“\): muss größer als 0 sein/, /„indikatoren\[1\]\.gewicht“ \(Kennzahl „arbeitslosendichte“\): muss größer als 0 sein/]],
  ['a Kennzahl twice', { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'sgb2_quote', richtung: -1, gewicht: 2 }] }, [/„indikatoren\[1\]\.id“: die Kennzahl „sgb2_quote“ steht schon in indikatoren\[0\]/]],
  ['direction 2', { indikatoren: [{ id: 'sgb2_quote', richtung: 2, gewicht: 1 }] }, [/„indikatoren\[0\]\.richtung“ \(Kennzahl „sgb2_quote“\): muss 1 sein .* oder -1/]],
  ['weight as text', { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: '1,5' }] }, [/„indikatoren\[0\]\.gewicht“ \(Kennzahl „sgb2_quote“\): muss eine Zahl sein/]],
  ['weight far too large', { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1000 }] }, [/„indikatoren\[0\]\.gewicht“.*höchstens 100/]],
  ['empty list', { indikatoren: [] }, [/„indikatoren“: mindestens eine Kennzahl/]],
  ['no list', { kommentar: 'x' }, [/„indikatoren“: fehlt/]],
  ['unknown field', { indikatoren: FIRST.indikatoren, gewichte: [1] }, [/^Einstellung: unbekanntes Feld „gewichte“; erlaubt sind indikatoren, kommentar, vergleichsjahr$/]],
  ['Vergleichsjahr with two digits', { indikatoren: FIRST.indikatoren, vergleichsjahr: '21' }, [/^Feld „vergleichsjahr“: muss ein vierstelliges Jahr sein, z\. B\. "2021"$/]],
  ['Vergleichsjahr not a year', { indikatoren: FIRST.indikatoren, vergleichsjahr: true }, [/^Feld „vergleichsjahr“: muss ein Jahr sein/]],
  // this server has no values yet, so no year can be a base year
  ['Vergleichsjahr without data', { indikatoren: FIRST.indikatoren, vergleichsjahr: '2021' }, [/^Feld „vergleichsjahr“: für 2021 liegen keine Daten vor; vorhanden: keine$/]],
  ['a list instead of an object', [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }], [/erwartet wird ein JSON-Objekt/]],
];

test.each(BAD)('bad input (%s): 422 naming the field, the stored setting unchanged', async (_name, body, patterns) => {
  const before = (await settings()).body;
  const res = await put(body).expect(422);
  expect(res.body).toMatchObject({ error: 'SOZIALINDEX_FEHLERHAFT', message: expect.stringContaining('die bisherige gilt weiter') });
  for (const p of patterns) expect(res.body.errors.some((e: string) => p.test(e))).toBe(true);
  expect((await settings()).body).toEqual(before);
  expect(await t.storage.sozialindexHistory()).toHaveLength(1);
});

test('broken JSON: 400, nothing stored', async () => {
  const res = await request(t.app).put('/api/sozialindex/settings').set(t.auth(t.tokens.kreis)).set('Content-Type', 'application/json').send('{"indikatoren": [').expect(400);
  expect(res.body.error).toBe('JSON_UNGUELTIG');
  expect(await t.storage.sozialindexHistory()).toHaveLength(1);
});

test('a second version; the history lists both, newest first; Kommune may read it, leser not', async () => {
  const second = { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'sozialgeld_quote', richtung: 1, gewicht: 1 }], kommentar: 'Zweite Fassung' };
  const res = await put(second).expect(201);
  expect(res.body).toMatchObject({ version: 2, kommentar: 'Zweite Fassung', tokenName: 'kreis' });
  expect((await settings()).body).toMatchObject({ art: 'vereinbart', version: 2, indikatoren: second.indikatoren, kommentar: 'Zweite Fassung' });
  const versions = await request(t.app).get('/api/sozialindex/settings/versions').set(t.auth(t.tokens.witten)).expect(200);
  expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  expect(versions.body.versions[1]).toMatchObject({ indikatoren: FIRST.indikatoren, kommentar: FIRST.kommentar, tokenName: 'Sozialplanung Kreis' });
  await request(t.app).get('/api/sozialindex/settings/versions').set(t.auth(t.tokens.leser)).expect(403);
});

test('the setting and its history survive a restart; bad input after it still changes nothing', async () => {
  const before = (await settings()).body;
  await t.storage.close();
  const reopened = new SqliteStorage(databaseFile(t.dir));
  t.storage = reopened;
  t.app = createApp(reopened, { log: () => undefined });
  const after = (await settings()).body;
  expect(after).toEqual(before);
  expect(after).toMatchObject({ art: 'vereinbart', version: 2 });
  const versions = await request(t.app).get('/api/sozialindex/settings/versions').set(t.auth(t.tokens.kreis)).expect(200);
  expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  await put({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: -2 }] }).expect(422);
  expect((await settings()).body).toEqual(before);
  // a stored version can never be changed or removed, not even in SQL
  const db = (reopened as unknown as { db: { prepare(sql: string): { run(): unknown } } }).db;
  expect(() => db.prepare("UPDATE sozialindex_settings SET indikatoren = '[]'").run()).toThrow(/nie geändert/);
  expect(() => db.prepare('DELETE FROM sozialindex_settings').run()).toThrow(/nie gelöscht/);
});
