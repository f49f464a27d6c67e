/**
 * From database rows to the storage interface's records, for both backends: SQLite hands back text
 * (ISO timestamps, JSON as text), PostgreSQL `Date` objects and parsed `json` columns. The decoders
 * below accept either, so each record shape is written once.
 */
import type { AreaWithGeometry, Role } from '../../shared';
import type { AuditEntry, CurrentValue, NewSubmission, ReleaseRecord, StoredCatalogue, StoredSozialindex, SubmissionAccepted, SubmissionSummary, TokenRecord } from './types';

export type Row = Record<string, unknown>;

export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
/** JSON stored as text (SQLite, or PostgreSQL cast to text) is parsed; a parsed `json` column is taken as is */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function roleOf(rolle: string, ags: string | null): Role {
  if (rolle === 'kommune') return { rolle: 'kommune', ags: ags ?? '' };
  return { rolle: rolle === 'kreis' ? 'kreis' : 'leser' };
}

export function catalogueFromRow(r: Row | undefined): StoredCatalogue | undefined {
  if (!r) return undefined;
  return { version: String(r.version), definition: json(r.definition), contentHash: String(r.content_hash), createdAt: iso(r.created_at), createdBy: String(r.created_by) };
}

export function areaFromRow(r: Row): AreaWithGeometry {
  return {
    code: String(r.code),
    name: String(r.name),
    ebene: r.ebene as AreaWithGeometry['ebene'],
    parent: textOrNull(r.parent),
    // migration 6; NULL (trees stored before, or areas without the flag) reads back as no field at all
    ...(r.teile_unvollstaendig === null || r.teile_unvollstaendig === undefined || !r.teile_unvollstaendig ? {} : { teileUnvollstaendig: true }),
    ...(r.teile_unvollstaendig_grund === null || r.teile_unvollstaendig_grund === undefined ? {} : { teileUnvollstaendigGrund: String(r.teile_unvollstaendig_grund) }),
    geometry: r.geometry === null ? null : (json(r.geometry) as AreaWithGeometry['geometry']),
  };
}

export function tokenFromRow(r: Row): TokenRecord {
  return { id: Number(r.id), role: roleOf(String(r.rolle), textOrNull(r.ags)), label: String(r.label), createdAt: iso(r.created_at), revokedAt: isoOrNull(r.revoked_at) };
}

export function sozialindexFromRow(r: Row | undefined): StoredSozialindex | undefined {
  if (!r) return undefined;
  return {
    version: Number(r.version),
    indikatoren: json(r.indikatoren) as StoredSozialindex['indikatoren'],
    ...(r.kommentar === null ? {} : { kommentar: String(r.kommentar) }),
    // undefined: a row read through a query that predates the column; null: saved without a year
    ...(r.vergleichsjahr === null || r.vergleichsjahr === undefined ? {} : { vergleichsjahr: String(r.vergleichsjahr) }),
    contentHash: String(r.content_hash),
    createdAt: iso(r.created_at),
    createdBy: String(r.created_by),
    tokenName: textOrNull(r.token_name),
  };
}

export function summaryFromRow(r: Row, revision: number, rows: SubmissionSummary['rows']): SubmissionSummary {
  return {
    submissionId: Number(r.id),
    period: String(r.period),
    meldebereich: String(r.meldebereich),
    revision,
    submittedBy: String(r.actor),
    submittedAt: iso(r.created_at),
    contentHash: String(r.content_hash),
    catalogueVersion: String(r.catalogue_version),
    rowCount: Number(r.row_count),
    rows,
  };
}

export function currentValueFromRow(r: Row): CurrentValue {
  return { area: String(r.area), variable: String(r.variable), value: Number(r.value), submissionId: Number(r.submission_id) };
}

export function auditFromRow(r: Row): AuditEntry {
  return { id: Number(r.id), at: iso(r.at), actor: String(r.actor), action: String(r.action), subject: String(r.subject), contentHash: String(r.content_hash) };
}

/**
 * Releases from rows of releases joined with release_scopes (one row per released scope), in the
 * order given; the scopes of a release sorted by code.
 */
export function releasesFromRows(rows: Row[]): ReleaseRecord[] {
  const out = new Map<number, ReleaseRecord>();
  for (const r of rows) {
    const id = Number(r.id);
    let rec = out.get(id);
    if (!rec) {
      rec = { releaseId: id, period: String(r.period), scopes: [], releasedAt: iso(r.created_at), releasedBy: String(r.created_by), tokenName: textOrNull(r.token_name), kommentar: textOrNull(r.kommentar) };
      out.set(id, rec);
    }
    rec.scopes.push({ scope: String(r.scope), revision: Number(r.revision) });
  }
  for (const rec of out.values()) rec.scopes.sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  return [...out.values()];
}

/** The audit log's subject of a release, the same in both backends. */
export function releaseSubject(id: number, period: string, scopes: { scope: string; revision: number }[]): string {
  return `Freigabe ${id}: ${period}, ${scopes.map((s) => `${s.scope} Revision ${s.revision}`).join(', ')}`;
}

/** What both backends answer for a stored submission (and keep for an idempotent replay of it). */
export function submissionAccepted(s: NewSubmission, id: number, revisions: Record<string, number>, createdAt: string): SubmissionAccepted {
  return { submissionId: id, revision: revisions[s.meldebereich]!, revisions, rowsAccepted: s.rows.length, createdAt };
}

/** The audit log's subject of a submission, the same in both backends. */
export function submissionSubject(id: number, s: NewSubmission): string {
  return `Meldung ${id}: ${s.meldebereich}, ${s.period}, ${s.rows.length} Werte`;
}
