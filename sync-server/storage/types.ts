/**
 * The storage interface of the sync server: everything routes and domain code may ask of the
 * database. `sqlite.ts` (embedded file, the default) and `postgres.ts` (central operation)
 * implement it and are the only modules that know SQL. All methods return promises so that an
 * asynchronous database driver fits without touching the callers.
 */
import type { AreaWithGeometry, Period, Role, SozialindexEinstellung } from '../../shared';
import type { Versions } from './period-versions';

/** Who does something: a token (with its role), or the operator on the command line / demo loader. */
export interface Actor {
  tokenId: number | null;
  role: Role;
  /** human-readable, stored in the audit log, e.g. "kommune:05954036 (Token 4)" */
  label: string;
}

export interface StoredCatalogue {
  version: string;
  definition: unknown;
  contentHash: string;
  createdAt: string;
  createdBy: string;
}

export interface TokenRecord {
  id: number;
  role: Role;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A row as stored: the value plus the Meldebereich (Stadt AGS or Kreis code) it belongs to. */
export interface StoredRow {
  area: string;
  variable: string;
  value: number;
  scope: string;
}

export interface NewSubmission {
  period: Period;
  rows: StoredRow[];
  /** the Meldebereich whose revision the client sees (single Stadt, or the Kreis) */
  meldebereich: string;
  /** every scope whose revision this submission advances (always includes `meldebereich`) */
  scopes: string[];
  /** revisions the caller validated against; if any changed meanwhile nothing is stored ("stale") */
  expectedRevisions: Record<string, number>;
  actor: Actor;
  contentHash: string;
  catalogueVersion: string;
  idempotency?: { key: string; requestHash: string };
}

export interface SubmissionAccepted {
  submissionId: number;
  revision: number;
  revisions: Record<string, number>;
  rowsAccepted: number;
  createdAt: string;
}

export type AppendResult =
  /**
   * `valuesVersion`: the period's data version (versions(period).values) this submission made;
   * `valuesVersionBefore`: the one just before it (always valuesVersion - 1: the versions count
   * commits of the period, in commit order, period-versions.ts); the raw cache updates in place only
   * from exactly that one
   */
  | { kind: 'stored'; accepted: SubmissionAccepted; valuesVersionBefore: number; valuesVersion: number }
  | { kind: 'stale' }
  | { kind: 'replay'; requestHash: string; response: SubmissionAccepted };

/** Largest page of the submission history. */
export const HISTORY_MAX = 1000;

export interface HistoryFilter {
  period?: Period;
  area?: string;
  scopes?: string[];
  /** keyset paging: only submissions with a smaller id (the `next` of the previous page) */
  before?: number;
  /** page size, at most HISTORY_MAX (the default) */
  limit?: number;
}

export interface SubmissionSummary {
  submissionId: number;
  period: Period;
  meldebereich: string;
  revision: number;
  submittedBy: string;
  submittedAt: string;
  contentHash: string;
  catalogueVersion: string;
  rowCount: number;
  rows: { area: string; variable: string; value: number }[];
}

export interface CurrentValue {
  area: string;
  variable: string;
  value: number;
  submissionId: number;
}

export interface CompletenessRow {
  scope: string;
  variable: string;
  areas: number;
  lastSubmittedAt: string;
}

export interface ScopeRevision {
  scope: string;
  revision: number;
  lastSubmittedAt: string;
}

/** A Meldebereich and the revision a release made public. */
export interface ReleasedScope {
  scope: string;
  revision: number;
}

/** One release (Freigabe) of the Kreis: which Meldebereiche of a period up to which revision, who, when. */
export interface ReleaseRecord {
  releaseId: number;
  period: Period;
  scopes: ReleasedScope[];
  releasedAt: string;
  /** the actor label, e.g. "kreis (Token 1)" or "Demodaten-Lader" */
  releasedBy: string;
  /** the name of the token that released (as in `token list`), null for the operator */
  tokenName: string | null;
  kommentar: string | null;
}

/** One saved version of the Kreis's Sozialindex setting. */
export interface StoredSozialindex extends SozialindexEinstellung {
  version: number;
  contentHash: string;
  createdAt: string;
  /** the actor label, e.g. "kreis (Token 1)" */
  createdBy: string;
  /** the name of the token that saved it (as in `token list`), null for the operator */
  tokenName: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  contentHash: string;
}

/** Which database a Storage keeps its data in. */
export type StorageKind = 'sqlite' | 'postgres';

/**
 * The database cannot be reached (refused, gone, restarting, out of connections). The storage layer
 * is the only place that recognises its driver's connection errors and throws this instead; the
 * HTTP layer answers 503 with Retry-After and knows no driver error codes.
 */
export class StorageUnavailableError extends Error {
  constructor(
    readonly kind: StorageKind,
    /** where (never with a password), for the server log */
    readonly location: string,
    /** the driver's error, for the server log */
    readonly driverError: unknown,
    /**
     * true when the connection broke while a transaction was being committed: the database may
     * have stored it. "Nothing was stored" would then possibly be wrong.
     */
    readonly outcomeUnknown = false,
  ) {
    const c = driverError as { code?: string; message?: string } | undefined;
    super(`Datenbank nicht erreichbar (${location}): ${[c?.code, c?.message].filter(Boolean).join(' ') || String(driverError)}`);
    this.name = 'StorageUnavailableError';
  }
}

export interface Storage {
  close(): Promise<void>;

