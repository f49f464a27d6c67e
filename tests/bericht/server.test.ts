/**
 * The report's data and exports over real HTTP on the demo Kreis (real SQLite): only published
 * values, suppressed cells as ".", the xlsx read back equals the JSON, the Sozialindex leaves
 * areas with suppressed values unclassified.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { demoServerForFile } from '../server/helpers';
import { standardCatalogue } from '../../shared';
import { generateDemoKreis } from '../../shared/demo';
import { roundGeometry, sozialindexBasisOf } from '../../sync-server/routes/bericht';
import type { SozialindexIndicator } from '../../shared/sozialindex';

jest.setTimeout(120000);

const demo = demoServerForFile(['2023', '2024'], 'bericht');
const kreisAuth = () => demo.auth('kreis');

interface Row { area: string; value: number | null; status: string; period: string }
/** a suppressed row as readers get it: no reason, nothing that differs between kinds of suppression */
const uniform = (r: object) => Object.fromEntries(Object.entries(r).filter(([k]) => !['area', 'indicator', 'period'].includes(k)));

test('meta and areas are public; 56 Gemeindeteile with geometry', async () => {
  const meta = await request(demo.app).get('/bericht/daten/meta').expect(200);
  expect(meta.body.periods).toEqual(['2023', '2024']);
  expect(meta.body.handlungsfelder).toContain('Armut');
  const geo = await request(demo.app).get('/bericht/daten/gebiete').expect(200);
  const gts = geo.body.features.filter((f: { properties: { ebene: string } }) => f.properties.ebene === 'gemeindeteil');
  expect(gts).toHaveLength(56);
  expect(gts.every((f: { geometry: unknown }) => f.geometry !== null)).toBe(true);
  expect(geo.body.features.some((f: { properties: { ebene: string } }) => f.properties.ebene === 'baublock')).toBe(false);
});

test('Kennzahl rows are the leser view: suppressed cells without numbers, equal to /api/indicators as leser', async () => {
  const res = await request(demo.app).get('/bericht/daten/kennzahl/sgb12_quote').expect(200);
  const rows: Row[] = res.body.rows;
  const gesperrt = rows.filter((r) => r.status === 'gesperrt');
  expect(gesperrt.length).toBeGreaterThan(0);
  for (const r of gesperrt) expect(uniform(r)).toEqual({ value: null, numerator: null, denominator: null, status: 'gesperrt' });
  const leser = demo.tokens.find((t) => /leser/i.test(t.label))!.token;
  const api = await request(demo.app).get('/api/indicators?period=2024&ebene=gemeindeteil&ids=sgb12_quote').set({ Authorization: `Bearer ${leser}` }).expect(200);
  for (const a of api.body.rows as Row[]) {
    const mine = rows.find((r) => r.area === a.area && r.period === '2024')!;
    expect(mine.value).toEqual(a.value);
    expect(mine.status).toEqual(a.status);
  }
  // The Kreis sees a raw value where the report shows "gesperrt": the report is not the raw view.
  const raw = await request(demo.app).get('/api/indicators?period=2024&ebene=gemeindeteil&ids=sgb12_quote').set(kreisAuth()).expect(200);
  // (a Gemeindeteil row: the query above asks for Gemeindeteile; a Stadt may be suppressed too)
  const g = gesperrt.find((r) => r.period === '2024' && /^\d{8}-\d{2}$/.test(r.area))!;
  expect(raw.body.rows.find((r: Row) => r.area === g.area).status).not.toBe('gesperrt');
});

