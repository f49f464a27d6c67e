/**
 * The Einwohnerdaten tab in a real browser against the real server: the built task pane (dist/web/addin)
 * served by the sync server, headless Chromium, the in-memory workbook of the browser preview. The
 * clerk picks a hand-built register (tests/register/fixture.ts: counts known by construction) with
 * setInputFiles, the aggregation runs in the page, its counts pre-fill an entry template, and the
 * ordinary Prüfen/Übermitteln of the Erfassung tab sends them. Every request the page makes is
 * recorded: none during the aggregation, and no person key, name or birth date in any request.
 * Screenshots: test-output/screenshots/addin-einwohner/.
 */
import { REGISTER_MERKMALE, aggregateRegister, readZuordnung, type WerteZeile } from '../../shared/register';
import { syntheticRegister } from '../../shared/register/synthetic';
import { B1, B2, B3, B4, GT1, GT2 } from '../helpers/core-fixtures';
import { AGS, BEWEGUNGEN_CSV, EXPECTED_B1, EXPECTED_B2, EXPECTED_B3, EXPECTED_B4, EXPECTED_GT1, EXPECTED_GT2, PERSONEN, STICHTAG, ZUORDNUNG_CSV, bestandCsv, latin1, personLine, type Expected, type P } from '../register/fixture';
import { parseAreaExchange } from '../../shared';
import { OPERATOR, createToken } from '../../sync-server/tokens';
import { HATTINGEN, WITTEN, testAreas } from '../server/helpers';
import { paneForFile, sheetCells } from './pane-fixture';

jest.setTimeout(120_000);

const PERIOD = '2024';
const HATTINGEN_BB = `${HATTINGEN}-01-0001`;
const UNKNOWN_BB = `${AGS}-03-0001`;

/**
 * The fixture register with person keys that cannot occur by chance in a request (the fixture's
 * keys are 1…36), so that "no person key was sent" is a meaningful search.
 */
const key = (om: string) => `OM${om.padStart(3, '0')}XQ`;
const mapKeys = (p: P): P => ({ ...p, om: key(p.om), ...(p.ehe ? { ehe: key(p.ehe) } : {}), ...(p.eltern ? { eltern: p.eltern.split(',').map(key).join(',') } : {}) });
const PERSONS = PERSONEN.map(mapKeys);
/** one person in a block of Hattingen (another Stadt) and one at an address whose block the server does not know */
const EXTRA: P[] = [
  { om: key('60'), geb: '01.01.1990', g: 'w', str: '500', hnr: '1', einzug: '01.01.2015' },
  { om: key('61'), geb: '01.01.1991', g: 'm', str: '400', hnr: '1', einzug: '01.01.2016' },
];
/** line 24: an impossible date, skipped and reported with line and column */
const BAD_ROW = { om: key('62'), geb: '29.02.2023', g: 'w', str: '100', hnr: '1', einzug: '01.01.2024' };
const BESTAND = bestandCsv([...PERSONS, EXTRA[0]!, EXTRA[1]!, BAD_ROW], '\r\n').replace(`${key('60')};01.01.1990;w;DE;;;LD;H;${AGS};`, `${key('60')};01.01.1990;w;DE;;;LD;H;${HATTINGEN};`);
const BEWEGUNGEN = BEWEGUNGEN_CSV.split('\n').map((l, i) => (i === 0 || !l ? l : l.replace(/^(\d+);/, (_, om: string) => `${key(om)};`))).join('\n');
const ZUORDNUNG = `${ZUORDNUNG_CSV}\n${HATTINGEN};500;1;;${HATTINGEN_BB};${HATTINGEN}-01\n${AGS};400;1;;${UNKNOWN_BB};${AGS}-03\n`;
/** what must never appear in any request: every person key, the free-text remark, birth dates */
const SECRETS = [...[...PERSONS, ...EXTRA, BAD_ROW].map((p) => p.om), 'Gräfin', 'Gr%C3%A4fin', '1982-07-15', '01.05.1980', '31.12.1990'];

const requests: { method: string; url: string; body: string | null }[] = [];
/** the offline Office CDN */
const EXPECTED_CONSOLE = /appsforoffice|ERR_INTERNET_DISCONNECTED/;
const ui = paneForFile({ prefix: 'sozialmonitor-einwohner-', viewport: { width: 1400, height: 1100 }, shots: 'addin-einwohner', expectedConsole: EXPECTED_CONSOLE });
const api = <T>(path: string, token: string) => ui.api<T>(path, token);