  /** which database this is (reported by /api/health) */
  readonly kind: StorageKind;
  /** where the data is, for messages and the start-up line (never contains a password) */
  readonly location: string;
  /**
   * German advice how to start over with an empty database, naming exactly what to delete
   * (e.g. after an interrupted first start), as the start of a sentence: "Bitte … löschen".
   */
  resetAdvice(): string;
  /** true when the database answers a trivial query now; never throws */
  ping(): Promise<boolean>;

  /**
   * counters that grow with every write of areas, catalogue versions, values of a period, or a
   * release of a period (cache keys; `released` keys everything computed from released values).
   * `values` and `released` count the commits of the period in commit order (period-versions.ts): a
   * reader in any process sees them move with every submission or release it can see.
   */
  versions(period?: Period): Promise<Versions>;
  latestCatalogueVersion(): Promise<string | undefined>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  latestCatalogue(): Promise<StoredCatalogue | undefined>;
  catalogue(version: string): Promise<StoredCatalogue | undefined>;
  catalogueVersions(): Promise<string[]>;
  /** stores a new catalogue version (and audits it); false if the version already exists */
  addCatalogue(version: string, definition: unknown, contentHash: string, actor: Actor): Promise<boolean>;

  areas(): Promise<AreaWithGeometry[]>;
  /** replaces the whole hierarchy in one transaction (and audits it) */
  replaceAreas(areas: AreaWithGeometry[], contentHash: string, actor: Actor): Promise<void>;

  createToken(tokenHash: string, role: Role, label: string, actor: Actor): Promise<number>;
  tokenByHash(tokenHash: string): Promise<TokenRecord | undefined>;
  revokeToken(id: number, actor: Actor): Promise<boolean>;
  tokens(): Promise<TokenRecord[]>;
  tokenById(id: number): Promise<TokenRecord | undefined>;

  /** the agreed (newest) Sozialindex setting; undefined while the Kreis has saved none */
  sozialindexSetting(): Promise<StoredSozialindex | undefined>;
  /** every saved version, newest first */
  sozialindexHistory(): Promise<StoredSozialindex[]>;
  /** saves a new version (and audits it) */
  addSozialindexSetting(setting: SozialindexEinstellung, contentHash: string, actor: Actor): Promise<StoredSozialindex>;

  /** current revision per scope for a period (0 when nothing was submitted) */
  revisions(period: Period, scopes: string[]): Promise<Record<string, number>>;
  /**
   * Runs fn (reading the revisions, checking and appending one submission) while no other writer of
   * the same Meldebereiche (`scopes`) and year runs its fn: writers of one Meldebereich are
   * serialised by the storage (a queue per Meldebereich in the process, on PostgreSQL also an
   * advisory lock in the database), not by optimistic retries. Different Meldebereiche run in parallel.
   */
  serialiseWriters<T>(period: Period, scopes: string[], fn: () => Promise<T>): Promise<T>;
  /** stores a submission whole or not at all; see AppendResult */
  appendSubmission(s: NewSubmission): Promise<AppendResult>;
  idempotentResponse(tokenId: number, key: string): Promise<{ requestHash: string; response: SubmissionAccepted } | undefined>;
  /** submissions in a Meldebereich and period with a revision above `afterRevision` */
  submissionsSince(meldebereich: string, period: Period, afterRevision: number): Promise<SubmissionSummary[]>;
  /** the history: every submission touching the scopes / area, newest first, rows filtered to the area */
  history(filter: HistoryFilter): Promise<SubmissionSummary[]>;
  /** newest accepted value per area and variable; `scopes` limits to those Meldebereiche */
  currentValues(period: Period, scopes?: string[]): Promise<CurrentValue[]>;
  periods(): Promise<Period[]>;
  /**
   * Releases (Freigabe) the current state of `scopes` in `period`: each scope's current revision
   * becomes its released revision, and its current values become the released values, in one
   * transaction (a submission arriving meanwhile is either wholly in or wholly out). Scopes without
   * a submission, or already released at their current revision, are left out; when none is left
   * nothing is recorded and undefined is returned. Audited.
   */
  release(period: Period, scopes: string[], actor: Actor, kommentar?: string): Promise<ReleaseRecord | undefined>;
  /** releases of a period (every period when omitted), newest first */
  releases(period?: Period): Promise<ReleaseRecord[]>;
  /** the released revision per scope of a period (scopes never released are absent) */
  releasedRevisions(period: Period): Promise<Record<string, number>>;
  /**
   * The released value per area and variable: each cell's value as of the released revision of its
   * Meldebereich (the newest row at or before it); `scopes` limits to those Meldebereiche.
   */
  releasedValues(period: Period, scopes?: string[]): Promise<CurrentValue[]>;
  /** periods with at least one release, ascending */
  releasedPeriods(): Promise<Period[]>;
  completeness(period: Period): Promise<{ variables: CompletenessRow[]; revisions: ScopeRevision[] }>;

  audit(limit?: number): Promise<AuditEntry[]>;
}
