/**
 * `sozialmonitor start`: opens (or creates) the database in the data directory, loads the demo
 * Kreis on a first start, and serves the API. Prints where everything is.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type AppOptions, createApp, projectRoot } from './app';
import { DomainState } from './domain';
import { publishedSnapshotsOf } from './published-snapshot';
import { bootstrap } from './bootstrap';
import { ServerConfig, demoTokenFile } from './config';
import { openConfiguredStorage } from './storage';
import type { Storage } from './storage/types';

/** Browser bundles built by scripts/build-web.js into dist/web/ (the task pane and the report). */
export function webDirs(): { '/addin': string; '/bericht': string } {
  const webRoot = join(projectRoot(), 'dist', 'web');
  return { '/addin': join(webRoot, 'addin'), '/bericht': join(webRoot, 'bericht') };
}

/** Why the server cannot listen, in German, with what to do. */
export function listenFailure(e: NodeJS.ErrnoException, config: Pick<ServerConfig, 'port' | 'host'>): string {
  const other = config.port === 3000 ? 3001 : 3000;
  if (e.code === 'EADDRINUSE') {
    return `Port ${config.port} ist schon belegt (läuft der Server schon, oder ein anderes Programm?). Bitte einen anderen Port wählen, z. B. „PORT=${other} sozialmonitor start“ (unter Windows: „set PORT=${other}“ und dann „sozialmonitor start“).`;
  }
  if (e.code === 'EACCES') {
    return `Port ${config.port} darf dieses Benutzerkonto nicht öffnen (Ports unter 1024 brauchen Administratorrechte). Bitte einen Port ab 1024 wählen, z. B. „PORT=${other} sozialmonitor start“, und bei Bedarf einen Reverse-Proxy davorsetzen.`;
  }
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') {
    return `Die Adresse HOST=${config.host} gibt es auf diesem Rechner nicht; bitte HOST weglassen (dann 127.0.0.1) oder eine Adresse dieses Rechners angeben.`;
  }
  return `Der Server kann auf ${config.host}:${config.port} nicht starten: ${e.message}`;
}

export interface RunningServer {
  server: Server;
  url: string;
  storage: Storage;
  /** the server's caches and readers' snapshots (tests look at them) */
  state: DomainState;
  /** the warm start: resolves when the released years' snapshots are computed (published-snapshot.ts) */
  warmed: Promise<void>;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  /** tests: held and watched computations of the readers' snapshots */
  testing: Pick<AppOptions, 'snapshotHook'> = {},
): Promise<RunningServer> {
  // SQLite in dataDir, or PostgreSQL when config.databaseUrl is set (storage/index.ts)
  const { storage, location } = await openConfiguredStorage(config);
  const boot = await bootstrap(storage, { dataDir: config.dataDir, demo: config.demo, log: out }).catch(async (e: unknown) => {
    await storage.close(); // a PostgreSQL pool would otherwise keep the process alive
    throw e;
  });
  const staticDirs = webDirs();
  const state = new DomainState(storage);
  const app = createApp(storage, { ...testing, state, addinOrigins: config.addinOrigins, staticDirs, freigabe: config.freigabe, ...(config.druck ? { druck: config.druck } : {}), ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}) });

  const server = await new Promise<Server>((resolve, reject) => {
    // express 5 calls this callback with the error when listening fails (e.g. the port is taken)
    const s = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  }).catch(async (e: NodeJS.ErrnoException) => {
    await storage.close();
    throw new Error(listenFailure(e, config));
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://localhost:${port}`;

  out(`Sozialmonitor-Server läuft.`);
  out(`  Daten:     ${location}${(await storage.getMeta('demo')) === '1' ? ' (Demodaten eines Muster-Kreises, synthetisch)' : ''}`);
  out(`  API:       ${base}/api  (Zustand: ${base}/api/health, Beschreibung: ${base}/api/openapi.json)`);
  if (existsSync(staticDirs['/addin'])) out(`  Add-in:    ${base}/addin/`);
  if (existsSync(staticDirs['/bericht'])) out(`  Bericht:   ${base}/bericht/`);
  if (boot.demoTokens) {
    out('  Demo-Tokens (Authorization: Bearer …):');
    for (const t of boot.demoTokens) out(`    ${t.label.padEnd(42)} ${t.token}`);
    out(`  (gespeichert in ${demoTokenFile(config.dataDir)})`);
  } else if (existsSync(demoTokenFile(config.dataDir))) {
    out(`  Demo-Tokens: siehe ${demoTokenFile(config.dataDir)}`);
  }
  if (config.trustProxy) out(`  Proxy:     X-Forwarded-For gilt von ${typeof config.trustProxy === 'number' ? `den ${config.trustProxy} nächsten Proxys` : config.trustProxy} (SOZIALMONITOR_TRUST_PROXY)`);
  if (boot.firstStart && !boot.demoLoaded && (await storage.tokens()).length === 0) out('  Leere Datenbank: Tokens mit „sozialmonitor token create --rolle kreis“ anlegen.');
  // Warm start: the released years' snapshots are computed now, in the background, so that the
  // first reader (and the report) does not wait for them; requests are answered meanwhile.
  const snapshots = publishedSnapshotsOf(state);
  const warmed = snapshots.warmUp(out);

  const close = async (): Promise<void> => {
    await snapshots.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await storage.close();
  };
  return { server, url: base, storage, state, warmed, close };
}
