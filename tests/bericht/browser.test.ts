/**
 * The report in a real headless Chromium (Debian chromium via playwright-core) against a real
 * server (real SQLite, real HTTP) with the demo Kreis: chapters render, each map has one shape per
 * Gemeindeteil coloured from its legend, suppressed areas are hatched, the completeness view needs
 * the Kreis token, a real PDF (checked with pdftotext), the linked .xlsx equals the API.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../sync-server/app';
import { bootstrap } from '../../sync-server/bootstrap';
import { databaseFile } from '../../sync-server/config';
import { webDirs } from '../../sync-server/server';
import { zahl } from '../../shared/format/zahlen';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import { launchChromium, screenshotDir } from '../helpers/browser';

jest.setTimeout(180000);

const ROOT = join(__dirname, '..', '..');
const HANDLUNGSFELDER = ['Demografie', 'Lebensalter', 'Familie', 'Wohnen', 'Arbeit und Transferleistungen', 'Armut'];
let dir: string;
let storage: SqliteStorage;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;
let tokens: { label: string; token: string }[];
const shots = screenshotDir('bericht');

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-web.js')], { stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-bericht-browser-'));
  storage = new SqliteStorage(databaseFile(dir));
  const boot = await bootstrap(storage, { dataDir: dir, demo: true, log: () => undefined, demoOptions: { years: ['2019', '2020', '2021', '2022', '2023', '2024'] } });
  tokens = boot.demoTokens!;
  const app = createApp(storage, { log: () => undefined, staticDirs: webDirs() });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The browser asks for /favicon.ico by itself; every other failed request is an error.
  // Console errors include CSP violations (ECharts' inline styles) and script errors.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(`${base}/bericht/`);
  await page.waitForSelector('body[data-fertig="ja"]', { timeout: 90000 });
  expect(errors).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

const hexToRgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

test('one chapter per Handlungsfeld plus Sozialindex, each with map, charts and table', async () => {
  const titles = await page.$$eval('section.kapitel h2', (hs) => hs.map((h) => h.textContent));
  expect(titles.slice(0, 6)).toEqual(HANDLUNGSFELDER);
  expect(titles[6]).toContain('Sozialindex');
  for (const feld of HANDLUNGSFELDER) {
    const s = page.locator(`section[data-kapitel="${feld}"]`);
    expect(await s.locator('svg.karte path.gebiet').count()).toBe(56);
    expect(await s.locator('svg.karte path.stadtgrenze').count()).toBe(9);
    expect(await s.locator('.diagramm svg').count()).toBeGreaterThanOrEqual(2);
    expect(await s.locator('table.tabelle tbody tr').count()).toBe(1 + 9 + 56);
  }
  expect(await page.locator('section[data-kapitel="Demografie"] .diagramm-extra svg').count()).toBe(1);
  await page.screenshot({ path: join(shots, 'bericht-ganz.png'), fullPage: true });
  await page.locator('section[data-kapitel="Demografie"] .kennzahl').screenshot({ path: join(shots, 'kapitel-demografie.png') });
});

test('every shape has a colour of its legend, is hatched (gesperrt) or grey (kein Wert)', async () => {
  let gesperrt = 0;
  for (const feld of HANDLUNGSFELDER) {
    const s = page.locator(`section[data-kapitel="${feld}"]`);
    const legend = await s.locator('.legende li.klasse .kaestchen').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).style.background));
    expect(legend.length).toBeGreaterThanOrEqual(2);
    const fills = await s.locator('svg.karte path.gebiet').evaluateAll((ps) => ps.map((p) => [p.getAttribute('fill'), p.getAttribute('data-gesperrt'), p.querySelector('title')!.textContent]));
    for (const [fill, g, title] of fills) {
      if (g === 'ja') {
        gesperrt++;
        expect(fill).toMatch(/^url\(#schraffur-/);
        // the same text for every suppressed area: no reason
        expect(title).toMatch(/: \. gesperrt \(Geheimhaltung\)$/);
      } else if (fill === '#d9d9d9') expect(title).toContain('kein Wert');
      else expect(legend).toContain(hexToRgb(fill!));
    }
  }
  expect(gesperrt).toBeGreaterThan(0);
  // A suppressed area also shows as "." in the table.
  const armut = page.locator('section[data-kapitel="Armut"]');
  const cells = await armut.locator('table.tabelle tbody td').allTextContents();
  expect(cells).toContain('.');
  const first = armut.locator('svg.karte path[data-gesperrt="ja"]').first();
  expect(await first.count()).toBe(1);
  await first.click();
  expect(await armut.locator('.karte-info').textContent()).toMatch(/: \. gesperrt \(Geheimhaltung\)$/);
  // one general explanation of "." in the legend, the note above the ranking and the page head
  expect(await armut.locator('.legende li.gesperrt').first().textContent()).toBe('„.“ = Zahlenwert geheim gehalten (Geheimhaltung) – kleine Fallzahlen und Werte, aus denen sie sich errechnen ließen');
  expect(await armut.locator('p.gesperrt-hinweis').textContent()).toContain('„.“ = Zahlenwert geheim gehalten');
  expect(await page.locator('p.geheimhaltung').textContent()).toContain('„.“ = Zahlenwert geheim gehalten');
  expect(await page.locator('#bericht').textContent()).not.toMatch(/primär|sekundär|weniger als \d+ Fälle|aus der sie berechnet wird/);
  await armut.locator('.karte-box').screenshot({ path: join(shots, 'karte-armut-gesperrt.png') });
});

test('map of change (Veränderung in 5 Jahren): diverging legend in percentage points, each area the difference of the published values, "." when suppressed in either year', async () => {
  const armut = page.locator('section[data-kapitel="Armut"]');
  const id = await armut.locator('select.kennzahl-wahl').inputValue();
  const options = await armut.locator('select.ansicht-wahl option').allTextContents();
  expect(options).toEqual(['Stand 2024', 'Veränderung in 5 Jahren (2019–2024)']);
  await armut.locator('select.ansicht-wahl').selectOption('veraenderung');
  expect(await armut.locator('select.klassen-wahl').isDisabled()).toBe(true);
  await armut.locator('.legende li.legende-titel', { hasText: 'Veränderung 2019–2024 (Einheit: Prozentpunkte)' }).waitFor();
  expect(await armut.locator('svg.karte').getAttribute('aria-label')).toContain('Veränderung 2019–2024 nach Gemeindeteilen');
  const labels = await armut.locator('.legende li.klasse').allTextContents();
  expect(labels.length).toBeGreaterThanOrEqual(2);
  for (const l of labels) expect(l).toMatch(/^-?[\d.,]+ bis unter -?[\d.,]+ Prozentpunkte$/);
  // centred on 0: a class starts at 0
  expect(labels.some((l) => l.startsWith('0,0 bis unter'))).toBe(true);
  expect(await armut.locator('p.methode').textContent()).toContain('Wert 2024 minus Wert 2019');
  const legend = await armut.locator('.legende li.klasse .kaestchen').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).style.background));
  // the published rows of both years, as every reader gets them
  const { rows } = (await (await fetch(`${base}/bericht/daten/kennzahl/${id}`)).json()) as { rows: { area: string; period: string; value: number | null; status: string }[] };
  const row = (area: string, period: string) => rows.find((r) => r.area === area && r.period === period);
  const shapes = await armut.locator('svg.karte path.gebiet').evaluateAll((ps) => ps.map((p) => ({ code: p.getAttribute('data-code')!, fill: p.getAttribute('fill')!, wert: p.getAttribute('data-wert'), gesperrt: p.getAttribute('data-gesperrt') === 'ja', title: p.querySelector('title')!.textContent! })));
  expect(shapes.length).toBe(56);
  const seen = { wert: 0, gesperrt: 0 };
  for (const s of shapes) {
    const [now, before] = [row(s.code, '2024'), row(s.code, '2019')];
    if (now?.status === 'gesperrt' || before?.status === 'gesperrt') {
      seen.gesperrt++;
      expect(s.gesperrt).toBe(true);
      expect(s.fill).toMatch(/^url\(#schraffur-/);
      expect(s.wert).toBeNull();
      expect(s.title).toMatch(/: \. gesperrt \(Geheimhaltung\) – im Jahr (2019|2024)/);
    } else if (typeof now?.value !== 'number' || typeof before?.value !== 'number') {
      expect(s.fill).toBe('#d9d9d9');
      expect(s.title).toContain('kein Wert');
    } else {
      seen.wert++;
      expect(zahl(Number(s.wert), 1)).toBe(zahl(now.value - before.value, 1));
      expect(legend).toContain(hexToRgb(s.fill));
      expect(s.title).toContain('Prozentpunkte (2024 gegenüber 2019)');
    }
  }
  expect(seen.wert).toBeGreaterThan(10);
  expect(seen.gesperrt).toBeGreaterThan(0);
  await armut.locator('.karte-box').screenshot({ path: join(shots, 'karte-armut-veraenderung.png') });
  // back to the state of the year
  await armut.locator('select.ansicht-wahl').selectOption('stand');
  await armut.locator('svg.karte[aria-label$="2024 nach Gemeindeteilen"]').waitFor();
  expect(await armut.locator('.legende li.legende-titel').count()).toBe(0);
  expect(await armut.locator('select.klassen-wahl').isDisabled()).toBe(false);
});

test('PDF link: a wait message while the PDF renders, then the file; a failure is said plainly', async () => {
  const link = page.locator('a.pdf-link');
  expect(await link.getAttribute('href')).toBe('bericht.pdf?period=2024');
  // the server's rendering is tested in pdf.test.ts; here the answer is held back until the message was seen
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let answer: { status: number; contentType: string; body: string } = { status: 200, contentType: 'application/pdf', body: '%PDF-1.4\n%%EOF\n' };
  await page.route('**/bericht/bericht.pdf*', async (route) => {
    await held;
    await route.fulfill(answer);
  });
  try {
    await link.click();
    const status = page.locator('.pdf-status[role="status"]');
    await status.filter({ hasText: 'Der Bericht wird erstellt, das dauert etwa eine halbe Minute …' }).waitFor();
    expect(await link.getAttribute('aria-busy')).toBe('true');
    await page.locator('header').screenshot({ path: join(shots, 'pdf-warten.png') });
    release();
    await status.locator('a.pdf-fertig').waitFor();
    expect(await status.textContent()).toBe('Der Bericht ist fertig: PDF 2024 öffnen');
    expect(await status.locator('a.pdf-fertig').getAttribute('href')).toMatch(/^blob:/);
    expect(await link.getAttribute('aria-busy')).toBeNull();
    answer = { status: 503, contentType: 'application/json', body: JSON.stringify({ message: 'Der PDF-Druck ist gerade nicht verfügbar.' }) };
    await link.click();
    await status.filter({ hasText: 'Der Bericht konnte nicht erstellt werden: Der PDF-Druck ist gerade nicht verfügbar.' }).waitFor();
  } finally {
    await page.unroute('**/bericht/bericht.pdf*');
  }
});

