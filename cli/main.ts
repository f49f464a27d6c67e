/**
 * The `sozialmonitor` command line. Each area of work registers its subcommands here:
 * the domain core's checks (cli/core-commands.ts), the sync server (sync-server/commands.ts).
 */
import { Command } from 'commander';
import { registerCoreCommands } from './core-commands';
import { registerServerCommands } from '../sync-server/commands';
import { registerEinwohnerCommands } from './einwohner-commands';
import { registerGeoCommands } from './geo-commands';
import { registerManifestCommand } from './manifest-command';
import { registerImportCommands } from './import-commands';

export function buildProgram(): Command {
  const program = new Command('sozialmonitor')
    .description('Sozialmonitoring für Kreis und Kommunen: Kennzahlenkatalog, Gebiete, Daten prüfen und berechnen')
    .showHelpAfterError('(Hilfe mit „sozialmonitor --help“)');
  registerCoreCommands(program);
  registerServerCommands(program);
  registerEinwohnerCommands(program);
  registerGeoCommands(program);
  registerManifestCommand(program);
  registerImportCommands(program);
  return program;
}

/**
 * A reader that stops early (`sozialmonitor berechnen … | head`) closes the pipe: that is no error
 * of ours. End quietly instead of with an EPIPE stack trace; any other write error still is one.
 */
function endeBeiGeschlossenerAusgabe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

export function main(argv: string[]): void {
  endeBeiGeschlossenerAusgabe(process.stdout);
  buildProgram()
    .parseAsync(argv)
    .catch((e: unknown) => {
      process.stderr.write(`Fehler: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    });
}

if (require.main === module) main(process.argv);
