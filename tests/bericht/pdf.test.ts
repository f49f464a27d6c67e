/**
 * The printed report rendered on the server (GET /bericht/bericht.pdf, issue 16): real Chromium,
 * demo Kreis, read back with pdftotext. Every Kennzahl and every Gemeindeteil by name, title page
 * with Datenstand, contents whose page numbers are right, no interactive hints, no clipped page,
 * second request from the cache, 503 when Chromium is missing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../sync-server/app';
import { PdfRenderer } from '../../sync-server/bericht-pdf/render';
import { druckDaten, druckHtml } from '../../sync-server/bericht-pdf/druck';
import { klassen } from '../../sync-server/bericht-pdf/svg';
import { druckQuelle } from '../../sync-server/routes/bericht-pdf';
import { ReaderView } from '../../sync-server/reader-view';
import { DomainState } from '../../sync-server/domain';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { DemoServer, WITTEN, demoServer } from '../server/helpers';

jest.setTimeout(300000);

const PERIOD = '2024';
const DRUCK = { herausgeber: 'Ennepe-Ruhr-Kreis, Fachbereich Soziales', kontakt: 'Sozialplanung, sozialplanung@example.org', chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' };
let demo: DemoServer;
let pdf: Buffer;
let pages: string[];
let renderMs: number;
const logs: string[] = [];

const binary = (res: request.Response, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  demo = await demoServer(['2019', '2024'], 'pdf');
  demo.app = createApp(demo.storage, { log: (l) => logs.push(l), druck: DRUCK });
  const t0 = Date.now();
  const res = await request(demo.app).get(`/bericht/bericht.pdf?period=${PERIOD}`).buffer(true).parse(binary);
  renderMs = Date.now() - t0;
  expect([res.status, res.headers['x-bericht-cache']]).toEqual([200, 'miss']);
  expect(res.headers['content-type']).toBe('application/pdf');
  pdf = res.body as Buffer;
  const file = join(demo.dir, 'bericht.pdf');
  writeFileSync(file, pdf);
  pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f');
  if (pages[pages.length - 1]!.trim() === '') pages.pop();
  // pictures of pages for people (via pdftoppm, part of poppler-utils like pdftotext)
  const shots = screenshotDir('bericht');
  const si = pages.findIndex((p) => p.includes('Status hoch (')) + 1;
  try {
    for (const [n, name] of [[1, 'titel'], [2, 'inhalt'], [4, 'karte'], [5, 'rangfolge'], [6, 'tabelle'], [si, 'sozialindex']] as const) {
      execFileSync('pdftoppm', ['-png', '-r', '90', '-f', String(n), '-l', String(n), '-singlefile', file, join(shots, `pdf-${name}`)]);
    }
  } catch {
    // without pdftoppm no pictures
  }
  process.stdout.write(`bericht.pdf: ${pages.length} Seiten, ${pdf.length} Bytes, ${renderMs} ms\n`);
});
afterAll(async () => {
  await demo?.close();
});

const norm = (s: string) => s.replace(/\s+/g, ' ');

test('contains every Kennzahl and every Gemeindeteil by name, the Sozialindex, method and signs', async () => {
  const text = norm(pages.join('\n'));
  const meta = (await request(demo.app).get('/bericht/daten/meta').expect(200)).body as { kennzahlen: { name: string }[]; areas: { name: string; ebene: string }[] };
  expect(meta.kennzahlen).toHaveLength(28);
  const missing = meta.kennzahlen.filter((k) => !text.includes(norm(k.name))).map((k) => k.name);
  expect(missing).toEqual([]);
  const gts = meta.areas.filter((a) => a.ebene === 'gemeindeteil');
  expect(gts.length).toBe(56);
  expect(gts.filter((a) => !text.includes(a.name)).map((a) => a.name)).toEqual([]);
  for (const s of ['Sozialindex', 'Methode und Definitionen', 'Formel:', 'Quellen', 'Zeichenerklärung', '„.“ = Zahlenwert geheim gehalten']) expect(text).toContain(s);
  expect(text).not.toMatch(/Maus|klicken|darüberfahren|Strg\+P/i);
  // a legend in the non-overlapping form
  expect(text).toMatch(/\d+,\d+ bis unter \d+,\d+/);
});

test('title page with Kreis, Berichtsjahr, Datenstand, publisher, contact; running header and page numbers', async () => {
  const title = norm(pages[0]!);
  const released = (await request(demo.app).get('/bericht/daten/meta').expect(200)).body.datenstand[PERIOD] as string;
  const date = new Date(released).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
  expect(title).toContain('Ennepe-Ruhr-Kreis');
  expect(title).toContain('Berichtsjahr 2024');
  expect(title).toContain(`Datenstand ${date}`);
  expect(title).toContain(DRUCK.herausgeber);
  expect(title).toContain(DRUCK.kontakt);
  for (const [i, p] of pages.entries()) {
    expect(norm(p)).toContain(`Seite ${i + 1} von ${pages.length}`);
    expect(norm(p)).toContain(`Gemeinsamer Sozialbericht 2024 · Datenstand ${date}`);
  }
});

test('the contents name the page each chapter starts on', () => {
  const toc = norm(pages[1]!);
  expect(toc).toContain('Inhalt');
  for (const chapter of ['Demografie', 'Armut', 'Sozialindex', 'Methode und Definitionen']) {
    const m = new RegExp(`${chapter} (\\d+)`).exec(toc);
    expect([chapter, m !== null]).toEqual([chapter, true]);
    const page = pages[Number(m![1]) - 1]!;
    expect([chapter, norm(page).includes(chapter)]).toEqual([chapter, true]);
  }
});

test('a second request is served from the cache, a bad parameter is named', async () => {
  const t0 = Date.now();
  const res = await request(demo.app).get(`/bericht/bericht.pdf?period=${PERIOD}`).buffer(true).parse(binary).expect(200);
  expect(res.headers['x-bericht-cache']).toBe('hit');
  expect(Date.now() - t0).toBeLessThan(2000);
  expect((res.body as Buffer).equals(pdf)).toBe(true);
  expect((await request(demo.app).get('/bericht/bericht.pdf?jahr=2024').expect(400)).text).toContain('jahr');
  expect((await request(demo.app).get('/bericht/bericht.pdf?period=1999').expect(400)).text).toContain('period');
});

test('no page of the print document overflows its box (the contents page numbers hold)', async () => {
  const d = await druckDaten(new ReaderView(new DomainState(demo.storage)), PERIOD);
  const { html, seiten } = druckHtml(d, DRUCK);
  expect(html).not.toMatch(/Maus|<script/i);
  expect(seiten).toBe(pages.length);
  // the render itself checked the same and told the operations log
  expect(logs.filter((l) => l.startsWith('Gedruckter Bericht'))).toEqual([expect.stringMatching(new RegExp(`^Gedruckter Bericht 2024: ${pages.length} Seiten in \\d+,?\\.?\\d* s erzeugt$`))]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(html);
    await page.emulateMedia({ media: 'print' });
    const over = await page.$$eval('section.seite', (ss) => ss.filter((s) => s.scrollHeight > s.clientHeight + 1).map((s) => s.getAttribute('data-seite')));
    expect(over).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('503 with what to install when Chromium is missing; the server keeps running', async () => {
  const app = createApp(demo.storage, { log: () => undefined, druck: { ...DRUCK, chromium: '/nirgends/chromium' } });
  const res = await request(app).get(`/bericht/bericht.pdf?period=${PERIOD}`).expect(503);
  expect(res.body.error).toBe('CHROMIUM_FEHLT');
  expect(res.body.message).toMatch(/apt-get install chromium/);
  await request(app).get('/bericht/daten/meta').expect(200);
});

test('legend classes do not overlap and every value falls in the class its label names', () => {
  const values = [1.234, 2.59, 2.6, 3.149, 3.15, 3.2, 4.5, 7.77, 9.1, 9.99];
  const k = klassen(values, 2);
  expect(k.labels[0]).toMatch(/^unter /);
  expect(k.labels[k.labels.length - 1]).toMatch(/ und mehr$/);
  for (const v of values) {
    const c = k.classOf(v);
    if (c > 0) expect(v).toBeGreaterThanOrEqual(k.thresholds[c - 1]!);
    if (c < k.thresholds.length) expect(v).toBeLessThan(k.thresholds[c]!);
  }
});

test('renders in seconds, one at a time', async () => {
  expect(renderMs).toBeLessThan(60000);
  const r = new PdfRenderer(DRUCK.chromium);
  let order: string[] = [];
  const job = (name: string) => async () => {
    order.push(`start ${name}`);
    await new Promise((ok) => setTimeout(ok, 50));
    order.push(`end ${name}`);
    return { html: `<section class="seite" data-seite="1">${name}</section>`, kopf: name };
  };
  const [a, b, a2] = await Promise.all([r.get('a', job('a')), r.get('b', job('b')), r.get('a', job('a'))]);
  expect(a).toBe(a2);
  expect(b.seiten).toBe(1);
  expect(r.renders).toBe(2);
  expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  order = [];
});

test('the cache key is the released state: an unreleased submission keeps it, a release changes it', async () => {
  const state = new DomainState(demo.storage);
  const pdfCacheKey = async (s: DomainState, period: string) => (await druckQuelle(s, period, DRUCK)).key;
  const before = await pdfCacheKey(state, PERIOD);
  const before2019 = await pdfCacheKey(state, '2019');
  const { tree } = await state.areas();
  const block = tree!.subtree(WITTEN).find((c) => tree!.get(c)!.ebene === 'baublock')!;
  const kreis = demo.auth('kreis');
  const value = (await request(demo.app).get(`/api/values?period=${PERIOD}&areas=${block}&variables=sterbefaelle`).set(kreis).expect(200)).body.rows[0].value as number;
  await request(demo.app).post('/api/submissions').set(kreis).set('Idempotency-Key', 'pdf-cache').send({ period: PERIOD, rows: [{ area: block, variable: 'sterbefaelle', value }] }).expect(201);
  expect(await pdfCacheKey(state, PERIOD)).toBe(before);
  await request(demo.app).post('/api/freigaben').set(kreis).send({ period: PERIOD, stadt: WITTEN }).expect(201);
  expect(await pdfCacheKey(state, PERIOD)).not.toBe(before);
  // an earlier year's key does not depend on a later release
  expect(await pdfCacheKey(state, '2019')).toBe(before2019);
});
