/**
 * The storage contract: the same cases against both backends (SQLite file, PostgreSQL schema), so
 * routes and domain code can rely on one behaviour whichever database a deployment uses.
 * PostgreSQL runs as a throw-away cluster (scripts/test-postgres.sh); if it cannot start, the
 * PostgreSQL half fails with the reason (no silent skip).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { STANDARD_CATALOGUE_DEFINITION, parseAreaExchange } from '../../shared';
import { bootstrap } from '../../sync-server/bootstrap';
import { MIGRATIONS } from '../../sync-server/storage/migrations';
import { PostgresStorage } from '../../sync-server/storage/postgres';
import { POSTGRES_MIGRATIONS } from '../../sync-server/storage/postgres-migrations';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import type { Actor, AppendResult, NewSubmission, Storage } from '../../sync-server/storage/types';
import { OPERATOR } from '../../sync-server/tokens';
import { HATTINGEN, KREIS, WITTEN, testAreas } from './helpers';
import { Cluster, startCluster } from './postgres-cluster';

/**
 * The reason a storage call was refused. Not `.rejects.toThrow()`: better-sqlite3's native part keeps
 * the SqliteError constructor of the first test file a jest worker loads, and in the next file (another
 * realm) its errors are no `Error` instances, so jest would report "did not throw" for a real refusal.
 */
async function refusal(p: Promise<unknown>): Promise<string> {
  const outcome = await p.then(() => undefined, (e: unknown) => ({ e }));
  if (!outcome) throw new Error('erwartet: abgelehnt – aber die Datenbank hat es angenommen');
  return String((outcome.e as { message?: unknown } | null)?.message ?? outcome.e);
}

/** One backend as the contract sees it: fresh databases, reopening, and raw SQL for the guards. */
interface Backend {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** a new, empty database; `reopen` opens the same one again (another connection / process) */
  fresh(): Promise<{ storage: Storage; reopen(): Promise<Storage>; applied(): Promise<number[]>; raw(sql: string): Promise<void>; session?(): Promise<Client> }>;
  expectedMigrations: number[];
  kind: Storage['kind'];
  /** a new database migrated up to `version` only (raw SQL on it), opened (and migrated on) by `open` */
  atMigration(version: number): Promise<{ raw(sql: string): Promise<void>; open(): Promise<Storage> }>;
  /** does what a reset advice (Storage.resetAdvice, in bootstrap's message) tells the operator to do */
  followResetAdvice(message: string): Promise<void>;
}

const sqlite = (): Backend => {
  let dir = '';
  let n = 0;
  return {
    name: 'SQLite',
    kind: 'sqlite',
    expectedMigrations: MIGRATIONS.map((m) => m.version),
    async followResetAdvice(message) {
      const named = /Bitte das Datenverzeichnis (\S+) löschen/.exec(message)?.[1];
      if (!named) throw new Error(`kein Datenverzeichnis genannt: ${message}`);
      rmSync(named, { recursive: true });
    },
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-contract-'));
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    async atMigration(version) {
      const file = join(dir, `daten${++n}`, 'sozialmonitor.sqlite');
      mkdirSync(join(file, '..'), { recursive: true });
      const db = new Database(file);
      db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_version VALUES (?, ?, ?)').run(m.version, m.description, new Date().toISOString());
      }
      db.close();
      return {
        raw: async (sql) => {
          const d = new Database(file);
          try {
            d.exec(sql);
          } finally {
            d.close();
          }
        },
        open: async () => new SqliteStorage(file),
      };
    },
    async fresh() {
      // each database in its own data directory, as in operation (sozialmonitor.sqlite in SOZIALMONITOR_DATA_DIR)
      const file = join(dir, `daten${++n}`, 'sozialmonitor.sqlite');
      return {
        storage: new SqliteStorage(file),
        reopen: async () => new SqliteStorage(file),
        async applied() {
          const db = new Database(file, { readonly: true });
          try {
            return (db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version);
          } finally {
            db.close();
          }
        },
        async raw(sql: string) {
          const db = new Database(file);
          try {
            db.exec(sql);
          } finally {
            db.close();
          }
        },
      };
    },
  };
};

const postgres = (): Backend => {
  let cluster: Cluster | undefined;
  let n = 0;
  const withClient = async <T>(schema: string, fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: cluster!.url, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    name: 'PostgreSQL',
    kind: 'postgres',
    expectedMigrations: POSTGRES_MIGRATIONS.map((m) => m.version),
    async followResetAdvice(message) {
      // the statement exactly as the message gives it, run as the database administrator would
      const sql = /psql: (DROP SCHEMA [a-z0-9_]+ CASCADE;)/.exec(message)?.[1];
      if (!sql) throw new Error(`keine Anweisung genannt: ${message}`);
      await withClient('public', async (c) => void (await c.query(sql)));
    },
    async setup() {
      cluster = await startCluster();
    },
    async teardown() {
      cluster?.stop();
    },
    async atMigration(version) {
      if (!cluster) throw new Error('PostgreSQL-Testcluster läuft nicht (siehe Fehler in beforeAll)');
      const schema = `contract_${++n}`;
      await withClient('public', async (c) => void (await c.query(`CREATE SCHEMA ${schema}`)));
      await withClient(schema, async (c) => {
        await c.query('CREATE TABLE schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)');
        for (const m of POSTGRES_MIGRATIONS.filter((x) => x.version <= version)) {
          await c.query(m.sql);
          await c.query('INSERT INTO schema_version VALUES ($1, $2, now())', [m.version, m.description]);
        }
      });
      return {
        raw: (sql: string) => withClient(schema, async (c) => void (await c.query(sql))),
        open: () => PostgresStorage.open({ url: cluster!.url, schema, maxConnections: 8 }),
      };
    },
    async fresh() {
      if (!cluster) throw new Error('PostgreSQL-Testcluster läuft nicht (siehe Fehler in beforeAll)');
      // one schema per case: as isolated as a new SQLite file, without a new cluster
      const schema = `contract_${++n}`;
      const open = () => PostgresStorage.open({ url: cluster!.url, schema, maxConnections: 8 });
      return {
        storage: await open(),
        reopen: open,
        applied: () => withClient(schema, async (c) => (await c.query('SELECT version FROM schema_version ORDER BY version')).rows.map((r) => Number(r.version))),
        raw: (sql: string) => withClient(schema, async (c) => void (await c.query(sql))),
        // a connection of its own that keeps a transaction open between statements (the caller ends it)
        async session() {
          const c = new Client({ connectionString: cluster!.url, options: `-c search_path=${schema}` });
          await c.connect();
          return c;
        },
      };
    },
  };
};

