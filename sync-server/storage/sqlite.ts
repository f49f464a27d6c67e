/**
 * The SQLite implementation of Storage (better-sqlite3): the only module that knows SQL.
 * WAL mode so that readers never block the writer; synchronous=FULL so that a submission that was
 * acknowledged survives even a power loss, not only a killed process. Prepared statements only.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AreaWithGeometry, Period, Role, SozialindexEinstellung } from '../../shared';
import { MIGRATIONS } from './migrations';
import type {
  Actor,
  AppendResult,
  AuditEntry,
  CompletenessRow,
  CurrentValue,
  NewSubmission,
  ReleaseRecord,
  ScopeRevision,
  Storage,
  StoredCatalogue,
  StoredSozialindex,
  SubmissionAccepted,
  SubmissionSummary,
  HistoryFilter,
  TokenRecord,
} from './types';
import { HISTORY_MAX } from './types';
import { type Row, catalogueFromRow, areaFromRow, tokenFromRow, sozialindexFromRow, summaryFromRow, currentValueFromRow, auditFromRow, releasesFromRows, releaseSubject, submissionAccepted, submissionSubject } from './rows';
import { KeyedMutex, writerKey } from './writer-lock';
import { type Versions, bumpSql, periodParam, versionsFromRow, versionsSql } from './period-versions';

const now = (): string => new Date().toISOString();



export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<SqliteStorage['prepare']>;
  private readonly writers = new KeyedMutex();

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // The CLI (token create) may write while the server runs: wait instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.stmt = this.prepare();
  }

  /** Applies every migration not yet recorded in schema_version, each in its own transaction. */
  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((this.db.prepare('SELECT version FROM schema_version').all() as { version: number }[]).map((r) => r.version));
    const record = this.db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        record.run(m.version, m.description, now());
      }).immediate();
    }
  }

  readonly kind = 'sqlite' as const;
  get location(): string {
    return this.file;
  }
  resetAdvice(): string {
    // The data directory holds the database file (with -wal/-shm) and demo-tokens.txt, nothing else.
    return `Bitte das Datenverzeichnis ${dirname(this.file)} löschen`;
  }
  async ping(): Promise<boolean> {
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  schemaVersion(): number {
    return (this.db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v;
  }

  private prepare() {
    const p = (sql: string) => this.db.prepare(sql);
    return {
      getMeta: p('SELECT value FROM meta WHERE key = ?'),
      setMeta: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      versions: p(versionsSql('?')),
      bumpValues: p(bumpSql('values_version', '?')),
      bumpReleased: p(bumpSql('released_version', '?')),
      latestCatalogueVersion: p('SELECT version FROM catalogues ORDER BY seq DESC LIMIT 1'),
      latestCatalogue: p('SELECT * FROM catalogues ORDER BY seq DESC LIMIT 1'),
      catalogue: p('SELECT * FROM catalogues WHERE version = ?'),
      catalogueVersions: p('SELECT version FROM catalogues ORDER BY seq'),
      insertCatalogue: p('INSERT INTO catalogues (version, definition, content_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT(version) DO NOTHING'),
      areas: p('SELECT code, name, ebene, parent, geometry, teile_unvollstaendig, teile_unvollstaendig_grund FROM areas ORDER BY code'),
      deleteAreas: p('DELETE FROM areas'),
      insertArea: p('INSERT INTO areas (code, name, ebene, parent, geometry, teile_unvollstaendig, teile_unvollstaendig_grund) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertToken: p('INSERT INTO tokens (token_hash, rolle, ags, label, created_at) VALUES (?, ?, ?, ?, ?)'),
      tokenByHash: p('SELECT * FROM tokens WHERE token_hash = ?'),
      revokeToken: p('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      tokens: p('SELECT * FROM tokens ORDER BY id'),
      tokenById: p('SELECT * FROM tokens WHERE id = ?'),
      sozialindexLatest: p(`SELECT s.*, t.label AS token_name FROM sozialindex_settings s LEFT JOIN tokens t ON t.id = s.token_id
                            ORDER BY s.version DESC LIMIT 1`),
      sozialindexByVersion: p(`SELECT s.*, t.label AS token_name FROM sozialindex_settings s LEFT JOIN tokens t ON t.id = s.token_id
                               WHERE s.version = ?`),
      sozialindexAll: p(`SELECT s.*, t.label AS token_name FROM sozialindex_settings s LEFT JOIN tokens t ON t.id = s.token_id
                         ORDER BY s.version DESC`),
      insertSozialindex: p(`INSERT INTO sozialindex_settings (indikatoren, kommentar, vergleichsjahr, content_hash, created_at, created_by, token_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?)`),
      revision: p('SELECT COALESCE(MAX(revision), 0) AS r FROM submission_scopes WHERE scope = ? AND period = ?'),
      insertSubmission: p(`INSERT INTO submissions (period, meldebereich, actor, token_id, created_at, content_hash, catalogue_version, row_count)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertScope: p('INSERT INTO submission_scopes (scope, period, revision, submission_id) VALUES (?, ?, ?, ?)'),
      insertValue: p('INSERT INTO submission_values (submission_id, area, variable, value, scope) VALUES (?, ?, ?, ?, ?)'),
      upsertCurrent: p(`INSERT INTO current_values (period, area, variable, value, scope, submission_id) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(period, area, variable) DO UPDATE SET value = excluded.value, scope = excluded.scope, submission_id = excluded.submission_id`),
      idempotent: p('SELECT request_hash, response FROM idempotency_keys WHERE token_id = ? AND key = ?'),
      insertIdempotent: p('INSERT INTO idempotency_keys (token_id, key, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)'),
      since: p(`SELECT s.*, sc.revision AS scope_revision FROM submission_scopes sc JOIN submissions s ON s.id = sc.submission_id
                WHERE sc.scope = ? AND sc.period = ? AND sc.revision > ? ORDER BY sc.revision`),
      submissionValues: p('SELECT area, variable, value FROM submission_values WHERE submission_id = ? ORDER BY area, variable'),
      revisionOfSubmission: p('SELECT revision FROM submission_scopes WHERE submission_id = ? AND scope = ?'),
      currentAll: p('SELECT area, variable, value, submission_id FROM current_values WHERE period = ?'),
      currentScope: p('SELECT area, variable, value, submission_id FROM current_values WHERE period = ? AND scope = ?'),
      periods: p('SELECT DISTINCT period FROM submissions ORDER BY period'),
      completeness: p(`SELECT cv.scope, cv.variable, COUNT(*) AS areas, MAX(s.created_at) AS last
                       FROM current_values cv JOIN submissions s ON s.id = cv.submission_id
                       WHERE cv.period = ? GROUP BY cv.scope, cv.variable ORDER BY cv.scope, cv.variable`),
      scopeRevisions: p(`SELECT sc.scope, MAX(sc.revision) AS revision, MAX(s.created_at) AS last
                         FROM submission_scopes sc JOIN submissions s ON s.id = sc.submission_id
                         WHERE sc.period = ? GROUP BY sc.scope ORDER BY sc.scope`),
      releasedRevisions: p('SELECT scope, MAX(revision) AS revision FROM release_scopes WHERE period = ? GROUP BY scope'),
      insertRelease: p('INSERT INTO releases (period, created_at, created_by, token_id, kommentar) VALUES (?, ?, ?, ?, ?)'),
      insertReleaseScope: p('INSERT INTO release_scopes (release_id, scope, period, revision) VALUES (?, ?, ?, ?)'),
      deleteReleasedScope: p('DELETE FROM released_values WHERE period = ? AND scope = ?'),
      copyReleasedScope: p(`INSERT INTO released_values (period, area, variable, value, scope, submission_id)
                            SELECT period, area, variable, value, scope, submission_id FROM current_values WHERE period = ? AND scope = ?`),
      releases: p(`SELECT r.*, rs.scope, rs.revision, t.label AS token_name FROM releases r
                   JOIN release_scopes rs ON rs.release_id = r.id LEFT JOIN tokens t ON t.id = r.token_id
                   WHERE ? IS NULL OR r.period = ? ORDER BY r.id DESC`),
      releaseById: p(`SELECT r.*, rs.scope, rs.revision, t.label AS token_name FROM releases r
                      JOIN release_scopes rs ON rs.release_id = r.id LEFT JOIN tokens t ON t.id = r.token_id WHERE r.id = ?`),
      releasedAll: p('SELECT area, variable, value, submission_id FROM released_values WHERE period = ?'),
      releasedScope: p('SELECT area, variable, value, submission_id FROM released_values WHERE period = ? AND scope = ?'),
      releasedPeriods: p('SELECT DISTINCT period FROM releases ORDER BY period'),
      insertAudit: p('INSERT INTO audit_log (at, actor, action, subject, content_hash) VALUES (?, ?, ?, ?, ?)'),
      audit: p('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
    };
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async versions(period?: Period): Promise<Versions> {
    return versionsFromRow(this.stmt.versions.get(periodParam(period)) as Row);
  }
  async latestCatalogueVersion(): Promise<string | undefined> {
    return (this.stmt.latestCatalogueVersion.get() as { version: string } | undefined)?.version;
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (this.stmt.getMeta.get(key) as { value: string } | undefined)?.value;
  }
  async setMeta(key: string, value: string): Promise<void> {
    this.stmt.setMeta.run(key, value);
  }

  async latestCatalogue(): Promise<StoredCatalogue | undefined> {
    return catalogueFromRow(this.stmt.latestCatalogue.get() as Row | undefined);
  }
  async catalogue(version: string): Promise<StoredCatalogue | undefined> {
    return catalogueFromRow(this.stmt.catalogue.get(version) as Row | undefined);
  }
  async catalogueVersions(): Promise<string[]> {
    return (this.stmt.catalogueVersions.all() as { version: string }[]).map((r) => r.version);
  }
  async addCatalogue(version: string, definition: unknown, contentHash: string, actor: Actor): Promise<boolean> {
    return this.db.transaction(() => {
      const at = now();
      const r = this.stmt.insertCatalogue.run(version, JSON.stringify(definition), contentHash, at, actor.label);
      if (r.changes === 0) return false;
      this.stmt.insertAudit.run(at, actor.label, 'katalog', `Katalog ${version}`, contentHash);
      return true;
    }).immediate();
  }

  async areas(): Promise<AreaWithGeometry[]> {
    return (this.stmt.areas.all() as Row[]).map(areaFromRow);
  }
  async replaceAreas(areas: AreaWithGeometry[], contentHash: string, actor: Actor): Promise<void> {
    this.db.transaction(() => {
      this.stmt.deleteAreas.run();
      for (const a of areas) {
        this.stmt.insertArea.run(a.code, a.name, a.ebene, a.parent, a.geometry ? JSON.stringify(a.geometry) : null, a.teileUnvollstaendig ? 1 : null, a.teileUnvollstaendigGrund ?? null);
      }
      const v = Number((this.stmt.getMeta.get('areas_version') as { value: string } | undefined)?.value ?? 0) + 1;
      this.stmt.setMeta.run('areas_version', String(v));
      this.stmt.insertAudit.run(now(), actor.label, 'gebiete', `Gebietsgliederung (${areas.length} Gebiete)`, contentHash);
    }).immediate();
  }

  async createToken(tokenHash: string, role: Role, label: string, actor: Actor): Promise<number> {
    return this.db.transaction(() => {
      const at = now();
      const r = this.stmt.insertToken.run(tokenHash, role.rolle, role.rolle === 'kommune' ? role.ags : null, label, at);
      const id = Number(r.lastInsertRowid);
      // The audit log names the token by id and its hash, never the token itself.
      this.stmt.insertAudit.run(at, actor.label, 'token_erstellt', `Token ${id} (${label})`, tokenHash);
      return id;
    }).immediate();
  }
  async tokenByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const r = this.stmt.tokenByHash.get(tokenHash) as Row | undefined;
    return r && tokenFromRow(r);
  }
  async revokeToken(id: number, actor: Actor): Promise<boolean> {
    return this.db.transaction(() => {
      const r = this.stmt.revokeToken.run(now(), id);
      if (r.changes === 0) return false;
      this.stmt.insertAudit.run(now(), actor.label, 'token_widerrufen', `Token ${id}`, '');
      return true;
    }).immediate();
  }
  async tokens(): Promise<TokenRecord[]> {
    return (this.stmt.tokens.all() as Row[]).map(tokenFromRow);
  }

  async tokenById(id: number): Promise<TokenRecord | undefined> {
    const r = this.stmt.tokenById.get(id) as Row | undefined;
    return r && tokenFromRow(r);
  }

  async sozialindexSetting(): Promise<StoredSozialindex | undefined> {
    return sozialindexFromRow(this.stmt.sozialindexLatest.get() as Row | undefined);
  }
  async sozialindexHistory(): Promise<StoredSozialindex[]> {
    return (this.stmt.sozialindexAll.all() as Row[]).map((r) => sozialindexFromRow(r)!);
  }
  async addSozialindexSetting(setting: SozialindexEinstellung, contentHash: string, actor: Actor): Promise<StoredSozialindex> {
    return this.db.transaction(() => {
      const at = now();
      const info = this.stmt.insertSozialindex.run(JSON.stringify(setting.indikatoren), setting.kommentar ?? null, setting.vergleichsjahr ?? null, contentHash, at, actor.label, actor.tokenId);
      const version = Number(info.lastInsertRowid);
      const summary = setting.indikatoren.map((c) => `${c.id}:${c.richtung}:${c.gewicht}`).join(',') + (setting.vergleichsjahr ? `; Vergleichsjahr ${setting.vergleichsjahr}` : '');
      this.stmt.insertAudit.run(at, actor.label, 'sozialindex', `Sozialindex-Einstellung ${version}: ${summary}`, contentHash);
      return sozialindexFromRow(this.stmt.sozialindexByVersion.get(version) as Row)!;
    }).immediate();
  }

  private revisionNow(scope: string, period: Period): number {
    return (this.stmt.revision.get(scope, period) as { r: number }).r;
  }
  async revisions(period: Period, scopes: string[]): Promise<Record<string, number>> {
    return Object.fromEntries(scopes.map((s) => [s, this.revisionNow(s, period)]));
  }

  /** One server process per file: the in-process queue serialises its writers (writer-lock.ts). */
  serialiseWriters<T>(period: Period, scopes: string[], fn: () => Promise<T>): Promise<T> {
    return this.writers.with(scopes.map((scope) => writerKey(period, scope)), fn);
  }

  async appendSubmission(s: NewSubmission): Promise<AppendResult> {
    // IMMEDIATE: take the write lock before reading revisions, so the check and the insert are one step.
    return this.db.transaction((): AppendResult => {
      if (s.idempotency && s.actor.tokenId !== null) {
        const prior = this.stmt.idempotent.get(s.actor.tokenId, s.idempotency.key) as { request_hash: string; response: string } | undefined;
        if (prior) return { kind: 'replay', requestHash: prior.request_hash, response: JSON.parse(prior.response) as SubmissionAccepted };
      }
      const current: Record<string, number> = {};
      for (const scope of s.scopes) {
        current[scope] = this.revisionNow(scope, s.period);
        if (current[scope] !== (s.expectedRevisions[scope] ?? 0)) return { kind: 'stale' };
      }
      const at = now();
      const info = this.stmt.insertSubmission.run(
        s.period, s.meldebereich, s.actor.label, s.actor.tokenId, at, s.contentHash, s.catalogueVersion, s.rows.length,
      );
      const id = Number(info.lastInsertRowid);
      const revisions: Record<string, number> = {};
      for (const scope of s.scopes) {
        revisions[scope] = current[scope]! + 1;
        this.stmt.insertScope.run(scope, s.period, revisions[scope], id);
      }
      for (const r of s.rows) {
        this.stmt.insertValue.run(id, r.area, r.variable, r.value, r.scope);
        this.stmt.upsertCurrent.run(s.period, r.area, r.variable, r.value, r.scope, id);
      }
      const accepted = submissionAccepted(s, id, revisions, at);
      if (s.idempotency && s.actor.tokenId !== null) {
        this.stmt.insertIdempotent.run(s.actor.tokenId, s.idempotency.key, s.idempotency.requestHash, JSON.stringify(accepted), at);
      }
      this.stmt.insertAudit.run(at, s.actor.label, 'meldung', submissionSubject(id, s), s.contentHash);
      const after = Number((this.stmt.bumpValues.get(s.period) as { v: number }).v);
      return { kind: 'stored', accepted, valuesVersionBefore: after - 1, valuesVersion: after };
    }).immediate();
  }

  async idempotentResponse(tokenId: number, key: string): Promise<{ requestHash: string; response: SubmissionAccepted } | undefined> {
    const r = this.stmt.idempotent.get(tokenId, key) as { request_hash: string; response: string } | undefined;
    return r && { requestHash: r.request_hash, response: JSON.parse(r.response) as SubmissionAccepted };
  }


  async submissionsSince(meldebereich: string, period: Period, afterRevision: number): Promise<SubmissionSummary[]> {
    return (this.stmt.since.all(meldebereich, period, afterRevision) as Row[]).map((r) =>
      summaryFromRow(r, Number(r.scope_revision), this.stmt.submissionValues.all(r.id) as SubmissionSummary['rows']),
    );
  }

  async history(filter: HistoryFilter): Promise<SubmissionSummary[]> {
    // Built from fixed fragments only; every value is a bound parameter.
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.period) {
      where.push('s.period = ?');
      params.push(filter.period);
    }
    if (filter.area) {
      where.push('s.id IN (SELECT submission_id FROM submission_values WHERE area = ?)');
      params.push(filter.area);
    }
    if (filter.scopes) {
      where.push(`s.id IN (SELECT submission_id FROM submission_values WHERE scope IN (${filter.scopes.map(() => '?').join(', ') || 'NULL'}))`);
      params.push(...filter.scopes);
    }
    if (filter.before !== undefined) {
      where.push('s.id < ?');
      params.push(filter.before);
    }
    const sql = `SELECT s.* FROM submissions s ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, filter.limit ?? HISTORY_MAX) as Row[];
    const valuesOf = this.db.prepare(
      filter.area
        ? 'SELECT area, variable, value FROM submission_values WHERE submission_id = ? AND area = ? ORDER BY variable'
        : 'SELECT area, variable, value FROM submission_values WHERE submission_id = ? ORDER BY area, variable',
    );
    return rows.map((r) => {
      const rev = this.stmt.revisionOfSubmission.get(r.id, r.meldebereich) as { revision: number } | undefined;
      const values = filter.area
        ? (valuesOf.all(r.id, filter.area) as SubmissionSummary['rows'])
        : filter.scopes
          ? this.valuesInScopes(Number(r.id), filter.scopes)
          : (valuesOf.all(r.id) as SubmissionSummary['rows']);
      return summaryFromRow(r, rev?.revision ?? 0, values);
    });
  }

  private valuesInScopes(submissionId: number, scopes: string[]): SubmissionSummary['rows'] {
    const sql = `SELECT area, variable, value FROM submission_values WHERE submission_id = ? AND scope IN (${scopes.map(() => '?').join(', ')}) ORDER BY area, variable`;
    return this.db.prepare(sql).all(submissionId, ...scopes) as SubmissionSummary['rows'];
  }

  async currentValues(period: Period, scopes?: string[]): Promise<CurrentValue[]> {
    const rows = scopes
      ? scopes.flatMap((sc) => this.stmt.currentScope.all(period, sc) as Row[])
      : (this.stmt.currentAll.all(period) as Row[]);
    return rows.map(currentValueFromRow);
  }

  async periods(): Promise<Period[]> {
    return (this.stmt.periods.all() as { period: string }[]).map((r) => r.period);
  }

  async release(period: Period, scopes: string[], actor: Actor, kommentar?: string): Promise<ReleaseRecord | undefined> {
    // IMMEDIATE: no submission can come between reading a revision and copying its values.
    return this.db.transaction((): ReleaseRecord | undefined => {
      const released = this.releasedRevisionsNow(period);
      const todo = [...new Set(scopes)]
        .sort()
        .map((scope) => ({ scope, revision: this.revisionNow(scope, period) }))
        .filter((x) => x.revision > 0 && x.revision !== (released[x.scope] ?? 0));
      if (todo.length === 0) return undefined;
      const at = now();
      const id = Number(this.stmt.insertRelease.run(period, at, actor.label, actor.tokenId, kommentar ?? null).lastInsertRowid);
      for (const { scope, revision } of todo) {
        this.stmt.insertReleaseScope.run(id, scope, period, revision);
        this.stmt.deleteReleasedScope.run(period, scope);
        this.stmt.copyReleasedScope.run(period, scope);
      }
      this.stmt.insertAudit.run(at, actor.label, 'freigabe', releaseSubject(id, period, todo), '');
      this.stmt.bumpReleased.get(period);
      return releasesFromRows(this.stmt.releaseById.all(id) as Row[])[0];
    }).immediate();
  }

  async releases(period?: Period): Promise<ReleaseRecord[]> {
    return releasesFromRows(this.stmt.releases.all(period ?? null, period ?? null) as Row[]);
  }

  private releasedRevisionsNow(period: Period): Record<string, number> {
    return Object.fromEntries((this.stmt.releasedRevisions.all(period) as Row[]).map((r) => [String(r.scope), Number(r.revision)]));
  }
  async releasedRevisions(period: Period): Promise<Record<string, number>> {
    return this.releasedRevisionsNow(period);
  }

  async releasedValues(period: Period, scopes?: string[]): Promise<CurrentValue[]> {
    const rows = scopes
      ? scopes.flatMap((sc) => this.stmt.releasedScope.all(period, sc) as Row[])
      : (this.stmt.releasedAll.all(period) as Row[]);
    return rows.map(currentValueFromRow);
  }

  async releasedPeriods(): Promise<Period[]> {
    return (this.stmt.releasedPeriods.all() as { period: string }[]).map((r) => r.period);
  }

  async completeness(period: Period): Promise<{ variables: CompletenessRow[]; revisions: ScopeRevision[] }> {
    return {
      variables: (this.stmt.completeness.all(period) as Row[]).map((r) => ({
        scope: String(r.scope),
        variable: String(r.variable),
        areas: Number(r.areas),
        lastSubmittedAt: String(r.last),
      })),
      revisions: (this.stmt.scopeRevisions.all(period) as Row[]).map((r) => ({
        scope: String(r.scope),
        revision: Number(r.revision),
        lastSubmittedAt: String(r.last),
      })),
    };
  }

  async audit(limit = 100): Promise<AuditEntry[]> {
    return (this.stmt.audit.all(limit) as Row[]).map(auditFromRow);
  }

  /** A plain SQL sum per Stadt and variable: the peer the benchmark compares indicator queries with. */
  sumByScope(period: Period): { scope: string; variable: string; total: number }[] {
    return this.db
      .prepare('SELECT scope, variable, SUM(value) AS total FROM current_values WHERE period = ? GROUP BY scope, variable')
      .all(period) as { scope: string; variable: string; total: number }[];
  }
}

export function openStorage(file: string): SqliteStorage {
  return new SqliteStorage(file);
}