test('sortable table: click on the value column sorts ascending, "." last', async () => {
  const s = page.locator('section[data-kapitel="Demografie"]');
  await s.locator('table.tabelle thead th').nth(2).locator('button').click();
  const cells = await s.locator('table.tabelle tbody tr td:nth-child(3)').allTextContents();
  const nums = cells.filter((c) => c !== '.').map((c) => Number(c.replace(/\./g, '').replace(',', '.')));
  expect(nums).toEqual([...nums].sort((a, b) => a - b));
  const firstDot = cells.indexOf('.');
  if (firstDot >= 0) expect(cells.slice(firstDot).every((c) => c === '.')).toBe(true);
});

test('Sozialindex chapter: 56 shapes in class colours, method and limits stated', async () => {
  const s = page.locator('section[data-kapitel="Sozialindex"]');
  expect(await s.locator('svg.karte path.gebiet').count()).toBe(56);
  const text = await s.textContent();
  expect(text).toContain('z-standardisiert');
  expect(text).toContain('Grenzen');
  const klassen = await s.locator('table.tabelle tbody td:nth-child(3)').allTextContents();
  expect(new Set(klassen.filter((k) => k !== '.')).size).toBeGreaterThanOrEqual(3);
  // Shapes are coloured with the class colours of the legend (or grey/hatched when unclassified).
  const legend = await s.locator('.legende li.klasse .kaestchen').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).style.background));
  const fills = await s.locator('svg.karte path.gebiet').evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')!));
  for (const f of fills) if (f !== '#d9d9d9' && !f.startsWith('url(')) expect(legend).toContain(hexToRgb(f));
  await s.screenshot({ path: join(shots, 'sozialindex.png') });
});

