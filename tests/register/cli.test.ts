/**
 * `sozialmonitor einwohner aggregieren` and `sozialmonitor push` as real processes on real files; push
 * against a real sync server (SQLite in a temp dir) listening on a real port.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { aggregateRegister, formatWerteCsv, readZuordnung } from '../../shared/register';
import { cliWorkspace } from '../helpers/cli-workspace';
import { ensureBuilt, testServer, type TestServer } from '../server/helpers';
import { BEWEGUNGEN_CSV, PERSONEN, STICHTAG, ZUORDNUNG_CSV, bestandCsv, latin1 } from './fixture';
import { B1, B2, B3, B4, GT1, GT2, S1 } from '../helpers/core-fixtures';
import { wgsToUtm } from '../../shared/geo/crs';

const { dir, file, run } = cliWorkspace('sozialmonitor-register-cli-');

beforeAll(() => ensureBuilt(), 120_000);

describe('sozialmonitor einwohner aggregieren', () => {
  const ew = file('ew.csv', latin1(bestandCsv(undefined, '\r\n')));
  const bew = file('bew.csv', BEWEGUNGEN_CSV);
  const zu = file('zuordnung.csv', ZUORDNUNG_CSV);
  // Baublöcke B1–B4 of the fixture as squares (WGS84)
  const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] });
  const feature = (code: string, ebene: string, parent: string, geometry: object | null) => ({ type: 'Feature', properties: { code, name: code, ebene, parent }, geometry });
  const blocks: [string, number, number][] = [[B1, 7.30, 51.40], [B2, 7.32, 51.40], [B3, 7.30, 51.42], [B4, 7.32, 51.42]];
  const gebiete = file('gebiete.geojson', JSON.stringify({
    type: 'FeatureCollection',
    features: [
      feature('05954', 'kreis', '', null), feature(S1, 'stadt', '05954', null), feature(GT1, 'gemeindeteil', S1, null), feature(GT2, 'gemeindeteil', S1, null),
      ...blocks.map(([c, x, y]) => feature(c, 'baublock', c.slice(0, 11), square(x, y))),
    ],
  }));

  test('writes the long format and the address report; the values are those of the shared aggregation', async () => {
    const out = join(dir, 'werte.csv');
    const r = await run('einwohner', 'aggregieren', '--bestand', ew, '--bewegungen', bew, '--stichtag', '2024-12-31', '--zuordnung', zu, '--gebiete', gebiete, '--out', out);
    expect(r.err).toMatch(/19 Personen mit Hauptwohnung gezählt/);
    expect(r.err).toMatch(/Prüfung nach dem Kennzahlenkatalog: 0 Fehler/);
    expect(r.code).toBe(0);
    const expected = await aggregateRegister(
      { bestand: bestandCsv(), bestandDatei: 'ew.csv', bewegungen: BEWEGUNGEN_CSV, bewegungenDatei: 'bew.csv' },
      { stichtag: STICHTAG, zuordnung: await readZuordnung([ZUORDNUNG_CSV], 'z.csv') },
    );
    // with --gebiete every Baublock of the tree is written (none is empty here): the same rows
    expect(readFileSync(out, 'utf8')).toBe(formatWerteCsv(expected.rows));
    // findings of the check name the line of the written file
    const line = readFileSync(out, 'utf8').split('\n').indexOf('05954036-01;bevoelkerung;10') + 1;
    expect(line).toBeGreaterThan(1);
    expect(r.err).toContain(`${out}, Zeile ${line}, Gebiet 05954036-01: Bevölkerung (bevoelkerung): Alle Teilgebiete von Gemeindeteil 05954036-01 zusammen ergeben 9`);
    expect(readFileSync(join(dir, 'werte-abgleich.csv'), 'utf8')).toBe(
      'gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;personen;ereignisse;zugeordnet;gemeindeteil\n' +
        '05954036;300;5;;1;1;nur_stadt;\n05954036;100;99;;1;0;gemeindeteil_ueber_strasse;05954036-01\n',
    );
  });

  test('--adressen with --gebiete assigns the house coordinates on the fly: the same values as with the table', async () => {
    // house coordinates (EPSG:25832) at the centres of the blocks
    const centre = (c: string) => {
      const [, x, y] = blocks.find((b) => b[0] === c)!;
      return wgsToUtm([x + 0.005, y + 0.005]).map((v) => v.toFixed(2).replace('.', ','));
    };
    const hk = (street: string, hnr: string, adz: string, at: string[]) => `A;DENW1;A;05;9;54;036;;${street};${hnr};${adz};${at[0]};${at[1]};Straße;58452;Witten;32`;
    const hkFile = file('hk.csv', latin1([
      'NBA;OI;QUA;LAN;RBZ;KRS;GMD;OTT;SSS;HNR;ADZ;EAST;NORTH;STN;PLZ;ONM;ZON',
      hk('100', '1', '', centre(B1)), hk('100', '2', '', centre(B1)), hk('0100', '3', 'a', centre(B2)),
      hk('200', '1', '', centre(B3)), hk('200', '2', '', centre(B4)),
      hk('100', '77', '', ['300000,00', '5600000,00']), // far outside every block
    ].join('\r\n') + '\r\n'));
    const viaTable = join(dir, 'werte-tabelle.csv');
    const viaHk = join(dir, 'werte-hk.csv');
    const a = await run('einwohner', 'aggregieren', '--bestand', ew, '--bewegungen', bew, '--stichtag', '2024-12-31', '--zuordnung', zu, '--gebiete', gebiete, '--out', viaTable);
    const b = await run('einwohner', 'aggregieren', '--bestand', ew, '--bewegungen', bew, '--stichtag', '2024-12-31', '--adressen', hkFile, '--gebiete', gebiete, '--out', viaHk);
    expect(b.err).toContain(`Hauskoordinaten ${hkFile}: 6 Adressen, 5 einem Baublock zugeordnet, 1 außerhalb aller Baublöcke`);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(readFileSync(viaHk, 'utf8')).toBe(readFileSync(viaTable, 'utf8'));
    const both = await run('einwohner', 'aggregieren', '--bestand', ew, '--stichtag', '2024-12-31', '--adressen', hkFile, '--out', viaHk);
    expect(both.err).toContain('Mit --adressen bitte auch --gebiete angeben');
  });

  test('a table written by geo zuordnen may have addresses outside every block (both areas empty): they stay unmatched; without --gebiete nothing is checked, and it says so', async () => {
    const withOutside = file('zuordnung-geo.csv', ZUORDNUNG_CSV + '\n05954036;300;5;;;\n');
    const out = join(dir, 'werte-geo.csv');
    const r = await run('einwohner', 'aggregieren', '--bestand', ew, '--stichtag', '2024-12-31', '--zuordnung', withOutside, '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/1 über die Straße einem Gemeindeteil, 1 nur der Stadt/);
    // no tree guessed from the codes: no check, and a note where to get one
    expect(r.err).not.toContain('Prüfung nach dem Kennzahlenkatalog');
    expect(r.err).toContain('Hinweis: Ohne --gebiete wurden die Werte nicht gegen eine Gebietsgliederung geprüft. Geprüft wird beim Senden mit „sozialmonitor push“');
  });

  test('--altersgrenzen: Berlin\'s bands instead of the 14, checked against --gebiete; bad cuts stop before any file is read', async () => {
    const out = join(dir, 'werte-berlin.csv');
    const r = await run('einwohner', 'aggregieren', '--bestand', ew, '--stichtag', '2024-12-31', '--zuordnung', zu, '--gebiete', gebiete, '--out', out, '--altersgrenzen', '6,15,18,27,45,55,65');
    expect(r.err).toMatch(/Prüfung nach dem Kennzahlenkatalog: 0 Fehler/);
    expect(r.code).toBe(0);
    const written = readFileSync(out, 'utf8');
    expect(written).toContain(`${B1};bev_alter_0_5;2\n${B1};bev_alter_6_14;1\n${B1};bev_15_17;0\n`);
    expect(written).not.toContain('bev_0_2');
    for (const [wert, grund] of [
      ['6,15,x', '„x“ ist keine Altersgrenze'],
      ['0-17,65+', 'Diese Alter stehen in keiner Gruppe: 18 bis 64 Jahre'],
      ['18,6', 'Die Altersgrenzen müssen aufsteigend sein: nach „18“ kommt „6“.'],
    ]) {
      const badOut = join(dir, 'werte-grenzen.csv');
      const bad = await run('einwohner', 'aggregieren', '--bestand', join(dir, 'fehlt.csv'), '--stichtag', '2024-12-31', '--zuordnung', zu, '--out', badOut, '--altersgrenzen', wert!);
      expect(bad.err).toMatch(new RegExp(`^Fehler: --altersgrenzen „${wert!.replace(/[+]/g, '\\+')}“: .*${grund!.replace(/[.+()]/g, '\\$&')}.*\nEs wurde keine Ausgabe geschrieben\.\n$`));
      expect(bad.code).toBe(1);
      expect(existsSync(badOut)).toBe(false);
    }
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
    expect(r.err).toMatch(/push-bad\.csv, Zeile 3, Baublock 0001 \(05954036-01-0001\), Bevölkerung weiblich \(bev_weiblich\): /);
    expect(r.code).toBe(1);
    expect((await server.storage.history({ limit: 100 })).length).toBe(before);
  });
});
