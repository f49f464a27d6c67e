/** CLI subcommands of the sync server: `start` and `token create|revoke|list`. */
import { Command } from 'commander';
import { configFromEnv, dataDirFromEnv, databaseFile } from './config';
import { startServer } from './server';
import { SqliteStorage } from './storage/sqlite';
import { OPERATOR, createToken, parseRole, roleLabel } from './tokens';

async function withStorage<T>(fn: (s: SqliteStorage) => Promise<T>): Promise<T> {
  const storage = new SqliteStorage(databaseFile(dataDirFromEnv()));
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description('Sync-Server starten (PORT, SOZIALMONITOR_DATA_DIR, SOZIALMONITOR_DEMO=0 für eine leere Datenbank)')
    .action(async () => {
      const running = await startServer(configFromEnv());
      const stop = (): void => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  const token = program.command('token').description('Zugangs-Tokens verwalten (Datenbank in SOZIALMONITOR_DATA_DIR)');
  token
    .command('create')
    .description('neues Token anlegen; das Token steht allein in der letzten Zeile der Ausgabe')
    .requiredOption('--rolle <rolle>', 'kreis, kommune oder leser')
    .option('--ags <ags>', 'achtstelliger Gemeindeschlüssel (nur für die Rolle kommune)')
    .option('--name <name>', 'Bezeichnung, z. B. Sachbearbeitung Statistik')
    .action(async (opts: { rolle: string; ags?: string; name?: string }) => {
      const role = parseRole(opts.rolle, opts.ags);
      await withStorage(async (s) => {
        const { id, token: value } = await createToken(s, role, OPERATOR, opts.name);
        process.stdout.write(`Token ${id} für ${roleLabel(role)} angelegt. Es wird nur jetzt angezeigt und nur als Prüfsumme gespeichert:\n${value}\n`);
      });
    });
  token
    .command('revoke')
    .description('Token widerrufen')
    .argument('<id>', 'Nummer des Tokens (siehe token list)')
    .action(async (idText: string) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id <= 0) throw new Error(`„${idText}“ ist keine Token-Nummer`);
      await withStorage(async (s) => {
        if (!(await s.revokeToken(id, OPERATOR))) throw new Error(`Token ${id} gibt es nicht oder es ist schon widerrufen`);
        process.stdout.write(`Token ${id} widerrufen.\n`);
      });
    });
  token
    .command('list')
    .description('alle Tokens anzeigen (ohne die Tokens selbst)')
    .action(async () => {
      await withStorage(async (s) => {
        const list = await s.tokens();
        if (list.length === 0) process.stdout.write('Keine Tokens angelegt.\n');
        for (const t of list) {
          process.stdout.write(`${String(t.id).padStart(4)}  ${roleLabel(t.role).padEnd(18)} ${t.label.padEnd(30)} angelegt ${t.createdAt}${t.revokedAt ? `, widerrufen ${t.revokedAt}` : ''}\n`);
        }
      });
    });
}
