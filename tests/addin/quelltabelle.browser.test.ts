/**
 * "Quelltabelle übernehmen" in a real browser against the real server: a BA-like table (title block,
 * header, `*`, German thousands, a sum row, a footer) is put into the preview workbook as a sheet, the
 * clerk maps its columns (two suggested, one chosen), a wrong cell stops the take-over with its cell
 * (a click selects it), the corrected table becomes a pre-filled template, the Erfassung part checks
 * and submits it, and the server holds exactly the values. Next month's sheet finds the mapping again.
 * A real Regionalstatistik table pasted as Excel shows it is recognised without a mapping; its Stichtag
 * (2015) against the chosen Berichtsjahr is asked, and Witten's row becomes a template at level Stadt.
 * Screenshots: test-output/screenshots/addin-quelltabelle/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir } from '../helpers/browser';
import { WITTEN } from '../server/helpers';
import { wieCli } from './wie-excel';
import { PaneBrowser, PaneServer, openPaneBrowser, startPaneServer, sheetCells } from './pane-fixture';

jest.setTimeout(90_000);

const GT1 = `${WITTEN}-01`;
const GT2 = `${WITTEN}-02`;
const SHEET = 'QT 2024 Gemeindeteil Witten';
const EXPECTED_CONSOLE = /appsforoffice|ERR_INTERNET_DISCONNECTED/;

/** tab-separated, as Excel puts a copied range on the clipboard; `annenElb` is cell C6 */
const baTable = (annenElb: string, titel = 'Dezember 2024') => [
  'Arbeitsmarkt in Zahlen – kleinräumige Daten',
  `Stadt Witten, Berichtsmonat ${titel}`,
  '',
  'Titel der Lieferung',
  'Gemeindeteil\tArbeitslose insgesamt\tSGB II eLb\tLeistungsberechtigte\tBemerkung',
  `Gemeindeteil 01\t15\t${annenElb}\t40\t`,
  'Gemeindeteil 02\t*\t1.060\t1.234\tvorläufig',
  'Insgesamt\t15\t1088\t1274\t',
  '',
  'Quelle: Statistik der Bundesagentur für Arbeit',
].join('\n');

let fixture: PaneServer;
let pane: PaneBrowser;
let page: Page;
const shots = screenshotDir('addin-quelltabelle');
const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

beforeAll(async () => {
  fixture = await startPaneServer('sozialmonitor-quelltabelle-');
  pane = await openPaneBrowser({ width: 1400, height: 1100 });
  page = pane.page;
});
afterAll(async () => {
  await pane?.close(EXPECTED_CONSOLE);
  await fixture?.close();
});