const submission = (over: Partial<NewSubmission> = {}): NewSubmission => ({
  period: '2024',
  rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 3, scope: WITTEN }],
  meldebereich: WITTEN,
  scopes: [WITTEN],
  expectedRevisions: { [WITTEN]: 0 },
  actor: OPERATOR,
  contentHash: 'h',
  catalogueVersion: '2025.1',
  ...over,
});

const stored = (r: AppendResult) => {
  if (r.kind !== 'stored') throw new Error(`erwartet: gespeichert – war ${r.kind}`);
  return r;
};

const tokenActor = (tokenId: number): Actor => ({ tokenId, role: { rolle: 'kommune', ags: WITTEN }, label: `kommune:${WITTEN} (Token ${tokenId})` });

describe.each([sqlite(), postgres()])('Storage-Vertrag: $name', (backend) => {
  let open: Storage[] = [];
  const track = <T extends Storage>(s: T): T => {
    open.push(s);
    return s;
  };
  const fresh = async () => {
    const db = await backend.fresh();
    track(db.storage);
    return { ...db, s: db.storage, reopen: async () => track(await db.reopen()) };
  };

  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown());
  afterEach(async () => {
    await Promise.all(open.map((s) => s.close().catch(() => undefined)));
    open = [];
  });

  test('migrations run once, in order, and are recorded in schema_version', async () => {
    const db = await fresh();
    await db.s.close();
    open = [];
    const again = await db.reopen();
    expect(await db.applied()).toEqual(backend.expectedMigrations);
    expect(backend.expectedMigrations).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // a third opening does nothing either, and the data of the first is still there
    await again.setMeta('k', 'v');
    const third = await db.reopen();
    expect(await db.applied()).toEqual(backend.expectedMigrations);
    expect(await third.getMeta('k')).toBe('v');
  });

  test('kind, location and ping: reachable while open, not after close (never throws)', async () => {
    const db = await fresh();
    expect(db.s.kind).toBe(backend.kind);
    expect(db.s.location).not.toMatch(/:[^/@:]*@/); // never a password
    expect(await db.s.ping()).toBe(true);
    await db.s.close();
    open = [];
    expect(await db.s.ping()).toBe(false);
  });

  test('an interrupted first start names exactly what to delete (data directory or schema); doing so gives a fresh start', async () => {
    const db = await fresh();
    await bootstrap(db.s, { dataDir: 'unbenutzt', demo: false, log: () => undefined });
    const other = backend.kind === 'postgres' ? await fresh() : undefined; // a second Kreis in the same database must survive
    await other?.s.setMeta('kreis', 'anderer');
    const half = await fresh();
    await half.s.setMeta('demo', '1'); // the demo Kreis was being loaded when the process died
    const failure = await bootstrap(half.s, { dataDir: 'unbenutzt', demo: false, log: () => undefined }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(failure).toBe(`Der erste Start mit Demodaten wurde unterbrochen; die Datenbank (${half.s.location}) enthält nur Demodaten. ${half.s.resetAdvice()} und neu starten.`);
    expect(half.s.resetAdvice()).toMatch(backend.kind === 'postgres' ? /^Bitte das Schema contract_\d+ in postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres löschen/ : /^Bitte das Datenverzeichnis .*daten\d+ löschen$/);
    await half.s.close();
    open = open.filter((s) => s !== half.s);
    await backend.followResetAdvice(failure!);
    const again = await half.reopen();
    expect(await bootstrap(again, { dataDir: 'unbenutzt', demo: false, log: () => undefined })).toMatchObject({ firstStart: true });
    expect(await again.getMeta('demo')).toBeUndefined();
    // only the named database was removed
    expect(await db.s.getMeta('initialized')).toBe('1');
    if (other) expect(await other.s.getMeta('kreis')).toBe('anderer');
  });

  test('meta, catalogue versions (stored once, definition read back unchanged), cache counters', async () => {
    const { s } = await fresh();
    expect(await s.getMeta('x')).toBeUndefined();
    await s.setMeta('x', '1');
    await s.setMeta('x', '2');
    expect(await s.getMeta('x')).toBe('2');
    expect(await s.latestCatalogue()).toBeUndefined();
    expect(await s.addCatalogue('2025.1', STANDARD_CATALOGUE_DEFINITION, 'c1', OPERATOR)).toBe(true);
    expect(await s.addCatalogue('2025.1', { anders: true }, 'c2', OPERATOR)).toBe(false);
    expect(await s.addCatalogue('2026.1', { version: '2026.1' }, 'c3', OPERATOR)).toBe(true);
    expect(await s.catalogueVersions()).toEqual(['2025.1', '2026.1']);
    expect(await s.latestCatalogueVersion()).toBe('2026.1');
    const first = (await s.catalogue('2025.1'))!;
    expect(JSON.stringify(first.definition)).toBe(JSON.stringify(STANDARD_CATALOGUE_DEFINITION));
    expect(first).toMatchObject({ contentHash: 'c1', createdBy: OPERATOR.label });
    expect(first.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await s.versions('2024')).catalogue).toBeGreaterThan(0);
    expect((await s.audit()).filter((a) => a.action === 'katalog').map((a) => a.subject)).toEqual(['Katalog 2026.1', 'Katalog 2025.1']);
  });

  test('areas: replaced whole, geometry read back unchanged, counter grows', async () => {
    const { s } = await fresh();
    const { areas } = parseAreaExchange(testAreas());
    expect((await s.versions()).areas).toBe(0);
    await s.replaceAreas(areas, 'a1', OPERATOR);
    await s.replaceAreas(areas.slice(0, 5), 'a2', OPERATOR);
    await s.replaceAreas(areas, 'a3', OPERATOR);
    expect((await s.versions()).areas).toBe(3);
    const back = await s.areas();
    expect(back).toEqual([...areas].sort((a, b) => (a.code < b.code ? -1 : 1)).map((a) => ({ ...a, geometry: a.geometry ?? null })));
    expect(back.map((a) => a.code)).toEqual([KREIS, HATTINGEN, ...back.slice(2).map((a) => a.code)]);
  });

  test('areas: the incomplete-parts flag and its reason are stored (migration 6); a tree stored before reads back without them', async () => {
    const old = await backend.atMigration(5);
    await old.raw(`INSERT INTO areas (code, name, ebene, parent, geometry) VALUES ('${KREIS}', 'Kreis', 'kreis', NULL, NULL), ('${WITTEN}', 'Witten', 'stadt', '${KREIS}', NULL);`);
    const s = track(await old.open());
    expect(await s.areas()).toEqual([
      { code: KREIS, name: 'Kreis', ebene: 'kreis', parent: null, geometry: null },
      { code: WITTEN, name: 'Witten', ebene: 'stadt', parent: KREIS, geometry: null },
    ]);
    const { areas } = parseAreaExchange(testAreas());
    const flagged = areas.map((a) => (a.code === WITTEN ? { ...a, teileUnvollstaendig: true, teileUnvollstaendigGrund: 'Personen ohne Stadtteilzuordnung' } : a.code === HATTINGEN ? { ...a, teileUnvollstaendig: true } : a));
    await s.replaceAreas(flagged, 'a1', OPERATOR);
    const back = await s.areas();
    expect(back.find((a) => a.code === WITTEN)).toMatchObject({ teileUnvollstaendig: true, teileUnvollstaendigGrund: 'Personen ohne Stadtteilzuordnung' });
    expect(back.find((a) => a.code === HATTINGEN)).toMatchObject({ teileUnvollstaendig: true });
    expect(back.find((a) => a.code === HATTINGEN)).not.toHaveProperty('teileUnvollstaendigGrund');
    expect(back.find((a) => a.code === KREIS)).toEqual({ code: KREIS, name: 'Ennepe-Ruhr-Kreis (Test)', ebene: 'kreis', parent: null, geometry: null });
  });

  test('tokens: created, found by hash, revoked once, audited without the token', async () => {
    const { s } = await fresh();
    const a = await s.createToken('hash-a', { rolle: 'kommune', ags: WITTEN }, 'Statistik Witten', OPERATOR);
    const b = await s.createToken('hash-b', { rolle: 'leser' }, 'Presse', OPERATOR);
    expect(b).toBeGreaterThan(a);
    await refusal(s.createToken('hash-a', { rolle: 'kreis' }, 'doppelt', OPERATOR));
    expect(await s.tokenByHash('hash-a')).toMatchObject({ id: a, role: { rolle: 'kommune', ags: WITTEN }, label: 'Statistik Witten', revokedAt: null });
    expect(await s.tokenByHash('nope')).toBeUndefined();
    expect(await s.revokeToken(a, OPERATOR)).toBe(true);
    expect(await s.revokeToken(a, OPERATOR)).toBe(false);
    expect(await s.revokeToken(999, OPERATOR)).toBe(false);
    expect((await s.tokenById(a))!.revokedAt).toMatch(/Z$/);
    expect((await s.tokens()).map((t) => [t.id, t.role.rolle])).toEqual([[a, 'kommune'], [b, 'leser']]);
    const audit = await s.audit();
    expect(audit.map((e) => e.action)).toEqual(['token_widerrufen', 'token_erstellt', 'token_erstellt']);
    expect(audit[2]).toMatchObject({ subject: `Token ${a} (Statistik Witten)`, contentHash: 'hash-a' });
  });

  test('Sozialindex settings: numbered versions 1, 2, 3, newest first, token name, audit', async () => {
    const { s } = await fresh();
    expect(await s.sozialindexSetting()).toBeUndefined();
    const tokenId = await s.createToken('hash-k', { rolle: 'kreis' }, 'Sozialplanung', OPERATOR);
    const kreis: Actor = { tokenId, role: { rolle: 'kreis' }, label: `kreis (Token ${tokenId})` };
    const v1 = await s.addSozialindexSetting({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }] }, 's1', kreis);
    const v2 = await s.addSozialindexSetting({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 0.5 }], kommentar: 'Beschluss' }, 's2', OPERATOR);
    // concurrent saves still get distinct, gapless numbers
    const more = await Promise.all([1, 2, 3].map((g) => s.addSozialindexSetting({ indikatoren: [{ id: 'sgb2_quote', richtung: -1, gewicht: g }] }, `p${g}`, kreis)));
    expect(v1).toMatchObject({ version: 1, tokenName: 'Sozialplanung', createdBy: kreis.label, contentHash: 's1' });
    expect(v1).not.toHaveProperty('kommentar');
    expect(v2).toMatchObject({ version: 2, tokenName: null, kommentar: 'Beschluss' });
    expect(v2.indikatoren).toEqual([{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }, { id: 'arbeitslosendichte', richtung: 1, gewicht: 0.5 }]);
    expect(more.map((m) => m.version).sort()).toEqual([3, 4, 5]);
    expect((await s.sozialindexHistory()).map((h) => h.version)).toEqual([5, 4, 3, 2, 1]);
    expect((await s.sozialindexSetting())!.version).toBe(5);
    expect((await s.audit()).find((a) => a.action === 'sozialindex' && a.contentHash === 's1')!.subject).toBe('Sozialindex-Einstellung 1: sgb2_quote:1:2');
  });

  test('Sozialindex settings: the Vergleichsjahr is saved and read back; versions from before migration 4 read back without one', async () => {
    const db = await fresh();
    const old = await db.s.addSozialindexSetting({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }], kommentar: 'alt' }, 'alt', OPERATOR);
    expect(old).not.toHaveProperty('vergleichsjahr');
    await db.s.close();
    open = [];
    // back to schema version 3 with that row in it (column gone, migration 4 not recorded), then reopen
    await db.raw('ALTER TABLE sozialindex_settings DROP COLUMN vergleichsjahr');
    await db.raw('DELETE FROM schema_version WHERE version = 4');
    // (later migrations stay recorded: only migration 4 is undone)
    expect(await db.applied()).toEqual(backend.expectedMigrations.filter((v) => v !== 4));
    const s = await db.reopen();
    expect(await db.applied()).toEqual(backend.expectedMigrations);
    const read = (await s.sozialindexSetting())!;
    expect(read).toMatchObject({ version: 1, kommentar: 'alt', indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }] });
    expect(read).not.toHaveProperty('vergleichsjahr');
    const neu = await s.addSozialindexSetting({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }], vergleichsjahr: '2021' }, 'neu', OPERATOR);
    expect(neu).toMatchObject({ version: 2, vergleichsjahr: '2021' });
    expect((await s.sozialindexHistory()).map((h) => [h.version, h.vergleichsjahr])).toEqual([[2, '2021'], [1, undefined]]);
    expect((await s.audit()).find((a) => a.contentHash === 'neu')!.subject).toBe('Sozialindex-Einstellung 2: sgb2_quote:1:2; Vergleichsjahr 2021');
    // the column itself refuses anything but four digits, whatever a later caller passes
    expect(await refusal(s.addSozialindexSetting({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 1 }], vergleichsjahr: '21' }, 'kurz', OPERATOR))).toMatch(/check|CHECK/);
    expect((await s.sozialindexSetting())!.version).toBe(2);
  });

  test('append-only: the audit log and saved Sozialindex settings refuse UPDATE and DELETE', async () => {
    const db = await fresh();
    await db.s.addSozialindexSetting({ indikatoren: [{ id: 'sgb2_quote', richtung: 1, gewicht: 2 }] }, 's1', OPERATOR);
    await db.s.appendSubmission(submission());
    expect(await refusal(db.raw("UPDATE audit_log SET actor = 'jemand'"))).toMatch(/Prüfprotokoll kann nicht geändert werden/);
    expect(await refusal(db.raw('DELETE FROM audit_log'))).toMatch(/Prüfprotokoll kann nicht gelöscht werden/);
    expect(await refusal(db.raw("UPDATE sozialindex_settings SET kommentar = 'x'"))).toMatch(/Sozialindex-Einstellung wird nie geändert/);
    expect(await refusal(db.raw('DELETE FROM sozialindex_settings'))).toMatch(/Sozialindex-Einstellung wird nie gelöscht/);
    expect((await db.s.audit()).length).toBe(2);
  });

  test('a submission against an outdated revision is stale and stores nothing; revisions per scope', async () => {
    const { s } = await fresh();
    expect(await s.revisions('2024', [WITTEN])).toEqual({ [WITTEN]: 0 });
    const first = await s.appendSubmission(submission());
    expect(first).toMatchObject({ kind: 'stored', accepted: { revision: 1, revisions: { [WITTEN]: 1 }, rowsAccepted: 1 } });
    expect(await s.appendSubmission(submission({ rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 99, scope: WITTEN }] }))).toEqual({ kind: 'stale' });
    // a revision from the future is stale as well
    expect(await s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 7 } }))).toEqual({ kind: 'stale' });
    expect(await s.history({})).toHaveLength(1);
    expect((await s.currentValues('2024'))[0]!.value).toBe(3);
    expect(await s.revisions('2024', [WITTEN, HATTINGEN])).toEqual({ [WITTEN]: 1, [HATTINGEN]: 0 });
    expect(await s.revisions('2023', [WITTEN])).toEqual({ [WITTEN]: 0 });
    // a Kreis-wide submission advances the Kreis and each Stadt it touches
    const wide = await s.appendSubmission(submission({
      meldebereich: KREIS,
      scopes: [HATTINGEN, KREIS, WITTEN],
      expectedRevisions: { [WITTEN]: 1 },
      rows: [
        { area: `${WITTEN}-01-0001`, variable: 'geburten', value: 4, scope: WITTEN },
        { area: `${HATTINGEN}-01-0001`, variable: 'geburten', value: 5, scope: HATTINGEN },
      ],
    }));
    expect(wide).toMatchObject({ kind: 'stored', accepted: { revision: 1, revisions: { [KREIS]: 1, [WITTEN]: 2, [HATTINGEN]: 1 } } });
    // the audit log names each submission the same way in both backends
    const ids = [first, wide].map((r) => (r as Extract<AppendResult, { kind: 'stored' }>).accepted.submissionId);
    expect((await s.audit()).filter((a) => a.action === 'meldung').map((a) => a.subject).sort()).toEqual([`Meldung ${ids[0]}: ${WITTEN}, 2024, 1 Werte`, `Meldung ${ids[1]}: ${KREIS}, 2024, 2 Werte`].sort());
    expect(await s.revisions('2024', [KREIS, WITTEN, HATTINGEN])).toEqual({ [KREIS]: 1, [WITTEN]: 2, [HATTINGEN]: 1 });
  });

  test('current values, submissions since a revision, completeness, periods', async () => {
    const { s } = await fresh();
    const row = (area: string, variable: string, value: number, scope = WITTEN) => ({ area, variable, value, scope });
    const a = await s.appendSubmission(submission({ rows: [row(`${WITTEN}-01-0001`, 'geburten', 1), row(`${WITTEN}-01-0002`, 'geburten', 2)] }));
    const b = await s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 1 }, rows: [row(`${WITTEN}-01-0001`, 'geburten', 10), row(`${WITTEN}-01-0001`, 'sterbefaelle', 4)] }));
    await s.appendSubmission(submission({ meldebereich: HATTINGEN, scopes: [HATTINGEN], expectedRevisions: {}, rows: [row(`${HATTINGEN}-01-0001`, 'geburten', 7, HATTINGEN)] }));
    await s.appendSubmission(submission({ period: '2023', rows: [row(`${WITTEN}-01-0001`, 'geburten', 100)] }));
    const idA = (a as Extract<AppendResult, { kind: 'stored' }>).accepted.submissionId;
    const idB = (b as Extract<AppendResult, { kind: 'stored' }>).accepted.submissionId;
    const cur = (await s.currentValues('2024')).sort((x, y) => (x.area + x.variable < y.area + y.variable ? -1 : 1));
    expect(cur).toEqual([
      { area: `${HATTINGEN}-01-0001`, variable: 'geburten', value: 7, submissionId: expect.any(Number) },
      { area: `${WITTEN}-01-0001`, variable: 'geburten', value: 10, submissionId: idB },
      { area: `${WITTEN}-01-0001`, variable: 'sterbefaelle', value: 4, submissionId: idB },
      { area: `${WITTEN}-01-0002`, variable: 'geburten', value: 2, submissionId: idA },
    ]);
    expect((await s.currentValues('2024', [WITTEN])).map((v) => v.value).sort((x, y) => x - y)).toEqual([2, 4, 10]);
    expect(await s.currentValues('2024', [])).toEqual([]);
    const since = await s.submissionsSince(WITTEN, '2024', 0);
    expect(since.map((x) => [x.submissionId, x.revision, x.rowCount])).toEqual([[idA, 1, 2], [idB, 2, 2]]);
    expect(since[1]!.rows).toEqual([{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 10 }, { area: `${WITTEN}-01-0001`, variable: 'sterbefaelle', value: 4 }]);
    expect(await s.submissionsSince(WITTEN, '2024', 2)).toEqual([]);
    expect(await s.periods()).toEqual(['2023', '2024']);
    const c = await s.completeness('2024');
    expect(c.variables.map((v) => [v.scope, v.variable, v.areas])).toEqual([[HATTINGEN, 'geburten', 1], [WITTEN, 'geburten', 2], [WITTEN, 'sterbefaelle', 1]]);
    expect(c.revisions.map((r) => [r.scope, r.revision])).toEqual([[HATTINGEN, 1], [WITTEN, 2]]);
    expect(c.revisions[0]!.lastSubmittedAt).toMatch(/Z$/);
    // three submissions of 2024 counted (the one of 2023 not)
    expect((await s.versions('2024')).values).toBe(3);
    expect((await s.versions('2022')).values).toBe(0);
  });

  test('a stored submission says the data version of its period before and after it (versions().values counts its commits), other periods not counted', async () => {
    const { s } = await fresh();
    const row = (area: string, value: number, scope = WITTEN) => ({ area, variable: 'geburten', value, scope });
    const a = stored(await s.appendSubmission(submission({ rows: [row(`${WITTEN}-01-0001`, 1)] })));
    expect([a.valuesVersionBefore, a.valuesVersion]).toEqual([0, 1]);
    const other = stored(await s.appendSubmission(submission({ period: '2023', rows: [row(`${WITTEN}-01-0001`, 2)] })));
    expect([other.valuesVersionBefore, other.valuesVersion]).toEqual([0, 1]);
    const b = stored(await s.appendSubmission(submission({ meldebereich: HATTINGEN, scopes: [HATTINGEN], expectedRevisions: {}, rows: [row(`${HATTINGEN}-01-0001`, 3, HATTINGEN)] })));
    expect([b.valuesVersionBefore, b.valuesVersion]).toEqual([1, 2]);
    expect(await s.versions('2024')).toMatchObject({ values: 2, released: 0 });
    expect(await s.versions('2023')).toMatchObject({ values: 1, released: 0 });
    // a stale or refused submission counts nothing
    expect((await s.appendSubmission(submission())).kind).toBe('stale');
    expect(await refusal(s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 1 }, rows: [row(`${WITTEN}-01-0001`, 4), row(`${WITTEN}-01-0001`, 5)] })))).not.toBe('');
    expect((await s.versions('2024')).values).toBe(2);
    // a release counts its own version, not the values one
    await s.release('2024', [WITTEN], OPERATOR);
    expect(await s.versions('2024')).toMatchObject({ values: 2, released: 1 });
  });

  test('Freigabe: a release copies the current state of its scopes; later submissions stay unreleased until the next release', async () => {
    const { s, raw } = await fresh();
    const row = (area: string, value: number, scope = WITTEN) => ({ area, variable: 'geburten', value, scope });
    const w1 = `${WITTEN}-01-0001`;
    const w2 = `${WITTEN}-01-0002`;
    const h1 = `${HATTINGEN}-01-0001`;
    await s.appendSubmission(submission({ rows: [row(w1, 3), row(w2, 4)] }));
    await s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 1 }, rows: [row(w1, 5)] }));
    await s.appendSubmission(submission({ meldebereich: HATTINGEN, scopes: [HATTINGEN], expectedRevisions: {}, rows: [row(h1, 7, HATTINGEN)] }));
    // nothing released yet
    expect(await s.releasedValues('2024')).toEqual([]);
    expect(await s.releasedRevisions('2024')).toEqual({});
    expect(await s.releases()).toEqual([]);
    expect(await s.releasedPeriods()).toEqual([]);
    expect((await s.versions('2024')).released).toBe(0);

    const tokenId = await s.createToken('hash-kreis', { rolle: 'kreis' }, 'Sozialplanung Kreis', OPERATOR);
    const kreis: Actor = { tokenId, role: { rolle: 'kreis' }, label: `kreis (Token ${tokenId})` };
    // the Kreis level has no submission: left out, not released at revision 0
    const first = (await s.release('2024', [WITTEN, KREIS, HATTINGEN, WITTEN], kreis, 'geprüft'))!;
    expect(first).toMatchObject({ period: '2024', scopes: [{ scope: HATTINGEN, revision: 1 }, { scope: WITTEN, revision: 2 }], releasedBy: `kreis (Token ${tokenId})`, tokenName: 'Sozialplanung Kreis', kommentar: 'geprüft' });
    expect(first.releasedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const v1 = (await s.versions('2024')).released;
    expect(v1).toBeGreaterThan(0);
    expect((await s.versions('2023')).released).toBe(0);
    const byCell = async (period = '2024', scopes?: string[]) => Object.fromEntries((await s.releasedValues(period, scopes)).map((v) => [v.area, v.value]));
    expect(await byCell()).toEqual({ [w1]: 5, [w2]: 4, [h1]: 7 });

    // a later submission changes the current state only
    await s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 2 }, rows: [row(w1, 12)] }));
    expect((await s.currentValues('2024', [WITTEN])).find((v) => v.area === w1)!.value).toBe(12);
    expect(await byCell()).toEqual({ [w1]: 5, [w2]: 4, [h1]: 7 });
    expect((await s.versions('2024')).released).toBe(v1);
    // already released at its current revision: nothing recorded
    expect(await s.release('2024', [HATTINGEN], kreis)).toBeUndefined();
    expect(await s.releases('2024')).toHaveLength(1);

    const second = (await s.release('2024', [WITTEN], OPERATOR))!;
    expect(second).toMatchObject({ scopes: [{ scope: WITTEN, revision: 3 }], releasedBy: OPERATOR.label, tokenName: null, kommentar: null });
    expect((await s.versions('2024')).released).toBeGreaterThan(v1);
    expect(await byCell()).toEqual({ [w1]: 12, [w2]: 4, [h1]: 7 });
    expect(await byCell('2024', [HATTINGEN])).toEqual({ [h1]: 7 });
    expect(await s.releasedValues('2024', [])).toEqual([]);
    expect(await s.releasedRevisions('2024')).toEqual({ [HATTINGEN]: 1, [WITTEN]: 3 });
    expect((await s.releases('2024')).map((r) => r.releaseId)).toEqual([second.releaseId, first.releaseId]);
    expect(await s.releases('2023')).toEqual([]);
    expect(await s.releasedPeriods()).toEqual(['2024']);
    expect((await s.audit()).filter((a) => a.action === 'freigabe').map((a) => a.subject)).toEqual([
      `Freigabe ${second.releaseId}: 2024, ${WITTEN} Revision 3`,
      `Freigabe ${first.releaseId}: 2024, ${HATTINGEN} Revision 1, ${WITTEN} Revision 2`,
    ]);
    // releases are append-only
    expect(await refusal(raw("UPDATE releases SET kommentar = 'anders'"))).toMatch(/Freigabe wird nie geändert/);
    expect(await refusal(raw('DELETE FROM release_scopes'))).toMatch(/Freigabe wird nie gelöscht/);
  });

  test('Freigabe: a release and submissions to the same scope at the same time: the released values are exactly those of the released revision', async () => {
    const { s } = await fresh();
    const w1 = `${WITTEN}-01-0001`;
    const w2 = `${WITTEN}-01-0002`;
    // each submission writes the same value into both cells, so a torn copy would show two values
    const writes = Array.from({ length: 8 }, (_, i) => i + 1);
    const writer = (async () => {
      for (const i of writes) {
        await s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: i - 1 }, rows: [w1, w2].map((area) => ({ area, variable: 'geburten', value: i * 10, scope: WITTEN })) }));
      }
    })();
    // after each release its values are read back (only this loop releases, so they are that release's)
    const snapshots: { revision: number | undefined; values: number[] }[] = [];
    const releaser = (async () => {
      for (let k = 0; k < 8; k++) {
        const r = await s.release('2024', [WITTEN], OPERATOR);
        snapshots.push({ revision: r?.scopes[0]!.revision, values: (await s.releasedValues('2024')).map((v) => v.value) });
      }
    })();
    await Promise.all([writer, releaser]);
    const last = await s.release('2024', [WITTEN], OPERATOR);
    snapshots.push({ revision: last?.scopes[0]!.revision, values: (await s.releasedValues('2024')).map((v) => v.value) });
    expect((await s.releasedRevisions('2024'))[WITTEN]).toBe(8);
    expect(snapshots.at(-1)!.values).toEqual([80, 80]);
    for (const snap of snapshots) {
      // never a torn copy: both cells from one revision, and that revision is the one recorded
      expect(new Set(snap.values).size).toBeLessThanOrEqual(1);
      if (snap.revision !== undefined) expect(snap.values).toEqual([snap.revision * 10, snap.revision * 10]);
    }
  });

  test('migration 5 records the state published before it as released (an upgrade hides nothing readers saw)', async () => {
    const old = await backend.atMigration(4);
    await old.raw(`
      INSERT INTO submissions (period, meldebereich, actor, token_id, created_at, content_hash, catalogue_version, row_count)
        VALUES ('2024', '${WITTEN}', 'kommune:${WITTEN} (Token 2)', NULL, '2025-03-01T10:00:00.000Z', 'h', '2025.1', 1);
      INSERT INTO submission_scopes (scope, period, revision, submission_id) VALUES ('${WITTEN}', '2024', 1, 1);
      INSERT INTO submission_values (submission_id, area, variable, value, scope) VALUES (1, '${WITTEN}-01-0001', 'geburten', 3, '${WITTEN}');
      INSERT INTO current_values (period, area, variable, value, scope, submission_id) VALUES ('2024', '${WITTEN}-01-0001', 'geburten', 3, '${WITTEN}', 1);
      ${backend.kind === 'postgres' ? `INSERT INTO scope_heads (scope, period, revision) VALUES ('${WITTEN}', '2024', 1);` : ''}
    `);
    const s = track(await old.open());
    expect(await s.releasedValues('2024')).toEqual([{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 3, submissionId: 1 }]);
    expect(await s.releases()).toEqual([expect.objectContaining({ period: '2024', scopes: [{ scope: WITTEN, revision: 1 }], releasedBy: 'Umstellung auf Freigabe', tokenName: null })]);
    expect((await s.audit()).map((a) => a.action)).toEqual(['freigabe']);
  });

  test('history: newest first, filtered by period, area and scopes, paged by id', async () => {
    const { s } = await fresh();
    let rev = 0;
    for (let i = 0; i < 25; i++) {
      const stadt = i % 5 === 0 ? HATTINGEN : WITTEN;
      const r = await s.appendSubmission(submission({
        meldebereich: stadt,
        scopes: [stadt],
        expectedRevisions: { [stadt]: stadt === WITTEN ? rev : Math.floor(i / 5) },
        rows: [
          { area: `${stadt}-01-0001`, variable: 'geburten', value: i, scope: stadt },
          { area: `${stadt}-02-0001`, variable: 'geburten', value: 100 + i, scope: stadt },
        ],
      }));
      expect(r.kind).toBe('stored');
      if (stadt === WITTEN) rev++;
    }
    const all = await s.history({});
    expect(all).toHaveLength(25);
    expect(all.map((h) => h.rows[0]!.value)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
    expect(all[0]).toMatchObject({ meldebereich: WITTEN, revision: 20, rowCount: 2, period: '2024', catalogueVersion: '2025.1', submittedBy: OPERATOR.label });
    // keyset paging
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await s.history({ limit: 10, ...(before !== undefined ? { before } : {}) });
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(10);
      seen.push(...page.map((p) => p.rows[0]!.value));
      before = page[page.length - 1]!.submissionId;
    }
    expect(seen).toEqual(all.map((h) => h.rows[0]!.value));
    // area: only the submissions touching it, rows limited to it
    const byArea = await s.history({ area: `${HATTINGEN}-02-0001` });
    expect(byArea.map((h) => h.rows)).toEqual([20, 15, 10, 5, 0].map((i) => [{ area: `${HATTINGEN}-02-0001`, variable: 'geburten', value: 100 + i }]));
    expect(byArea.map((h) => h.revision)).toEqual([5, 4, 3, 2, 1]);
    const byScope = await s.history({ scopes: [HATTINGEN], limit: 2 });
    expect(byScope.map((h) => h.rows.length)).toEqual([2, 2]);
    expect(await s.history({ scopes: [] })).toEqual([]);
    expect(await s.history({ period: '2023' })).toEqual([]);
  });

  test('Idempotency-Key: the second request gets the first answer; keys belong to one token', async () => {
    const { s } = await fresh();
    const key = { key: 'k-1', requestHash: 'rh-1' };
    const first = await s.appendSubmission(submission({ actor: tokenActor(1), idempotency: key }));
    expect(first.kind).toBe('stored');
    const accepted = (first as Extract<AppendResult, { kind: 'stored' }>).accepted;
    // even with a stale revision, a used key answers as a replay with the stored response
    expect(await s.appendSubmission(submission({ actor: tokenActor(1), idempotency: key }))).toEqual({ kind: 'replay', requestHash: 'rh-1', response: accepted });
    expect(await s.idempotentResponse(1, 'k-1')).toEqual({ requestHash: 'rh-1', response: accepted });
    expect(await s.idempotentResponse(2, 'k-1')).toBeUndefined();
    // another token, same key: a submission of its own
    expect((await s.appendSubmission(submission({ actor: tokenActor(2), idempotency: key, expectedRevisions: { [WITTEN]: 1 } }))).kind).toBe('stored');
    expect(await s.history({})).toHaveLength(2);
  });

  test('Idempotency-Key sent twice at once (also for different periods): stored once, the other is a replay', async () => {
    const { s } = await fresh();
    await Promise.all(Array.from({ length: 4 }, () => s.revisions('2024', [WITTEN]))); // connections open, so both really overlap
    for (const periods of [['2024', '2024'], ['2022', '2021']]) {
      const key = { key: `par-${periods.join('-')}`, requestHash: 'rh' };
      const results = await Promise.all(periods.map((period) => s.appendSubmission(submission({ period, actor: tokenActor(3), idempotency: key }))));
      expect(results.map((r) => r.kind).sort()).toEqual(['replay', 'stored']);
      const stored = results.find((r) => r.kind === 'stored') as Extract<AppendResult, { kind: 'stored' }>;
      const replay = results.find((r) => r.kind === 'replay') as Extract<AppendResult, { kind: 'replay' }>;
      expect(replay.response).toEqual(stored.accepted);
    }
    expect(await s.history({})).toHaveLength(2);
    // the losing period got nothing, not even a revision
    expect([...Object.values(await s.revisions('2022', [WITTEN])), ...Object.values(await s.revisions('2021', [WITTEN]))].sort()).toEqual([0, 1]);
  });

  test('a failing write leaves nothing behind (all or nothing), and the next submission gets revision 1', async () => {
    const { s } = await fresh();
    const dup = { area: `${WITTEN}-01-0001`, variable: 'geburten', value: 3, scope: WITTEN };
    // the same cell twice violates the primary key half-way through the rows
    await refusal(s.appendSubmission(submission({ rows: [dup, { ...dup, variable: 'sterbefaelle' }, dup], actor: tokenActor(1), idempotency: { key: 'k', requestHash: 'r' } })));
    expect(await s.history({})).toHaveLength(0);
    expect(await s.currentValues('2024')).toHaveLength(0);
    expect(await s.revisions('2024', [WITTEN])).toEqual({ [WITTEN]: 0 });
    expect(await s.idempotentResponse(1, 'k')).toBeUndefined();
    expect((await s.audit()).filter((a) => a.action === 'meldung')).toHaveLength(0);
    expect(await s.periods()).toEqual([]);
    const ok = await s.appendSubmission(submission({ actor: tokenActor(1), idempotency: { key: 'k', requestHash: 'r2' } }));
    expect(ok).toMatchObject({ kind: 'stored', accepted: { revision: 1 } });
  });

  test('20 parallel submissions with the same base revision: exactly one is stored', async () => {
    const { s } = await fresh();
    await s.appendSubmission(submission());
    // open the pool's connections first, so the 20 really overlap (not one finishing while others connect)
    await Promise.all(Array.from({ length: 20 }, () => s.revisions('2024', [WITTEN])));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 1 }, rows: [{ area: `${WITTEN}-01-0001`, variable: 'geburten', value: 1000 + i, scope: WITTEN }] })),
      ),
    );
    expect(results.filter((r) => r.kind === 'stored')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'stale')).toHaveLength(19);
    const winner = results.findIndex((r) => r.kind === 'stored');
    expect(await s.revisions('2024', [WITTEN])).toEqual({ [WITTEN]: 2 });
    expect((await s.currentValues('2024'))[0]!.value).toBe(1000 + winner);
    expect(await s.history({})).toHaveLength(2);
    expect((await s.audit()).filter((a) => a.action === 'meldung')).toHaveLength(2);
  });

  test('parallel writers over overlapping scopes (Stadt and Kreis-wide) retrying on stale: all stored, revisions gapless, no deadlock', async () => {
    const { s } = await fresh();
    await Promise.all(Array.from({ length: 20 }, () => s.revisions('2024', [WITTEN])));
    const scopeSets = [[WITTEN], [HATTINGEN], [HATTINGEN, KREIS, WITTEN], [KREIS, WITTEN], [HATTINGEN, KREIS]];
    let attempts = 0;
    const writer = async (i: number): Promise<Record<string, number>> => {
      const scopes = scopeSets[i % scopeSets.length]!;
      const meldebereich = scopes.length === 1 ? scopes[0]! : KREIS;
      for (;;) {
        attempts++;
        const expected = await s.revisions('2024', scopes);
        const r = await s.appendSubmission(submission({
          meldebereich,
          scopes,
          expectedRevisions: expected,
          rows: scopes.filter((sc) => sc !== KREIS).map((sc) => ({ area: `${sc}-01-0001`, variable: 'geburten', value: i, scope: sc })),
        }));
        if (r.kind === 'stored') return r.accepted.revisions;
      }
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => writer(i)));
    const perScope = new Map<string, number[]>();
    for (const revs of results) for (const [scope, rev] of Object.entries(revs)) perScope.set(scope, [...(perScope.get(scope) ?? []), rev]);
    for (const [scope, revs] of perScope) {
      expect([scope, revs.sort((a, b) => a - b)]).toEqual([scope, Array.from({ length: revs.length }, (_, k) => k + 1)]);
    }
    expect(await s.revisions('2024', [WITTEN, HATTINGEN, KREIS])).toEqual({ [WITTEN]: 12, [HATTINGEN]: 12, [KREIS]: 12 });
    expect(await s.history({})).toHaveLength(20);
    expect(attempts).toBeGreaterThanOrEqual(20);
  });

  test('data versions count commits: parallel writers of one year from two connections get gapless versions, each visible with its data', async () => {
    const db = await fresh();
    const other = await db.reopen();
    const reader = await db.reopen();
    const n = 16;
    // open the pools' connections first, so the writers really overlap
    await Promise.all(Array.from({ length: 8 }, () => Promise.all([db.s.revisions('2024', [WITTEN]), other.revisions('2024', [WITTEN])])));
    const seen: { version: number; cells: number }[] = [];
    let writing = true;
    const watching = (async () => {
      while (writing) {
        // version read before the cells: the cells are at least as many (a version is visible with its data)
        const version = (await reader.versions('2024')).values;
        seen.push({ version, cells: (await reader.currentValues('2024')).length });
      }
    })();
    // one scope each, so no writer is stale: they run in parallel as far as the database lets them
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        (i % 2 ? other : db.s).appendSubmission(submission({ meldebereich: `s${i}`, scopes: [`s${i}`], expectedRevisions: {}, rows: [{ area: `s${i}-1`, variable: 'geburten', value: i, scope: `s${i}` }] })),
      ),
    ).finally(() => (writing = false));
    await watching;
    const versions = results.map((r) => stored(r)).map((r) => [r.valuesVersionBefore, r.valuesVersion] as const);
    expect(versions.map(([, after]) => after).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k + 1));
    for (const [before, after] of versions) expect(before).toBe(after - 1);
    expect((await reader.versions('2024')).values).toBe(n);
    for (const [k, x] of seen.entries()) {
      expect(x.cells).toBeGreaterThanOrEqual(x.version);
      if (k > 0) expect(x.version).toBeGreaterThanOrEqual(seen[k - 1]!.version);
    }
  });

  // SQLite has one writer at a time: its ids are given out in commit order, nothing can overtake
  (backend.kind === 'postgres' ? test : test.skip)('a submission and a release that commit after a later one (smaller id last): another connection sees the version move each time', async () => {
    const db = await fresh();
    const other = await db.reopen();
    const observer = await db.reopen();
    const w1 = `${WITTEN}-01-0001`;
    const h1 = `${HATTINGEN}-01-0001`;
    const row = (area: string, value: number, scope: string) => ({ area, variable: 'geburten', value, scope });
    stored(await db.s.appendSubmission(submission({ rows: [row(w1, 1, WITTEN)] })));
    stored(await db.s.appendSubmission(submission({ meldebereich: HATTINGEN, scopes: [HATTINGEN], expectedRevisions: {}, rows: [row(h1, 1, HATTINGEN)] })));
    const blocker = await db.session!();
    const waiting = async () => {
      for (let k = 0; k < 500; k++) {
        if (Number((await blocker.query('SELECT COUNT(*) AS n FROM pg_locks WHERE NOT granted')).rows[0].n) > 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('der langsame Schreiber wartet nicht auf die Zeilensperre');
    };
    try {
      // Witten's cell is held by another transaction: Witten's submission gets its id, then waits on the cell
      await blocker.query('BEGIN');
      await blocker.query("SELECT 1 FROM current_values WHERE period = '2024' AND area = $1 FOR UPDATE", [w1]);
      const slow = db.s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 1 }, rows: [row(w1, 2, WITTEN)] }));
      await waiting();
      const v0 = await observer.versions('2024');
      const fast = stored(await other.appendSubmission(submission({ meldebereich: HATTINGEN, scopes: [HATTINGEN], expectedRevisions: { [HATTINGEN]: 1 }, rows: [row(h1, 2, HATTINGEN)] })));
      const v1 = await observer.versions('2024');
      expect(v1.values).toBeGreaterThan(v0.values);
      await blocker.query('ROLLBACK');
      const late = stored(await slow);
      expect(late.accepted.submissionId).toBeLessThan(fast.accepted.submissionId); // committed out of id order
      const v2 = await observer.versions('2024');
      expect(v2.values).toBeGreaterThan(v1.values);
      expect(late.valuesVersionBefore).toBe(fast.valuesVersion);
      expect((await observer.currentValues('2024', [WITTEN]))[0]!.value).toBe(2);

      // the same for releases: Witten's release gets its id, then waits on its released cell
      await db.s.release('2024', [WITTEN, HATTINGEN], OPERATOR);
      stored(await db.s.appendSubmission(submission({ expectedRevisions: { [WITTEN]: 2 }, rows: [row(w1, 3, WITTEN)] })));
      stored(await db.s.appendSubmission(submission({ meldebereich: HATTINGEN, scopes: [HATTINGEN], expectedRevisions: { [HATTINGEN]: 2 }, rows: [row(h1, 3, HATTINGEN)] })));
      await blocker.query('BEGIN');
      await blocker.query("SELECT 1 FROM released_values WHERE period = '2024' AND area = $1 FOR UPDATE", [w1]);
      const slowRelease = db.s.release('2024', [WITTEN], OPERATOR);
      await waiting();
      const r0 = await observer.versions('2024');
      const fastRelease = (await other.release('2024', [HATTINGEN], OPERATOR))!;
      const r1 = await observer.versions('2024');
      expect(r1.released).toBeGreaterThan(r0.released);
      await blocker.query('ROLLBACK');
      const lateRelease = (await slowRelease)!;
      expect(lateRelease.releaseId).toBeLessThan(fastRelease.releaseId);
      const r2 = await observer.versions('2024');
      expect(r2.released).toBeGreaterThan(r1.released);
      expect(r2.values).toBe(r1.values);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
  });

  test('migration 7 starts the data versions at the largest ids (no version goes backwards); they never go down or away', async () => {
    const old = await backend.atMigration(6);
    const sub = (period: string) => `INSERT INTO submissions (period, meldebereich, actor, token_id, created_at, content_hash, catalogue_version, row_count)
        VALUES ('${period}', '${WITTEN}', 'kommune', NULL, '2025-03-01T10:00:00.000Z', 'h', '2025.1', 0);`;
    const rel = (period: string) => `INSERT INTO releases (period, created_at, created_by, token_id, kommentar) VALUES ('${period}', '2025-03-02T10:00:00.000Z', 'kreis', NULL, NULL);`;
    // ids: submissions 2024 → 1, 3, 4; 2023 → 2; releases 2023 → 1, 2024 → 2
    await old.raw([sub('2024'), sub('2023'), sub('2024'), sub('2024'), rel('2023'), rel('2024')].join('\n'));
    const s = track(await old.open());
    expect(await s.versions('2024')).toMatchObject({ values: 4, released: 2 });
    expect(await s.versions('2023')).toMatchObject({ values: 2, released: 1 });
    expect(await s.versions('2022')).toMatchObject({ values: 0, released: 0 });
    const next = stored(await s.appendSubmission(submission()));
    expect([next.valuesVersionBefore, next.valuesVersion]).toEqual([4, 5]);
    await s.release('2024', [WITTEN], OPERATOR);
    expect(await s.versions('2024')).toMatchObject({ values: 5, released: 3 });
    expect(await refusal(old.raw('UPDATE period_versions SET values_version = 1'))).toMatch(/Datenstand wird nie zurückgesetzt/);
    expect(await refusal(old.raw('DELETE FROM period_versions'))).toMatch(/Datenstand wird nie gelöscht/);
    expect((await s.versions('2024')).values).toBe(5);
  });

  test('two connections (server and command line) see each other\'s writes', async () => {
    const db = await fresh();
    const other = await db.reopen();
    await other.createToken('cli-hash', { rolle: 'kreis' }, 'per Kommandozeile', OPERATOR);
    expect((await db.s.tokenByHash('cli-hash'))!.label).toBe('per Kommandozeile');
    await db.s.appendSubmission(submission());
    expect(await other.revisions('2024', [WITTEN])).toEqual({ [WITTEN]: 1 });
    expect((await other.appendSubmission(submission())).kind).toBe('stale');
  });
});
