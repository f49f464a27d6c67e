/**
 * What the task-pane browser tests share: a real sync server (temp SQLite, the small test Kreis, a Kreis
 * and a Witten token) serving the built pane, and a headless Chromium page that records console errors
 * and aborts the Office CDN at once (offline, as on this machine) instead of waiting for DNS.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseAreaExchange } from '../../shared';
import { RunningServer, startServer, webDirs } from '../../sync-server/server';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { WITTEN, testAreas } from '../server/helpers';

export interface PaneServer {
  server: RunningServer;
  tokens: { kreis: string; witten: string };
  /** a call of the server's API with a token, JSON in and out */
  api<T>(path: string, token: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startPaneServer(prefix: string): Promise<PaneServer> {
  const built = join(webDirs()['/addin'], 'taskpane.js');
  if (!existsSync(built)) throw new Error(`${built} fehlt: bitte zuerst „npm run build“ ausführen (npm test baut vorher).`);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, addinOrigins: [] }, () => undefined);
  await server.storage.replaceAreas(parseAreaExchange(testAreas()).areas, 'test', OPERATOR);
  const tokens = {
    kreis: (await createToken(server.storage, { rolle: 'kreis' }, OPERATOR)).token,
    witten: (await createToken(server.storage, { rolle: 'kommune', ags: WITTEN }, OPERATOR)).token,
  };
  return {
    server,
    tokens,
    api: async <T>(path: string, token: string, init: RequestInit = {}) => {
      const res = await fetch(`${server.url}/api${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
      return { status: res.status, body: (await res.json()) as T };
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PaneBrowser {
  browser: Browser;
  page: Page;
  /** console errors and page errors seen so far */
  consoleErrors: string[];
  /** closes the browser and prints the console errors not matching `expected` */
  close(expected: RegExp): Promise<void>;
}

export async function openPaneBrowser(viewport: { width: number; height: number }): Promise<PaneBrowser> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.route('https://appsforoffice.microsoft.com/**', (r) => r.abort('internetdisconnected'));
  return {
    browser,
    page,
    consoleErrors,
    close: async (expected) => {
      const unexpected = consoleErrors.filter((e) => !expected.test(e));
      if (unexpected.length) process.stderr.write(`Browser-Konsole:\n${unexpected.join('\n')}\n`);
      await browser.close();
    },
  };
}

/** The pane server and browser page of one test file (see paneForFile). */
export interface PaneSession {
  server: RunningServer;
  tokens: PaneServer['tokens'];
  api: PaneServer['api'];
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  /** a full-page screenshot to test-output/screenshots/<shots>/<name>.png */
  shot(name: string): Promise<Buffer>;
}

/**
 * Starts the pane server and opens the browser in beforeAll, closes both in afterAll (printing the
 * console errors not matching `expectedConsole`). The fields are filled in beforeAll: read them in
 * tests and hooks, not at the file's top level.
 */
export function paneForFile(o: { prefix: string; viewport: { width: number; height: number }; shots: string; expectedConsole: RegExp }): PaneSession {
  const dir = screenshotDir(o.shots);
  const ui = { shot: (name: string) => ui.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true }) } as PaneSession;
  let fixture: PaneServer | undefined;
  let pane: PaneBrowser | undefined;
  beforeAll(async () => {
    fixture = await startPaneServer(o.prefix);
    pane = await openPaneBrowser(o.viewport);
    Object.assign(ui, { server: fixture.server, tokens: fixture.tokens, api: fixture.api, browser: pane.browser, page: pane.page, consoleErrors: pane.consoleErrors });
  });
  afterAll(async () => {
    await pane?.close(o.expectedConsole);
    await fixture?.close();
  });
  return ui;
}

/**
 * A sheet of the preview workbook as {area: {Merkmal: cell text}} (input cells: their raw value), read
 * from the rendered grid below its header row "Gebietscode"; its tab is selected first.
 */
export async function sheetCells(page: Page, sheet: string): Promise<Record<string, Record<string, string>>> {
  await page.getByRole('tab', { name: sheet, exact: true }).click();
  const grid = await page.evaluate((name) => Array.from(document.querySelectorAll(`table.grid[data-sheet="${name}"] tr`), (tr) =>
    Array.from(tr.querySelectorAll('td'), (td) => td.querySelector('input')?.value ?? td.textContent ?? '')), sheet);
  const head = grid.findIndex((r) => r[0] === 'Gebietscode');
  if (head < 1) throw new Error(`Blatt „${sheet}“: keine Kopfzeile „Gebietscode“ unter dem Titel`);
  const cols = grid[head]!;
  return Object.fromEntries(grid.slice(head + 1).map((r) => [r[0]!, Object.fromEntries(cols.slice(2).map((c, i) => [c, r[2 + i]!]))]));
}
