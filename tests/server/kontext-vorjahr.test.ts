/**
 * Issue 15 on the demo Kreis over real HTTP (real SQLite, supertest) and the real command line:
 * - checks never get weaker with context: Witten's bev_weiblich 6.100 for Stockum (05954036-01)
 *   against the stored bevoelkerung 5.994 is the same Fehler in shared validation with the server's
 *   context, in POST /api/submissions (422, nothing stored) and in `sozialmonitor pruefen` with both
 *   rows; hh_gesamt against the stored household sizes likewise;
 * - plausibility against the previous year: a jump beyond the catalogue's threshold is a warning
 *   VORJAHR_SPRUNG in the 201 answer, computed within the submitter's own Stadt, and listed on the
 *   Kreis's review desk (GET /api/freigaben) until the Kreis releases it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Finding, ValueTable, standardCatalogue, validateDataset } from '../../shared';
import { demoAreaExchange, demoAreaTree, generateDemoKreis } from '../../shared/demo';
import { DemoServer, demoServer, ensureBuilt } from './helpers';

const WITTEN = '05954036';
const HATTINGEN = '05954016';
const STOCKUM = '05954036-01';
const ANNEN = '05954036-03';
const BIN = join(__dirname, '..', '..', 'bin', 'sozialmonitor.js');
const demo = generateDemoKreis({ years: ['2023', '2024'] });
const tree = demoAreaTree(demo);
const value = (period: string, area: string, variable: string): number | undefined =>
  demo.datasets.find((d) => d.period === period)!.rows.find((r) => r.area === area && r.variable === variable)?.value;

let s: DemoServer;
let dir: string;
const witten = () => s.auth(`kommune:${WITTEN}`);
const kreis = () => s.auth('kreis');
const submit = (auth: { Authorization: string }, rows: unknown[]) =>
  request(s.app).post('/api/submissions').set(auth).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024', rows }));

beforeAll(async () => {
  ensureBuilt();
  s = await demoServer(['2023', '2024'], 'kontext');
  dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-kontext-cli-'));
}, 120_000);
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the same rule with or without context: shared, server and CLI agree', () => {
  const row = { area: STOCKUM, variable: 'bev_weiblich', value: 6100 };

  it('shared validation with the context the server holds for Witten', async () => {
    const context = new ValueTable();
    for (const v of await s.storage.currentValues('2024', [WITTEN])) context.set(v.area, v.variable, '2024', v.value);
    const r = validateDataset({ period: '2024', rows: [row] }, { catalogue: standardCatalogue(), tree, submitter: { rolle: 'kommune', ags: WITTEN }, context });
    expect(r.errors.map((f) => [f.code, f.severity])).toEqual([['TEIL_GROESSER_ALS_GANZES', 'fehler']]);
    expect(r.errors[0]!.detail).toContain('Bevölkerung weiblich (bev_weiblich) = 6.100 ist größer als Bevölkerung (bevoelkerung) = 5.994');
    expect(r.errors[0]!.detail).toContain('gespeicherter Wert auf dem Server: 5.994');
  });

  it('POST /api/submissions: 422 with the same finding, nothing stored', async () => {
    const before = await s.storage.revisions('2024', [WITTEN]);
    const res = await submit(witten(), [row]).expect(422);
    expect(res.body.errors.map((f: Finding) => [f.code, f.severity])).toEqual([['TEIL_GROESSER_ALS_GANZES', 'fehler']]);
    expect(res.body.errors[0].detail).toContain('Bevölkerung weiblich (bev_weiblich) = 6.100 ist größer als Bevölkerung (bevoelkerung) = 5.994');
    expect(res.body.errors[0].detail).toContain('gespeicherter Wert auf dem Server: 5.994');
    expect(res.body.message).toContain('es wurde nichts gespeichert');
    expect(await s.storage.revisions('2024', [WITTEN])).toEqual(before);
    expect((await s.storage.currentValues('2024', [WITTEN])).find((v) => v.area === STOCKUM && v.variable === 'bev_weiblich')).toBeUndefined();
  });

  it('`sozialmonitor pruefen` on the same two rows: the same rule and severity', () => {
    const gebiete = join(dir, 'gebiete.geojson');
    writeFileSync(gebiete, JSON.stringify(demoAreaExchange(demo)));
    const werte = join(dir, 'werte.csv');
    writeFileSync(werte, `area;variable;value\n${STOCKUM};bev_weiblich;6100\n${STOCKUM};bevoelkerung;5994\n`);
    const r = spawnSync(process.execPath, [BIN, 'pruefen', werte, '--gebiete', gebiete, '--periode', '2024', '--rolle', 'kommune', '--ags', WITTEN], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FEHLER [TEIL_GROESSER_ALS_GANZES]');
    expect(r.stdout).toContain('Bevölkerung weiblich (bev_weiblich) = 6.100 ist größer als Bevölkerung (bevoelkerung) = 5.994');
  });

  it('hh_gesamt against the stored household sizes: 422 for a Baublock and for a Gemeindeteil', async () => {
    const block = `${STOCKUM}-0001`;
    const res = await submit(witten(), [{ area: block, variable: 'hh_gesamt', value: value('2024', block, 'hh_gesamt')! + 12 }]).expect(422);
    expect(res.body.errors.map((f: Finding) => f.code)).toEqual(['SUMME_ABWEICHEND']);
    expect(res.body.errors[0].detail).toContain('gespeicherter Wert auf dem Server');
    const gt = demo.datasets[1]!.rows.filter((r) => r.variable === 'hh_gesamt' && tree.ancestors(r.area).includes(STOCKUM)).reduce((a, r) => a + r.value, 0);
    const g = await submit(witten(), [{ area: STOCKUM, variable: 'hh_gesamt', value: gt + 40 }]).expect(422);
    expect(g.body.errors.map((f: Finding) => f.code)).toEqual(['SUMME_ABWEICHEND']);
  });
});

describe('plausibility against the previous year (VORJAHR_SPRUNG)', () => {
  const before = value('2023', ANNEN, 'arbeitslose')!;

  it('a jump beyond the threshold is a warning in the 201 answer, with names and German numbers', async () => {
    expect(before).toBeGreaterThan(100);
    const res = await submit(witten(), [{ area: ANNEN, variable: 'arbeitslose', value: 12 }]).expect(201);
    const w = (res.body.warnings as Finding[]).filter((f) => f.code.includes('VORJAHR'));
    expect(w).toHaveLength(1);
    const pct = Math.round(((12 - before) / before) * 100);
    expect(w[0]!.severity).toBe('warnung');
    expect(w[0]!.detail).toContain(`Arbeitslose in Annen (${ANNEN}): 12 statt ${before.toLocaleString('de-DE')} im Vorjahr 2023 (−${Math.abs(pct)} %)`);
    expect(w[0]!.message).toMatch(/^Zeile 1: Arbeitslose in Annen/);
  });

  it('a change within the threshold gives no warning', async () => {
    const now = (await s.storage.currentValues('2024', [HATTINGEN])).find((v) => v.variable === 'arbeitslose')!;
    const res = await submit(s.auth(`kommune:${HATTINGEN}`), [{ area: now.area, variable: 'arbeitslose', value: now.value + 1 }]).expect(201);
    expect((res.body.warnings as Finding[]).filter((f) => f.code.includes('VORJAHR'))).toEqual([]);
  });

  it('the review desk lists the open warnings per Stadt, for the Kreis and for the Stadt itself, until released', async () => {
    const desk = (await request(s.app).get('/api/freigaben?period=2024').set(kreis()).expect(200)).body;
    const w = desk.bereiche.find((b: { code: string }) => b.code === WITTEN);
    expect(w.offen).toBe(true);
    expect(w.vorjahrWarnungen.anzahl).toBe(1);
    expect(w.vorjahrWarnungen.liste[0].detail).toContain(`Arbeitslose in Annen (${ANNEN}): 12 statt`);
    expect(w.vorjahrWarnungen.liste[0].row).toBeNull();
    // Hattingen changed within the threshold: open, but no warning; untouched cities none at all
    expect(desk.bereiche.find((b: { code: string }) => b.code === HATTINGEN).vorjahrWarnungen).toEqual({ anzahl: 0, liste: [] });
    // Witten sees its own warning, nothing of the Kreis level or other cities
    const own = (await request(s.app).get('/api/freigaben?period=2024').set(witten()).expect(200)).body;
    expect(own.bereiche.map((b: { code: string }) => b.code)).toEqual(['05954', WITTEN]);
    expect(own.bereiche[0].vorjahrWarnungen).toBeNull();
    expect(own.bereiche[1].vorjahrWarnungen.anzahl).toBe(1);
    // released: nothing open any more
    await request(s.app).post('/api/freigaben').set(kreis()).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024', stadt: WITTEN })).expect(201);
    const after = (await request(s.app).get('/api/freigaben?period=2024').set(kreis()).expect(200)).body;
    expect(after.bereiche.find((b: { code: string }) => b.code === WITTEN).vorjahrWarnungen).toEqual({ anzahl: 0, liste: [] });
  });
});
