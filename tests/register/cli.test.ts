/**
 * `sozialmonitor einwohner aggregieren` and `sozialmonitor push` as real processes on real files; push
 * against a real sync server (SQLite in a temp dir) listening on a real port.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { aggregateRegister, formatWerteCsv, readZuordnung } from '../../shared/register';
import { CLI, ensureBuilt, testServer, type TestServer } from '../server/helpers';
import { BEWEGUNGEN_CSV, PERSONEN, STICHTAG, ZUORDNUNG_CSV, bestandCsv, latin1, personLine } from './fixture';

const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-register-cli-'));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr });
    });
  });
}

beforeAll(() => ensureBuilt(), 120_000);

describe('sozialmonitor einwohner aggregieren', () => {
  const ew = file('ew.csv', latin1(bestandCsv(undefined, '\r\n')));
  const bew = file('bew.csv', BEWEGUNGEN_CSV);
  const zu = file('zuordnung.csv', ZUORDNUNG_CSV);

  test('writes the long format and the address report; the values are those of the shared aggregation', async () => {
    const out = join(dir, 'werte.csv');
    const r = await run('einwohner', 'aggregieren', '--bestand', ew, '--bewegungen', bew, '--stichtag', '2024-12-31', '--zuordnung', zu, '--out', out);
    expect(r.err).toMatch(/19 Personen mit Hauptwohnung gezählt/);
    expect(r.err).toMatch(/Prüfung nach dem Kennzahlenkatalog: 0 Fehler/);
    expect(r.code).toBe(0);
    const expected = await aggregateRegister(
      { bestand: bestandCsv(), bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN_CSV, bewegungenDatei: 'bew.csv' },
      { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG_CSV], 'z.csv') },
    );
    expect(readFileSync(out, 'utf8')).toBe(formatWerteCsv(expected.rows));
    // findings of the check name the line of the written file
    const line = readFileSync(out, 'utf8').split('\n').indexOf('05954036-01;bevoelkerung;10') + 1;
    expect(line).toBeGreaterThan(1);
    expect(r.err).toContain(`${out}, Zeile ${line}: Alle Teilgebiete von Gemeindeteil 05954036-01 zusammen ergeben 9`);
    expect(readFileSync(join(dir, 'werte-abgleich.csv'), 'utf8')).toBe(
      'gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;personen;ereignisse;zugeordnet;gemeindeteil\n' +
        '05954036;300;5;;1;1;nur_stadt;\n05954036;100;99;;1;0;gemeindeteil_ueber_strasse;05954036-01\n',
    );
  });

  test('a faulty row: reported with line and column, skipped, exit code 2; with --streng nothing is written', async () => {
    const bad = file('ew-bad.csv', bestandCsv([...PERSONEN, { ...PERSONEN[0]!, om: '77', geb: '31.04.1990' }]));
    const out = join(dir, 'werte-bad.csv');
    const r = await run('einwohner', 'aggregieren', '--bestand', bad, '--stichtag', '31.12.2024', '--zuordnung', zu, '--out', out);
    expect(r.err).toContain(`${bad}, Zeile 22, Spalte „geburtsdatum“ (2. Spalte): „31.04.1990“ ist kein gültiges Kalenderdatum – Person nicht gezählt`);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(join(dir, 'werte-bad-befunde.csv'), 'utf8')).toBe(
      `datei;zeile;spalte;code;schwere;meldung\n${bad};22;geburtsdatum;DATUM_UNGUELTIG;fehler;${bad}, Zeile 22, Spalte „geburtsdatum“ (2. Spalte): „31.04.1990“ ist kein gültiges Kalenderdatum – Person nicht gezählt\n`,
    );
    const strictOut = join(dir, 'werte-streng.csv');
    const s = await run('einwohner', 'aggregieren', '--bestand', bad, '--stichtag', '31.12.2024', '--zuordnung', zu, '--out', strictOut, '--streng');
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/Zeile 22.*Abbruch, strenger Modus\)\nEs wurde keine Ausgabe geschrieben/);
    expect(existsSync(strictOut)).toBe(false);
  });

  test('missing column and missing file are named', async () => {
    const noCol = file('ew-nocol.csv', bestandCsv().replace('geschlecht;', 'sex;'));
    const r = await run('einwohner', 'aggregieren', '--bestand', noCol, '--stichtag', '31.12.2024', '--zuordnung', zu, '--out', join(dir, 'x.csv'));
    expect(r.err).toContain(`${noCol}, Zeile 1: In der Kopfzeile fehlt die Spalte „geschlecht“`);
    expect(r.code).toBe(1);
    const m = await run('einwohner', 'aggregieren', '--bestand', join(dir, 'fehlt.csv'), '--stichtag', '31.12.2024', '--zuordnung', zu, '--out', join(dir, 'x.csv'));
    expect(m.err).toMatch(/fehlt\.csv kann nicht gelesen werden: sie existiert nicht/);
    expect(m.code).toBe(1);
  });
});

describe('sozialmonitor push against a real server', () => {
  let server: TestServer;
  let http: Server;
  let url: string;
  let werte: string;

  beforeAll(async () => {
    server = await testServer();
    http = server.app.listen(0);
    await new Promise((r) => http.once('listening', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    // The test server's Witten has Baublöcke 0001/0002 in Gemeindeteile 01 and 02: the fixture's B1–B4.
    const res = await aggregateRegister(
      { bestand: bestandCsv(), bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN_CSV, bewegungenDatei: 'bew.csv' },
      { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG_CSV], 'z.csv') },
    );
    werte = file('push.csv', formatWerteCsv(res.rows));
  });
  afterAll(async () => {
    await new Promise((r) => http.close(r));
    await server.close();
  });

  test('submits with an Idempotency-Key; the server stores every value', async () => {
    const r = await run('push', werte, '--server', url, '--token', server.tokens.witten, '--period', '2024', '--idempotency-key', 'ew-2024-a');
    expect(r.err).toMatch(/^Übermittelt: \d+ Werte für 2024, Meldung Nr\. \d+/);
    expect(r.code).toBe(0);
    const stored = await server.storage.currentValues('2024', ['05954036']);
    const expected = readFileSync(werte, 'utf8').trim().split('\n').length - 1;
    expect(stored.length).toBe(expected);
    expect(stored.find((v) => v.area === '05954036-01-0001' && v.variable === 'bevoelkerung')?.value).toBe(7);
    // the same key with the same content again is a harmless replay
    const again = await run('push', werte, '--server', url, '--token', server.tokens.witten, '--period', '2024', '--idempotency-key', 'ew-2024-a');
    expect(again.code).toBe(0);
  });

  test('409: the same key for other content, or a stale base revision', async () => {
    const changed = file('push-changed.csv', readFileSync(werte, 'utf8').replace(/05954036-02-0001;sterbefaelle;1/, '05954036-02-0001;sterbefaelle;0').replace(/05954036-02;sterbefaelle;1/, '05954036-02;sterbefaelle;0').replace(/05954036;sterbefaelle;1/, '05954036;sterbefaelle;0'));
    const r = await run('push', changed, '--server', url, '--token', server.tokens.witten, '--period', '2024', '--idempotency-key', 'ew-2024-a');
    expect(r.err).toMatch(/Konflikt \(HTTP 409\): Dieser Idempotency-Key wurde schon für eine andere Meldung verwendet/);
    expect(r.code).toBe(1);
    const stale = await run('push', changed, '--server', url, '--token', server.tokens.witten, '--period', '2024', '--base-revision', '0');
    expect(stale.err).toMatch(/Konflikt \(HTTP 409\)/);
    expect(stale.code).toBe(1);
  });

  test('422 from the server (a base revision it cannot accept) is shown with its findings', async () => {
    const r = await run('push', werte, '--server', url, '--token', server.tokens.witten, '--period', '2024', '--base-revision', '-1');
    expect(r.err).toMatch(/^Der Server hat die Meldung abgelehnt \(HTTP 422\): Die Meldung wurde nicht gespeichert\.\n  Fehler: .*baseRevision/);
    expect(r.code).toBe(1);
  });

  test('401 for a wrong token, a clear message for an unreachable server', async () => {
    const r = await run('push', werte, '--server', url, '--token', 'falsch', '--period', '2024');
    expect(r.err).toBe('Fehler: Der Server lehnt das Token ab (HTTP 401). Bitte das Token prüfen oder beim Kreis ein neues anfordern; es wurde nichts übermittelt.\n');
    expect(r.code).toBe(1);
    // a port that was free a moment ago: nobody listens there
    const probe = server.app.listen(0);
    await new Promise((r) => probe.once('listening', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const closed = await run('push', werte, '--server', `http://127.0.0.1:${port}`, '--token', 'x', '--period', '2024');
    expect(closed.err).toContain(`Der Server http://127.0.0.1:${port} ist nicht erreichbar (ECONNREFUSED). Bitte Adresse und Netzverbindung prüfen; es wurde nichts übermittelt.`);
    expect(closed.code).toBe(1);
  });

  test('values that fail the local check are not sent', async () => {
    const bad = file('push-bad.csv', 'area;variable;value\n05954036-01-0001;bevoelkerung;7\n05954036-01-0001;bev_weiblich;9\n');
    const before = (await server.storage.history({ limit: 100 })).length;
    const r = await run('push', bad, '--server', url, '--token', server.tokens.witten, '--period', '2023');
    expect(r.err).toMatch(/push-bad\.csv: \d+ Fehler bei der Prüfung vor dem Senden; es wurde nichts übermittelt/);
    expect(r.err).toMatch(/push-bad\.csv, Zeile 3: /);
    expect(r.code).toBe(1);
    expect((await server.storage.history({ limit: 100 })).length).toBe(before);
  });
});