test('xlsx export: same numbers as the API, "." for suppressed, definitions in sheet 2', async () => {
  const api = (await request(demo.app).get('/bericht/daten/kennzahl/sgb12_quote').expect(200)).body.rows.filter((r: Row) => r.period === '2024') as Row[];
  const res = await request(demo.app).get('/bericht/export/sgb12_quote.xlsx?period=2024').buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  }).expect(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((res.body as Buffer).buffer as ArrayBuffer);
  const sheet = wb.getWorksheet('Tabelle')!;
  expect(sheet.rowCount).toBe(api.length + 1);
  let dots = 0;
  sheet.eachRow((row, i) => {
    if (i === 1) return;
    const a = api.find((r) => r.area === row.getCell(1).value)!;
    expect(row.getCell(4).value).toEqual(a.value ?? '.');
    if (a.value !== null) expect(row.getCell(4).numFmt).toBe('#,##0.0');
    if (a.value === null && a.status === 'gesperrt') dots++;
  });
  expect(dots).toBeGreaterThan(0);
  const def = wb.getWorksheet('Definitionen und Quellen')!;
  const text = JSON.stringify(def.getSheetValues());
  expect(text).toContain('SGB');
  expect(text).toContain('Geheimhaltung');
  expect(text).toContain('„.“ = Zahlenwert geheim gehalten (Geheimhaltung) – kleine Fallzahlen und Werte, aus denen sie sich errechnen ließen');
  // the Hinweis of a suppressed row is the same for all, never a reason
  const hinweise = new Set<string>();
  sheet.eachRow((row, i) => {
    if (i > 1 && api.find((r) => r.area === row.getCell(1).value)!.status === 'gesperrt') hinweise.add(String(row.getCell(7).value));
  });
  expect([...hinweise]).toEqual(['gesperrt']);
  expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/primär|sekundär|Fälle|Nenner kleiner|berechnet wird/);
});

test('Sozialindex: classes for Gemeindeteile, index standardised, unclassified areas carry the reason', async () => {
  const res = await request(demo.app).get('/bericht/daten/sozialindex?period=2024&von=2023').expect(200);
  const status = res.body.status as { area: string; index: number | null; klasse: string | null; grund?: string }[];
  expect(status).toHaveLength(56);
  const done = status.filter((s) => s.index !== null);
  expect(done.length).toBeGreaterThan(10);
  const mean = done.reduce((s, x) => s + x.index!, 0) / done.length;
  expect(Math.abs(mean)).toBeLessThan(1e-9);
  expect(new Set(done.map((d) => d.klasse)).size).toBeGreaterThan(2);
  for (const s of status.filter((x) => x.index === null)) expect(s.grund).toMatch(/\S/);
  expect(res.body.dynamik).toHaveLength(56);
});

test('Sozialindex with a often suppressed Kennzahl: those Gemeindeteile unclassified with "gesperrt", no reason why', async () => {
  const res = await request(demo.app).get('/bericht/daten/sozialindex?period=2024&indikatoren=sgb12_quote:1:1,sgb2_quote:1:1').expect(200);
  const status = res.body.status as { area: string; index: number | null; klasse: string | null; grund?: string }[];
  const open = status.filter((s) => s.index === null);
  expect(open.length).toBeGreaterThan(0);
  for (const s of open) expect(s.grund).toMatch(/^(sgb12_quote|sgb2_quote): gesperrt$/);
  const rows = (await request(demo.app).get('/bericht/daten/kennzahl/sgb12_quote').expect(200)).body.rows as Row[];
  for (const s of open) expect(rows.find((r) => r.area === s.area && r.period === '2024')!.status === 'gesperrt' || s.grund!.startsWith('sgb2_quote')).toBe(true);
});

test('Sozialindex: bad configuration -> 400 naming the entry', async () => {
  const res = await request(demo.app).get('/bericht/daten/sozialindex?indikatoren=sgb2_quote:1:1,gibtsnicht:1:1').expect(400);
  expect(JSON.stringify(res.body)).toContain('gibtsnicht');
  const w = await request(demo.app).get('/bericht/daten/sozialindex?indikatoren=sgb2_quote:1:0').expect(400);
  expect(JSON.stringify(w.body)).toContain('Gewicht');
  await request(demo.app).get('/bericht/daten/sozialindex?period=1999').expect(400);
});

test('completeness is not public: /api/status without token 401, as leser 403, as Kreis 200', async () => {
  await request(demo.app).get('/api/status?period=2024').expect(401);
  const leser = demo.tokens.find((t) => /leser/i.test(t.label))!.token;
  await request(demo.app).get('/api/status?period=2024').set({ Authorization: `Bearer ${leser}` }).expect(403);
  const ok = await request(demo.app).get('/api/status?period=2024').set(kreisAuth()).expect(200);
  expect(ok.body.bereiche.length).toBe(10);
});