beforeAll(() => {
  ui.page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
});
const file = (name: string, content: string | Uint8Array) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
const pick = (which: 'bestand' | 'bewegungen' | 'zuordnung', f: ReturnType<typeof file> | []) => ui.page.getByTestId(`datei-${which}`).setInputFiles(f);
const message = () => ui.page.getByTestId('ew-meldung');

/** Clicks "Aufbereiten", waits for the outcome, and returns the requests the page made meanwhile. */
async function aufbereiten(outcome: RegExp): Promise<typeof requests> {
  const before = requests.length;
  await ui.page.getByRole('button', { name: 'Aufbereiten' }).click();
  await ui.page.getByTestId('ew-meldung').filter({ hasText: outcome }).waitFor();
  return requests.slice(before);
}

const asCells = (e: Expected) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));

/** The same files aggregated in Node: what the server must finally hold. */
async function nodeRows(): Promise<WerteZeile[]> {
  const res = await aggregateRegister(
    { bestand: latin1(BESTAND), bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN, bewegungenDatei: 'bew.csv' },
    { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG], 'zuordnung.csv') },
  );
  return res.rows;
}

test('register files picked in the pane > aggregated in the page > pre-filled template > Prüfen > Übermitteln; nothing person-level sent', async () => {
  await ui.page.goto(`${ui.server.url}/addin/taskpane.html`);
  await ui.page.getByText('Browser-Vorschau').waitFor();
  await ui.page.getByLabel('Zugangs-Token').fill(ui.tokens.witten);
  await ui.page.getByRole('button', { name: 'Verbinden' }).click();
  await ui.page.getByTestId('verbunden').waitFor();
  await ui.page.getByRole('tab', { name: 'Einwohnerdaten' }).click();
  const pane = ui.page.getByRole('tabpanel', { name: 'Einwohnerdaten' });
  // the Stichtag follows the period until typed
  await pane.getByLabel('Berichtsjahr').fill(PERIOD);
  expect(await pane.getByLabel('Stichtag (TT.MM.JJJJ)').inputValue()).toBe(STICHTAG);

  // bad input first: missing files, a wrong header, a broken address table, an impossible Stichtag
  expect(await aufbereiten(/Bitte die Datei „Einwohner-Bestand“ wählen/)).toEqual([]);
  await pick('bestand', file('ew.csv', latin1(BESTAND)));
  expect(await aufbereiten(/Bitte die Datei „Zuordnungstabelle“ wählen/)).toEqual([]);
  await pick('zuordnung', file('zuordnung.csv', ZUORDNUNG));
  await pick('bestand', file('ew-falsch.csv', latin1(BESTAND.replace(';einzugsdatum;', ';einzug;'))));
  await aufbereiten(/abgebrochen/);
  expect(await message().innerText()).toMatch(/ew-falsch\.csv, Zeile 1: In der Kopfzeile fehlt die Spalte „einzugsdatum“/);
  expect(await ui.page.getByRole('alert').count()).toBeGreaterThan(0);
  await pick('bestand', file('ew.csv', latin1(BESTAND)));
  await pick('zuordnung', file('zuordnung-kaputt.csv', `${ZUORDNUNG}${AGS};100;1;;${B4};\n`));
  await aufbereiten(/abgebrochen/);
  expect(await message().innerText()).toMatch(/zuordnung-kaputt\.csv, Zeile 9, Spalte „baublock“ \(5\. Spalte\): Die Adresse ist schon 05954036-01-0001 zugeordnet/);
  await pick('zuordnung', file('zuordnung.csv', ZUORDNUNG));
  await pane.getByLabel('Stichtag (TT.MM.JJJJ)').fill('31.11.2024');
  await aufbereiten(/abgebrochen/);
  expect(await message().innerText()).toContain('Stichtag: „31.11.2024“ ist kein gültiges Kalenderdatum');
  await pane.getByLabel('Stichtag (TT.MM.JJJJ)').fill('Jahresende');
  await aufbereiten(/abgebrochen/);
  expect(await message().innerText()).toContain('Stichtag: „Jahresende“ ist kein Datum; erwartet TT.MM.JJJJ oder JJJJ-MM-TT');
  expect(await pane.getByLabel('Stichtag (TT.MM.JJJJ)').getAttribute('aria-invalid')).toBe('true');
  expect(await ui.page.getByTestId('ew-bericht').count()).toBe(0);
  await ui.shot('1-fehler-stichtag');

  // the good run: Bestand (Windows-1252, CRLF), Bewegungen, Zuordnung; not one request meanwhile
  await pane.getByLabel('Stichtag (TT.MM.JJJJ)').fill(STICHTAG);
  await pick('bewegungen', file('bew.csv', BEWEGUNGEN));
  const during = await aufbereiten(/Aufbereitet: \d+ Werte/);
  expect(during).toEqual([]);
  expect(await message().innerText()).toContain('1 fehlerhafte Zeile wurde übersprungen (siehe Befunde unten).');
  const bericht = await ui.page.getByTestId('ew-bericht').innerText();
  expect(bericht).toContain('Bestand ew.csv (windows-1252): 23 Zeilen gelesen, 21 Personen mit Hauptwohnung gezählt, 1 Nebenwohnung nicht gezählt, 1 Zeile übersprungen');
  expect(bericht).toMatch(/Bewegungen bew\.csv: 12 Zeilen, 10 Ereignisse im Zeitraum 01\.01\.2024 bis 31\.12\.2024 gezählt, 2 außerhalb/);
  expect(bericht).toContain('Adressabgleich: 19 Personen einem Baublock zugeordnet, 0 nur einem Gemeindeteil (Tabelle), 1 über die Straße einem Gemeindeteil, 1 nur der Stadt');
  const adressen = await ui.page.getByTestId('ew-adresse').allInnerTexts();
  expect(adressen).toEqual(expect.arrayContaining([
    `${AGS} Straße 100 Nr. 99: 1 Person, 0 Ereignisse → Gemeindeteil ${GT1} (über die Straße)`,
    `${AGS} Straße 300 Nr. 5: 1 Person, 1 Ereignis → nur Stadt`,
  ]));
  expect(bericht).toMatch(/Haushalte: 12 aus 21 Personen/);
  const befunde = await ui.page.getByTestId('ew-befund').allInnerTexts();
  expect(befunde).toContain('Fehler: ew.csv, Zeile 24, Spalte „geburtsdatum“ (2. Spalte): „29.02.2023“ ist kein gültiges Kalenderdatum – Person nicht gezählt');
  // the take-over preview: own blocks, the Hattingen block and the unknown code are named and not written
  expect(await ui.page.getByTestId('ew-vorschau').innerText()).toBe(`Für Witten, Ebene Baublock: ${REGISTER_MERKMALE.length} Merkmale für 4 Gebiete werden eingetragen.`);
  const ausgelassen = await ui.page.getByTestId('ew-ausgelassen').allInnerTexts();
  expect(ausgelassen).toEqual([
    `Gebiet ${HATTINGEN_BB} (Baublock 0001) gehört nicht zu Ihrer Stadt: ${REGISTER_MERKMALE.length} Werte (1 Person) nicht eingetragen`,
    // a code the area tree does not know, at whatever level, with the address table's line; no level guessed
    ...[`${AGS}-03`, UNKNOWN_BB].map((code) =>
      `Gebiet ${code} gibt es in der Gebietsgliederung nicht (Zuordnungstabelle zuordnung.csv, Zeile ${ZUORDNUNG.split('\n').findIndex((l) => l.includes(UNKNOWN_BB)) + 1}): ${REGISTER_MERKMALE.length} Werte (1 Person) nicht eingetragen. Bitte den Code in der Zuordnungstabelle prüfen oder das Gebiet in die Gebietsgliederung aufnehmen lassen.`),
  ]);
  // where the Zuordnungstabelle comes from, in words; the people without a Baublock: which template holds them
  expect(await pane.getByText('amtlichen Hauskoordinaten').count()).toBe(1);
  expect(await ui.page.getByTestId('ew-ohne-baublock').innerText()).toBe(
    '2 Personen ohne Baublock stehen nicht in dieser Vorlage der Ebene Baublock, gehen aber nicht verloren: 1 (Gemeindeteil bekannt) in der Vorlage der Ebene Gemeindeteil, 1 (nur die Stadt bekannt) nur in der Vorlage der Ebene Stadt. Bitte auch diese Vorlage übernehmen und übermitteln.',
  );
  expect(await pane.getByLabel('Ebene der Vorlage').locator('option').allInnerTexts()).toEqual(['Baublock', 'Gemeindeteil', 'Stadt']);
  await ui.shot('2-aufbereitet');

  // a changed file after the aggregation: the take-over refuses stale counts
  await pick('bewegungen', []);
  await ui.page.getByRole('button', { name: 'In Erfassungsvorlage übernehmen' }).click();
  await message().filter({ hasText: 'seit der Aufbereitung geändert' }).waitFor();
  await pick('bewegungen', file('bew.csv', BEWEGUNGEN));
  expect(await aufbereiten(/Aufbereitet/)).toEqual([]);

  // Baublock template, pre-filled: the cells equal the counts known by construction
  await ui.page.getByRole('button', { name: 'In Erfassungsvorlage übernehmen' }).click();
  await ui.page.getByTestId('ew-uebernommen').waitFor();
  const cellCount = 4 * REGISTER_MERKMALE.length;
  expect(await ui.page.getByTestId('ew-uebernommen').innerText()).toBe(`Vorlage „EW 2024 Baublock Witten“ aus den Einwohnerdaten angelegt: ${cellCount} Werte in 4 Gebieten eingetragen. Bitte prüfen und übermitteln.`);
  expect(await ui.page.locator('table.grid[data-sheet="EW 2024 Baublock Witten"] tr').nth(2).innerText()).toContain('Vorbelegt aus den Einwohnermeldedaten (ew.csv, Stichtag 31.12.2024)');
  const cells = await sheetCells(ui.page, 'EW 2024 Baublock Witten');
  expect(Object.keys(cells).sort()).toEqual([B1, B2, B3, B4]);
  expect(cells[B1]).toEqual(asCells(EXPECTED_B1));
  expect(cells[B2]).toEqual(asCells(EXPECTED_B2));
  expect(cells[B3]).toEqual(asCells(EXPECTED_B3));
  expect(cells[B4]).toEqual(asCells(EXPECTED_B4));
  await ui.shot('3-vorlage-baublock');

  // the Erfassung tab's own check and submission
  await ui.page.getByRole('button', { name: 'Prüfen und Übermitteln' }).click();
  const entry = ui.page.getByRole('tabpanel', { name: 'Erfassen und übermitteln' });
  await entry.getByTestId('erfassung-meldung').filter({ hasText: 'aus den Einwohnerdaten angelegt' }).waitFor();
  expect(await entry.getByLabel('Erfassungsblatt').inputValue()).toBe('EW 2024 Baublock Witten');
  await entry.getByRole('button', { name: 'Prüfen', exact: true }).click();
  await entry.getByText(`Keine Fehler: ${cellCount} Werte`).waitFor();
  await entry.getByRole('button', { name: 'Übermitteln' }).click();
  await entry.getByText(`${cellCount} Werte angenommen, neue Revision 1`).waitFor();
  await ui.shot('4-uebermittelt-baublock');

  const expected = await nodeRows();
  const blocks = [B1, B2, B3, B4];
  const stored = await api<{ rows: WerteZeile[] }>(`/values?period=${PERIOD}&areas=${blocks.join(',')}`, ui.tokens.kreis);
  const plain = (rows: WerteZeile[]) => rows.map((r) => ({ area: r.area, variable: r.variable, value: r.value })).sort((a, b) => a.area.localeCompare(b.area) || a.variable.localeCompare(b.variable));
  expect(plain(stored.body.rows)).toEqual(plain(expected.filter((r) => blocks.includes(r.area))));
  expect(plain(stored.body.rows).find((r) => r.area === B1 && r.variable === 'hh_alleinerziehend')!.value).toBe(1);

  // the same counts at Gemeindeteil level: the Gemeindeteil rows of the aggregation (street fallback, own moves)
  await ui.page.getByRole('tab', { name: 'Einwohnerdaten' }).click();
  await pane.getByLabel('Ebene der Vorlage').selectOption('gemeindeteil');
  await ui.page.getByRole('button', { name: 'In Erfassungsvorlage übernehmen' }).click();
  await ui.page.getByTestId('ew-uebernommen').filter({ hasText: 'EW 2024 Gemeindeteil Witten' }).waitFor();
  const gts = await sheetCells(ui.page, 'EW 2024 Gemeindeteil Witten');
  expect(gts).toEqual({ [GT1]: asCells(EXPECTED_GT1), [GT2]: asCells(EXPECTED_GT2) });
  await ui.page.getByRole('button', { name: 'Prüfen und Übermitteln' }).click();
  await entry.getByRole('button', { name: 'Übermitteln' }).click();
  await entry.getByText(`${2 * REGISTER_MERKMALE.length} Werte angenommen, neue Revision 2`).waitFor();
  const storedGt = await api<{ rows: WerteZeile[] }>(`/values?period=${PERIOD}&areas=${GT1},${GT2}`, ui.tokens.kreis);
  expect(plain(storedGt.body.rows)).toEqual(plain(expected.filter((r) => r.area === GT1 || r.area === GT2)));
  await ui.shot('5-uebermittelt-gemeindeteil');

  // what left the page: the submissions hold area codes, Merkmal ids and numbers only; no request
  // anywhere carries a person key, the remark or a birth date
  const areaCodes = new Set((parseAreaExchange(testAreas()).areas as { code: string }[]).map((a) => a.code));
  const submissions = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/submissions'));
  expect(submissions).toHaveLength(2);
  for (const s of submissions) {
    const body = JSON.parse(s.body!) as { period: string; baseRevision: number; rows: Record<string, unknown>[] };
    expect(Object.keys(body).sort()).toEqual(['baseRevision', 'period', 'rows']);
    for (const row of body.rows) {
      expect(Object.keys(row).sort()).toEqual(['area', 'value', 'variable']);
      expect(areaCodes.has(row.area as string)).toBe(true);
      expect(REGISTER_MERKMALE).toContain(row.variable);
      expect(typeof row.value).toBe('number');
    }
  }
  for (const r of requests) for (const secret of SECRETS) expect({ url: r.url, hit: `${r.url}\n${r.body ?? ''}`.includes(secret) }).toEqual({ url: r.url, hit: false });
  // nothing was uploaded as a file either: every request body is JSON or empty
  for (const r of requests) if (r.body) expect(() => JSON.parse(r.body!)).not.toThrow();

  expect(ui.consoleErrors.filter((e) => !EXPECTED_CONSOLE.test(e))).toEqual([]);
});

