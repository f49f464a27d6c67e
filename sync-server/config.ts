/** Settings from the environment, with the defaults of the embedded single-Kreis setup. */
import express from 'express';
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
  /**
   * express's `trust proxy`: which hops in front of the server may set X-Forwarded-For (the client
   * address for the limit on failed logins and the log). false (default): the peer itself.
   */
  trustProxy?: TrustProxy;
  /** the printed report (GET /bericht/bericht.pdf): publisher, contact, Chromium */
  druck?: DruckConfig;
}

/** Settings of the printed report (title page; which Chromium renders it). */
export interface DruckConfig {
  /** SOZIALMONITOR_HERAUSGEBER, e.g. "Ennepe-Ruhr-Kreis, Fachbereich Soziales" */
  herausgeber: string;
  /** SOZIALMONITOR_KONTAKT, e.g. "Sozialplanung, sozialplanung@kreis.example, 02336 93-0" */
  kontakt: string;
  /** SOZIALMONITOR_CHROMIUM: path of the Chromium executable (Debian package chromium) */
  chromium: string;
}

export function druckFromEnv(env: NodeJS.ProcessEnv = process.env): DruckConfig {
  return {
    herausgeber: env.SOZIALMONITOR_HERAUSGEBER?.trim() || 'Der Kreis (Herausgeber nicht eingestellt: SOZIALMONITOR_HERAUSGEBER)',
    kontakt: env.SOZIALMONITOR_KONTAKT?.trim() || 'nicht eingestellt (SOZIALMONITOR_KONTAKT)',
    chromium: env.SOZIALMONITOR_CHROMIUM?.trim() || env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium',
  };
}

/** A hop count, or "loopback" / "linklocal" / "uniquelocal" / addresses and networks, comma-separated. */
export type TrustProxy = false | number | string;

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
    trustProxy: trustProxyFromEnv(env),
    druck: druckFromEnv(env),
    ...databaseFromEnv(env),
  };
}

const TRUST_PROXY_HELP =
  'erlaubt sind die Zahl der Proxys vor dem Server (z. B. 1), loopback, linklocal, uniquelocal oder IP-Adressen und Netze (z. B. 10.0.0.5 oder 10.0.0.0/8), durch Komma getrennt';

/**
 * SOZIALMONITOR_TRUST_PROXY (unset: off). "true" (trust every hop) is refused: then any client could
 * name its own address in X-Forwarded-For and slip past the limit on failed logins.
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env): TrustProxy {
  const raw = (env.SOZIALMONITOR_TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') {
    throw new Error(`SOZIALMONITOR_TRUST_PROXY „true“ würde jedem Absender glauben, der X-Forwarded-For setzt; bitte genau angeben, welchen Proxys zu trauen ist: ${TRUST_PROXY_HELP}`);
  }
  try {
    // express compiles the setting at once and throws on a bad address, so the server never starts with one
    express().set('trust proxy', raw);
  } catch {
    throw new Error(`SOZIALMONITOR_TRUST_PROXY „${raw}“ ist ungültig; ${TRUST_PROXY_HELP}`);
  }
  return raw;
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
