/**
 * Nothing is overwritten without asking, and a correction is not made blind (issue 15, add-in part), in
 * headless Chromium against the real server: a second pull and a second chart into a taken sheet ask
 * (new name, replace, cancel); a template for a year with stored values opens pre-filled with them and
 * says so; a template of another level does not replace the first; a 409 shows the cells by name with
 * both values, "Abbrechen" leaves the next push with the same choice (no dead end), and "Werte vom
 * Server übernehmen" writes the server's values into the sheet. Screenshots: test-output/screenshots/korrektur/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningServer } from '../../sync-server/server';
import { screenshotDir } from '../helpers/browser';
import { WITTEN } from '../server/helpers';
import { PaneBrowser, PaneServer, openPaneBrowser, sheetCells, startPaneServer } from './pane-fixture';

jest.setTimeout(90_000);

const PERIOD = '2024';
const GT1 = `${WITTEN}-01`;
const GT2 = `${WITTEN}-02`;
const SHEET = `Erfassung Witten ${PERIOD}`;

let fixture: PaneServer;
let pane: PaneBrowser;
let server: RunningServer;
let page: Page;
let tokens: PaneServer['tokens'];
const shots = screenshotDir('korrektur');
const EXPECTED_CONSOLE = /appsforoffice|ERR_INTERNET_DISCONNECTED|status of (401|403|409)/;
const api = <T>(path: string, token: string, init: RequestInit = {}) => fixture.api<T>(path, token, init);
const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const post = (token: string, rows: { area: string; variable: string; value: number }[]) =>
  api('/submissions', token, { method: 'POST', body: JSON.stringify({ period: PERIOD, rows }) });

beforeAll(async () => {
  fixture = await startPaneServer('sozialmonitor-korrektur-');
  ({ server, tokens } = fixture);
  // what Witten reported before: Gemeindeteil counts (revision 1)
  const seeded = await post(tokens.kreis, [
    { area: GT1, variable: 'bevoelkerung', value: 3000 }, { area: GT1, variable: 'bev_weiblich', value: 1500 },
    { area: GT2, variable: 'bevoelkerung', value: 2000 }, { area: GT2, variable: 'bev_weiblich', value: 1000 },
  ]);
  expect(seeded.status).toBe(201);
  pane = await openPaneBrowser({ width: 1400, height: 1000 });
  ({ page } = pane);
});

afterAll(async () => {
  await pane?.close(EXPECTED_CONSOLE);
  await fixture?.close();
});

async function connect(): Promise<void> {
  await page.goto(`${server.url}/addin/taskpane.html`);
  await page.getByLabel('Zugangs-Token').fill(tokens.witten);
  await page.getByRole('button', { name: 'Verbinden' }).click();
  await page.getByTestId('verbunden').waitFor();
}

/** The input cell of an area and Merkmal in the shown sheet of the preview. */
async function input(sheet: string, area: string, merkmal: string) {
  await page.getByRole('tab', { name: sheet, exact: true }).click();
  const grid = page.locator(`table.grid[data-sheet="${sheet}"]`);
  const row = await grid.locator('tr', { has: page.locator(`td:text-is("${area}")`) }).first().locator('th').innerText();
  const col = (await grid.locator(`td:text-is("${merkmal}")`).first().getAttribute('data-cell'))!.replace(/\d+$/, '');
  return { address: `${col}${row}`, field: page.getByLabel(`Zelle ${col}${row}`, { exact: true }) };
}

const entry = () => page.getByRole('tabpanel', { name: 'Erfassen und übermitteln' });
const sheetTabs = async () => page.locator('.preview [role="tab"]').allInnerTexts();

