/** The storage module on its own: migrations, WAL, optimistic revision check, all-or-nothing writes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../sync-server/storage/migrations';
import { SqliteStorage } from '../../sync-server/storage/sqlite';
import type { NewSubmission } from '../../sync-server/storage/types';
import { OPERATOR } from '../../sync-server/tokens';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-storage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const submission = (over: Partial<NewSubmission> = {}): NewSubmission => ({
  period: '2024',
  rows: [{ area: '05954036-01', variable: 'geburten', value: 3, scope: '05954036' }],
  meldebereich: '05954036',
  scopes: ['05954036'],
  expectedRevisions: { '05954036': 0 },
  actor: OPERATOR,
  contentHash: 'h',
  catalogueVersion: '2025.1',
  ...over,
});

test('migrations run once, in order, recorded in schema_version; WAL mode', async () => {
  const file = join(dir, 'db.sqlite');
  await new SqliteStorage(file).close();
  const again = new SqliteStorage(file);
  expect(again.schemaVersion()).toBe(MIGRATIONS.length);
  await again.close();
  const db = new Database(file, { readonly: true });
  expect((db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  db.close();
});

test('a submission validated against an outdated revision is refused as stale, nothing stored', async () => {
  const s = new SqliteStorage(join(dir, 'db.sqlite'));
  expect((await s.appendSubmission(submission())).kind).toBe('stored');
  expect((await s.appendSubmission(submission())).kind).toBe('stale');
  expect(await s.history({})).toHaveLength(1);
  expect(await s.revisions('2024', ['05954036', '05954016'])).toEqual({ '05954036': 1, '05954016': 0 });
  await s.close();
});

test('a failing write inside the transaction leaves nothing behind (all or nothing)', async () => {
  const s = new SqliteStorage(join(dir, 'db.sqlite'));
  const dup = { area: '05954036-01', variable: 'geburten', value: 3, scope: '05954036' };
  // the same cell twice violates the primary key half-way through the rows
  await expect(s.appendSubmission(submission({ rows: [dup, { ...dup, variable: 'sterbefaelle' }, dup] }))).rejects.toHaveProperty('code', expect.stringMatching(/^SQLITE_CONSTRAINT/));
  expect(await s.history({})).toHaveLength(0);
  expect(await s.currentValues('2024')).toHaveLength(0);
  expect(await s.revisions('2024', ['05954036'])).toEqual({ '05954036': 0 });
  expect((await s.audit()).filter((a) => a.action === 'meldung')).toHaveLength(0);
  await s.close();
});
