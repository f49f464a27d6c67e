/**
 * `sozialmonitor sozialindex zeigen|speichern`: the built command on a temporary data directory
 * (real SQLite file) and once with --datenbank on a throw-away PostgreSQL. Bad files are named with
 * field and reason, exit code 1, and nothing is saved; a good one is a new version with the operator
 * as author in the audit log, and the server reads it as the setting in force.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DomainState } from '../../sync-server/domain';
import { sozialindexInForce } from '../../sync-server/routes/sozialindex';
import { openConfiguredStorage } from '../../sync-server/storage';
import type { NewSubmission, Storage } from '../../sync-server/storage/types';
import { OPERATOR } from '../../sync-server/tokens';
import { CliRun, cliWorkspace } from '../helpers/cli-workspace';
import { CLI, WITTEN, ensureBuilt } from './helpers';
import { Cluster, startCluster } from './postgres-cluster';

jest.setTimeout(120_000);

const ws = cliWorkspace('sozialmonitor-sozialindex-cli-');
const dataDir = join(ws.dir, 'daten');
/**
 * Runs the built command with the data directory in its environment, as in operation (not through
 * ws.run: jest gives a test file its own copy of process.env, which a child process never sees).
 */
const run = (...args: string[]): Promise<CliRun> =>
  new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, SOZIALMONITOR_DATA_DIR: dataDir };
    delete env.SOZIALMONITOR_DATABASE_URL;
    delete env.SOZIALMONITOR_DATABASE_SCHEMA;
    execFile(process.execPath, [CLI, ...args], { cwd: ws.dir, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr });
    });
  });

/** one stored value per year, so that the server "has data" for 2022, 2023 and 2024 */
async function withYears(s: Storage): Promise<void> {
  for (const period of ['2022', '2023', '2024']) {
    const sub: NewSubmission = { period, rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 3, scope: WITTEN }], meldebereich: WITTEN, scopes: [WITTEN], expectedRevisions: { [WITTEN]: 0 }, actor: OPERATOR, contentHash: period, catalogueVersion: '2025.1' };
    expect((await s.appendSubmission(sub)).kind).toBe('stored');
  }
}

const open = (databaseUrl?: string) => openConfiguredStorage({ dataDir, ...(databaseUrl ? { databaseUrl } : {}) }).then((o) => o.storage);

beforeAll(async () => {
  ensureBuilt();
  const s = await open();
  await withYears(s);
  await s.close();
});
afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

const GOOD = { indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 0.5 }], vergleichsjahr: '2022', kommentar: 'Test' };

test('zeigen before any save: the default, no versions', async () => {
  const r = await run('sozialindex', 'zeigen');
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toContain('Geltende Einstellung: Vorgabe der Software');
  expect(r.out).toContain('Vergleichsjahr des Dynamikindex: nicht festgelegt (erstes Jahr mit Daten)');
  expect(r.out).toMatch(/sozialgeld_quote\s+\+1/);
  expect(r.out).toContain('Gespeicherte Versionen: keine.');
});

const BAD: [string, string, RegExp[]][] = [
  ['unknown Kennzahl, direction 2, year without data', JSON.stringify({ indikatoren: [{ id: 'sgb2_quote', richtung: 2, gewicht: 1 }, { id: 'sgb2_qoute', richtung: 1, gewicht: 1 }], vergleichsjahr: '2019' }), [
    /^ {2}- Feld „indikatoren\[0\]\.richtung“ \(Kennzahl „sgb2_quote“\): muss 1 sein/m,
    /^ {2}- Feld „indikatoren\[1\]\.id“: die Kennzahl „sgb2_qoute“ gibt es im Katalog nicht$/m,
    /^ {2}- Feld „vergleichsjahr“: für 2019 liegen keine Daten vor; vorhanden: 2022, 2023, 2024$/m,
  ]],
  ['the newest year as base year', JSON.stringify({ ...GOOD, vergleichsjahr: '2024' }), [/^ {2}- Feld „vergleichsjahr“: 2024 ist das neueste Jahr mit Daten; das Vergleichsjahr muss davor liegen/m]],
  ['a year with two digits', JSON.stringify({ ...GOOD, vergleichsjahr: '22' }), [/Feld „vergleichsjahr“: muss ein vierstelliges Jahr sein/]],
  ['a weight of 0', JSON.stringify({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 0 }] }), [/Feld „indikatoren\[0\]\.gewicht“ \(Kennzahl „sgb2_quote“\): muss größer als 0 sein/]],
  ['not JSON', '{"indikatoren": [', [/^Fehler: Datei „.*schlecht\.json“ ist kein gültiges JSON \(.+\)\. Erwartet wird .* Nichts gespeichert\.$/m]],
  ['a list instead of an object', JSON.stringify(GOOD.indikatoren), [/Einstellung: erwartet wird ein JSON-Objekt/]],
];

test.each(BAD)('speichern with a bad file (%s): exit code 1, each problem named, nothing saved', async (_name, content, patterns) => {
  const file = ws.file('schlecht.json', content);
  const r = await run('sozialindex', 'speichern', '--datei', file, '--kommentar', 'soll nicht gespeichert werden');
  expect(r.code).toBe(1);
  expect(r.out).toBe('');
  for (const p of patterns) expect(r.err).toMatch(p);
  const s = await open();
  try {
    expect(await s.sozialindexHistory()).toEqual([]);
    expect((await s.audit()).filter((a) => a.action === 'sozialindex')).toEqual([]);
  } finally {
    await s.close();
  }
});

test('speichern with a missing file: exit code 1 naming it', async () => {
  const r = await run('sozialindex', 'speichern', '--datei', 'gibt-es-nicht.json');
  expect(r.code).toBe(1);
  expect(r.err).toBe('Fehler: Datei „gibt-es-nicht.json“ kann nicht gelesen werden: gibt es nicht. Nichts gespeichert.\n');
});