test('unknown Kennzahl and export names: 404 in German', async () => {
  const a = await request(demo.app).get('/bericht/daten/kennzahl/gibtsnicht').expect(404);
  expect(a.body.message).toContain('gibtsnicht');
  await request(demo.app).get('/bericht/export/foo.csv').expect(404);
});

describe('Baublock maps: block outlines and published block values of one Stadt', () => {
  const WITTEN = '05954036';
  const demoBlocks = generateDemoKreis({ years: ['2024'] }).areas.filter((a) => a.ebene === 'baublock' && a.code.startsWith(`${WITTEN}-`));
  const leserAuth = () => ({ Authorization: `Bearer ${demo.tokens.find((t) => /leser/i.test(t.label))!.token}` });
  type Feature = { properties: { code: string; ebene: string; parent: string }; geometry: { type: string; coordinates: number[][][] } };

  test('meta names each Kennzahl’s deepest level and the Baublöcke per Stadt', async () => {
    const meta = (await request(demo.app).get('/bericht/daten/meta').expect(200)).body;
    expect(meta.kennzahlen.find((k: { id: string }) => k.id === 'sgb12_quote').tiefsteEbene).toBe('baublock');
    expect(meta.kennzahlen.find((k: { id: string }) => k.id === 'beschaeftigungsquote').tiefsteEbene).toBe('gemeindeteil');
    expect(meta.baubloecke[WITTEN]).toBe(demoBlocks.length);
    expect(Object.values(meta.baubloecke as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1578);
  });

  test('gebiete?ebene=baublock&stadt=: every block of the Stadt once, outlines on a 1e-5° grid, gzip-compressed', async () => {
    const res = await request(demo.app).get(`/bericht/daten/gebiete?ebene=baublock&stadt=${WITTEN}`).set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const features = res.body.features as Feature[];
    expect(res.body.stadt).toBe(WITTEN);
    expect(features.map((f) => f.properties.code)).toEqual(demoBlocks.map((b) => b.code).sort());
    const original = new Map(demoBlocks.map((b) => [b.code, b.geometry!]));
    for (const f of features) {
      expect(f.properties).toMatchObject({ ebene: 'baublock', parent: f.properties.code.slice(0, 11) });
      const before = original.get(f.properties.code)!.coordinates as number[][][];
      const ring = f.geometry.coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [x, y] of ring) {
        expect(Math.abs(x! * 1e5 - Math.round(x! * 1e5))).toBeLessThan(1e-6);
        expect(Math.abs(y! * 1e5 - Math.round(y! * 1e5))).toBeLessThan(1e-6);
      }
      // every rounded point lies within half a grid step of a point of the stored outline
      for (const [x, y] of ring) expect(before[0]!.some(([bx, by]) => Math.abs(bx! - x!) <= 5e-6 + 1e-12 && Math.abs(by! - y!) <= 5e-6 + 1e-12)).toBe(true);
    }
    // the default answer (Gemeindeteile) is unchanged: no blocks in it
    const gts = (await request(demo.app).get('/bericht/daten/gebiete?ebene=gemeindeteil').expect(200)).body.features as Feature[];
    expect(gts.filter((f) => f.properties.ebene === 'gemeindeteil')).toHaveLength(56);
    expect(gts.some((f) => f.properties.ebene === 'baublock')).toBe(false);
  });

  test('kennzahl?ebene=baublock: the rows of the Stadt’s blocks for one year equal /api/indicators as leser', async () => {
    const res = await request(demo.app).get(`/bericht/daten/kennzahl/sgb12_quote?ebene=baublock&stadt=${WITTEN}&period=2024`).expect(200);
    expect(res.body).toMatchObject({ id: 'sgb12_quote', ebene: 'baublock', stadt: WITTEN, period: '2024', verfuegbar: true, baubloecke: demoBlocks.length });
    const rows = res.body.rows as (Row & { numerator: number | null })[];
    expect(rows.map((r) => r.area)).toEqual(demoBlocks.map((b) => b.code).sort());
    const api = (await request(demo.app).get('/api/indicators?period=2024&ebene=baublock&ids=sgb12_quote').set(leserAuth()).expect(200)).body.rows as Row[];
    expect(rows).toEqual(api.filter((a) => a.area.startsWith(`${WITTEN}-`)));
    const gesperrt = rows.filter((r) => r.status === 'gesperrt');
    expect(gesperrt.length).toBeGreaterThan(0);
    for (const r of gesperrt) expect(uniform(r)).toEqual({ value: null, numerator: null, denominator: null, status: 'gesperrt' });
    // not the raw view: the Kreis sees a number where the report shows "gesperrt"
    const raw = (await request(demo.app).get('/api/indicators?period=2024&ebene=baublock&ids=sgb12_quote').set(kreisAuth()).expect(200)).body.rows as Row[];
    expect(gesperrt.some((g) => raw.find((r) => r.area === g.area)!.value !== null)).toBe(true);
    // without period: the latest year
    const latest = await request(demo.app).get(`/bericht/daten/kennzahl/sgb12_quote?ebene=baublock&stadt=${WITTEN}`).expect(200);
    expect(latest.body.period).toBe('2024');
    expect(latest.body.rows).toEqual(rows);
  });

  test('a Kennzahl whose inputs stop at the Gemeindeteil: verfuegbar false with the reason, no rows', async () => {
    const res = await request(demo.app).get(`/bericht/daten/kennzahl/arbeitslosendichte?ebene=baublock&stadt=${WITTEN}&period=2024`).expect(200);
    expect(res.body).toMatchObject({ verfuegbar: false, tiefsteEbene: 'gemeindeteil', rows: [] });
    expect(res.body.hinweis).toMatch(/^„Arbeitslosendichte“ gibt es nicht je Baublock: .*„Arbeitslose“.*Quelle BA.* nur bis zur Ebene Gemeindeteil vor/);
  });

  test('bad parameters: 400 with a German message naming the parameter', async () => {
    const bad = async (url: string, param: string, text: RegExp) => {
      const res = await request(demo.app).get(url).expect(400);
      expect(res.body).toMatchObject({ error: 'PARAMETER_UNGUELTIG', parameter: param });
      expect(res.body.message).toMatch(new RegExp(`^Parameter „${param}“: `));
      expect(res.body.message).toMatch(text);
    };
    await bad(`/bericht/daten/gebiete?ebene=strasse&stadt=${WITTEN}`, 'ebene', /„strasse“ gibt es hier nicht; erlaubt sind gemeindeteil, baublock/);
    await bad('/bericht/daten/kennzahl/sgb12_quote?ebene=Baublock', 'ebene', /„Baublock“/);
    await bad('/bericht/daten/gebiete?ebene=baublock&stadt=05954999', 'stadt', /„05954999“ ist keine Stadt .*05954036 \(Witten\)/);
    await bad(`/bericht/daten/kennzahl/sgb12_quote?ebene=baublock&stadt=${WITTEN}-01`, 'stadt', /keine Stadt/);
    await bad('/bericht/daten/gebiete?ebene=baublock', 'stadt', /fehlt/);
    await bad(`/bericht/daten/gebiete?stadt=${WITTEN}`, 'stadt', /nur mit ebene=baublock/);
    await bad(`/bericht/daten/kennzahl/sgb12_quote?ebene=baublock&stadt=${WITTEN}&period=1999`, 'period', /1999/);
    await bad('/bericht/daten/kennzahl/sgb12_quote?period=2024', 'period', /nur mit ebene=baublock/);
    await bad(`/bericht/daten/gebiete?ebene=baublock&stadt=${WITTEN}&stadt=05954004`, 'stadt', /nur einmal/);
    // an unknown Kennzahl stays a 404, also at block level
    await request(demo.app).get(`/bericht/daten/kennzahl/gibtsnicht?ebene=baublock&stadt=${WITTEN}`).expect(404);
  });
});

