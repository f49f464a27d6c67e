/** CLI subcommands of the sync server: `start`, `token create|revoke|list` and `sozialindex zeigen|speichern`. */
import { Command } from 'commander';
import { configFromEnv, dataDirFromEnv, databaseFromEnv } from './config';
import { startServer } from './server';
import { registerSozialindexCommands } from './sozialindex-commands';
import { openConfiguredStorage } from './storage';
import type { Storage } from './storage/types';
import { OPERATOR, createToken, parseRole, roleLabel } from './tokens';

/** The same database the server uses: --datenbank, else SOZIALMONITOR_DATABASE_URL, else the SQLite file. */
async function withStorage<T>(datenbank: string | undefined, fn: (s: Storage) => Promise<T>): Promise<T> {
  const { storage } = await openConfiguredStorage({ dataDir: dataDirFromEnv(), ...databaseFromEnv(), ...(datenbank ? { databaseUrl: datenbank } : {}) });
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

const DATENBANK_HILFE = 'PostgreSQL statt SQLite, z. B. postgres://benutzer@rechner:5432/datenbank (sonst SOZIALMONITOR_DATABASE_URL; ohne beides die SQLite-Datei im Datenverzeichnis)';

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('Sync-Server starten (PORT, SOZIALMONITOR_DATA_DIR, SOZIALMONITOR_DEMO=0 für eine leere Datenbank, SOZIALMONITOR_DATABASE_URL für PostgreSQL)')
    .option('--datenbank <url>', DATENBANK_HILFE)
    .action(async (opts: { datenbank?: string }) => {
      const running = await startServer({ ...configFromEnv(), ...(opts.datenbank ? { databaseUrl: opts.datenbank } : {}) });
      const stop = (): void => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  const token = program.command('token').description('Zugangs-Tokens verwalten (Datenbank in SOZIALMONITOR_DATA_DIR oder SOZIALMONITOR_DATABASE_URL)');
  token
    .command('create')
    .description('neues Token anlegen; das Token steht allein in der letzten Zeile der Ausgabe')
    .requiredOption('--rolle <rolle>', 'kreis, kommune oder leser')
    .option('--ags <ags>', 'achtstelliger Gemeindeschlüssel (nur für die Rolle kommune)')
    .option('--name <name>', 'Bezeichnung, z. B. Sachbearbeitung Statistik')
    .option('--datenbank <url>', DATENBANK_HILFE)
    .action(async (opts: { rolle: string; ags?: string; name?: string; datenbank?: string }) => {
      const role = parseRole(opts.rolle, opts.ags);
      await withStorage(opts.datenbank, async (s) => {
        const { id, token: value } = await createToken(s, role, OPERATOR, opts.name);
        process.stdout.write(`Token ${id} für ${roleLabel(role)} angelegt. Es wird nur jetzt angezeigt und nur als Prüfsumme gespeichert:\n${value}\n`);
      });
    });
  token
    .command('revoke')
    .description('Token widerrufen')
    .argument('<id>', 'Nummer des Tokens (siehe token list)')
    .option('--datenbank <url>', DATENBANK_HILFE)
    .action(async (idText: string, opts: { datenbank?: string }) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id <= 0) throw new Error(`„${idText}“ ist keine Token-Nummer`);
      await withStorage(opts.datenbank, async (s) => {
        if (!(await s.revokeToken(id, OPERATOR))) throw new Error(`Token ${id} gibt es nicht oder es ist schon widerrufen`);
        process.stdout.write(`Token ${id} widerrufen.\n`);
      });
    });
  token
    .command('list')
    .description('alle Tokens anzeigen (ohne die Tokens selbst)')
    .option('--datenbank <url>', DATENBANK_HILFE)
    .action(async (opts: { datenbank?: string }) => {
      await withStorage(opts.datenbank, async (s) => {
        const list = await s.tokens();
        if (list.length === 0) process.stdout.write('Keine Tokens angelegt.\n');
        for (const t of list) {
          process.stdout.write(`${String(t.id).padStart(4)}  ${roleLabel(t.role).padEnd(18)} ${t.label.padEnd(30)} angelegt ${t.createdAt}${t.revokedAt ? `, widerrufen ${t.revokedAt}` : ''}\n`);
        }
      });
    });

  registerSozialindexCommands(program, withStorage, DATENBANK_HILFE);
}