test('speichern a good file: version 1 by the operator, audited, in force for the server; again: unchanged', async () => {
  const file = ws.file('einstellung.json', JSON.stringify({ ...GOOD, kommentar: 'aus der Datei' }));
  const r = await run('sozialindex', 'speichern', '--datei', file, '--kommentar', 'Beschluss Sozialausschuss vom 12.03.2026');
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toBe('Version 1 gespeichert und ab sofort gültig: sgb2_quote:1:2,arbeitslosendichte:1:0.5; Vergleichsjahr 2022 („Beschluss Sozialausschuss vom 12.03.2026“).\n');
  const again = await run('sozialindex', 'speichern', '--datei', file, '--kommentar', 'Beschluss Sozialausschuss vom 12.03.2026');
  expect(again).toMatchObject({ code: 0, out: expect.stringMatching(/^Unverändert: Version 1 gilt schon genau so/) });

  const s = await open();
  try {
    expect(await s.sozialindexHistory()).toEqual([expect.objectContaining({ version: 1, vergleichsjahr: '2022', kommentar: 'Beschluss Sozialausschuss vom 12.03.2026', createdBy: OPERATOR.label, tokenName: null, indikatoren: GOOD.indikatoren })]);
    const audit = (await s.audit()).filter((a) => a.action === 'sozialindex');
    expect(audit).toEqual([expect.objectContaining({ actor: 'Betrieb (Kommandozeile)', subject: 'Sozialindex-Einstellung 1: sgb2_quote:1:2,arbeitslosendichte:1:0.5; Vergleichsjahr 2022' })]);
    // the server's view: what the command line saved is the setting in force
    expect(await sozialindexInForce(new DomainState(s))).toMatchObject({ art: 'vereinbart', version: 1, vergleichsjahr: '2022', gespeichertVon: 'Betrieb (Kommandozeile)' });
  } finally {
    await s.close();
  }

  const shown = await run('sozialindex', 'zeigen');
  expect(shown.code).toBe(0);
  expect(shown.out).toMatch(/^Geltende Einstellung: Version 1\n {2}Vom Kreis vereinbarte Einstellung, Version 1, gespeichert am \d{4}-\d\d-\d\d von Betrieb \(Kommandozeile\) \(Beschluss Sozialausschuss vom 12\.03\.2026\)\. Vergleichsjahr des Dynamikindex: 2022\.\n/);
  expect(shown.out).toContain('  Vergleichsjahr des Dynamikindex: 2022\n');
  expect(shown.out).toMatch(/arbeitslosendichte\s+\+1 \(höher = mehr Bedarf\)\s+0,5/);
  expect(shown.out).toMatch(/Gespeicherte Versionen \(1, neueste zuerst\):\n {3}1 {2}\S+Z {2}Betrieb \(Kommandozeile\) {2}sgb2_quote:1:2,arbeitslosendichte:1:0\.5; Vergleichsjahr 2022 {2}„Beschluss Sozialausschuss vom 12\.03\.2026“/);
});

test('a second version without a year: newest first in zeigen, the year no longer in force', async () => {
  const file = ws.file('zwei.json', JSON.stringify({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }] }));
  // the note is required, in the file or with --kommentar
  const ohne = await run('sozialindex', 'speichern', '--datei', file);
  expect(ohne.code).toBe(1);
  expect(ohne.err).toMatch(/Feld „kommentar“: fehlt; bitte angeben, worauf die Einstellung beruht/);
  expect((await run('sozialindex', 'speichern', '--datei', file, '--kommentar', 'Zweite Fassung')).out).toBe('Version 2 gespeichert und ab sofort gültig: sgb2_quote:1:1 („Zweite Fassung“).\n');
  const shown = await run('sozialindex', 'zeigen');
  expect(shown.out).toContain('Geltende Einstellung: Version 2');
  expect(shown.out).toContain('Vergleichsjahr des Dynamikindex: nicht festgelegt (erstes Jahr mit Daten)');
  expect(shown.out.indexOf('   2  ')).toBeLessThan(shown.out.indexOf('   1  '));
});

describe('with --datenbank (PostgreSQL)', () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster();
    const s = await open(cluster.url);
    await withYears(s);
    await s.close();
  }, 60_000);
  afterAll(() => cluster?.stop());

  test('speichern and zeigen work on the PostgreSQL database, not on the SQLite file', async () => {
    const file = ws.file('pg.json', JSON.stringify({ ...GOOD, vergleichsjahr: '2023' }));
    const bad = await run('sozialindex', 'speichern', '--datei', ws.file('pg-bad.json', JSON.stringify({ ...GOOD, vergleichsjahr: '2024' })), '--datenbank', cluster!.url);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Feld „vergleichsjahr“: 2024 ist das neueste Jahr mit Daten');
    const r = await run('sozialindex', 'speichern', '--datei', file, '--datenbank', cluster!.url);
    expect(r).toMatchObject({ code: 0, out: 'Version 1 gespeichert und ab sofort gültig: sgb2_quote:1:2,arbeitslosendichte:1:0.5; Vergleichsjahr 2023 („Test“).\n' });
    const pg = await open(cluster!.url);
    try {
      expect((await pg.sozialindexHistory()).map((v) => [v.version, v.vergleichsjahr, v.createdBy])).toEqual([[1, '2023', 'Betrieb (Kommandozeile)']]);
    } finally {
      await pg.close();
    }
    // the SQLite file of the data directory still has its own two versions
    const shown = await run('sozialindex', 'zeigen');
    expect(shown.out).toContain('Gespeicherte Versionen (2, neueste zuerst)');
  });
});