test('a taken sheet is never replaced without asking: pull and chart (new name, replace, cancel)', async () => {
  await connect();
  await page.getByRole('tab', { name: 'Kennzahlen abrufen' }).click();
  await page.getByPlaceholder('Suchen').fill('quot');
  await page.locator('input[data-kennzahl="jugendquotient"]').check();
  await page.getByRole('button', { name: 'alle Gemeindeteile von Witten' }).click();
  const abrufen = page.getByRole('button', { name: 'Abrufen', exact: true });
  await abrufen.click();
  await page.getByText('Zeilen in das Blatt „Kennzahlen“ geschrieben').waitFor();
  const first = await page.locator('table.grid[data-sheet="Kennzahlen"]').innerText();

  // the second pull asks
  await abrufen.click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('Das Blatt „Kennzahlen“ gibt es schon.').waitFor();
  expect(await dialog.getByRole('button').allInnerTexts()).toEqual(['Neues Blatt „Kennzahlen (2)“', 'Ersetzen', 'Abbrechen']);
  await shot('1-blatt-gibt-es-schon');
  await dialog.getByRole('button', { name: 'Neues Blatt „Kennzahlen (2)“' }).click();
  await page.getByText('Zeilen in das Blatt „Kennzahlen (2)“ geschrieben').waitFor();
  expect(await sheetTabs()).toEqual(['Kennzahlen', 'Kennzahlen (2)']);
  await page.getByRole('tab', { name: 'Kennzahlen', exact: true }).click();
  expect(await page.locator('table.grid[data-sheet="Kennzahlen"]').innerText()).toBe(first);

  // cancel: nothing written; replace: the same sheet, no third one
  await abrufen.click();
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  await page.getByText('Abgebrochen: das Blatt „Kennzahlen“ bleibt, wie es ist.').waitFor();
  await abrufen.click();
  await dialog.getByRole('button', { name: 'Ersetzen' }).click();
  await page.getByText('Zeilen in das Blatt „Kennzahlen“ geschrieben').waitFor();
  expect(await sheetTabs()).toEqual(['Kennzahlen', 'Kennzahlen (2)']);

  // a second chart of the same pull does not replace the first
  const diagramm = page.getByRole('button', { name: 'Diagramm einfügen' });
  await diagramm.click();
  await page.getByText(/Diagramm im Blatt „Diagramm Kennzahlen“ eingefügt/).waitFor();
  await diagramm.click();
  await dialog.getByText('Das Blatt „Diagramm Kennzahlen“ gibt es schon.').waitFor();
  await dialog.getByRole('button', { name: 'Neues Blatt „Diagramm Kennzahlen (2)“' }).click();
  await page.getByText(/Diagramm im Blatt „Diagramm Kennzahlen \(2\)“ eingefügt/).waitFor();
  expect(await sheetTabs()).toEqual(expect.arrayContaining(['Diagramm Kennzahlen', 'Diagramm Kennzahlen (2)']));
});