test('a Stadt of 40,000 synthetic persons: aggregated in the page with progress, the same counts as in Node, no request', async () => {
  const reg = syntheticRegister({ persons: 40_000, seed: 7, kreis: '05999' });
  const bestand = [...reg.bestand()].join('');
  const zuordnung = [...reg.zuordnung()].join('');
  const bewegungen = [...reg.bewegungen()].join('');
  const inNode = await aggregateRegister(
    { bestand, bestandDatei: 'ew-gross.csv', bewegungen, bewegungenDatei: 'bew-gross.csv' },
    { stichtag: STICHTAG, zuordnung: await readZuordnung([zuordnung], 'zuordnung-gross.csv') },
  );
  await ui.page.getByRole('tab', { name: 'Einwohnerdaten' }).click();
  await pick('bestand', file('ew-gross.csv', bestand));
  await pick('bewegungen', file('bew-gross.csv', bewegungen));
  await pick('zuordnung', file('zuordnung-gross.csv', zuordnung));
  // every value the progress bar shows and every text under it, as the page renders them
  await ui.page.evaluate(() => {
    const w = window as unknown as { progress: string[]; steps: string[] };
    w.progress = [];
    w.steps = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="ew-fortschritt"]');
      const v = bar?.getAttribute('aria-valuenow');
      if (v && w.progress[w.progress.length - 1] !== v) w.progress.push(v);
      const text = bar?.closest('.fui-Field')?.textContent ?? '';
      if (text && w.steps[w.steps.length - 1] !== text) w.steps.push(text);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // a Stichtag outside the period is counted, with a warning
  const pane = ui.page.getByRole('tabpanel', { name: 'Einwohnerdaten' });
  await pane.getByLabel('Berichtsjahr').fill('2025');
  expect(await pane.getByLabel('Stichtag (TT.MM.JJJJ)').inputValue()).toBe(STICHTAG); // typed in the first test: kept
  const started = Date.now();
  expect(await aufbereiten(/Aufbereitet/)).toEqual([]);
  expect(await ui.page.getByTestId('ew-meldung').innerText()).toContain('Der Stichtag 31.12.2024 liegt nicht im Berichtsjahr 2025.');
  const ms = Date.now() - started;
  const progress = (await ui.page.evaluate(() => (window as unknown as { progress: string[] }).progress)).map(Number);
  expect(progress.length).toBeGreaterThan(2); // the pane repaints between chunks of the file streams
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  // the files in the order they are read, then the one step without a byte count (the small
  // Bewegungen file is read within one repaint, so its own text need not show; its lines are in the last)
  const steps = await ui.page.evaluate(() => (window as unknown as { steps: string[] }).steps);
  const first = (re: RegExp) => steps.findIndex((t) => re.test(t));
  const lines = (text: string) => text.split('\n').length;
  const order = [/Lese zuordnung-gross\.csv/, /ew-gross\.csv: [\d.]+ Zeilen gelesen/, new RegExp(`^${(lines(bestand) + lines(bewegungen) - 2).toLocaleString('de-DE').replace('.', '\\.')} Zeilen gelesen; Haushalte werden gebildet`)].map(first);
  if (!order.every((i) => i >= 0)) throw new Error(`Fortschrittstexte: ${JSON.stringify(steps)}`);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  const b = inNode.report.bestand;
  expect(await ui.page.getByTestId('ew-bericht').innerText()).toContain(`${b.gezaehlt.toLocaleString('de-DE')} Personen mit Hauptwohnung gezählt`);
  expect(await ui.page.getByTestId('ew-meldung').innerText()).toContain(`Aufbereitet: ${inNode.rows.length.toLocaleString('de-DE')} Werte`);
  process.stdout.write(`Einwohnerdaten im Aufgabenbereich: ${b.zeilen} Zeilen Bestand (${(bestand.length / 1e6).toFixed(1)} MB) in ${ms} ms, ${progress.length} Fortschrittsstufen\n`);
  await ui.shot('6-gross');
});

test('a Kreis token gets the register\'s Stadt preselected; a read-only token may count but not make a template', async () => {
  const leser = (await createToken(ui.server.storage, { rolle: 'leser' }, OPERATOR)).token;
  for (const [token, rolle] of [[ui.tokens.kreis, 'kreis'], [leser, 'leser']] as const) {
    const ctx = await ui.browser.newContext();
    const p = await ctx.newPage();
    await p.route('https://appsforoffice.microsoft.com/**', (r) => r.abort('internetdisconnected'));
    try {
      await p.goto(`${ui.server.url}/addin/taskpane.html`);
      await p.getByLabel('Zugangs-Token').fill(token);
      await p.getByRole('button', { name: 'Verbinden' }).click();
      await p.getByTestId('verbunden').waitFor();
      await p.getByRole('tab', { name: 'Einwohnerdaten' }).click();
      const pane = p.getByRole('tabpanel', { name: 'Einwohnerdaten' });
      await pane.getByLabel('Berichtsjahr').fill(PERIOD);
      expect(await pane.getByLabel('Stadt').inputValue()).toBe(HATTINGEN); // the first Stadt by code
      await p.getByTestId('datei-bestand').setInputFiles(file('ew.csv', latin1(BESTAND)));
      await p.getByTestId('datei-zuordnung').setInputFiles(file('zuordnung.csv', ZUORDNUNG));
      await p.getByRole('button', { name: 'Aufbereiten' }).click();
      await p.getByTestId('ew-meldung').filter({ hasText: 'Aufbereitet' }).waitFor();
      // Witten has 20 persons in the register, Hattingen 1
      expect(await pane.getByLabel('Stadt').inputValue()).toBe(WITTEN);
      await p.getByRole('button', { name: 'In Erfassungsvorlage übernehmen' }).click();
      if (rolle === 'kreis') {
        await p.getByTestId('ew-uebernommen').filter({ hasText: 'EW 2024 Baublock Witten' }).waitFor();
      } else {
        await p.getByTestId('ew-meldung').filter({ hasText: 'Eine Erfassungsvorlage legt eine Kommune' }).waitFor();
        expect(await p.locator('table.grid').count()).toBe(0);
      }
    } finally {
      await ctx.close();
    }
  }
});