test('completeness view: leser token refused, Kreis token shows every Stadt', async () => {
  const s = page.locator('#kapitel-Vollstaendigkeit');
  const leser = tokens.find((t) => /leser/i.test(t.label))!.token;
  await s.locator('input.token').fill(leser);
  await s.locator('button.token-senden').click();
  await s.locator('.fehler').waitFor();
  expect(await s.locator('.fehler').textContent()).toContain('Kreis');
  await s.locator('input.token').fill(tokens.find((t) => t.label.startsWith('kreis'))!.token);
  await s.locator('button.token-senden').click();
  await s.locator('table.tabelle').nth(5).waitFor();
  expect(await s.locator('table.tabelle').count()).toBe(6);
  expect(await s.locator('table.tabelle').first().locator('tbody tr').count()).toBe(10);
  await s.screenshot({ path: join(shots, 'vollstaendigkeit.png') });
});

test('review desk: a delivery not yet released is "offen"; the Kreis releases it with the year\'s button', async () => {
  const s = page.locator('#kapitel-Vollstaendigkeit');
  // the demo Kreis is released as loaded: every year's button says so and cannot be pressed
  expect(await s.locator('button.freigeben').count()).toBe(6);
  expect(await s.locator('button.freigeben:disabled').count()).toBe(6);
  expect(await s.locator('table.tabelle').last().locator('tbody').textContent()).toContain('freigegeben (Revision');
  // a correction of one Baublock of 2024 arrives (stored directly: the desk is what is tested here)
  const areas = await storage.areas();
  const stadt = areas.filter((a) => a.ebene === 'stadt').sort((a, b) => a.code.localeCompare(b.code))[0]!;
  const block = areas.find((a) => a.ebene === 'baublock' && a.code.startsWith(`${stadt.code}-`))!;
  const rev = (await storage.revisions('2024', [stadt.code]))[stadt.code]!;
  const old = (await storage.currentValues('2024', [stadt.code])).find((v) => v.area === block.code && v.variable === 'geburten')!;
  await storage.appendSubmission({ period: '2024', rows: [{ area: block.code, variable: 'geburten', value: old.value + 1, scope: stadt.code }], meldebereich: stadt.code, scopes: [stadt.code], expectedRevisions: { [stadt.code]: rev }, actor: { tokenId: null, role: { rolle: 'kommune', ags: stadt.code }, label: 'Test' }, contentHash: 'test', catalogueVersion: 'test' });
  await s.locator('button.token-senden').click();
  const button = s.locator('button.freigeben').last();
  await s.locator('button.freigeben:enabled').waitFor();
  expect(await button.textContent()).toBe(`Stand 2024 freigeben (${stadt.name} (${stadt.code}))`);
  expect(await s.locator('table.tabelle').last().locator('tbody').textContent()).toContain(`offen: Revision ${rev + 1}, freigegeben ${rev}`);
  await button.click();
  await s.locator('p.gespeichert').waitFor();
  expect(await s.locator('p.gespeichert').textContent()).toBe(`Freigegeben: ${stadt.name} (${stadt.code}) bis Revision ${rev + 1} im Jahr 2024.`);
  expect(await s.locator('button.freigeben:disabled').count()).toBe(6);
  expect((await storage.releasedRevisions('2024'))[stadt.code]).toBe(rev + 1);
  await s.screenshot({ path: join(shots, 'freigabe.png') });
});