test('a template for a year with values opens pre-filled from the server; another level does not replace it', async () => {
  await page.getByRole('tab', { name: 'Erfassen und übermitteln' }).click();
  await page.locator('input[data-merkmal="bevoelkerung"]').check();
  await page.locator('input[data-merkmal="bev_weiblich"]').check();
  await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
  const meldung = page.getByTestId('erfassung-meldung');
  await meldung.filter({ hasText: 'vorausgefüllt mit 4 Werten vom Server' }).waitFor();
  expect(await meldung.innerText()).toMatch(/\(Stand \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr\)/);
  const grid = page.locator(`table.grid[data-sheet="${SHEET}"]`);
  expect(await grid.innerText()).toMatch(/Vorausgefüllt mit den Werten vom Server, Stand \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/);
  const cells = await sheetCells(page, SHEET);
  expect(cells[GT1]).toEqual({ bevoelkerung: '3000', bev_weiblich: '1500' });
  expect(cells[GT2]).toEqual({ bevoelkerung: '2000', bev_weiblich: '1000' });
  const { address } = await input(SHEET, GT2, 'bev_weiblich');
  expect(await grid.locator(`td[data-cell="${address}"]`).getAttribute('title')).toMatch(/^Wert vom Server \(Stand /);
  // pre-filled cells coloured, with a legend line in the same colour; the code column is not
  expect(await grid.locator(`td[data-cell="${address}"]`).getAttribute('class')).toContain('mark-vorbelegt');
  expect(await grid.locator('td.mark-vorbelegt').count()).toBe(4 + 1);
  expect(await grid.locator('td.mark-vorbelegt', { hasText: 'Hellgrün hinterlegt: Wert vom Server' }).count()).toBe(1);
  expect(await grid.locator(`td.mark-vorbelegt:text-is("${GT1}")`).count()).toBe(0);
  await shot('2-vorausgefuellt');

  // Baublock template of the same Stadt and year: asks, and a new sheet leaves the Gemeindeteil one as it is
  await entry().getByLabel('Ebene der Vorlage').selectOption('baublock');
  await page.locator('input[data-merkmal="bevoelkerung"]').check();
  await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText(`Das Blatt „${SHEET}“ gibt es schon.`).waitFor();
  await shot('3-vorlage-gibt-es-schon');
  await dialog.getByRole('button', { name: `Neues Blatt „${SHEET} (2)“` }).click();
  await meldung.filter({ hasText: `Vorlage „${SHEET} (2)“` }).waitFor();
  expect(await sheetCells(page, SHEET)).toEqual(cells);
  await entry().getByLabel('Erfassungsblatt').selectOption(SHEET);
});

test('409: cells by name with both values; Abbrechen re-offers the choice; "Werte vom Server übernehmen" writes them', async () => {
  // the clerk corrects Gemeindeteil 02; meanwhile the Kreis reports another value for that cell
  const cell = await input(SHEET, GT2, 'bev_weiblich');
  await cell.field.fill('1010');
  await cell.field.blur();
  // … and with the same token (a colleague, another workbook) someone corrected Gemeindeteil 01
  expect((await post(tokens.witten, [{ area: GT1, variable: 'bevoelkerung', value: 3010 }])).status).toBe(201);
  expect((await post(tokens.kreis, [{ area: GT2, variable: 'bev_weiblich', value: 990 }])).status).toBe(201);

  const uebermitteln = entry().getByRole('button', { name: 'Übermitteln' });
  const region = page.getByRole('region', { name: 'Änderungen auf dem Server' });
  await uebermitteln.click();
  await region.waitFor();
  const text = await region.innerText();
  expect(text).toMatch(/Sie am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr: 1 Wert/);
  expect(text).toMatch(/Kreis am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr: 1 Wert/);
  expect(text).toMatch(/Gemeindeteil 01\s+Bevölkerung\s+3\.000\s+3\.010/);
  expect(text).toMatch(/Gebiet\s+Merkmal\s+Ihr Wert\s+Server/);
  expect(text).toMatch(/Gemeindeteil 02\s+Bevölkerung weiblich\s+1\.010\s+990/);
  const screen = `${text}\n${await page.getByTestId('erfassung-meldung').innerText()}`;
  expect(screen).not.toMatch(/baseRevision|Token \d|kommune:|05954036|REVISION_VERALTET/);
  expect(await region.getByRole('button').allInnerTexts()).toEqual(['Meine Werte senden', 'Werte vom Server übernehmen', 'Abbrechen']);
  await shot('4-konflikt');

  // Abbrechen: nothing sent; the next push is no dead end, it offers the same choice again
  await region.getByRole('button', { name: 'Abbrechen' }).click();
  await page.getByText(/Nicht gesendet\./).waitFor();
  expect(await region.count()).toBe(0);
  await uebermitteln.click();
  await region.waitFor();
  expect(await region.innerText()).toMatch(/Gemeindeteil 02\s+Bevölkerung weiblich\s+1\.010\s+990/);

  // take the server's value: written into the sheet cell; the next push is accepted
  await region.getByRole('button', { name: 'Werte vom Server übernehmen' }).click();
  await page.getByText(/2 Werte vom Server in das Blatt „Erfassung Witten 2024“ übernommen/).waitFor();
  const after = await sheetCells(page, SHEET);
  expect(after[GT1]).toEqual({ bevoelkerung: '3010', bev_weiblich: '1500' });
  expect(after[GT2]).toEqual({ bevoelkerung: '2000', bev_weiblich: '990' });
  await shot('5-serverwerte-uebernommen');
  await uebermitteln.click();
  await page.getByText(/4 Werte angenommen, neue Revision 4/).waitFor();
  const stored = await api<{ rows: { area: string; variable: string; value: number }[] }>(`/values?period=${PERIOD}&areas=${GT2}&variables=bev_weiblich`, tokens.kreis);
  expect(stored.body.rows).toEqual([expect.objectContaining({ area: GT2, variable: 'bev_weiblich', value: 990 })]);
  expect(pane.consoleErrors.filter((e) => !EXPECTED_CONSOLE.test(e))).toEqual([]);
});
