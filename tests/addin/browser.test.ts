/**
 * The task pane in a real browser against the real server: built bundle served by the sync server at
 * /addin/, opened in headless Chromium (Debian's chromium via playwright-core). office.js cannot load
 * (no network; the CDN request is aborted as it would fail offline), so the pane runs its browser
 * preview on an in-memory workbook shown next to it. The test walks connect > choose > pull >
 * template > check (a wrong cell, then fixed) > push > conflict > queued retry, and asserts what the
 * server stored through its API. Screenshots: test-output/screenshots/addin/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WITTEN, baublockeOf, populationRows } from '../server/helpers';
import { paneForFile } from './pane-fixture';

jest.setTimeout(90_000);

const PERIOD = '2024';
const GT1 = `${WITTEN}-01`;
const GT2 = `${WITTEN}-02`;

/** what the walk provokes on purpose: the offline CDN, the wrong token, role probing, the 409, the aborted push */
const EXPECTED_CONSOLE = /appsforoffice|ERR_INTERNET_DISCONNECTED|status of (401|403|409)/;
const ui = paneForFile({ prefix: 'sozialmonitor-addin-', viewport: { width: 1400, height: 1000 }, shots: 'addin', expectedConsole: EXPECTED_CONSOLE });
const api = <T>(path: string, token: string, init: RequestInit = {}) => ui.api<T>(path, token, init);

beforeAll(async () => {
  // population per Baublock of Witten (revision 1), so that the pull has numbers
  const seeded = await api('/submissions', ui.tokens.kreis, { method: 'POST', body: JSON.stringify({ period: PERIOD, rows: baublockeOf(WITTEN).flatMap((b) => populationRows(b, 100)) }) });
  expect(seeded.status).toBe(201);
});

/** Address ("D5") of the preview cell of an entry sheet for an area row and a Merkmal column. */
async function cellOf(area: string, merkmal: string): Promise<string> {
  const row = await ui.page.locator('table.grid tr', { has: ui.page.locator(`td:text-is("${area}")`) }).first().locator('th').innerText();
  const col = (await ui.page.locator(`table.grid td:text-is("${merkmal}")`).first().getAttribute('data-cell'))!.replace(/\d+$/, '');
  return `${col}${row}`;
}

async function type(area: string, merkmal: string, value: string): Promise<void> {
  const input = ui.page.getByLabel(`Zelle ${await cellOf(area, merkmal)}`, { exact: true });
  await input.fill(value);
  await input.blur();
}