test('review desk: the open warnings against the previous year per Stadt, until released', async () => {
  const s = page.locator('#kapitel-Vollstaendigkeit');
  const areas = await storage.areas();
  const stadt = areas.filter((a) => a.ebene === 'stadt').sort((a, b) => a.code.localeCompare(b.code))[1]!;
  const gt = areas.find((a) => a.ebene === 'gemeindeteil' && a.code.startsWith(`${stadt.code}-`))!;
  const before = (await storage.currentValues('2023', [stadt.code])).find((v) => v.area === gt.code && v.variable === 'arbeitslose')!.value;
  const rev = (await storage.revisions('2024', [stadt.code]))[stadt.code]!;
  // a drop to 12 Arbeitslose arrives (stored directly: the desk is what is tested here)
  await storage.appendSubmission({ period: '2024', rows: [{ area: gt.code, variable: 'arbeitslose', value: 12, scope: stadt.code }], meldebereich: stadt.code, scopes: [stadt.code], expectedRevisions: { [stadt.code]: rev }, actor: { tokenId: null, role: { rolle: 'kommune', ags: stadt.code }, label: 'Test' }, contentHash: 'test-vorjahr', catalogueVersion: 'test' });
  await s.locator('button.token-senden').click();
  await s.locator('details.vorjahr-warnungen').waitFor();
  const details = s.locator('details.vorjahr-warnungen');
  expect(await details.count()).toBe(1);
  expect(await details.locator('summary').textContent()).toBe(`${stadt.name} (${stadt.code}), 2024: 1 Warnung zum Vorjahr (noch nicht freigegeben)`);
  await details.locator('summary').click();
  expect(await details.locator('li').first().textContent()).toContain(`Warnung: Arbeitslose in ${gt.name} (${gt.code}): 12 statt ${before.toLocaleString('de-DE')} im Vorjahr 2023`);
  expect(await s.locator('table.tabelle').last().locator('thead').textContent()).toContain('Warnungen zum Vorjahr (offen)');
  await s.screenshot({ path: join(shots, 'vorjahr-warnungen.png') });
  await s.locator('button.freigeben:enabled').click();
  await s.locator('p.gespeichert').waitFor();
  expect(await s.locator('details.vorjahr-warnungen').count()).toBe(0);
});

