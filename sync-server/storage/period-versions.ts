/**
 * The data versions of a period (`period_versions`, migration 7), the same SQL for SQLite and
 * PostgreSQL (only the placeholder differs: `?` or `$1`).
 *
 * Why a counter and not the largest id: on PostgreSQL two cities' submissions of one year run in
 * parallel; id 10 may commit after id 11. A reader in another process that has seen 11 would find the
 * largest id unchanged when 10 arrives and keep serving its caches of the old state. Every transaction
 * that changes a period's current values (appendSubmission, the only writer of current_values) or
 * its released values (release) counts itself here, as its last statement before COMMIT:
 * the INSERT … ON CONFLICT DO UPDATE locks the period's row until the transaction ends, so a second
 * writer of the same year waits for the first one's commit before it counts. Version order is thus
 * commit order, without gaps, and a version is visible exactly together with the data it counts.
 * Taken last so that the row is held only for the commit itself (submissions of different cities
 * still insert their rows in parallel). Lock order on PostgreSQL, in every writer: scope heads, cells,
 * then this row, whose holder waits for nothing else: no deadlock.
 * SQLite has one writer at a time anyway; it uses the same counter so both backends mean the same.
 */
import type { Period } from '../../shared';

export type PeriodCounter = 'values_version' | 'released_version';

/**
 * Counts one commit of `counter` for the period bound to placeholder `p`; returns the new value as `v`
 * (the value before it is v - 1: the increment is exactly one, under the row lock).
 */
export function bumpSql(counter: PeriodCounter, p: string): string {
  const start = counter === 'values_version' ? '1, 0' : '0, 1';
  return `INSERT INTO period_versions (period, values_version, released_version) VALUES (${p}, ${start})
          ON CONFLICT (period) DO UPDATE SET ${counter} = period_versions.${counter} + 1 RETURNING ${counter} AS v`;
}

/**
 * Storage.versions(period): the period's two counters (0 for a period without a row, and for no
 * period at all), the catalogue and areas counters; one placeholder `p` for the period.
 */
export function versionsSql(p: string): string {
  return `SELECT (SELECT COALESCE(MAX(seq), 0) FROM catalogues) AS c,
                 (SELECT value FROM meta WHERE key = 'areas_version') AS a,
                 COALESCE(pv.values_version, 0) AS s,
                 COALESCE(pv.released_version, 0) AS r
          FROM (SELECT 1 AS one) AS one LEFT JOIN period_versions pv ON pv.period = ${p}`;
}

export interface Versions {
  areas: number;
  catalogue: number;
  values: number;
  released: number;
}

/** The row of versionsSql as Storage.versions returns it (drivers give bigint columns as strings). */
export function versionsFromRow(r: Record<string, unknown>): Versions {
  return { areas: Number(r.a ?? 0), catalogue: Number(r.c), values: Number(r.s), released: Number(r.r) };
}

/** versionsSql's argument: the period, or one no row has (versions() without a period). */
export const periodParam = (period?: Period): string => period ?? '';
