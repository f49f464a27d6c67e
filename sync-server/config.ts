/** Settings from the environment, with the defaults of the embedded single-Kreis setup. */
import { join, resolve } from 'node:path';
import { FreigabeModus, freigabeModusFromEnv } from './freigabe';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  addinOrigins: string[];
  /** PostgreSQL instead of the SQLite file in dataDir (postgres://…); see storage/index.ts */
  databaseUrl?: string;
  /** PostgreSQL schema holding the tables (default "sozialmonitor"), e.g. one per Kreis */
  databaseSchema?: string;
  /** SOZIALMONITOR_FREIGABE: the Kreis releases (`pruefung`, default) or every acceptance releases (`automatisch`) */
  freigabe?: FreigabeModus;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT „${env.PORT}“ ist keine gültige Portnummer (0 bis 65535)`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: dataDirFromEnv(env),
    demo: env.SOZIALMONITOR_DEMO !== '0',
    addinOrigins: (env.SOZIALMONITOR_ADDIN_ORIGIN || 'https://localhost:3000').split(',').map((s) => s.trim()).filter(Boolean),
    freigabe: freigabeModusFromEnv(env),
    ...databaseFromEnv(env),
  };
}

/** SOZIALMONITOR_DATABASE_URL / _SCHEMA; both unset (or empty) keeps the embedded SQLite file. */
export function databaseFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<ServerConfig, 'databaseUrl' | 'databaseSchema'> {
  return {
    ...(env.SOZIALMONITOR_DATABASE_URL ? { databaseUrl: env.SOZIALMONITOR_DATABASE_URL } : {}),
    ...(env.SOZIALMONITOR_DATABASE_SCHEMA ? { databaseSchema: env.SOZIALMONITOR_DATABASE_SCHEMA } : {}),
  };
}

export const dataDirFromEnv = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.SOZIALMONITOR_DATA_DIR || './data');

export const databaseFile = (dataDir: string): string => join(dataDir, 'sozialmonitor.sqlite');
export const demoTokenFile = (dataDir: string): string => join(dataDir, 'demo-tokens.txt');