test('PDF of the whole report and of one chapter (pdftotext)', async () => {
  const pdf = join(dir, 'bericht.pdf');
  writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
  const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
  expect(pages.length).toBeGreaterThanOrEqual(7);
  // Each chapter starts on a new page: its heading is the first line of some page.
  for (const feld of [...HANDLUNGSFELDER, 'Sozialindex']) expect(pages.some((p) => p.trim().startsWith(feld))).toBe(true);
  expect(pages.join('\n')).not.toContain('Vollständigkeit der Lieferungen');
  const chapterPage = await browser.newPage();
  await chapterPage.goto(`${base}/bericht/?kapitel=Armut`);
  await chapterPage.waitForSelector('body[data-fertig="ja"]', { timeout: 60000 });
  // the shown year and chapter are marked; the contents keep the year and lead back to all chapters
  const newest = await chapterPage.locator('.jahre a[href^="?jahr="]').last().innerText();
  expect(await chapterPage.locator('.jahre a[aria-current="page"]').allInnerTexts()).toEqual([newest]);
  expect(await chapterPage.locator('nav.inhalt a[aria-current="page"]').allInnerTexts()).toEqual(['Armut']);
  expect(await chapterPage.locator('nav.inhalt a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(expect.arrayContaining([`?jahr=${newest}`, `?kapitel=Demografie&jahr=${newest}`]));
  const one = join(dir, 'armut.pdf');
  writeFileSync(one, await chapterPage.pdf({ format: 'A4' }));
  const text = execFileSync('pdftotext', ['-layout', one, '-'], { encoding: 'utf8' });
  expect(text).toContain('Armut');
  expect(text).not.toMatch(/^\s*Demografie\s*$/m);
  expect(text.split('\f').filter((p) => p.trim()).length).toBeLessThan(pages.length);
  await chapterPage.close();
});

test('the linked .xlsx has the same numbers as the API', async () => {
  const s = page.locator('section[data-kapitel="Armut"]');
  const href = await s.locator('a.xlsx').getAttribute('href');
  const xlsx = await page.request.get(`${base}/bericht/${href}`);
  expect(xlsx.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsx.body()).buffer as ArrayBuffer);
  const id = /export\/(\w+)\.xlsx/.exec(href!)![1];
  const api = (await (await page.request.get(`${base}/bericht/daten/kennzahl/${id}`)).json()).rows.filter((r: { period: string }) => r.period === '2024');
  const sheet = wb.getWorksheet('Tabelle')!;
  expect(sheet.rowCount - 1).toBe(api.length);
  sheet.eachRow((row, i) => {
    if (i === 1) return;
    const a = api.find((r: { area: string }) => r.area === row.getCell(1).value);
    expect(row.getCell(4).value).toEqual(a.value ?? '.');
  });
  expect(wb.getWorksheet('Definitionen und Quellen')).toBeDefined();
});

test('the header links the full export of all published numbers (xlsx of the year and of all years, csv)', async () => {
  const hrefs = await page.locator('header p.export-alle a').evaluateAll((as) => as.map((x) => x.getAttribute('href')!));
  expect(hrefs).toEqual(['export.xlsx?period=2024', expect.stringMatching(/^export\.xlsx\?von=\d{4}&bis=2024$/), expect.stringMatching(/^export\.csv\?von=\d{4}&bis=2024$/)]);
  for (const h of hrefs) {
    const res = await page.request.get(`${base}/bericht/${h}`);
    expect([h, res.status()]).toEqual([h, 200]);
    expect(res.headers()['content-type']).toMatch(h.includes('.csv') ? /^text\/csv/ : /spreadsheetml/);
  }
});

test('Sozialindex setting form: Kennzahlen chosen by name with weights, a what-if marked, saving only for the Kreis after a confirmation by names with a required comment, errors next to the field', async () => {
  const p = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const kreisToken = tokens.find((t) => t.label.startsWith('kreis'))!.token;
  const settings = async () => (await (await p.request.get(`${base}/api/sozialindex/settings`, { headers: { Authorization: `Bearer ${kreisToken}` } })).json()) as { art: string; version: number | null; indikatoren: unknown[]; vergleichsjahr: string | null };
  try {
    const meta = (await (await p.request.get(`${base}/bericht/daten/meta`)).json()) as { kennzahlen: { id: string; name: string }[]; sozialindexStandard: { id: string }[] };
    const name = (id: string) => meta.kennzahlen.find((k) => k.id === id)!.name;
    await p.goto(`${base}/bericht/?kapitel=Sozialindex`);
    await p.waitForSelector('body[data-fertig="ja"]', { timeout: 60000 });
    const s = p.locator('section[data-kapitel="Sozialindex"]');
    expect(await s.locator('p.einstellung').textContent()).toContain('Vorgabe der Software');
    expect(await s.locator('p.einstellung.probe').count()).toBe(0);
    expect(await s.locator('p.einstellung').textContent()).not.toContain('sgb2_quote'); // names follow, not ids
    // the form lists the setting in force by name; the shown parameters use names too
    expect(await s.locator('tr.indikator th').allTextContents()).toEqual(meta.sozialindexStandard.map((c) => `${name(c.id)} (${c.id})`));
    expect(await s.locator('p.parameter').textContent()).toContain(`${name('sgb2_quote')} (sgb2_quote): höherer Wert = mehr Handlungsbedarf, Gewicht 1`);

    // choose by name: take all out, add two from the grouped list, set a weight
    for (const c of meta.sozialindexStandard) await s.getByRole('button', { name: `„${name(c.id)}“ entfernen` }).click();
    expect(await s.locator('p.keine-kennzahl').isVisible()).toBe(true);
    await s.getByLabel('Kennzahl hinzufügen').selectOption({ label: `${name('sgb2_quote')} (sgb2_quote)` });
    await s.getByRole('button', { name: 'Hinzufügen' }).click();
    await s.getByLabel(`Gewicht für „${name('sgb2_quote')}“`).fill('3');
    await s.getByLabel('Kennzahl hinzufügen').selectOption({ label: `${name('arbeitslosendichte')} (arbeitslosendichte)` });
    await s.getByRole('button', { name: 'Hinzufügen' }).click();
    // a chosen one is no longer offered
    expect(await s.locator('select.kennzahl-neu option[value="sgb2_quote"]').count()).toBe(0);

    // a what-if (with another Vergleichsjahr): marked in the heading and the note; the parameters by name
    await s.getByLabel('Vergleichsjahr des Dynamikindex').selectOption('2021');
    await s.getByRole('button', { name: 'Neu berechnen' }).click();
    await s.locator('p.einstellung.probe').waitFor();
    expect(await s.locator('h3').first().textContent()).toMatch(/^Probeberechnung \(nicht vereinbart\): Statusindex 2024, Dynamik 2021–2024/);
    expect(await s.locator('p.einstellung').textContent()).toContain('nicht die vereinbarte Einstellung des Kreises (Vorgabe der Software)');
    expect(await s.locator('p.parameter').textContent()).toBe(`Kennzahlen: ${name('sgb2_quote')} (sgb2_quote): höherer Wert = mehr Handlungsbedarf, Gewicht 3; ${name('arbeitslosendichte')} (arbeitslosendichte): höherer Wert = mehr Handlungsbedarf, Gewicht 1.`);
    await s.screenshot({ path: join(shots, 'sozialindex-probe.png') });

    // saving: disabled with a sentence why until a Kreis token is entered; a leser token keeps it so
    await s.locator('details.speichern summary').click();
    const save = s.locator('button.einstellung-speichern');
    expect(await save.isDisabled()).toBe(true);
    expect(await s.locator('.rolle-hinweis').textContent()).toContain('Speichern kann nur der Kreis');
    await s.getByLabel('Zugangs-Token des Kreises').fill(tokens.find((t) => /leser/i.test(t.label))!.token);
    await s.locator('.rolle-hinweis', { hasText: 'speichern darf nur der Kreis' }).waitFor();
    expect(await save.isDisabled()).toBe(true);
    await s.getByLabel('Zugangs-Token des Kreises').fill(kreisToken);
    await s.locator('.rolle-hinweis', { hasText: 'Token des Kreises' }).waitFor();
    expect(await save.isEnabled()).toBe(true);

    // a bad weight: confirmation by names, a missing comment refused in the page, then the server's
    // message next to the weight; nothing stored
    await s.getByLabel(`Gewicht für „${name('sgb2_quote')}“`).fill('0');
    await save.click();
    const confirm = s.locator('.bestaetigung');
    await confirm.waitFor();
    expect(await confirm.locator('ul.zusammenfassung li').allTextContents()).toEqual([
      `${name('sgb2_quote')} (sgb2_quote): höherer Wert = mehr Handlungsbedarf, Gewicht 0`,
      `${name('arbeitslosendichte')} (arbeitslosendichte): höherer Wert = mehr Handlungsbedarf, Gewicht 1`,
    ]);
    expect(await confirm.textContent()).toContain('Vergleichsjahr des Dynamikindex: 2021. Ersetzt die Vorgabe der Software');
    await confirm.getByRole('button', { name: 'Ja, verbindlich speichern' }).click();
    expect(await confirm.locator('.feldfehler').first().textContent()).toContain('Bitte eine Anmerkung eingeben');
    expect(await confirm.getByLabel(/^Anmerkung/).getAttribute('aria-invalid')).toBe('true');
    await confirm.getByLabel(/^Anmerkung/).fill('Beschluss Sozialausschuss (Test)');
    await confirm.getByRole('button', { name: 'Ja, verbindlich speichern' }).click();
    await s.locator('.speichern-ergebnis .fehlerliste').waitFor();
    const fieldError = await s.locator('tr.indikator[data-id="sgb2_quote"] .feldfehler').textContent();
    expect(fieldError).toMatch(new RegExp(`^Gewicht von „${name('sgb2_quote')}“ \\(sgb2_quote\\): muss größer als 0 sein`));
    expect(await s.getByLabel(`Gewicht für „${name('sgb2_quote')}“`).getAttribute('aria-invalid')).toBe('true');
    expect(await s.locator('.speichern-ergebnis').textContent()).toContain('Nicht gespeichert');
    expect((await settings()).art).toBe('vorgabe');

    // the Kreis saves: version 1, and from now on it is the agreed setting, also on a fresh page
    await s.getByLabel(`Gewicht für „${name('sgb2_quote')}“`).fill('3');
    expect(await confirm.isHidden()).toBe(true); // a change closes the confirmation of the old setting
    await save.click();
    await confirm.waitFor();
    expect(await confirm.locator('ul.zusammenfassung li').first().textContent()).toContain('Gewicht 3');
    await s.screenshot({ path: join(shots, 'sozialindex-bestaetigung.png') });
    await confirm.getByRole('button', { name: 'Ja, verbindlich speichern' }).click();
    await s.locator('.speichern-ergebnis .gespeichert').waitFor();
    expect(await s.locator('.speichern-ergebnis').textContent()).toContain('Gespeichert als Version 1');
    await s.locator('p.einstellung.vereinbart').waitFor();
    expect(await settings()).toMatchObject({ art: 'vereinbart', version: 1, vergleichsjahr: '2021', indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 3 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 1 }] });
    await p.goto(`${base}/bericht/?kapitel=Sozialindex`);
    await p.waitForSelector('body[data-fertig="ja"]', { timeout: 60000 });
    expect(await s.locator('p.einstellung.vereinbart').textContent()).toMatch(/Version 1, gespeichert am .*Beschluss Sozialausschuss \(Test\)/);
    expect(await s.locator('tr.indikator th').allTextContents()).toEqual([`${name('sgb2_quote')} (sgb2_quote)`, `${name('arbeitslosendichte')} (arbeitslosendichte)`]);
    expect(await s.getByLabel(`Gewicht für „${name('sgb2_quote')}“`).inputValue()).toBe('3');
    expect(await s.getByLabel('Vergleichsjahr des Dynamikindex').inputValue()).toBe('2021');
    expect(await s.locator('h3').first().textContent()).toMatch(/^Statusindex 2024, Dynamik 2021–2024/);
    await s.screenshot({ path: join(shots, 'sozialindex-vereinbart.png') });
  } finally {
    await p.close();
  }
});

