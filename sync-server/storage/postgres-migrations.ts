/**
 * Schema migrations for PostgreSQL, applied in order inside the configured schema; `schema_version`
 * records the ones done (as in SQLite). The version numbers and descriptions follow `migrations.ts`,
 * so "schema version 3" means the same tables on both backends. A migration is never changed once
 * released: later changes are new entries at the end.
 *
 * Differences to the SQLite schema, each for a reason:
 * - `scope_heads` (migration 1) holds the current revision per Meldebereich and period. Writers lock
 *   its rows with SELECT … FOR UPDATE, which makes the optimistic revision check race-free under
 *   READ COMMITTED (SQLite gets the same from its single writer lock, BEGIN IMMEDIATE).
 * - Timestamps are `timestamptz`, JSON documents `json` (not `jsonb`: it keeps the text exactly as
 *   written, so a stored catalogue or geometry reads back byte-identical).
 * - Codes, variables, periods and scopes use the "C" collation: sorted byte-wise as in SQLite
 *   (a language collation would ignore the hyphens of "05954036-01-0001" when sorting).
 * - Besides the audit log and the Sozialindex settings, the submission tables refuse UPDATE and
 *   DELETE too: they are append-only in both backends, PostgreSQL enforces it.
 */
import { PERIOD_VERSIONS_FROM_IDS, type Migration } from './migrations';

/** The trigger function is shared by every append-only table; TG_ARGV[0] is the German message. */
const REFUSE_FUNCTION = `
  CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
  END $$;
`;

