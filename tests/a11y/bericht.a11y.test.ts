/**
 * Accessibility of the report /bericht/ (BITV 2.0 / WCAG 2.1 AA, automated part): a real server with the
 * demo Kreis, headless Chromium, axe-core on one chapter (map as SVG, ECharts charts as SVG, the sortable
 * table, the controls) and on the whole report (all chapters, the Sozialindex setting form, the Kreis's
 * completeness view after a refused and an accepted token); the keyboard: Tab reaches the chapter's
 * controls and the sortable column heads, Enter and Space sort. A last test plants two faults and
 * expects axe to find them, so that a silent checker cannot pass.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../sync-server/app';
import { bootstrap } from '../../sync-server/bootstrap';
import { databaseFile } from '../../sync-server/config';
import { webDirs } from '../../sync-server/server';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { axeViolations } from './axe';

jest.setTimeout(120_000);

let dir: string;
let storage: SqliteStorage;
let server: Server;
let base: string;
let browser: Browser;
let tokens: { label: string; token: string }[];

beforeAll(async () => {
  // built by `npm test` beforehand; not rebuilt here, so that parallel jest workers never serve a bundle half-written
  const built = join(webDirs()['/bericht'], 'bericht.js');
  if (!existsSync(built)) throw new Error(`${built} fehlt: bitte zuerst „npm run build“ ausführen (npm test baut vorher).`);
  dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-a11y-bericht-'));
  storage = new SqliteStorage(databaseFile(dir));
  tokens = (await bootstrap(storage, { dataDir: dir, demo: true, log: () => undefined, demoOptions: { years: ['2023', '2024'] } })).demoTokens!;
  const app = createApp(storage, { log: () => undefined, staticDirs: webDirs() });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(kapitel: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/bericht/${kapitel ? `?kapitel=${encodeURIComponent(kapitel)}` : ''}`);
  await page.waitForSelector('body[data-fertig="ja"]', { timeout: 60_000 });
  return page;
}

describe('a Handlungsfeld chapter (Armut)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open('Armut');
  });
  afterAll(() => page?.context().close());

  test('map, charts, table and controls have no WCAG 2.1 AA violation', async () => {
    expect(await page.locator('svg.karte path.gebiet').count()).toBe(56);
    expect(await page.locator('.diagramm svg').count()).toBeGreaterThanOrEqual(2);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the charts are images with a name that says what they show (axe cannot see ECharts\' unnamed SVG)', async () => {
    const charts = await page.locator('.diagramm').evaluateAll((ds) => ds.map((d) => ({ role: d.getAttribute('role'), name: d.getAttribute('aria-label') ?? '' })));
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) expect(c.role).toBe('img');
    expect(charts[0]!.name).toMatch(/^Rangfolge der Gemeindeteile \d{4} \(ohne gesperrte\): \d+ Gebiete, höchster Wert .+ [\d.,]+, niedrigster .+ [\d.,]+\./);
    // the time series names every line with its first and last value
    expect(charts[1]!.name).toMatch(/^Zeitreihe 2023–2024: Städte und Kreis\. [^:]+: 2023 [\d.,]+, 2024 [\d.,]+; /);
    expect(charts[1]!.name.split('; ').length).toBe(1 + 9);
    const map = page.locator('svg.karte');
    expect(await map.getAttribute('role')).toBe('img');
    expect(await map.getAttribute('aria-label')).toMatch(/nach Gemeindeteilen$/);
  });

  test('map of change: the option names the nearer year (2019 not released), map and legend have no violation', async () => {
    const wahl = page.locator('select.ansicht-wahl');
    expect(await wahl.locator('option').allTextContents()).toEqual(['Stand 2024', 'Veränderung 2023–2024 (2019 nicht freigegeben)']);
    await wahl.selectOption('veraenderung');
    await page.locator('.legende li.legende-titel', { hasText: 'Veränderung 2023–2024 (Einheit: Prozentpunkte)' }).waitFor();
    expect(await page.locator('p.methode').textContent()).toContain('das Jahr 2019 ist nicht freigegeben, daher 1 Jahr(e) zurück');
    expect(await page.locator('svg.karte').getAttribute('aria-label')).toMatch(/Veränderung 2023–2024 nach Gemeindeteilen$/);
    expect(await axeViolations(page)).toEqual([]);
    await wahl.selectOption('stand');
    await page.locator('.legende li.legende-titel').waitFor({ state: 'detached' });
  });

  test('keyboard: Tab reaches the chapter\'s controls and the column heads; Enter and Space sort', async () => {
    await page.locator('body').focus();
    const reached: string[] = [];
    // header links (years, PDF, exports), then the contents (back to all chapters, every chapter)
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const e = document.activeElement!;
        return e.tagName === 'SELECT' ? `select.${e.className}` : e.closest('th') ? `th:${e.textContent}` : `${e.tagName}:${e.textContent}`;
      }));
      if (reached[i]!.startsWith('th:Wert')) break;
    }
    expect(reached).toEqual(expect.arrayContaining(['select.kennzahl-wahl', 'select.klassen-wahl', 'select.ebene-wahl', 'th:Gebiet', 'th:Ebene']));
    expect(reached[reached.length - 1]).toMatch(/^th:Wert/);
    const th = page.locator('table.tabelle th', { has: page.locator('button', { hasText: /^Wert/ }) });
    const values = async () => (await page.locator('table.tabelle tbody tr td:nth-child(3)').allTextContents())
      .filter((t) => t !== '.').map((t) => Number(t.replace(/\./g, '').replace(',', '.')));
    await page.keyboard.press('Enter');
    expect(await th.getAttribute('aria-sort')).toBe('ascending');
    const up = await values();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.keyboard.press('Space');
    expect(await th.getAttribute('aria-sort')).toBe('descending');
    const down = await values();
    expect(down).toEqual([...up].sort((a, b) => b - a));
    // the Kennzahl select changes with the arrow key and redraws the chapter
    const before = await page.locator('section.kapitel h3').first().textContent();
    await page.locator('select.kennzahl-wahl').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((b) => document.querySelector('section.kapitel h3')?.textContent !== b, before);
    expect(await axeViolations(page)).toEqual([]);
  });

  // last in this page: it breaks the page on purpose
  test('the check is not blind: a select taken out of its label and a page without lang are found', async () => {
    await page.evaluate(() => {
      document.documentElement.removeAttribute('lang');
      document.querySelector('main')!.append(document.querySelector('select.kennzahl-wahl')!);
    });
    expect(await axeViolations(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^html-has-lang \(serious\) at html: /), expect.stringMatching(/^select-name \(critical\) at \.kennzahl-wahl: /)]));
  });
});

describe('the whole report', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open('');
  });
  afterAll(() => page?.context().close());

  test('all chapters, the Sozialindex setting form (confirmation open, comment refused), the completeness view (refused, then shown): no violation', async () => {
    expect(await page.locator('section.kapitel h2').count()).toBeGreaterThanOrEqual(8);
    await page.locator('details.speichern summary').click();
    // the Sozialindex form with its in-page confirmation open and a refused (empty) comment: nothing is saved
    const si = page.locator('#kapitel-Sozialindex');
    await si.getByLabel('Zugangs-Token des Kreises').fill(tokens.find((t) => t.label.startsWith('kreis'))!.token);
    await si.locator('.rolle-hinweis', { hasText: 'Token des Kreises' }).waitFor();
    await si.getByRole('button', { name: 'Speichern …' }).click();
    await si.getByRole('group', { name: /^Bitte bestätigen/ }).waitFor();
    await si.getByRole('button', { name: 'Ja, verbindlich speichern' }).click();
    await si.locator('.bestaetigung .feldfehler', { hasText: 'Bitte eine Anmerkung eingeben' }).waitFor();
    const voll = page.locator('#kapitel-Vollstaendigkeit');
    await voll.getByLabel('Zugangs-Token des Kreises').fill('falsch');
    await voll.getByRole('button', { name: 'Anzeigen' }).click();
    // the refusal is announced to screen readers, not only shown
    await voll.getByRole('alert').filter({ hasText: 'Nicht angezeigt' }).waitFor();
    await voll.getByLabel('Zugangs-Token des Kreises').fill(tokens.find((t) => t.label.startsWith('kreis'))!.token);
    await voll.getByRole('button', { name: 'Anzeigen' }).click();
    await voll.locator('table.tabelle').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

});

// Area profile and Status × Dynamik matrix (sync-server/routes/bericht-gebiet.ts): server-rendered pages, the
// same browser; screenshots for people in test-output/screenshots/profil.
describe('a Gemeindeteil\'s profile and the Status × Dynamik matrix', () => {
  let page: Page;
  beforeAll(async () => {
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  });
  afterAll(() => page?.context().close());

  test('the profile renders (every Kennzahl, locator map, Sozialindex class) with no WCAG 2.1 AA violation', async () => {
    const areas = (await (await fetch(`${base}/bericht/daten/meta`)).json()) as { areas: { code: string; ebene: string }[]; kennzahlen: unknown[] };
    const gt = areas.areas.find((a) => a.ebene === 'gemeindeteil')!;
    const res = await page.goto(`${base}/bericht/gebiet/${gt.code}?period=2024`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('tr[data-kennzahl]').count()).toBe(areas.kennzahlen.length);
    expect(await page.locator('svg.karte path').count()).toBeGreaterThan(50);
    await expect(page.locator('dd[data-si="status"]').textContent()).resolves.toMatch(/\S/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir('profil'), 'gebietsprofil.png'), fullPage: true });
    // the Stadt's profile from its link
    await page.getByRole('link', { name: /^Stadt / }).click();
    await page.waitForSelector('table.matrix');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the matrix page: 4 × 3 cells with counts, the map of the combined class, no violation', async () => {
    await page.goto(`${base}/bericht/sozialindex-matrix?period=2024`);
    expect(await page.locator('table.matrix td[data-zelle]').count()).toBe(12);
    expect(await page.locator('svg.karte').getAttribute('aria-label')).toMatch(/^Karte: kombinierte Klasse/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir('profil'), 'sozialindex-matrix.png'), fullPage: true });
  });
});