test('connect > choose > pull > template > check > push against the real server', async () => {
  const res = await ui.page.goto(`${ui.server.url}/addin/taskpane.html`);
  expect(res!.status()).toBe(200);
  expect(res!.headers()['content-security-policy']).toContain('https://appsforoffice.microsoft.com');
  expect(res!.headers()['content-security-policy']).toContain('frame-ancestors \'self\' https://*.officeapps.live.com');
  expect(res!.headers()['x-frame-options']).toBeUndefined();
  // the rest of the server keeps helmet's strict default
  const apiHeaders = (await fetch(`${ui.server.url}/api/health`)).headers;
  expect(apiHeaders.get('content-security-policy')).not.toContain('appsforoffice');
  expect(apiHeaders.get('x-frame-options')).toBe('SAMEORIGIN');
  await ui.page.getByText('Browser-Vorschau').waitFor();

  // keyboard: Tab reaches the tabs, both fields and the button
  const reached: string[] = [];
  for (let i = 0; i < 8; i++) {
    await ui.page.keyboard.press('Tab');
    reached.push(await ui.page.evaluate(() => {
      const e = document.activeElement as HTMLInputElement;
      return `${e.getAttribute('role') ?? e.tagName}:${e.labels?.[0]?.textContent ?? e.textContent ?? ''}`;
    }));
  }
  expect(reached).toEqual(expect.arrayContaining(['tab:Verbinden', expect.stringMatching(/^INPUT:Server-Adresse/), expect.stringMatching(/^INPUT:Zugangs-Token/), 'BUTTON:Verbinden']));

  // 1. Verbinden: a wrong token first, then the municipality's token, typed and sent with Enter
  expect(await ui.page.getByLabel('Server-Adresse').inputValue()).toBe(ui.server.url);
  await ui.page.getByLabel('Zugangs-Token').fill('falsch');
  await ui.page.getByRole('button', { name: 'Verbinden' }).click();
  await ui.page.getByRole('alert').filter({ hasText: 'ungültig, abgelaufen oder widerrufen' }).waitFor();
  await ui.page.getByLabel('Zugangs-Token').fill('');
  await ui.page.getByLabel('Zugangs-Token').focus();
  await ui.page.keyboard.type(ui.tokens.witten);
  await ui.page.keyboard.press('Enter');
  await ui.page.getByTestId('verbunden').waitFor();
  expect(await ui.page.getByTestId('verbunden').innerText()).toContain('Kommune Witten (05954036)');
  // the token stays in the browser profile, the workbook only knows the server
  expect(await ui.page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('sozialmonitor.token.')))).toBe(true);
  await ui.shot('1-verbunden');

  // 2. Kennzahlen, Gebiete, Zeitraum; 3. Abrufen
  await ui.page.getByRole('tab', { name: 'Kennzahlen abrufen' }).click();
  // the own Stadt first in the area tree, opened
  const ersteStadt = ui.page.locator('li[role="treeitem"][aria-level="2"]').first();
  expect(await ersteStadt.locator('input[data-area]').first().getAttribute('data-area')).toBe(WITTEN);
  expect(await ersteStadt.getAttribute('aria-expanded')).toBe('true');
  // the area search finds by name or code across the tree and shows the hit under its Stadt
  const gebietSuche = ui.page.getByLabel('Gebiet finden (Name oder Code)');
  await gebietSuche.fill(GT2);
  await ui.page.getByText('1 Gebiet gefunden.').waitFor();
  expect(await ui.page.locator('[role="tree"] input[data-area]').evaluateAll((es) => es.map((e) => e.getAttribute('data-area')))).toEqual([WITTEN.slice(0, 5), WITTEN, GT2]);
  await gebietSuche.fill('');
  expect(await ersteStadt.getAttribute('aria-expanded')).toBe('true');
  await ui.page.getByPlaceholder('Suchen').fill('quot');
  await ui.page.locator('input[data-kennzahl="jugendquotient"]').check();
  await ui.page.locator('input[data-kennzahl="sgb2_quote"]').check();
  await ui.page.getByRole('button', { name: 'alle Gemeindeteile von Witten' }).click();
  await ui.page.getByText('2 Gebiete ausgewählt').waitFor();
  await ui.page.getByRole('button', { name: 'Abrufen', exact: true }).click();
  await ui.page.getByText('Zeilen in das Blatt „Kennzahlen“ geschrieben').waitFor();
  const table = ui.page.locator('table.grid[data-sheet="Kennzahlen"]');
  const gt1Row = table.locator('tr', { has: ui.page.locator(`td:text-is("${GT1}")`) });
  // Jugendquotient of Gemeindeteil 01 = u20 / a20_64 * 100 over its two Baublöcke, computed by the server
  const expected = await api<{ rows: { value: number }[] }>(`/indicators?period=${PERIOD}&ids=jugendquotient&areas=${GT1}`, ui.tokens.witten);
  // shown with the column's number format "#,##0.0"
  const shown = expected.body.rows[0]!.value.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  expect(await gt1Row.locator('td').nth(4).innerText()).toBe(shown);
  // no SGB-II counts were reported: "." with the reason in the Hinweise column and as a note
  expect(await gt1Row.locator('td').nth(5).innerText()).toBe('.');
  expect(await gt1Row.locator('td').nth(5).getAttribute('title')).toMatch(/fehl|nicht gemeldet/i);
  // the links to the social report name the chosen Kennzahlen's chapters and lead to the real report page
  const links = ui.page.getByTestId('sozialbericht').getByRole('link');
  const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.length).toBeGreaterThanOrEqual(2);
  expect(hrefs.every((h) => h.startsWith(`${ui.server.url}/bericht/?kapitel=`) && h.endsWith(`jahr=${PERIOD}`))).toBe(true);
  expect(await links.last().innerText()).toBe(`Sozialindex (${PERIOD})`);
  expect(await links.first().getAttribute('target')).toBe('_blank');
  const reportPage = await fetch(hrefs[0]!);
  expect(reportPage.status).toBe(200);
  expect(await reportPage.text()).toContain('<html');
  await ui.page.getByRole('button', { name: 'Diagramm einfügen' }).click();
  await ui.page.getByTestId('diagramm').waitFor();
  await ui.shot('2-abruf-diagramm');

  // 4. Erfassungsvorlage for the own Stadt, Gemeindeteile, two Merkmale
  await ui.page.getByRole('tab', { name: 'Erfassen und übermitteln' }).click();
  // the Merkmal picker: search, groups by Handlungsfeld, the 14 age bands with one button
  const merkmalSuche = ui.page.getByLabel('Merkmal finden (Name oder Kennung)');
  await merkmalSuche.fill('weiblich');
  expect(await ui.page.locator('input[data-merkmal]').count()).toBe(1);
  await ui.page.locator('input[data-merkmal="bev_weiblich"]').check();
  await merkmalSuche.fill('');
  await ui.page.getByRole('button', { name: 'alle 14 Altersgruppen' }).waitFor();
  await ui.page.getByRole('group', { name: 'Demografie' }).waitFor();
  await ui.page.locator('input[data-merkmal="bevoelkerung"]').check();
  await ui.page.getByText('2 Merkmale ausgewählt').waitFor();
  // own age cuts instead of the catalogue's 14: no catalogue band offered, the columns named; a gap is
  // asked about before anything is written ("Nein" writes nothing); then back to the catalogue's bands
  await ui.page.getByRole('radio', { name: 'eigene Grenzen' }).check();
  expect(await ui.page.locator('input[data-merkmal="bev_0_2"]').count()).toBe(0);
  await ui.page.getByTestId('altersgrenzen').fill('0-17, 65+');
  await ui.page.getByTestId('altersgrenzen-spalten').getByText('Bevölkerung 65 Jahre und älter (bev_alter_65_plus)', { exact: false }).waitFor();
  await ui.page.getByText('4 Merkmale ausgewählt').waitFor();
  await ui.page.getByRole('button', { name: 'Vorlage anlegen' }).click();
  const luecke = ui.page.getByRole('alertdialog', { name: 'Altersgruppen mit Lücke' });
  await luecke.getByText('18 bis 64 Jahre', { exact: false }).waitFor();
  await luecke.getByRole('button', { name: 'Nein, Grenzen ändern' }).click();
  await ui.page.getByTestId('erfassung-meldung').filter({ hasText: 'Bitte die Altersgrenzen ergänzen' }).waitFor();
  await ui.page.getByRole('radio', { name: 'Katalog (14)' }).check();
  await ui.page.getByText('2 Merkmale ausgewählt').waitFor();
  // a two-digit year is refused in words (under the field and on "Vorlage anlegen"), no API names
  const jahr = ui.page.getByRole('group', { name: 'Erfassungsvorlage' }).getByLabel('Berichtsjahr', { exact: true });
  const jahrVorher = await jahr.inputValue();
  await jahr.fill('24');
  await ui.page.getByText('Bitte ein Berichtsjahr wie 2024 eingeben').first().waitFor();
  await ui.page.getByRole('button', { name: 'Vorlage anlegen' }).click();
  await ui.page.getByTestId('erfassung-meldung').filter({ hasText: 'Bitte ein Berichtsjahr wie 2024 eingeben' }).waitFor();
  expect(await ui.page.locator('.pane').innerText()).not.toMatch(/\b(period|baseRevision|ids)\b/);
  // a year far in the future is questioned in a dialog before anything is written; "Nein" writes nothing
  await jahr.fill('2099');
  await ui.page.getByRole('button', { name: 'Vorlage anlegen' }).click();
  const frage = ui.page.getByRole('alertdialog', { name: 'Berichtsjahr in der Zukunft' });
  await frage.getByText('2099 liegt mehr als ein Jahr in der Zukunft').waitFor();
  await ui.shot('2a-berichtsjahr-frage');
  await frage.getByRole('button', { name: 'Nein, Jahr ändern' }).click();
  await ui.page.getByTestId('erfassung-meldung').filter({ hasText: 'Es wurde nichts angelegt. Bitte das Berichtsjahr 2099' }).waitFor();
  expect(await ui.page.getByText('mit 2 Gebieten angelegt').count()).toBe(0);
  await jahr.fill(jahrVorher);
  await ui.page.getByRole('button', { name: 'Vorlage anlegen' }).click();
  await ui.page.getByText('mit 2 Gebieten angelegt').waitFor();
  // protected code column, validated input: Excel's stop alert refuses text
  expect(await ui.page.locator(`table.grid td:text-is("${GT1}") input`).count()).toBe(0);
  await type(GT1, 'bevoelkerung', 'viele');
  await ui.page.getByRole('alert').filter({ hasText: 'Ungültiger Wert' }).waitFor();

  // consistent with the stored Baublöcke: 2 × (14 × 100 + 91) persons per Gemeindeteil
  await type(GT1, 'bevoelkerung', '2982');
  await type(GT1, 'bev_weiblich', '3100'); // wrong: more women than inhabitants
  await type(GT2, 'bevoelkerung', '2982');
  await type(GT2, 'bev_weiblich', '1500');

  // 5. Prüfen: the wrong cell is marked and listed; clicking the entry selects it
  await ui.page.getByRole('button', { name: 'Prüfen', exact: true }).click();
  const befund = ui.page.getByTestId('befund').first();
  await befund.waitFor();
  const wrong = await cellOf(GT1, 'bev_weiblich');
  expect(await befund.innerText()).toContain(`Zelle ${wrong}`);
  await ui.page.locator(`td[data-cell="${wrong}"].mark-fehler`).waitFor();
  await befund.focus();
  await ui.page.keyboard.press('Enter');
  await ui.page.locator(`td[data-cell="${wrong}"].selected`).waitFor();
  // grouped by kind with a count, Merkmale by name with the id in brackets, the cell to raise
  expect(await ui.page.getByTestId('befund-gruppe').first().locator('summary').innerText()).toBe('Fehler: 1 × Teil größer als das Ganze');
  expect(await befund.innerText()).toContain('Bevölkerung weiblich (bev_weiblich) = 3.100 ist größer als Bevölkerung (bevoelkerung) = 2.982');
  expect(await befund.innerText()).toContain('Bei Bevölkerung (bevoelkerung) mindestens 3.100 eintragen oder die Teile prüfen');
  await ui.shot('3-pruefung-fehler');
  // the full list on a new sheet
  await ui.page.getByRole('button', { name: 'Liste in neues Blatt schreiben' }).click();
  await ui.page.getByText(/1 Befunde in das Blatt „Befunde .*“ geschrieben/).waitFor();
  // the new sheet is shown; a click on the finding leads back to the cell
  await befund.click();
  await ui.page.locator(`td[data-cell="${wrong}"].selected`).waitFor();
  // the server would refuse it as well: nothing is sent while the check finds errors
  await ui.page.getByRole('button', { name: 'Übermitteln' }).click();
  await ui.page.getByText('erst korrigieren').waitFor();

  await type(GT1, 'bev_weiblich', '1400');
  await ui.page.getByRole('button', { name: 'Prüfen', exact: true }).click();
  await ui.page.getByText('Keine Fehler: 4 Werte').waitFor();
  expect(await ui.page.locator(`td[data-cell="${wrong}"]`).getAttribute('class')).not.toMatch(/mark-fehler/);

  // 6. Übermitteln: receipt with the new revision
  await ui.page.getByRole('button', { name: 'Übermitteln' }).click();
  await ui.page.getByText('4 Werte angenommen, neue Revision 2').waitFor();
  await ui.shot('4-uebermittelt');
  const stored = await api<{ rows: { area: string; variable: string; value: number }[] }>(`/values?period=${PERIOD}&areas=${GT1},${GT2}&variables=bevoelkerung,bev_weiblich`, ui.tokens.kreis);
  expect(stored.body.rows).toEqual([
    { area: GT1, variable: 'bev_weiblich', value: 1400 },
    { area: GT1, variable: 'bevoelkerung', value: 2982 },
    { area: GT2, variable: 'bev_weiblich', value: 1500 },
    { area: GT2, variable: 'bevoelkerung', value: 2982 },
  ].map((r) => expect.objectContaining(r)));

  // 409: someone else reports for Witten meanwhile; the pane shows what changed and lets the clerk decide
  const other = await api('/submissions', ui.tokens.kreis, { method: 'POST', body: JSON.stringify({ period: PERIOD, rows: [{ area: GT2, variable: 'bev_weiblich', value: 1490 }] }) });
  expect(other.status).toBe(201);
  await type(GT2, 'bev_weiblich', '1510');
  await ui.page.getByRole('button', { name: 'Übermitteln' }).click();
  await ui.page.getByRole('region', { name: 'Änderungen auf dem Server' }).waitFor();
  // per cell: area and Merkmal by name, the clerk's value and the server's; people by name, dates in German
  const region = await ui.page.getByRole('region', { name: 'Änderungen auf dem Server' }).innerText();
  expect(region).toMatch(/Kreis am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr: 1 Wert/);
  expect(region).toMatch(/Gemeindeteil 02\s+Bevölkerung weiblich\s+1\.510\s+1\.490/);
  expect(region).not.toMatch(/baseRevision|Token \d|kommune:|05954036/);
  expect(await ui.page.getByTestId('erfassung-meldung').innerText()).not.toMatch(/baseRevision|05954036/);
  await ui.shot('5-konflikt');
  await ui.page.getByRole('button', { name: 'Meine Werte senden' }).click();
  await ui.page.getByText('neue Revision 4').waitFor();

  // network failure: the submission waits in the workbook and is sent once on retry (same key)
  await ui.page.route('**/api/submissions', (r) => r.abort('internetdisconnected'));
  await type(GT1, 'bev_weiblich', '1420');
  await ui.page.getByRole('button', { name: 'Übermitteln' }).click();
  await ui.page.getByText('wartet auf Übermittlung').first().waitFor();
  await ui.shot('6-warteschlange');
  await ui.page.unroute('**/api/submissions');
  await ui.page.getByRole('button', { name: 'Jetzt erneut senden' }).click();
  await ui.page.getByText('neue Revision 5').waitFor();
  const history = await api<{ submissions: { revision: number; rows: { area: string; variable: string; value: number }[] }[] }>(`/submissions?period=${PERIOD}`, ui.tokens.kreis);
  expect(history.body.submissions.map((s) => s.revision)).toEqual([5, 4, 3, 2, 1]);
  expect(history.body.submissions[0]!.rows).toContainEqual({ area: GT1, variable: 'bev_weiblich', value: 1420 });
  await ui.shot('7-nachgesendet');

  // Aktualisieren: the stored pull is repeated in place; the SGB-II-Quote reported meanwhile appears
  expect((await api('/submissions', ui.tokens.kreis, { method: 'POST', body: JSON.stringify({ period: PERIOD, rows: [{ area: GT1, variable: 'lb_sgb2', value: 150 }] }) })).status).toBe(201);
  await ui.page.getByRole('tab', { name: 'Kennzahlen abrufen' }).click();
  await ui.page.getByRole('tab', { name: 'Kennzahlen', exact: true }).click(); // the sheet tab of the preview
  expect(await gt1Row.locator('td').nth(5).innerText()).toBe('.');
  await ui.page.getByRole('button', { name: 'Aktualisieren' }).click();
  const sgb2 = (await api<{ rows: { value: number }[] }>(`/indicators?period=${PERIOD}&ids=sgb2_quote&areas=${GT1}`, ui.tokens.witten)).body.rows[0]!.value;
  await ui.page.locator(`table.grid[data-sheet="Kennzahlen"] td:text-is("${sgb2.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}")`).waitFor();
  expect(await table.locator('tr').count()).toBe(5 + 1 + 2); // header lines, table header, two Gemeindeteile
  await ui.shot('8-aktualisiert');

  expect(ui.consoleErrors.filter((e) => !EXPECTED_CONSOLE.test(e))).toEqual([]);
});

test('with the real office.js (served from node_modules in place of the CDN) outside Excel the pane starts as preview', async () => {
  const dist = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'office-js', 'dist');
  const ctx = await ui.browser.newContext();
  const p = await ctx.newPage();
  const loaded: string[] = [];
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.route('https://appsforoffice.microsoft.com/lib/1/hosted/**', async (r) => {
    const file = join(dist, new URL(r.request().url()).pathname.replace('/lib/1/hosted/', ''));
    if (!existsSync(file)) return r.fulfill({ status: 404, body: '' });
    loaded.push(file);
    return r.fulfill({ status: 200, contentType: 'application/javascript', body: readFileSync(file) });
  });
  try {
    await p.goto(`${ui.server.url}/addin/taskpane.html`);
    await p.getByText('Browser-Vorschau').waitFor({ timeout: 15_000 });
    expect(loaded[0]).toMatch(/office\.js$/);
    expect(await p.evaluate(() => typeof (window as unknown as { Office?: unknown }).Office)).toBe('object');
    expect(errors).toEqual([]);
  } finally {
    await ctx.close();
  }
});