test('BA table in the workbook > mapped > wrong cell named > pre-filled template > Prüfen > Übermitteln > on the server', async () => {
  await page.goto(`${fixture.server.url}/addin/taskpane.html`);
  await page.getByLabel('Zugangs-Token').fill(fixture.tokens.witten);
  await page.getByRole('button', { name: 'Verbinden' }).click();
  await page.getByTestId('verbunden').waitFor();
  await page.getByRole('tab', { name: 'Erfassen und übermitteln' }).click();
  const tab = page.getByRole('tabpanel', { name: 'Erfassen und übermitteln' });
  const qt = tab.locator('fieldset', { has: page.getByText('Quelltabelle übernehmen', { exact: true }) }).last();
  const meldung = qt.getByTestId('qt-meldung');

  await qt.getByLabel('Berichtsjahr').fill('2024');
  // the delivery with a decimal in C6
  await qt.getByLabel('Name des Blatts').fill('BA Dezember');
  await qt.getByLabel(/Tabelle \(aus Excel kopiert/).fill(baTable('12,5'));
  await qt.getByRole('button', { name: 'Als Blatt einfügen' }).click();
  await qt.getByLabel('Spalte B5: Arbeitslose insgesamt').waitFor();
  expect(await qt.getByLabel('Blatt mit der Quelltabelle').inputValue()).toBe('BA Dezember');
  expect(await qt.getByLabel('Kopfzeile (Zeilennummer)').inputValue()).toBe('5');
  expect(await qt.getByLabel('Spalte mit dem Gebiet (Code oder Name)').inputValue()).toBe('0');
  // suggested from the headers; the clerk picks the third Merkmal, and leaves "Bemerkung" out
  expect(await qt.getByLabel('Spalte B5: Arbeitslose insgesamt').inputValue()).toBe('arbeitslose');
  expect(await qt.getByLabel('Spalte C5: SGB II eLb').inputValue()).toBe('elb');
  expect(await qt.getByLabel('Spalte D5: Leistungsberechtigte').inputValue()).toBe('');
  expect(await qt.getByLabel('Spalte E5: Bemerkung').inputValue()).toBe('');
  await qt.getByLabel('Spalte D5: Leistungsberechtigte').selectOption('lb_sgb2');

  await qt.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await meldung.filter({ hasText: 'Übernahme abgebrochen' }).waitFor();
  expect(await meldung.innerText()).toContain('1 Zelle ist fehlerhaft');
  const befunde = await qt.getByTestId('qt-befund').allInnerTexts();
  expect(befunde[0]).toBe(`Fehler: Diese Arbeitsmappe, Blatt „BA Dezember“, Zelle C6 (Gemeindeteil 01 (${GT1}), Erwerbsfähige Leistungsberechtigte (SGB II) (elb)): Der Wert 12,5 ist keine ganze Zahl; gezählt werden Personen`);
  expect(befunde).toContain(`Warnung: Diese Arbeitsmappe, Blatt „BA Dezember“, Zelle B7 (Gemeindeteil 02 (${GT2}), Arbeitslose (arbeitslose)): Quelle hat keinen Wert geliefert: „*“ = von der Quelle anonymisiert (kleine Fallzahl). Für dieses Gebiet wird kein Wert übernommen`);
  expect(await page.locator(`table.grid[data-sheet="${SHEET}"]`).count()).toBe(0);
  // a click on the finding selects the cell in the workbook
  await qt.locator('[data-testid="qt-befund"][data-zelle="C6"]').click();
  await page.locator('table.grid[data-sheet="BA Dezember"] td.selected[data-cell="C6"]').waitFor();
  await shot('1-fehler');

  // the corrected sheet: the template is written, `*` stays empty, the sum row is not taken
  await qt.getByLabel(/Tabelle \(aus Excel kopiert/).fill(baTable('28'));
  await qt.getByRole('button', { name: 'Als Blatt einfügen' }).click();
  await qt.getByLabel('Spalte D5: Leistungsberechtigte').waitFor();
  // a mapping is remembered only by a take-over that wrote a template; the sheet read anew gets the suggestions again
  await qt.getByLabel('Spalte D5: Leistungsberechtigte').selectOption('lb_sgb2');
  await qt.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await meldung.filter({ hasText: 'aus der Quelltabelle angelegt' }).waitFor();
  expect(await meldung.innerText()).toBe(`Vorlage „${SHEET}“ aus der Quelltabelle angelegt: 5 Werte in 2 Gebieten eingetragen; 2 Hinweise siehe unten (diese Zellen bleiben leer). Bitte prüfen und übermitteln.`);
  const cells = await sheetCells(page, SHEET);
  expect(cells).toEqual({
    [GT1]: { arbeitslose: '15', elb: '28', lb_sgb2: '40' },
    [GT2]: { arbeitslose: '', elb: '1060', lb_sgb2: '1234' },
  });
  expect(await page.locator(`table.grid[data-sheet="${SHEET}"] tr`).nth(2).innerText()).toContain('Vorbelegt aus der Quelltabelle im Blatt „BA Dezember“');
  await shot('2-vorlage');

  // the Erfassung part's own check and submission
  expect(await tab.getByLabel('Erfassungsblatt').inputValue()).toBe(SHEET);
  await tab.getByRole('button', { name: 'Prüfen', exact: true }).click();
  await tab.getByTestId('erfassung-meldung').filter({ hasText: 'Keine Fehler: 5 Werte können übermittelt werden.' }).waitFor();
  await tab.getByRole('button', { name: 'Übermitteln' }).click();
  await tab.getByText('5 Werte angenommen, neue Revision 1').waitFor();
  const stored = await fixture.api<{ rows: { area: string; variable: string; value: number }[] }>(`/values?period=2024&areas=${GT1},${GT2}`, fixture.tokens.kreis);
  expect(stored.body.rows.map((r) => `${r.area} ${r.variable} ${r.value}`).sort()).toEqual([
    `${GT1} arbeitslose 15`, `${GT1} elb 28`, `${GT1} lb_sgb2 40`, `${GT2} elb 1060`, `${GT2} lb_sgb2 1234`,
  ]);
  await shot('3-uebermittelt');

  // next month: another sheet with the same headers gets the remembered mapping; one click takes it over
  await qt.getByLabel('Name des Blatts').fill('BA Januar');
  await qt.getByLabel(/Tabelle \(aus Excel kopiert/).fill(baTable('30', 'Januar 2025'));
  await qt.getByRole('button', { name: 'Als Blatt einfügen' }).click();
  await meldung.filter({ hasText: 'Die Zuordnung vom letzten Mal (Gebietsspalte „Gemeindeteil“) wurde übernommen.' }).waitFor();
  expect(await qt.getByLabel('Blatt mit der Quelltabelle').inputValue()).toBe('BA Januar');
  expect(await qt.getByLabel('Spalte D5: Leistungsberechtigte').inputValue()).toBe('lb_sgb2');
  expect(await qt.getByLabel('Spalte E5: Bemerkung').inputValue()).toBe('');
  await qt.getByLabel('Berichtsjahr').fill('2025');
  await qt.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await meldung.filter({ hasText: 'QT 2025 Gemeindeteil Witten' }).waitFor();
  expect((await sheetCells(page, 'QT 2025 Gemeindeteil Witten'))[GT1]).toEqual({ arbeitslose: '15', elb: '30', lb_sgb2: '40' });
  // the pane's own templates are not offered as source tables
  const offered = await qt.getByLabel('Blatt mit der Quelltabelle').locator('option').allInnerTexts();
  expect(offered).toEqual(['BA Dezember', 'BA Januar']);

  // an official table (the real 12411-02-03-5 up to its footer line) needs no mapping; its Stichtag's
  // year differs from the chosen 2025 and is asked before anything is written
  const csv = wieCli(join(__dirname, '..', 'fixtures', 'real', 'regionalstatistik', '12411-02-03-5-ennepe-ruhr-2015.csv'));
  const amtlich = csv.slice(0, csv.findIndex((r) => r[0] === '__________') + 1).map((r) => r.join('\t')).join('\n');
  await qt.getByLabel('Name des Blatts').fill('Regionalstatistik');
  await qt.getByLabel(/Tabelle \(aus Excel kopiert/).fill(amtlich);
  await qt.getByRole('button', { name: 'Als Blatt einfügen' }).click();
  const erkannt = qt.getByTestId('qt-erkannt');
  await erkannt.waitFor();
  expect(await erkannt.innerText()).toBe('Amtliche Tabelle erkannt: Bevölkerung nach Geschlecht und Altersgruppen (17) (12411-02-03-5), Stichtag 31.12.2015 – keine Zuordnung nötig; 3 Gebiete der Gebietsgliederung, 10 außerhalb übersprungen.');
  expect(await qt.getByLabel('Kopfzeile (Zeilennummer)').count()).toBe(0);
  // the 17 age bands go into the template, those in other cuts than the catalogue's too: nothing left out
  expect(await qt.getByTestId('qt-amtlich').innerText()).toContain('Bevölkerung 75 Jahre und älter (bev_alter_75_plus)');
  expect(await qt.getByText('Nicht in die Vorlage').count()).toBe(0);
  await qt.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await meldung.filter({ hasText: 'Bitte zuerst entscheiden, welches Berichtsjahr' }).waitFor();
  expect(await qt.getByTestId('qt-jahrfrage').innerText()).toContain('Die Tabelle hat den Stichtag 31.12.2015 (Berichtsjahr 2015); gewählt ist das Berichtsjahr 2025.');
  await qt.getByRole('button', { name: 'Berichtsjahr 2015 der Tabelle verwenden' }).click();
  expect(await qt.getByLabel('Berichtsjahr').inputValue()).toBe('2015');
  await qt.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await meldung.filter({ hasText: 'QT 2015 Stadt Witten' }).waitFor();
  await shot('4-amtlich');
  const stadtZeile = (await sheetCells(page, 'QT 2015 Stadt Witten'))[WITTEN]!;
  expect([stadtZeile.bevoelkerung, stadtZeile.bev_0_2, stadtZeile.bev_15_17, stadtZeile.bev_weiblich]).toEqual(['96700', '2397', '2756', '49703']);
  expect([stadtZeile.bev_alter_30_34, stadtZeile.bev_alter_75_plus]).toEqual(['5563', '11521']);
  expect(pane.consoleErrors.filter((e) => !EXPECTED_CONSOLE.test(e))).toEqual([]);
});