describe('Baublock maps of one Stadt', () => {
  const WITTEN = '05954036';
  // as the report prints it: the Kennzahl's decimals from the catalogue (all Kennzahlen of this chapter have 1)
  const fmtDe = (v: number) => zahl(v, 1);
  interface ApiRow { area: string; value: number | null; status: string }
  const leserRows = async (id: string): Promise<ApiRow[]> => {
    const leser = tokens.find((t) => /leser/i.test(t.label))!.token;
    const res = await page.request.get(`${base}/api/indicators?period=2024&ebene=baublock&ids=${id}`, { headers: { Authorization: `Bearer ${leser}` } });
    expect(res.status()).toBe(200);
    return ((await res.json()).rows as ApiRow[]).filter((r) => r.area.startsWith(`${WITTEN}-`));
  };
  const open = async (query: string) => {
    const p = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    await p.goto(`${base}/bericht/?${query}`);
    await p.waitForSelector('body[data-fertig="ja"]', { timeout: 60000 });
    return { p, errors };
  };

  test('switch to the Baublöcke of Witten: one shape per block, legend colour or hatching, the values of the leser view, Gemeindeteil borders on top', async () => {
    const { p, errors } = await open('kapitel=Armut');
    try {
      const s = p.locator('section[data-kapitel="Armut"]');
      const id = await s.locator('select.kennzahl-wahl').inputValue();
      expect(await s.locator('label.stadt-label').isHidden()).toBe(true);
      await s.locator('select.ebene-wahl').selectOption('baublock');
      await s.locator('select.stadt-wahl').selectOption(WITTEN);
      await s.locator('p.ebene-zaehlung', { hasText: 'von Witten:' }).waitFor();
      const api = await leserRows(id);
      expect(api.length).toBe(470);
      const shapes = await s.locator('svg.karte path.gebiet').evaluateAll((ps) => ps.map((q) => ({ code: q.getAttribute('data-code')!, fill: q.getAttribute('fill')!, wert: q.getAttribute('data-wert'), gesperrt: q.getAttribute('data-gesperrt'), title: q.querySelector('title')!.textContent!, d: q.getAttribute('d')! })));
      expect(shapes.map((x) => x.code).sort()).toEqual(api.map((r) => r.area).sort());
      const legend = await s.locator('.legende li.klasse .kaestchen').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).style.background));
      expect(legend.length).toBeGreaterThanOrEqual(2);
      const gts = (await (await p.request.get(`${base}/bericht/daten/meta`)).json()).areas.filter((a: { ebene: string; parent: string }) => a.ebene === 'gemeindeteil' && a.parent === WITTEN);
      expect(await s.locator('svg.karte path.gemeindeteilgrenze').count()).toBe(gts.length);
      expect(await s.locator('svg.karte path.stadtgrenze').count()).toBe(0);
      let gesperrt = 0;
      for (const x of shapes) {
        const a = api.find((r) => r.area === x.code)!;
        expect(x.d).toMatch(/^M/);
        if (a.status === 'gesperrt') {
          gesperrt++;
          expect(x).toMatchObject({ gesperrt: 'ja', wert: null });
          expect(x.fill).toMatch(/^url\(#schraffur-/);
          expect(x.title).toMatch(/: \. gesperrt \(Geheimhaltung\)$/);
        } else if (a.value === null) {
          expect(x.fill).toBe('#d9d9d9');
          expect(x.title).toContain('kein Wert');
        } else {
          expect(Number(x.wert)).toBe(a.value);
          expect(x.title).toContain(`: ${fmtDe(a.value)} `);
          expect(legend).toContain(hexToRgb(x.fill));
        }
      }
      expect(gesperrt).toBeGreaterThan(0);
      const published = api.filter((r) => r.value !== null).length;
      expect(await s.locator('p.ebene-zaehlung').textContent()).toBe(`Karte der Baublöcke von Witten: 470 Baublöcke, davon ${published} veröffentlicht, ${gesperrt} gesperrt (schraffiert), ${470 - published - gesperrt} ohne Wert (grau).`);
      // hover: the info line shows the value of the leser view, or that it is suppressed (no reason)
      const openOne = api.find((r) => r.value !== null)!;
      await s.locator(`svg.karte path[data-code="${openOne.area}"]`).hover();
      expect(await s.locator('.karte-info').textContent()).toMatch(new RegExp(`: ${fmtDe(openOne.value!).replace('.', '\\.')} `));
      const closed = api.find((r) => r.status === 'gesperrt')!;
      await s.locator(`svg.karte path[data-code="${closed.area}"]`).hover();
      expect(await s.locator('.karte-info').textContent()).toMatch(/: \. gesperrt \(Geheimhaltung\)$/);
      await s.locator('.karte-box').screenshot({ path: join(shots, 'karte-baubloecke-witten.png') });
      // with the switch: the chapter's top (controls, heading, map)
      const top = (await s.boundingBox())!;
      await p.screenshot({ path: join(shots, 'kapitel-armut-baubloecke.png'), fullPage: true, clip: { x: top.x, y: top.y, width: top.width, height: 1050 } });
      // back to the Gemeindeteile of the Kreis
      await s.locator('select.ebene-wahl').selectOption('gemeindeteil');
      await s.locator('svg.karte path.stadtgrenze').first().waitFor();
      expect(await s.locator('svg.karte path.gebiet').count()).toBe(56);
      expect(errors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  test('map of change at block level (both years of the published block rows); a year without an earlier released one: option disabled with the reason', async () => {
    const { p, errors } = await open(`kapitel=Armut&ebene=baublock&stadt=${WITTEN}`);
    try {
      const s = p.locator('section[data-kapitel="Armut"]');
      const id = await s.locator('select.kennzahl-wahl').inputValue();
      await s.locator('select.ansicht-wahl').selectOption('veraenderung');
      await s.locator('.legende li.legende-titel', { hasText: 'Veränderung 2019–2024 (Einheit: Prozentpunkte)' }).waitFor();
      expect(await s.locator('svg.karte').getAttribute('aria-label')).toBe(`${await s.locator('select.kennzahl-wahl option:checked').textContent()}: Veränderung 2019–2024 nach Baublöcken: Witten`);
      const rowsOf = async (period: string) => ((await (await p.request.get(`${base}/bericht/daten/kennzahl/${id}?ebene=baublock&stadt=${WITTEN}&period=${period}`)).json()).rows as ApiRow[]);
      const [now, before] = [await rowsOf('2024'), await rowsOf('2019')];
      const shapes = await s.locator('svg.karte path.gebiet').evaluateAll((ps) => ps.map((q) => ({ code: q.getAttribute('data-code')!, wert: q.getAttribute('data-wert'), gesperrt: q.getAttribute('data-gesperrt') === 'ja' })));
      expect(shapes.length).toBe(470);
      for (const x of shapes) {
        const [a, b] = [now.find((r) => r.area === x.code), before.find((r) => r.area === x.code)];
        expect(x.gesperrt).toBe(a?.status === 'gesperrt' || b?.status === 'gesperrt');
        if (!x.gesperrt && typeof a?.value === 'number' && typeof b?.value === 'number') expect(zahl(Number(x.wert), 1)).toBe(zahl(a.value - b.value, 1));
        else expect(x.wert).toBeNull();
      }
      // both kinds occur: blocks with a change and blocks suppressed in a year
      expect(shapes.filter((x) => x.wert !== null).length).toBeGreaterThan(0);
      expect(shapes.filter((x) => x.gesperrt).length).toBeGreaterThan(0);
      expect(await s.locator('p.ebene-zaehlung').textContent()).toMatch(/^Karte der Baublöcke von Witten \(Werte 2024\): 470 Baublöcke/);
      expect(errors).toEqual([]);
    } finally {
      await p.close();
    }
    const first = await open('kapitel=Armut&jahr=2019');
    try {
      const s = first.p.locator('section[data-kapitel="Armut"]');
      const option = s.locator('select.ansicht-wahl option[value="veraenderung"]');
      expect(await option.textContent()).toBe('Veränderung in 5 Jahren (nicht verfügbar)');
      expect(await option.isDisabled()).toBe(true);
      expect(await s.locator('p.wandel-hinweis').textContent()).toBe('Eine Karte der Veränderung gibt es für 2019 nicht: zwischen 2014 und 2019 ist kein früheres Jahr vom Kreis freigegeben.');
      expect(first.errors).toEqual([]);
    } finally {
      await first.p.close();
    }
  });

  test('a Kennzahl without block values: the switch says so, no empty map; nearly all suppressed: says how many are published', async () => {
    const { p, errors } = await open(`kapitel=${encodeURIComponent('Arbeit und Transferleistungen')}&ebene=baublock&stadt=${WITTEN}`);
    try {
      const s = p.locator('section[data-kapitel="Arbeit und Transferleistungen"]');
      // opened with ?ebene=baublock: the chapter's first Kennzahl (BA data) has no block values
      expect(await s.locator('select.kennzahl-wahl').inputValue()).toBe('beschaeftigungsquote');
      expect(await s.locator('p.ebene-hinweis').textContent()).toMatch(/^„Beschäftigungsquote[^“]*“ gibt es nicht je Baublock/);
      await s.locator('select.kennzahl-wahl').selectOption('arbeitslosendichte');
      await s.locator('p.ebene-hinweis', { hasText: 'Arbeitslosendichte' }).waitFor();
      expect(await s.locator('p.ebene-hinweis').textContent()).toMatch(/^„Arbeitslosendichte“ gibt es nicht je Baublock: .*Quelle BA.*nur bis zur Ebene Gemeindeteil vor/);
      expect(await s.locator('.karte-box svg').count()).toBe(0);
      expect(await s.locator('select.ebene-wahl option[value="baublock"]').textContent()).toBe('Baublöcke (für diese Kennzahl nicht verfügbar)');
      // the rest of the chapter (table of the Gemeindeteile) is still there
      expect(await s.locator('table.tabelle tbody tr').count()).toBe(1 + 9 + 56);
      await s.locator('.karte-box').screenshot({ path: join(shots, 'karte-baubloecke-nicht-verfuegbar.png') });
    } finally {
      await p.close();
    }
    // Familie: the share of single parents is suppressed in (nearly) every block of the demo
    const api = await leserRows('anteil_alleinerziehende');
    const published = api.filter((r) => r.value !== null).length;
    expect(published).toBeLessThan(api.length / 4);
    const f = await open(`kapitel=Familie&ebene=baublock&stadt=${WITTEN}`);
    try {
      const s = f.p.locator('section[data-kapitel="Familie"]');
      await s.locator('select.kennzahl-wahl').selectOption('anteil_alleinerziehende');
      await s.locator('p.fast-alles-gesperrt').waitFor();
      expect(await s.locator('p.fast-alles-gesperrt').textContent()).toContain(`nur ${published} von 470 Baublöcken von Witten sind veröffentlicht`);
      expect(await s.locator('svg.karte path.gebiet').count()).toBe(470);
      expect(await s.locator('svg.karte path[data-gesperrt="ja"]').count()).toBe(api.filter((r) => r.status === 'gesperrt').length);
      // printed (controls are not): the block map keeps its caption and the warning
      const pdf = join(dir, 'familie-baubloecke.pdf');
      writeFileSync(pdf, await f.p.pdf({ format: 'A4' }));
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain('Karte der Baublöcke von Witten: 470 Baublöcke');
      expect(text).toContain(`nur ${published} von 470 Baublöcken von Witten sind veröffentlicht`);
      // a Kennzahl with mostly published blocks has no such warning
      const name = (await s.locator('select.kennzahl-wahl option[value="anteil_einpersonenhaushalte"]').textContent())!;
      await s.locator('select.kennzahl-wahl').selectOption('anteil_einpersonenhaushalte');
      await s.locator(`svg.karte[aria-label^="${name} 2024 nach Baublöcken: Witten"]`).waitFor();
      expect(await s.locator('p.fast-alles-gesperrt').count()).toBe(0);
      await s.locator('.karte-box').screenshot({ path: join(shots, 'karte-baubloecke-familie.png') });
      expect([...errors, ...f.errors]).toEqual([]);
    } finally {
      await f.p.close();
    }
  });
});