test('roundGeometry: 5 decimals, points that fall together dropped, a collapsing ring kept unrounded', () => {
  const ring = [[7.1234561, 51.0000004], [7.1234564, 51.0000001], [7.2, 51], [7.2, 51.1], [7.1234561, 51.0000004]];
  expect(roundGeometry({ type: 'Polygon', coordinates: [ring] })).toEqual({ type: 'Polygon', coordinates: [[[7.12346, 51], [7.2, 51], [7.2, 51.1], [7.12346, 51]]] });
  const tiny = [[7, 51], [7.000001, 51], [7.000001, 51.000001], [7, 51]];
  expect(roundGeometry({ type: 'MultiPolygon', coordinates: [[ring], [tiny]] })).toEqual({ type: 'MultiPolygon', coordinates: [[[[7.12346, 51], [7.2, 51], [7.2, 51.1], [7.12346, 51]]], [tiny]] });
  expect(roundGeometry(null)).toBeNull();
});

describe('the Kreis’s stored Sozialindex setting is what the report computes with', () => {
  const AGREED = [
    { id: 'sgb2_quote', richtung: 1, gewicht: 3 },
    { id: 'arbeitslosendichte', richtung: 1, gewicht: 1 },
  ];
  type Basis = { art: string; version: number | null; indikatoren: unknown[]; hinweis: string };
  const index = async (query = '') => (await request(demo.app).get(`/bericht/daten/sozialindex?period=2024&von=2023${query}`).expect(200)).body as { einstellung: Basis; indikatoren: unknown[]; status: { area: string; index: number | null }[]; dynamik: unknown[] };

  test('before any save: the shipped default, marked "vorgabe"', async () => {
    const res = await index();
    expect(res.einstellung).toMatchObject({ art: 'vorgabe', version: null });
    const meta = (await request(demo.app).get('/bericht/daten/meta').expect(200)).body;
    expect(meta.sozialindexEinstellung.art).toBe('vorgabe');
    expect(meta.sozialindexStandard).toEqual(res.indikatoren);
  });

  test('after the Kreis saves, report and meta use the saved setting by default', async () => {
    const before = await index();
    await request(demo.app).put('/api/sozialindex/settings').set(kreisAuth()).send({ indikatoren: AGREED, kommentar: 'Test' }).expect(201);
    const res = await index();
    expect(res.einstellung).toMatchObject({ art: 'vereinbart', version: 1, indikatoren: AGREED });
    expect(res.einstellung.hinweis).toContain('Version 1');
    expect(res.indikatoren).toEqual(AGREED);
    // the numbers are those of the saved setting: the same as asking for it explicitly, not the default's
    const explicit = await index(`&indikatoren=${encodeURIComponent('sgb2_quote:1:3,arbeitslosendichte:1:1')}`);
    expect(explicit.status).toEqual(res.status);
    expect(explicit.einstellung.art).toBe('vereinbart');
    expect(res.status).not.toEqual(before.status);
    const meta = (await request(demo.app).get('/bericht/daten/meta').expect(200)).body;
    expect(meta.sozialindexStandard).toEqual(AGREED);
    expect(meta.sozialindexEinstellung).toMatchObject({ art: 'vereinbart', version: 1, kommentar: 'Test' });
  });

  test('explicit other weights are a what-if, marked "probe" and naming the agreed version', async () => {
    const agreed = await index();
    const probe = await index(`&indikatoren=${encodeURIComponent('sgb2_quote:1:1,arbeitslosendichte:1:3')}`);
    expect(probe.einstellung).toMatchObject({ art: 'probe', version: 1 });
    expect(probe.einstellung.hinweis).toMatch(/^Probeberechnung .* nicht die vereinbarte Einstellung des Kreises \(Version 1\)/);
    expect(probe.indikatoren).toEqual([{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 3 }]);
    expect(probe.status).not.toEqual(agreed.status);
    // the what-if stored nothing
    expect((await index()).einstellung).toMatchObject({ art: 'vereinbart', version: 1 });
    const dup = await request(demo.app).get(`/bericht/daten/sozialindex?indikatoren=${encodeURIComponent('sgb2_quote:1:1,sgb2_quote:-1:1')}`).expect(400);
    expect(dup.body.message).toContain('doppelt');
  });

  test('a bad save from the report’s point of view changes nothing', async () => {
    const before = await index();
    await request(demo.app).put('/api/sozialindex/settings').set(kreisAuth()).send({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: -1 }] }).expect(422);
    const leser = demo.tokens.find((t) => /leser/i.test(t.label))!.token;
    await request(demo.app).put('/api/sozialindex/settings').set({ Authorization: `Bearer ${leser}` }).send({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }] }).expect(403);
    expect(await index()).toEqual(before);
  });

  test('the agreed Vergleichsjahr: checked against the years with data, used without `von`; another `von` is a what-if', async () => {
    const put = (body: object) => request(demo.app).put('/api/sozialindex/settings').set(kreisAuth()).send(body);
    const errors = async (vergleichsjahr: unknown) => (await put({ indikatoren: AGREED, kommentar: 'Test', vergleichsjahr }).expect(422)).body.errors as string[];
    expect(await errors('2024')).toEqual(['Feld „vergleichsjahr“: 2024 ist das neueste Jahr mit Daten; das Vergleichsjahr muss davor liegen (vorhanden: 2023, 2024)']);
    expect(await errors('2019')).toEqual(['Feld „vergleichsjahr“: für 2019 liegen keine Daten vor; vorhanden: 2023, 2024']);
    expect(await errors('23')).toEqual(['Feld „vergleichsjahr“: muss ein vierstelliges Jahr sein, z. B. "2021"']);
    expect((await request(demo.app).get('/api/sozialindex/settings').set(kreisAuth()).expect(200)).body).toMatchObject({ version: 1, vergleichsjahr: null });
    const before = await request(demo.app).get('/bericht/daten/sozialindex?period=2024').expect(200);

    const saved = await put({ indikatoren: AGREED, kommentar: 'Test', vergleichsjahr: 2023 }).expect(201);
    expect(saved.body).toMatchObject({ version: 2, vergleichsjahr: '2023' });
    expect((await put({ indikatoren: AGREED, kommentar: 'Test', vergleichsjahr: '2023' }).expect(200)).body).toMatchObject({ unchanged: true, version: 2 });
    const inForce = (await request(demo.app).get('/api/sozialindex/settings').set(kreisAuth()).expect(200)).body;
    expect(inForce).toMatchObject({ art: 'vereinbart', version: 2, vergleichsjahr: '2023' });
    expect(inForce.hinweis).toContain('Vergleichsjahr des Dynamikindex: 2023.');

    // without von: the agreed year; the same as asking for it explicitly, and still "vereinbart"
    const agreed = (await request(demo.app).get('/bericht/daten/sozialindex?period=2024').expect(200)).body;
    expect(agreed).toMatchObject({ von: '2023', einstellung: { art: 'vereinbart', version: 2, vergleichsjahr: '2023' } });
    expect(agreed.dynamik).not.toBeNull();
    const explicit = (await request(demo.app).get('/bericht/daten/sozialindex?period=2024&von=2023').expect(200)).body;
    expect(explicit.einstellung.art).toBe('vereinbart');
    expect(explicit.dynamik).toEqual(agreed.dynamik);
    expect(agreed.status).toEqual(before.body.status);
    // another year is a what-if, naming the agreed version and year
    const other = (await request(demo.app).get('/bericht/daten/sozialindex?period=2024&von=2024').expect(200)).body;
    expect(other.einstellung).toMatchObject({ art: 'probe', version: 2, vergleichsjahr: '2024' });
    expect(other.einstellung.hinweis).toBe('Probeberechnung mit dem Vergleichsjahr 2024 aus der Anfrage – nicht die vereinbarte Einstellung des Kreises (Version 2, Vergleichsjahr 2023).');
    expect(other.dynamik).toBeNull();
    // a report of the base year itself has no Dynamikindex and says why
    const early = (await request(demo.app).get('/bericht/daten/sozialindex?period=2023').expect(200)).body;
    expect(early).toMatchObject({ von: null, dynamik: null, einstellung: { art: 'vereinbart' } });
    expect(early.einstellung.hinweis).toContain('Das vereinbarte Vergleichsjahr 2023 liegt nicht vor 2023');
    expect((await request(demo.app).get('/bericht/daten/meta').expect(200)).body.sozialindexEinstellung).toMatchObject({ version: 2, vergleichsjahr: '2023' });
    const versions = (await request(demo.app).get('/api/sozialindex/settings/versions').set(kreisAuth()).expect(200)).body.versions;
    expect(versions.map((v: { version: number; vergleichsjahr: string | null }) => [v.version, v.vergleichsjahr])).toEqual([[2, '2023'], [1, null]]);
  });

  test('which base year and label a request gets (years 2021–2024)', () => {
    const periods = ['2021', '2022', '2023', '2024'];
    const base = { art: 'vereinbart' as const, indikatoren: AGREED as SozialindexIndicator[], version: 3, gespeichertAm: 'x', gespeichertVon: 'y', kommentar: null, hinweis: 'Vereinbart.' };
    const mit = { ...base, vergleichsjahr: '2022' };
    const ohne = { ...base, vergleichsjahr: null };
    expect(sozialindexBasisOf(mit, undefined, undefined, '2024', periods)).toMatchObject({ von: '2022', basis: { art: 'vereinbart' } });
    expect(sozialindexBasisOf(mit, undefined, '2022', '2024', periods).basis.art).toBe('vereinbart');
    expect(sozialindexBasisOf(mit, AGREED as SozialindexIndicator[], '2022', '2024', periods).basis.art).toBe('vereinbart');
    const whatIf = sozialindexBasisOf(mit, undefined, '2021', '2024', periods);
    expect(whatIf).toMatchObject({ von: '2021', basis: { art: 'probe', version: 3, vergleichsjahr: '2021', indikatoren: AGREED } });
    const both = sozialindexBasisOf(mit, [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }], '2021', '2024', periods);
    expect(both.basis.hinweis).toBe('Probeberechnung mit Kennzahlen und Gewichten und dem Vergleichsjahr 2021 aus der Anfrage – nicht die vereinbarte Einstellung des Kreises (Version 3, Vergleichsjahr 2022).');
    // no year agreed: the first year with data, and any von is the reader's choice, not a what-if
    expect(sozialindexBasisOf(ohne, undefined, undefined, '2024', periods)).toMatchObject({ von: '2021', basis: { art: 'vereinbart' } });
    expect(sozialindexBasisOf(ohne, undefined, '2023', '2024', periods)).toMatchObject({ von: '2023', basis: { art: 'vereinbart' } });
    // the agreed year not before the report's year: the first year with data, said in the note
    const frueh = sozialindexBasisOf(mit, undefined, undefined, '2022', periods);
    expect(frueh).toMatchObject({ von: '2021', basis: { art: 'vereinbart', hinweis: 'Vereinbart. Das vereinbarte Vergleichsjahr 2022 liegt nicht vor 2022; verglichen wird mit 2021.' } });
  });

  test('a new catalogue without a Kennzahl of the agreed setting: 409 naming it until the Kreis saves anew', async () => {
    const def = JSON.parse(JSON.stringify(standardCatalogue().definition)) as { version: string; kennzahlen: { id: string }[] };
    def.version = '2026.1';
    def.kennzahlen = def.kennzahlen.filter((k) => k.id !== 'arbeitslosendichte');
    await request(demo.app).put('/api/catalogue').set(kreisAuth()).send(def).expect(201);
    const res = await request(demo.app).get('/bericht/daten/sozialindex?period=2024').expect(409);
    expect(res.body).toMatchObject({ error: 'SOZIALINDEX_EINSTELLUNG_VERALTET', message: expect.stringContaining('arbeitslosendichte') });
    const bad = await request(demo.app).put('/api/sozialindex/settings').set(kreisAuth()).send({ indikatoren: AGREED, kommentar: 'Test' }).expect(422);
    expect(bad.body.errors).toEqual(['Feld „indikatoren[1].id“: die Kennzahl „arbeitslosendichte“ gibt es im Katalog nicht']);
    const saved = await request(demo.app).put('/api/sozialindex/settings').set(kreisAuth()).send({ indikatoren: [AGREED[0]], kommentar: 'Test' }).expect(201);
    expect(saved.body.version).toBe(3);
    // (computing the index again under the new catalogue would recompute the whole Geheimhaltung; the
    // setting in force is what the 409 check reads)
    const now = await request(demo.app).get('/api/sozialindex/settings').set(kreisAuth()).expect(200);
    expect(now.body).toMatchObject({ art: 'vereinbart', version: 3, indikatoren: [AGREED[0]], vergleichsjahr: null });
  });
});
