/**
 * Picks the storage backend: PostgreSQL when a database URL is configured
 * (SOZIALMONITOR_DATABASE_URL or `sozialmonitor start --datenbank`), otherwise the embedded SQLite
 * file in the data directory — the default, so `npm start` needs no database server.
 */
import { mkdirSync } from 'node:fs';
import { databaseFile } from '../config';
import { PostgresStorage } from './postgres';
import { SqliteStorage } from './sqlite';
import type { Storage, StorageKind } from './types';

export interface StorageChoice {
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

export interface OpenedStorage {
  storage: Storage;
  /** where the data is, for the start-up line (never contains a password); same as storage.location */
  location: string;
  kind: StorageKind;
}

export async function openConfiguredStorage(choice: StorageChoice): Promise<OpenedStorage> {
  if (choice.databaseUrl) {
    // The data directory still holds demo-tokens.txt on PostgreSQL.
    mkdirSync(choice.dataDir, { recursive: true });
    const storage = await PostgresStorage.open({ url: choice.databaseUrl, ...(choice.databaseSchema ? { schema: choice.databaseSchema } : {}) });
    return { storage, location: storage.location, kind: storage.kind };
  }
  if (choice.databaseSchema) {
    // Silently ignoring it would put the data of a Kreis into the SQLite file when the URL was forgotten.
    throw new Error(`Ein Datenbankschema („${choice.databaseSchema}“, SOZIALMONITOR_DATABASE_SCHEMA) gibt es nur mit PostgreSQL; bitte auch SOZIALMONITOR_DATABASE_URL (oder --datenbank) angeben oder das Schema weglassen`);
  }
  const storage = new SqliteStorage(databaseFile(choice.dataDir));
  return { storage, location: storage.location, kind: storage.kind };
}
