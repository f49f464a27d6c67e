/**
 * The PostgreSQL implementation of Storage (node-postgres, a connection pool): for deployments
 * beyond one Kreis, or where the IT department runs PostgreSQL anyway. Same semantics as
 * `sqlite.ts`; every table lives in one configurable schema (one schema per Kreis is possible).
 *
 * Concurrency. SQLite has one writer at a time (BEGIN IMMEDIATE), so "read the revision, compare,
 * insert" is one step there. PostgreSQL runs writers in parallel, so appendSubmission first locks
 * the head row of every scope it advances (`scope_heads`, SELECT … FOR UPDATE, in sorted order so
 * that two writers touching the same scopes cannot deadlock). A second writer for the same scope
 * waits on that lock; when the first commits, READ COMMITTED re-reads the locked row and every
 * later statement of the transaction sees the committed submission, so it finds its base revision
 * stale (or its idempotency key used) and stores nothing. Writers to different scopes do not block
 * each other. SERIALIZABLE with retries would also be correct but would abort and redo whole
 * submissions under contention; the row lock makes the waiting explicit and cheap. The primary key
 * (scope, period, revision) of submission_scopes stays as a second guard. Around the whole
 * check-and-append of a submission (validation included) `serialiseWriters` takes an advisory lock
 * per Meldebereich and year, so that writers of one Meldebereich never find their revision stale.
 *
 * Only bound parameters; SQL text is fixed (the schema name is checked to be a plain identifier).
 */
import { DatabaseError, Pool } from 'pg';
import type { PoolClient } from 'pg';
import type { AreaWithGeometry, Period, Role, SozialindexEinstellung } from '../../shared';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import { KeyedMutex, Semaphore, writerKey } from './writer-lock';
import { type Versions, bumpSql, periodParam, versionsFromRow, versionsSql } from './period-versions';
import { StorageUnavailableError } from './types';
import type {
  Actor,
  AppendResult,
  AuditEntry,
  CurrentValue,
  HistoryFilter,
  NewSubmission,
  ReleaseRecord,
  Storage,
  StoredCatalogue,
  StoredSozialindex,
  SubmissionAccepted,
  SubmissionSummary,
  TokenRecord,
} from './types';
import { HISTORY_MAX } from './types';
import { type Row, iso, catalogueFromRow, areaFromRow, tokenFromRow, sozialindexFromRow, summaryFromRow, currentValueFromRow, auditFromRow, releasesFromRows, releaseSubject, submissionAccepted, submissionSubject } from './rows';


export const DEFAULT_SCHEMA = 'sozialmonitor';
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** the schema holding every table (created if missing); default "sozialmonitor" */
  schema?: string;
  /** largest number of connections in the pool */
  maxConnections?: number;
}

const now = (): string => new Date().toISOString();


/** Thrown inside appendSubmission when a concurrent request committed the same idempotency key first. */
class IdempotencyRace extends Error {}

/** serialization_failure, deadlock_detected: the transaction may simply be run again */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TX_ATTEMPTS = 5;

/**
 * Checks the connection URL before anything connects and returns it without the password, for
 * messages and the start-up line. Throws a German message naming what is wrong.
 */
export function describePostgresUrl(url: string): { display: string; host: string; port: number; database: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`Die Datenbankadresse „${redact(url)}“ ist keine gültige Adresse; erwartet wird z. B. postgres://benutzer:passwort@rechner:5432/datenbank`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`Die Datenbankadresse „${redact(url)}“ beginnt mit „${u.protocol}//“; für PostgreSQL muss sie mit postgres:// beginnen (ohne Adresse wird SQLite im Datenverzeichnis verwendet)`);
  }
  // The host may also be a Unix socket directory: postgres://%2Fvar%2Frun%2Fpostgresql/db or postgres:///db?host=/var/run/postgresql
  const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || process.env.PGHOST || 'localhost';
  const port = u.port === '' ? Number(process.env.PGPORT || 5432) : Number(u.port);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
  return { display: `postgres://${user}${host.startsWith('/') ? encodeURIComponent(host) : host}:${port}/${database}`, host, port, database };
}

/** The URL with any password replaced, for messages (also for URLs `new URL` cannot parse). */
function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** Errors of the operating system's network layer: the server cannot be reached (ENOENT: Unix socket gone). */
const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);
/**
 * SQLSTATEs that mean "not available now, try again later": class 08 (connection exception),
 * 57P01/57P02/57P03 (shut down by the administrator, crashed, still starting up), 53300 (too many
 * connections). Not: wrong password, unknown database, missing rights; those need the operator.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/**
 * The one place that recognises node-postgres's connection errors: true when the database is not
 * reachable (now) rather than refusing a statement.
 */
