/**
 * Schema migrations, applied in order; `schema_version` records the ones done. A migration is never
 * changed once released: later changes are new entries at the end.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Migration 7's start values on both backends: each period's largest submission and release id,
 * the data versions until then. Part of a released migration: never change it.
 */
export const PERIOD_VERSIONS_FROM_IDS = `
  INSERT INTO period_versions (period, values_version, released_version)
    SELECT period, MAX(s), MAX(r) FROM (
      SELECT period, MAX(id) AS s, 0 AS r FROM submissions GROUP BY period
      UNION ALL
      SELECT period, 0 AS s, MAX(id) AS r FROM releases GROUP BY period
    ) AS ids GROUP BY period;
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'Grundschema: Katalog, Gebiete, Tokens, Meldungen mit allen Versionen, Prüfprotokoll',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE catalogues (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        version TEXT NOT NULL UNIQUE,
        definition TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );

      CREATE TABLE areas (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        ebene TEXT NOT NULL,
        parent TEXT,
        geometry TEXT
      );

      CREATE TABLE tokens (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_hash TEXT NOT NULL UNIQUE,
        rolle TEXT NOT NULL CHECK (rolle IN ('kreis', 'kommune', 'leser')),
        ags TEXT,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );

      -- One row per accepted submission; its values are in submission_values (every version kept).
      CREATE TABLE submissions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        period TEXT NOT NULL,
        meldebereich TEXT NOT NULL,
        actor TEXT NOT NULL,
        token_id INTEGER,
        created_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        catalogue_version TEXT NOT NULL,
        row_count INTEGER NOT NULL
      );

      -- The revision counter per Meldebereich and period; the primary key makes two submissions
      -- claiming the same revision impossible (no lost update even across processes).
      CREATE TABLE submission_scopes (
        scope TEXT NOT NULL,
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        PRIMARY KEY (scope, period, revision)
      );
      CREATE INDEX submission_scopes_by_submission ON submission_scopes(submission_id);

      CREATE TABLE submission_values (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        area TEXT NOT NULL,
        variable TEXT NOT NULL,
        value INTEGER NOT NULL,
        scope TEXT NOT NULL,
        PRIMARY KEY (submission_id, area, variable)
      );
      CREATE INDEX submission_values_by_area ON submission_values(area);

      -- The newest accepted value per cell, maintained in the same transaction as the submission,
      -- so that reading a whole period is one indexed scan.
      CREATE TABLE current_values (
        period TEXT NOT NULL,
        area TEXT NOT NULL,
        variable TEXT NOT NULL,
        value INTEGER NOT NULL,
        scope TEXT NOT NULL,
        submission_id INTEGER NOT NULL,
        PRIMARY KEY (period, area, variable)
      ) WITHOUT ROWID;
      CREATE INDEX current_values_by_scope ON current_values(period, scope);

      CREATE TABLE idempotency_keys (
        token_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (token_id, key)
      );

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        content_hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'Das Prüfprotokoll kann nicht geändert werden'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'Das Prüfprotokoll kann nicht gelöscht werden'); END;
    `,
  },
  {
    version: 2,
    description: 'Index: neueste Meldung je Periode (Cache-Schlüssel der Werte einer Periode)',
    sql: 'CREATE INDEX submissions_by_period ON submissions(period, id);',
  },
  {
    version: 3,
    description: 'Sozialindex: vom Kreis gespeicherte Einstellungen (Kennzahlen, Richtung, Gewicht) mit allen Versionen',
    sql: `
      -- Every saved setting is a new row; the newest is the agreed one. Nothing is updated or deleted,
      -- so the history (who, when, what) stays complete.
      CREATE TABLE sozialindex_settings (
        version INTEGER PRIMARY KEY AUTOINCREMENT,
        indikatoren TEXT NOT NULL,
        kommentar TEXT,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        token_id INTEGER
      );
      CREATE TRIGGER sozialindex_settings_no_update BEFORE UPDATE ON sozialindex_settings
        BEGIN SELECT RAISE(ABORT, 'Eine gespeicherte Sozialindex-Einstellung wird nie geändert'); END;
      CREATE TRIGGER sozialindex_settings_no_delete BEFORE DELETE ON sozialindex_settings
        BEGIN SELECT RAISE(ABORT, 'Eine gespeicherte Sozialindex-Einstellung wird nie gelöscht'); END;
    `,
  },
  {
    version: 4,
    description: 'Sozialindex: Vergleichsjahr des Dynamikindex in der gespeicherten Einstellung (leer = erstes Jahr mit Daten)',
    // Nullable: versions saved before keep no year and read back without one. Adding a column
    // rewrites no row, so the no-update trigger of migration 3 is not touched.
    sql: `ALTER TABLE sozialindex_settings ADD COLUMN vergleichsjahr TEXT
            CHECK (vergleichsjahr IS NULL OR vergleichsjahr GLOB '[0-9][0-9][0-9][0-9]');`,
  },
  {
    version: 5,
    description: 'Freigabe: der Kreis gibt den Stand je Meldebereich und Jahr frei; Leser sehen nur freigegebene Werte',
    // What was public before this migration stays public: the current state of every period is
    // recorded as released (by "Umstellung auf Freigabe"), so an upgrade hides nothing readers saw.
    sql: `
      -- One row per release; release_scopes holds the revision released per Meldebereich.
      CREATE TABLE releases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        period TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        token_id INTEGER,
        kommentar TEXT
      );
      CREATE INDEX releases_by_period ON releases(period, id);
      CREATE TABLE release_scopes (
        release_id INTEGER NOT NULL REFERENCES releases(id),
        scope TEXT NOT NULL,
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (release_id, scope)
      );
      CREATE INDEX release_scopes_by_scope ON release_scopes(period, scope, revision);
      CREATE TRIGGER releases_no_update BEFORE UPDATE ON releases
        BEGIN SELECT RAISE(ABORT, 'Eine Freigabe wird nie geändert'); END;
      CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases
        BEGIN SELECT RAISE(ABORT, 'Eine Freigabe wird nie gelöscht'); END;
      CREATE TRIGGER release_scopes_no_update BEFORE UPDATE ON release_scopes
        BEGIN SELECT RAISE(ABORT, 'Eine Freigabe wird nie geändert'); END;
      CREATE TRIGGER release_scopes_no_delete BEFORE DELETE ON release_scopes
        BEGIN SELECT RAISE(ABORT, 'Eine Freigabe wird nie gelöscht'); END;

      -- The released value per cell (its value as of the released revision of its Meldebereich),
      -- written in the release's transaction, so that reading a released period is one indexed scan.
      CREATE TABLE released_values (
        period TEXT NOT NULL,
        area TEXT NOT NULL,
        variable TEXT NOT NULL,
        value INTEGER NOT NULL,
        scope TEXT NOT NULL,
        submission_id INTEGER NOT NULL,
        PRIMARY KEY (period, area, variable)
      ) WITHOUT ROWID;
      CREATE INDEX released_values_by_scope ON released_values(period, scope);

      INSERT INTO releases (period, created_at, created_by, token_id, kommentar)
        SELECT period, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'Umstellung auf Freigabe', NULL, 'vor der Freigabe schon veröffentlichter Stand'
        FROM (SELECT DISTINCT period FROM submission_scopes) ORDER BY period;
      INSERT INTO release_scopes (release_id, scope, period, revision)
        SELECT r.id, sc.scope, sc.period, MAX(sc.revision) FROM submission_scopes sc JOIN releases r ON r.period = sc.period
        GROUP BY r.id, sc.scope, sc.period;
      INSERT INTO released_values (period, area, variable, value, scope, submission_id)
        SELECT period, area, variable, value, scope, submission_id FROM current_values;
      INSERT INTO audit_log (at, actor, action, subject, content_hash)
        SELECT created_at, created_by, 'freigabe', 'Freigabe ' || id || ': ' || period || ', bisheriger Stand', '' FROM releases ORDER BY id;
    `,
  },
  {
    version: 6,
    description: 'Gebiete: Teilgebiete unvollständig (amtliche Gesamtzahl gilt vor der Summe der Teile), mit Grund',
    // Nullable, no default rewrite: trees stored before read back unchanged (no flag, no reason).
    sql: `
      ALTER TABLE areas ADD COLUMN teile_unvollstaendig INTEGER CHECK (teile_unvollstaendig IS NULL OR teile_unvollstaendig = 1);
      ALTER TABLE areas ADD COLUMN teile_unvollstaendig_grund TEXT;
    `,
  },
  {
    version: 7,
    description: 'Datenstand je Jahr: ein Zähler der festgeschriebenen Meldungen und Freigaben (Reihenfolge der Festschreibung, nicht der Nummern)',
    // See period-versions.ts. Started at the largest id of each period, which was the data version
    // until now: no version goes backwards, so no cache key or ETag of the old state comes back.
    sql: `
      CREATE TABLE period_versions (
        period TEXT PRIMARY KEY,
        values_version INTEGER NOT NULL CHECK (values_version >= 0),
        released_version INTEGER NOT NULL CHECK (released_version >= 0)
      ) WITHOUT ROWID;
      CREATE TRIGGER period_versions_no_decrease BEFORE UPDATE ON period_versions
        WHEN NEW.values_version < OLD.values_version OR NEW.released_version < OLD.released_version
        BEGIN SELECT RAISE(ABORT, 'Ein Datenstand wird nie zurückgesetzt'); END;
      CREATE TRIGGER period_versions_no_delete BEFORE DELETE ON period_versions
        BEGIN SELECT RAISE(ABORT, 'Ein Datenstand wird nie gelöscht'); END;
      ${PERIOD_VERSIONS_FROM_IDS}
    `,
  },
];