const refuse = (table: string, update: string, del: string): string => `
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change('${update}');
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change('${del}');
  CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('${del}');
`;

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'Grundschema: Katalog, Gebiete, Tokens, Meldungen mit allen Versionen, Prüfprotokoll',
    sql: `
      ${REFUSE_FUNCTION}

      CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);

      CREATE TABLE catalogues (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        version text COLLATE "C" NOT NULL UNIQUE,
        definition json NOT NULL,
        content_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL
      );

      CREATE TABLE areas (
        code text COLLATE "C" PRIMARY KEY,
        name text NOT NULL,
        ebene text NOT NULL,
        parent text COLLATE "C",
        geometry json
      );

      CREATE TABLE tokens (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        rolle text NOT NULL CHECK (rolle IN ('kreis', 'kommune', 'leser')),
        ags text,
        label text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );

      -- One row per accepted submission; its values are in submission_values (every version kept).
      CREATE TABLE submissions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        period text COLLATE "C" NOT NULL,
        meldebereich text COLLATE "C" NOT NULL,
        actor text NOT NULL,
        token_id bigint,
        created_at timestamptz NOT NULL,
        content_hash text NOT NULL,
        catalogue_version text NOT NULL,
        row_count integer NOT NULL
      );

      -- The head revision per Meldebereich and period: the row a writer locks (FOR UPDATE) before it
      -- compares revisions, so that check and insert are one step for concurrent writers.
      CREATE TABLE scope_heads (
        scope text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        revision integer NOT NULL,
        PRIMARY KEY (scope, period)
      );

      -- Every revision ever given out; the primary key makes two submissions claiming the same
      -- revision impossible even if the lock above were bypassed.
      CREATE TABLE submission_scopes (
        scope text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        revision integer NOT NULL,
        submission_id bigint NOT NULL REFERENCES submissions(id),
        PRIMARY KEY (scope, period, revision)
      );
      CREATE INDEX submission_scopes_by_submission ON submission_scopes(submission_id);

      CREATE TABLE submission_values (
        submission_id bigint NOT NULL REFERENCES submissions(id),
        area text COLLATE "C" NOT NULL,
        variable text COLLATE "C" NOT NULL,
        value bigint NOT NULL,
        scope text COLLATE "C" NOT NULL,
        PRIMARY KEY (submission_id, area, variable)
      );
      CREATE INDEX submission_values_by_area ON submission_values(area);
      CREATE INDEX submission_values_by_scope ON submission_values(scope, submission_id);

      -- The newest accepted value per cell, maintained in the same transaction as the submission.
      CREATE TABLE current_values (
        period text COLLATE "C" NOT NULL,
        area text COLLATE "C" NOT NULL,
        variable text COLLATE "C" NOT NULL,
        value bigint NOT NULL,
        scope text COLLATE "C" NOT NULL,
        submission_id bigint NOT NULL,
        PRIMARY KEY (period, area, variable)
      );
      CREATE INDEX current_values_by_scope ON current_values(period, scope);

      CREATE TABLE idempotency_keys (
        token_id bigint NOT NULL,
        key text COLLATE "C" NOT NULL,
        request_hash text NOT NULL,
        response json NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (token_id, key)
      );

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        content_hash text NOT NULL
      );
      ${refuse('audit_log', 'Das Prüfprotokoll kann nicht geändert werden', 'Das Prüfprotokoll kann nicht gelöscht werden')}
      ${refuse('submissions', 'Eine gespeicherte Meldung wird nie geändert', 'Eine gespeicherte Meldung wird nie gelöscht')}
      ${refuse('submission_scopes', 'Eine vergebene Revision wird nie geändert', 'Eine vergebene Revision wird nie gelöscht')}
      ${refuse('submission_values', 'Ein gemeldeter Wert wird nie geändert', 'Ein gemeldeter Wert wird nie gelöscht')}
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
      -- Every saved setting is a new row; the newest is the agreed one. Nothing is updated or deleted.
      CREATE TABLE sozialindex_settings (
        -- numbered without gaps (MAX + 1 under a lock), like SQLite's AUTOINCREMENT inside a transaction;
        -- a sequence would skip numbers after a failed save and clerks would ask about version 4.
        version integer PRIMARY KEY,
        indikatoren json NOT NULL,
        kommentar text,
        content_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        token_id bigint
      );
      ${refuse('sozialindex_settings', 'Eine gespeicherte Sozialindex-Einstellung wird nie geändert', 'Eine gespeicherte Sozialindex-Einstellung wird nie gelöscht')}
    `,
  },
  {
    version: 4,
    description: 'Sozialindex: Vergleichsjahr des Dynamikindex in der gespeicherten Einstellung (leer = erstes Jahr mit Daten)',
    // Nullable, no default: existing rows are not rewritten (the refuse-UPDATE trigger stays quiet)
    // and read back without a year.
    sql: `ALTER TABLE sozialindex_settings ADD COLUMN vergleichsjahr text COLLATE "C" CHECK (vergleichsjahr ~ '^[0-9]{4}$');`,
  },
  {
    version: 5,
    description: 'Freigabe: der Kreis gibt den Stand je Meldebereich und Jahr frei; Leser sehen nur freigegebene Werte',
    // As in SQLite: the state public before the migration is recorded as released.
    sql: `
      CREATE TABLE releases (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        period text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        token_id bigint,
        kommentar text
      );
      CREATE INDEX releases_by_period ON releases(period, id);
      CREATE TABLE release_scopes (
        release_id bigint NOT NULL REFERENCES releases(id),
        scope text COLLATE "C" NOT NULL,
        period text COLLATE "C" NOT NULL,
        revision integer NOT NULL,
        PRIMARY KEY (release_id, scope)
      );
      CREATE INDEX release_scopes_by_scope ON release_scopes(period, scope, revision);
      ${refuse('releases', 'Eine Freigabe wird nie geändert', 'Eine Freigabe wird nie gelöscht')}
      ${refuse('release_scopes', 'Eine Freigabe wird nie geändert', 'Eine Freigabe wird nie gelöscht')}

      -- The released value per cell, written in the release's transaction (like current_values).
      CREATE TABLE released_values (
        period text COLLATE "C" NOT NULL,
        area text COLLATE "C" NOT NULL,
        variable text COLLATE "C" NOT NULL,
        value bigint NOT NULL,
        scope text COLLATE "C" NOT NULL,
        submission_id bigint NOT NULL,
        PRIMARY KEY (period, area, variable)
      );
      CREATE INDEX released_values_by_scope ON released_values(period, scope);

      INSERT INTO releases (period, created_at, created_by, token_id, kommentar)
        SELECT period, now(), 'Umstellung auf Freigabe', NULL, 'vor der Freigabe schon veröffentlichter Stand'
        FROM (SELECT DISTINCT period FROM scope_heads WHERE revision > 0) p ORDER BY period;
      INSERT INTO release_scopes (release_id, scope, period, revision)
        SELECT r.id, h.scope, h.period, h.revision FROM scope_heads h JOIN releases r ON r.period = h.period WHERE h.revision > 0;
      INSERT INTO released_values (period, area, variable, value, scope, submission_id)
        SELECT period, area, variable, value, scope, submission_id FROM current_values;
      INSERT INTO audit_log (at, actor, action, subject, content_hash)
        SELECT created_at, created_by, 'freigabe', 'Freigabe ' || id || ': ' || period || ', bisheriger Stand', '' FROM releases ORDER BY id;
    `,
  },
  {
    version: 6,
    description: 'Gebiete: Teilgebiete unvollständig (amtliche Gesamtzahl gilt vor der Summe der Teile), mit Grund',
    // As in SQLite: nullable, existing rows read back without the flag.
    sql: `
      ALTER TABLE areas ADD COLUMN teile_unvollstaendig boolean CHECK (teile_unvollstaendig IS NULL OR teile_unvollstaendig);
      ALTER TABLE areas ADD COLUMN teile_unvollstaendig_grund text;
    `,
  },
  {
    version: 7,
    description: 'Datenstand je Jahr: ein Zähler der festgeschriebenen Meldungen und Freigaben (Reihenfolge der Festschreibung, nicht der Nummern)',
    // As in SQLite (period-versions.ts): started at the largest id, never lower, never deleted.
    sql: `
      CREATE TABLE period_versions (
        period text COLLATE "C" PRIMARY KEY,
        values_version bigint NOT NULL CHECK (values_version >= 0),
        released_version bigint NOT NULL CHECK (released_version >= 0)
      );
      CREATE TRIGGER period_versions_no_decrease BEFORE UPDATE ON period_versions FOR EACH ROW
        WHEN (NEW.values_version < OLD.values_version OR NEW.released_version < OLD.released_version)
        EXECUTE FUNCTION refuse_change('Ein Datenstand wird nie zurückgesetzt');
      CREATE TRIGGER period_versions_no_delete BEFORE DELETE ON period_versions FOR EACH ROW EXECUTE FUNCTION refuse_change('Ein Datenstand wird nie gelöscht');
      CREATE TRIGGER period_versions_no_truncate BEFORE TRUNCATE ON period_versions FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('Ein Datenstand wird nie gelöscht');
      ${PERIOD_VERSIONS_FROM_IDS}
    `,
  },
];