export function isConnectionError(e: unknown): boolean {
  if (e instanceof StorageUnavailableError) return true;
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code) return UNREACHABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.test(code);
  // pg reports a broken connection or a connect timeout as a plain Error without a code.
  const message = typeof err?.message === 'string' ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i.test(message);
}

/** A German message for a failed connection (no stack trace, no password). */
export function connectionMessage(e: unknown, display: string): string {
  const err = e as NodeJS.ErrnoException & { code?: string };
  const where = `PostgreSQL unter ${display}`;
  const hint = 'Bitte SOZIALMONITOR_DATABASE_URL (oder --datenbank) prüfen.';
  switch (err?.code) {
    case 'ECONNREFUSED':
      return `${where} ist nicht erreichbar: die Verbindung wurde abgelehnt. Läuft der Datenbankserver, und stimmen Rechner und Port? ${hint}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where} ist nicht erreichbar: den Rechnernamen gibt es nicht. ${hint}`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} ist nicht erreichbar: der Rechner antwortet nicht. ${hint}`;
    case '28P01':
    case '28000':
      return `${where} hat die Anmeldung abgelehnt (Benutzer oder Passwort falsch, oder kein Zugang von diesem Rechner). ${hint}`;
    case '3D000':
      return `${where}: die Datenbank gibt es dort nicht; bitte anlegen (createdb) oder den Namen in der Adresse korrigieren.`;
    case '42501':
      return `${where}: dem Benutzer fehlen die Rechte, das Schema und seine Tabellen anzulegen (${err.message}).`;
    default:
      if (/timeout/i.test(err?.message ?? '')) return `${where} antwortet nicht (Zeitüberschreitung beim Verbinden). ${hint}`;
      return `${where}: ${err?.message ?? String(e)}`;
  }
}

export class PostgresStorage implements Storage {
  readonly kind = 'postgres' as const;
  /** the URL without password and the schema, e.g. for the start-up line */
  readonly display: string;

  private constructor(
    private readonly pool: Pool,
    readonly schema: string,
    /** the URL without password */
    private readonly urlDisplay: string,
    maxConnections: number,
  ) {
    this.display = `${urlDisplay} (Schema ${schema})`;
    // A writer holding its lock connection still needs others for reading and storing; if every
    // connection of the pool held a lock, none would be left for that. Two stay free.
    this.lockHolders = new Semaphore(Math.max(1, maxConnections - 2));
  }

  private readonly writers = new KeyedMutex();
  private readonly lockHolders: Semaphore;

  get location(): string {
    return this.display;
  }

  resetAdvice(): string {
    // Only this schema: other Kreise may have their own schema in the same database.
    return `Bitte das Schema ${this.schema} in ${this.urlDisplay} löschen (psql: DROP SCHEMA ${this.schema} CASCADE;)`;
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** A connection error becomes StorageUnavailableError (the API answers 503); others stay as they are. */
  private translate(e: unknown, outcomeUnknown = false): unknown {
    if (e instanceof StorageUnavailableError || !isConnectionError(e)) return e;
    return new StorageUnavailableError('postgres', this.display, e, outcomeUnknown);
  }

  /** Connects, creates the schema if needed and applies every missing migration. */
  static async open(options: PostgresOptions): Promise<PostgresStorage> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    if (!SCHEMA_PATTERN.test(schema)) {
      throw new Error(`Der Schemaname „${schema}“ ist ungültig: erlaubt sind Kleinbuchstaben, Ziffern und _ (nicht am Anfang eine Ziffer), höchstens 63 Zeichen`);
    }
    const { display } = describePostgresUrl(options.url);
    const maxConnections = options.maxConnections ?? 10;
    const pool = new Pool({
      connectionString: options.url,
      max: maxConnections,
      connectionTimeoutMillis: 5000,
      // Every connection sees only this schema's tables, so the SQL below never names the schema.
      options: `-c search_path=${schema}`,
      application_name: 'sozialmonitor',
      // TCP keep-alive: a connection to a database host that vanished without closing it is noticed.
      keepAlive: true,
    });
    // An idle connection that dies (database restarted) must not crash the server; the next query
    // gets a fresh connection or a clear error.
    pool.on('error', () => undefined);
    const storage = new PostgresStorage(pool, schema, display, maxConnections);
    try {
      await storage.migrate();
    } catch (caught) {
      await pool.end().catch(() => undefined);
      const e = caught instanceof StorageUnavailableError ? caught.driverError : caught;
      if (e instanceof DatabaseError && !['28P01', '28000', '3D000', '42501'].includes(e.code ?? '')) throw e;
      throw new Error(connectionMessage(e, display));
    }
    return storage;
  }

  /**
   * Applies every migration not yet recorded in schema_version, each in its own transaction (DDL is
   * transactional in PostgreSQL). An advisory lock keeps two processes starting at once (server and
   * `token create`) from migrating the same schema twice.
   */
  private async migrate(): Promise<void> {
    for (const m of POSTGRES_MIGRATIONS) {
      await this.tx(async (c) => {
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sozialmonitor-migrate:${this.schema}`]);
        // Only when missing: a schema set up by the database administrators needs no CREATE right on the database.
        const exists = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema]);
        if (!exists.rowCount) await c.query(`CREATE SCHEMA ${this.schema}`);
        await c.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)');
        const done = await c.query('SELECT 1 FROM schema_version WHERE version = $1', [m.version]);
        if (done.rowCount) return;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3)', [m.version, m.description, now()]);
      });
    }
  }

  /** the versions recorded in schema_version, ascending */
  async schemaVersions(): Promise<number[]> {
    return (await this.all('SELECT version FROM schema_version ORDER BY version')).map((r: Row) => Number(r.version));
  }

  /**
   * Runs fn in one transaction; retried (whole) on serialization failures and deadlocks. A lost
   * connection becomes StorageUnavailableError; if it was lost while COMMIT was on its way, the
   * database may have stored the transaction, and the error says so (outcomeUnknown).
   */
  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const [c, ignore] = await this.checkout();
      let committing = false;
      try {
        await c.query('BEGIN');
        const result = await fn(c);
        committing = true;
        await c.query('COMMIT');
        c.off('error', ignore);
        c.release();
        return result;
      } catch (e) {
        const lost = isConnectionError(e);
        if (!lost) await c.query('ROLLBACK').catch(() => undefined);
        c.off('error', ignore);
        // A broken connection must not go back into the pool (passing the error discards it).
        c.release(lost ? (e instanceof Error ? e : new Error(String(e))) : undefined);
        if (e instanceof DatabaseError && RETRYABLE.has(e.code ?? '') && attempt < MAX_TX_ATTEMPTS) continue;
        throw this.translate(e, committing);
      }
    }
  }

  /**
   * A client of the pool and the listener to remove (`c.off('error', ignore)`) before it goes back. A
   * checked-out client whose connection breaks emits 'error' besides failing its query; the pool
   * listens only to idle clients, and an unheard 'error' would end the whole server process.
   */
  private async checkout(): Promise<[PoolClient, () => void]> {
    let c: PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      throw this.translate(e);
    }
    const ignore = (): void => undefined;
    c.on('error', ignore);
    return [c, ignore];
  }

  private async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (e) {
      throw this.translate(e);
    }
  }
  private async one(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.query(sql, params))[0];
  }
  private async all(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.query(sql, params);
  }

  private static audit(c: PoolClient, at: string, actor: string, action: string, subject: string, hash: string): Promise<unknown> {
    return c.query('INSERT INTO audit_log (at, actor, action, subject, content_hash) VALUES ($1, $2, $3, $4, $5)', [at, actor, action, subject, hash]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async versions(period?: Period): Promise<Versions> {
    return versionsFromRow((await this.one(versionsSql('$1'), [periodParam(period)]))!);
  }
  async latestCatalogueVersion(): Promise<string | undefined> {
    return (await this.one('SELECT version FROM catalogues ORDER BY seq DESC LIMIT 1'))?.version as string | undefined;
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (await this.one('SELECT value FROM meta WHERE key = $1', [key]))?.value as string | undefined;
  }
  async setMeta(key: string, value: string): Promise<void> {
    await this.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async latestCatalogue(): Promise<StoredCatalogue | undefined> {
    return catalogueFromRow(await this.one('SELECT * FROM catalogues ORDER BY seq DESC LIMIT 1'));
  }
  async catalogue(version: string): Promise<StoredCatalogue | undefined> {
    return catalogueFromRow(await this.one('SELECT * FROM catalogues WHERE version = $1', [version]));
  }
  async catalogueVersions(): Promise<string[]> {
    return (await this.all('SELECT version FROM catalogues ORDER BY seq')).map((r) => String(r.version));
  }
  async addCatalogue(version: string, definition: unknown, contentHash: string, actor: Actor): Promise<boolean> {
    return this.tx(async (c) => {
      const at = now();
      const r = await c.query(
        'INSERT INTO catalogues (version, definition, content_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (version) DO NOTHING',
        [version, JSON.stringify(definition), contentHash, at, actor.label],
      );
      if (r.rowCount === 0) return false;
      await PostgresStorage.audit(c, at, actor.label, 'katalog', `Katalog ${version}`, contentHash);
      return true;
    });
  }

  async areas(): Promise<AreaWithGeometry[]> {
    // geometry::text and JSON.parse here: the driver would parse it too, but this keeps one place
    // that knows the column holds JSON text exactly as written.
    return (await this.all('SELECT code, name, ebene, parent, geometry::text AS geometry, teile_unvollstaendig, teile_unvollstaendig_grund FROM areas ORDER BY code')).map(areaFromRow);
  }
  async replaceAreas(areas: AreaWithGeometry[], contentHash: string, actor: Actor): Promise<void> {
    await this.tx(async (c) => {
      // Serialises concurrent replacements (and the areas_version counter) like SQLite's write lock.
      await c.query('LOCK TABLE areas IN EXCLUSIVE MODE');
      await c.query('DELETE FROM areas');
      // One statement for the whole hierarchy (1,578 Baublöcke are one round trip, not 1,578).
      await c.query(
        `INSERT INTO areas (code, name, ebene, parent, geometry, teile_unvollstaendig, teile_unvollstaendig_grund)
         SELECT code, name, ebene, parent, geometry, teile_unvollstaendig, teile_unvollstaendig_grund
         FROM json_to_recordset($1::json) AS x(code text, name text, ebene text, parent text, geometry json, teile_unvollstaendig boolean, teile_unvollstaendig_grund text)`,
        [
          JSON.stringify(
            areas.map((a) => ({
              code: a.code,
              name: a.name,
              ebene: a.ebene,
              parent: a.parent,
              geometry: a.geometry ?? null,
              teile_unvollstaendig: a.teileUnvollstaendig ? true : null,
              teile_unvollstaendig_grund: a.teileUnvollstaendigGrund ?? null,
            })),
          ),
        ],
      );
      await c.query(
        `INSERT INTO meta (key, value) VALUES ('areas_version', '1')
         ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text`,
      );
      await PostgresStorage.audit(c, now(), actor.label, 'gebiete', `Gebietsgliederung (${areas.length} Gebiete)`, contentHash);
    });
  }

  async createToken(tokenHash: string, role: Role, label: string, actor: Actor): Promise<number> {
    return this.tx(async (c) => {
      const at = now();
      const r = await c.query('INSERT INTO tokens (token_hash, rolle, ags, label, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
        tokenHash,
        role.rolle,
        role.rolle === 'kommune' ? role.ags : null,
        label,
        at,
      ]);
      const id = Number(r.rows[0].id);
      // The audit log names the token by id and its hash, never the token itself.
      await PostgresStorage.audit(c, at, actor.label, 'token_erstellt', `Token ${id} (${label})`, tokenHash);
      return id;
    });
  }
  async tokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const r = await this.one('SELECT * FROM tokens WHERE token_hash = $1', [tokenHash]);
    return r && tokenFromRow(r);
  }
  async revokeToken(id: number, actor: Actor): Promise<boolean> {
    return this.tx(async (c) => {
      const r = await c.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now(), id]);
      if (r.rowCount === 0) return false;
      await PostgresStorage.audit(c, now(), actor.label, 'token_widerrufen', `Token ${id}`, '');
      return true;
    });
  }
  async tokens(): Promise<TokenRecord[]> {
    return (await this.all('SELECT * FROM tokens ORDER BY id')).map(tokenFromRow);
  }
  async tokenById(id: number): Promise<TokenRecord | undefined> {
    const r = await this.one('SELECT * FROM tokens WHERE id = $1', [id]);
    return r && tokenFromRow(r);
  }

  private static readonly SOZIALINDEX = 'SELECT s.*, t.label AS token_name FROM sozialindex_settings s LEFT JOIN tokens t ON t.id = s.token_id';
  async sozialindexSetting(): Promise<StoredSozialindex | undefined> {
    return sozialindexFromRow(await this.one(`${PostgresStorage.SOZIALINDEX} ORDER BY s.version DESC LIMIT 1`));
  }
  async sozialindexHistory(): Promise<StoredSozialindex[]> {
    return (await this.all(`${PostgresStorage.SOZIALINDEX} ORDER BY s.version DESC`)).map((r) => sozialindexFromRow(r)!);
  }
  async addSozialindexSetting(setting: SozialindexEinstellung, contentHash: string, actor: Actor): Promise<StoredSozialindex> {
    return this.tx(async (c) => {
      // Gapless version numbers: MAX + 1 while holding a lock that only savers of this schema take.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sozialmonitor-sozialindex:${this.schema}`]);
      const at = now();
      const r = await c.query(
        `INSERT INTO sozialindex_settings (version, indikatoren, kommentar, vergleichsjahr, content_hash, created_at, created_by, token_id)
         SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4, $5, $6, $7 FROM sozialindex_settings RETURNING version`,
        [JSON.stringify(setting.indikatoren), setting.kommentar ?? null, setting.vergleichsjahr ?? null, contentHash, at, actor.label, actor.tokenId],
      );
      const version = Number(r.rows[0].version);
      const summary = setting.indikatoren.map((i) => `${i.id}:${i.richtung}:${i.gewicht}`).join(',') + (setting.vergleichsjahr ? `; Vergleichsjahr ${setting.vergleichsjahr}` : '');
      await PostgresStorage.audit(c, at, actor.label, 'sozialindex', `Sozialindex-Einstellung ${version}: ${summary}`, contentHash);
      return sozialindexFromRow((await c.query(`${PostgresStorage.SOZIALINDEX} WHERE s.version = $1`, [version])).rows[0] as Row)!;
    });
  }

  async revisions(period: Period, scopes: string[]): Promise<Record<string, number>> {
    const rows = await this.all('SELECT scope, revision FROM scope_heads WHERE period = $1 AND scope = ANY($2)', [period, scopes]);
    const found = new Map(rows.map((r) => [String(r.scope), Number(r.revision)]));
    return Object.fromEntries(scopes.map((s) => [s, found.get(s) ?? 0]));
  }

  /**
   * In the process a queue per Meldebereich and year (writer-lock.ts: a waiting writer holds no
   * connection); then, for several server processes on one database, a session advisory lock per
   * key on a connection of its own, taken in the order of the lock numbers (no circular waits) and
   * given back before the connection returns to the pool. If that connection breaks, the database
   * drops its locks itself.
   */
  serialiseWriters<T>(period: Period, scopes: string[], fn: () => Promise<T>): Promise<T> {
    const keys = [...new Set(scopes.map((scope) => `sozialmonitor-meldung:${this.schema}:${writerKey(period, scope)}`))];
    return this.writers.with(keys, () =>
      this.lockHolders.with(async () => {
        const [c, ignore] = await this.checkout();
        let broken: Error | undefined;
        try {
          const ids = (await c.query('SELECT DISTINCT hashtext(k) AS id FROM unnest($1::text[]) AS k ORDER BY id', [keys])).rows.map((r: Row) => Number(r.id));
          for (const id of ids) await c.query('SELECT pg_advisory_lock($1)', [id]);
          try {
            return await fn();
          } finally {
            await c.query('SELECT pg_advisory_unlock_all()').catch((e: unknown) => {
              broken = e instanceof Error ? e : new Error(String(e));
            });
          }
        } catch (e) {
          if (isConnectionError(e)) broken = e instanceof Error ? e : new Error(String(e));
          throw this.translate(e);
        } finally {
          c.off('error', ignore);
          // a connection whose locks could not be given back must not return to the pool
          c.release(broken);
        }
      }),
    );
  }

  async appendSubmission(s: NewSubmission): Promise<AppendResult> {
    const keyed = s.idempotency && s.actor.tokenId !== null ? { tokenId: s.actor.tokenId, ...s.idempotency } : undefined;
    try {
      return await this.tx(async (c): Promise<AppendResult> => {
        const scopes = [...new Set(s.scopes)].sort();
        // Make sure a head row exists for every scope (first submission of a scope and period), then
        // lock them all in sorted order. A concurrent inserter of the same head waits for us.
        await c.query(
          'INSERT INTO scope_heads (scope, period, revision) SELECT scope, $2, 0 FROM unnest($1::text[]) AS scope ORDER BY scope ON CONFLICT DO NOTHING',
          [scopes, s.period],
        );
        const heads = await c.query('SELECT scope, revision FROM scope_heads WHERE period = $1 AND scope = ANY($2) ORDER BY scope FOR UPDATE', [s.period, scopes]);
        const current = new Map(heads.rows.map((r: Row) => [String(r.scope), Number(r.revision)]));
        // Checked after the lock: a request with the same key that committed meanwhile is seen here.
        if (keyed) {
          const prior = await c.query('SELECT request_hash, response FROM idempotency_keys WHERE token_id = $1 AND key = $2', [keyed.tokenId, keyed.key]);
          if (prior.rowCount) return { kind: 'replay', requestHash: String(prior.rows[0].request_hash), response: prior.rows[0].response as SubmissionAccepted };
        }
        for (const scope of scopes) {
          if ((current.get(scope) ?? 0) !== (s.expectedRevisions[scope] ?? 0)) return { kind: 'stale' };
        }
        const at = now();
        const sub = await c.query(
          `INSERT INTO submissions (period, meldebereich, actor, token_id, created_at, content_hash, catalogue_version, row_count)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [s.period, s.meldebereich, s.actor.label, s.actor.tokenId, at, s.contentHash, s.catalogueVersion, s.rows.length],
        );
        const id = Number(sub.rows[0].id);
        const revisions: Record<string, number> = {};
        for (const scope of s.scopes) revisions[scope] = current.get(scope)! + 1;
        await c.query('UPDATE scope_heads SET revision = revision + 1 WHERE period = $1 AND scope = ANY($2)', [s.period, scopes]);
        await c.query(
          'INSERT INTO submission_scopes (scope, period, revision, submission_id) SELECT scope, $2, rev, $4 FROM unnest($1::text[], $3::int[]) AS x(scope, rev)',
          [scopes, s.period, scopes.map((sc) => revisions[sc]), id],
        );
        // All rows in one statement each; a duplicate cell violates the primary key and the whole
        // transaction (submission, revisions, values) is rolled back.
        const rowsJson = JSON.stringify(s.rows);
        await c.query(
          `INSERT INTO submission_values (submission_id, area, variable, value, scope)
           SELECT $1, area, variable, value, scope FROM json_to_recordset($2::json) AS x(area text, variable text, value bigint, scope text)`,
          [id, rowsJson],
        );
        await c.query(
          `INSERT INTO current_values (period, area, variable, value, scope, submission_id)
           SELECT $1, area, variable, value, scope, $3 FROM json_to_recordset($2::json) AS x(area text, variable text, value bigint, scope text)
           ON CONFLICT (period, area, variable) DO UPDATE SET value = excluded.value, scope = excluded.scope, submission_id = excluded.submission_id`,
          [s.period, rowsJson, id],
        );
        const accepted = submissionAccepted(s, id, revisions, at);
        if (keyed) {
          // Another request with this key but other scopes may have committed after our check above;
          // the insert then waits for it and finds the key taken: roll back and answer as a replay.
          const inserted = await c.query(
            'INSERT INTO idempotency_keys (token_id, key, request_hash, response, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
            [keyed.tokenId, keyed.key, keyed.requestHash, JSON.stringify(accepted), at],
          );
          if (inserted.rowCount === 0) throw new IdempotencyRace();
        }
        await PostgresStorage.audit(c, at, s.actor.label, 'meldung', submissionSubject(id, s), s.contentHash);
        // last: holds the period's version row only for the commit (period-versions.ts)
        const after = Number((await c.query(bumpSql('values_version', '$1'), [s.period])).rows[0].v);
        return { kind: 'stored', accepted, valuesVersionBefore: after - 1, valuesVersion: after };
      });
    } catch (e) {
      if (!(e instanceof IdempotencyRace) || !keyed) throw e;
      const prior = (await this.idempotentResponse(keyed.tokenId, keyed.key))!;
      return { kind: 'replay', ...prior };
    }
  }

  async idempotentResponse(tokenId: number, key: string): Promise<{ requestHash: string; response: SubmissionAccepted } | undefined> {
    const r = await this.one('SELECT request_hash, response FROM idempotency_keys WHERE token_id = $1 AND key = $2', [tokenId, key]);
    return r && { requestHash: String(r.request_hash), response: r.response as SubmissionAccepted };
  }


  /** values of many submissions in one query, grouped by submission id, ordered by area and variable */
  private async valuesOf(ids: number[], area?: string, scopes?: string[]): Promise<Map<number, SubmissionSummary['rows']>> {
    const out = new Map<number, SubmissionSummary['rows']>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await this.all(
      `SELECT submission_id, area, variable, value FROM submission_values
       WHERE submission_id = ANY($1) AND ($2::text IS NULL OR area = $2) AND ($3::text[] IS NULL OR scope = ANY($3))
       ORDER BY submission_id, area, variable`,
      [ids, area ?? null, scopes ?? null],
    );
    for (const r of rows) out.get(Number(r.submission_id))!.push({ area: String(r.area), variable: String(r.variable), value: Number(r.value) });
    return out;
  }

  async submissionsSince(meldebereich: string, period: Period, afterRevision: number): Promise<SubmissionSummary[]> {
    const subs = await this.all(
      `SELECT s.*, sc.revision AS scope_revision FROM submission_scopes sc JOIN submissions s ON s.id = sc.submission_id
       WHERE sc.scope = $1 AND sc.period = $2 AND sc.revision > $3 ORDER BY sc.revision`,
      [meldebereich, period, afterRevision],
    );
    const values = await this.valuesOf(subs.map((r) => Number(r.id)));
    return subs.map((r) => summaryFromRow(r, Number(r.scope_revision), values.get(Number(r.id))!));
  }

  async history(filter: HistoryFilter): Promise<SubmissionSummary[]> {
    // Built from fixed fragments only; every value is a bound parameter.
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.period) where.push(`s.period = ${param(filter.period)}`);
    if (filter.area) where.push(`s.id IN (SELECT submission_id FROM submission_values WHERE area = ${param(filter.area)})`);
    if (filter.scopes) where.push(`s.id IN (SELECT submission_id FROM submission_values WHERE scope = ANY(${param(filter.scopes)}::text[]))`);
    if (filter.before !== undefined) where.push(`s.id < ${param(filter.before)}`);
    const limit = param(filter.limit ?? HISTORY_MAX);
    const subs = await this.all(
      `SELECT s.*, sc.revision AS scope_revision FROM submissions s
       LEFT JOIN submission_scopes sc ON sc.submission_id = s.id AND sc.scope = s.meldebereich
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.id DESC LIMIT ${limit}`,
      params,
    );
    const values = await this.valuesOf(
      subs.map((r) => Number(r.id)),
      filter.area,
      filter.area ? undefined : filter.scopes,
    );
    return subs.map((r) => summaryFromRow(r, r.scope_revision === null ? 0 : Number(r.scope_revision), values.get(Number(r.id))!));
  }

  async currentValues(period: Period, scopes?: string[]): Promise<CurrentValue[]> {
    return this.cellValues('current_values', period, scopes);
  }

  /** The cells of one period of current_values or released_values, scope by scope as asked (as SQLite gives them). */
  private async cellValues(table: 'current_values' | 'released_values', period: Period, scopes?: string[]): Promise<CurrentValue[]> {
    const rows = scopes
      ? await this.all(
          `SELECT area, variable, value, submission_id FROM ${table} v
           JOIN unnest($2::text[]) WITH ORDINALITY AS sc(scope, n) ON sc.scope = v.scope
           WHERE v.period = $1 ORDER BY sc.n, area, variable`,
          [period, scopes],
        )
      : await this.all(`SELECT area, variable, value, submission_id FROM ${table} WHERE period = $1 ORDER BY area, variable`, [period]);
    return rows.map(currentValueFromRow);
  }

  async periods(): Promise<Period[]> {
    return (await this.all('SELECT DISTINCT period FROM submissions ORDER BY period')).map((r) => String(r.period));
  }

  private static readonly RELEASES = `SELECT r.*, rs.scope, rs.revision, t.label AS token_name FROM releases r
    JOIN release_scopes rs ON rs.release_id = r.id LEFT JOIN tokens t ON t.id = r.token_id`;

  async release(period: Period, scopes: string[], actor: Actor, kommentar?: string): Promise<ReleaseRecord | undefined> {
    return this.tx(async (c) => {
      const wanted = [...new Set(scopes)].sort();
      // The head rows locked as a writer locks them (sorted, FOR UPDATE): no submission to these
      // scopes can commit between reading their revisions and copying their values, and two
      // releases of the same scope run one after the other.
      const heads = await c.query('SELECT scope, revision FROM scope_heads WHERE period = $1 AND scope = ANY($2) ORDER BY scope FOR UPDATE', [period, wanted]);
      const released = await c.query('SELECT scope, MAX(revision) AS revision FROM release_scopes WHERE period = $1 AND scope = ANY($2) GROUP BY scope', [period, wanted]);
      const before = new Map(released.rows.map((r: Row) => [String(r.scope), Number(r.revision)]));
      const todo = heads.rows
        .map((r: Row) => ({ scope: String(r.scope), revision: Number(r.revision) }))
        .filter((x) => x.revision > 0 && x.revision !== (before.get(x.scope) ?? 0));
      if (todo.length === 0) return undefined;
      const at = now();
      const id = Number(
        (await c.query('INSERT INTO releases (period, created_at, created_by, token_id, kommentar) VALUES ($1, $2, $3, $4, $5) RETURNING id', [period, at, actor.label, actor.tokenId, kommentar ?? null])).rows[0].id,
      );
      const todoScopes = todo.map((x) => x.scope);
      await c.query(
        'INSERT INTO release_scopes (release_id, scope, period, revision) SELECT $1, scope, $3, rev FROM unnest($2::text[], $4::int[]) AS x(scope, rev)',
        [id, todoScopes, period, todo.map((x) => x.revision)],
      );
      await c.query('DELETE FROM released_values WHERE period = $1 AND scope = ANY($2)', [period, todoScopes]);
      await c.query(
        `INSERT INTO released_values (period, area, variable, value, scope, submission_id)
         SELECT period, area, variable, value, scope, submission_id FROM current_values WHERE period = $1 AND scope = ANY($2)`,
        [period, todoScopes],
      );
      await PostgresStorage.audit(c, at, actor.label, 'freigabe', releaseSubject(id, period, todo), '');
      await c.query(bumpSql('released_version', '$1'), [period]);
      return releasesFromRows((await c.query(`${PostgresStorage.RELEASES} WHERE r.id = $1`, [id])).rows as Row[])[0];
    });
  }

  async releases(period?: Period): Promise<ReleaseRecord[]> {
    return releasesFromRows(await this.all(`${PostgresStorage.RELEASES} WHERE $1::text IS NULL OR r.period = $1 ORDER BY r.id DESC`, [period ?? null]));
  }

  async releasedRevisions(period: Period): Promise<Record<string, number>> {
    const rows = await this.all('SELECT scope, MAX(revision) AS revision FROM release_scopes WHERE period = $1 GROUP BY scope ORDER BY scope', [period]);
    return Object.fromEntries(rows.map((r) => [String(r.scope), Number(r.revision)]));
  }

  async releasedValues(period: Period, scopes?: string[]): Promise<CurrentValue[]> {
    return this.cellValues('released_values', period, scopes);
  }

  async releasedPeriods(): Promise<Period[]> {
    return (await this.all('SELECT DISTINCT period FROM releases ORDER BY period')).map((r) => String(r.period));
  }

  async completeness(period: Period): Promise<{ variables: { scope: string; variable: string; areas: number; lastSubmittedAt: string }[]; revisions: { scope: string; revision: number; lastSubmittedAt: string }[] }> {
    const variables = await this.all(
      `SELECT cv.scope, cv.variable, COUNT(*) AS areas, MAX(s.created_at) AS last
       FROM current_values cv JOIN submissions s ON s.id = cv.submission_id
       WHERE cv.period = $1 GROUP BY cv.scope, cv.variable ORDER BY cv.scope, cv.variable`,
      [period],
    );
    const revisions = await this.all(
      `SELECT sc.scope, MAX(sc.revision) AS revision, MAX(s.created_at) AS last
       FROM submission_scopes sc JOIN submissions s ON s.id = sc.submission_id
       WHERE sc.period = $1 GROUP BY sc.scope ORDER BY sc.scope`,
      [period],
    );
    return {
      variables: variables.map((r) => ({ scope: String(r.scope), variable: String(r.variable), areas: Number(r.areas), lastSubmittedAt: iso(r.last) })),
      revisions: revisions.map((r) => ({ scope: String(r.scope), revision: Number(r.revision), lastSubmittedAt: iso(r.last) })),
    };
  }

  async audit(limit = 100): Promise<AuditEntry[]> {
    return (await this.all('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit])).map(auditFromRow);
  }
}
