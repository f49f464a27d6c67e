/**
 * `sozialmonitor sozialindex zeigen|speichern`: the Kreis's Sozialindex setting on the command line,
 * directly on the server's database (data directory or --datenbank, like `token …`). Saving goes
 * through the same check and the same save as PUT /api/sozialindex/settings (saveSozialindexSetting),
 * with the operator as author in the audit log.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DomainState } from './domain';
import { saveSozialindexSetting, sozialindexInForce } from './routes/sozialindex';
import type { Storage, StoredSozialindex } from './storage/types';
import { OPERATOR } from './tokens';

type WithStorage = <T>(datenbank: string | undefined, fn: (s: Storage) => Promise<T>) => Promise<T>;

const richtung = (r: number): string => (r === 1 ? '+1 (höher = mehr Bedarf)' : '-1 (höher = weniger Bedarf)');
const kurz = (s: StoredSozialindex): string =>
  s.indikatoren.map((c) => `${c.id}:${c.richtung}:${c.gewicht}`).join(',') + (s.vergleichsjahr ? `; Vergleichsjahr ${s.vergleichsjahr}` : '');

/** The file as JSON, with --kommentar put in; German message naming the file when it cannot be read. */
function readSetting(datei: string, kommentar: string | undefined): unknown {
  let text: string;
  try {
    text = readFileSync(datei, 'utf8');
  } catch (e) {
    throw new Error(`Datei „${datei}“ kann nicht gelesen werden: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gibt es nicht' : (e as Error).message}. Nichts gespeichert.`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`Datei „${datei}“ ist kein gültiges JSON (${(e as Error).message}). Erwartet wird {"indikatoren": [{"id": "sgb2_quote", "richtung": 1, "gewicht": 1}, …], "kommentar": …, "vergleichsjahr": …}. Nichts gespeichert.`);
  }
  // --kommentar wins over a note in the file; a non-object is left for the check to name
  return kommentar !== undefined && input !== null && typeof input === 'object' && !Array.isArray(input) ? { ...input, kommentar } : input;
}

export function registerSozialindexCommands(program: Command, withStorage: WithStorage, datenbankHilfe: string): void {
  const cmd = program.command('sozialindex').description('Sozialindex-Einstellung des Kreises anzeigen und speichern (Datenbank in SOZIALMONITOR_DATA_DIR oder SOZIALMONITOR_DATABASE_URL)');
  cmd
    .command('zeigen')
    .description('geltende Einstellung und alle gespeicherten Versionen anzeigen')
    .option('--datenbank <url>', datenbankHilfe)
    .action(async (opts: { datenbank?: string }) => {
      await withStorage(opts.datenbank, async (s) => {
        const inForce = await sozialindexInForce(new DomainState(s));
        const out: string[] = [inForce.art === 'vereinbart' ? `Geltende Einstellung: Version ${inForce.version}` : 'Geltende Einstellung: Vorgabe der Software', `  ${inForce.hinweis}`];
        out.push(`  Vergleichsjahr des Dynamikindex: ${inForce.vergleichsjahr ?? 'nicht festgelegt (erstes Jahr mit Daten)'}`);
        out.push(`  ${'Kennzahl'.padEnd(28)} ${'Richtung'.padEnd(28)} Gewicht`);
        for (const c of inForce.indikatoren) out.push(`  ${c.id.padEnd(28)} ${richtung(c.richtung).padEnd(28)} ${String(c.gewicht).replace('.', ',')}`);
        const versions = await s.sozialindexHistory();
        out.push('', versions.length ? `Gespeicherte Versionen (${versions.length}, neueste zuerst):` : 'Gespeicherte Versionen: keine.');
        for (const v of versions) {
          out.push(`${String(v.version).padStart(4)}  ${v.createdAt}  ${v.tokenName ? `${v.tokenName}, ` : ''}${v.createdBy}  ${kurz(v)}${v.kommentar ? `  „${v.kommentar}“` : ''}`);
        }
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
  cmd
    .command('speichern')
    .description('neue Version aus einer JSON-Datei speichern (geprüft wie PUT /api/sozialindex/settings; bei Fehlern wird nichts gespeichert)')
    .requiredOption('--datei <datei>', 'JSON-Datei, z. B. {"indikatoren": [{"id": "sgb2_quote", "richtung": 1, "gewicht": 2}], "vergleichsjahr": "2021"}')
    .option('--kommentar <text>', 'Anmerkung, z. B. „Beschluss Sozialausschuss vom 12.03.2026“ (ersetzt eine Anmerkung in der Datei)')
    .option('--datenbank <url>', datenbankHilfe)
    .action(async (opts: { datei: string; kommentar?: string; datenbank?: string }) => {
      const input = readSetting(opts.datei, opts.kommentar);
      await withStorage(opts.datenbank, async (s) => {
        const outcome = await saveSozialindexSetting(new DomainState(s), input, OPERATOR);
        if (!outcome.ok) {
          throw new Error(`Die Sozialindex-Einstellung aus „${opts.datei}“ wurde nicht gespeichert (${outcome.errors.length} Problem(e)); die bisherige gilt weiter:\n${outcome.errors.map((e) => `  - ${e}`).join('\n')}`);
        }
        const v = outcome.stored;
        process.stdout.write(
          outcome.unchanged
            ? `Unverändert: Version ${v.version} gilt schon genau so (${kurz(v)}). Nichts Neues gespeichert.\n`
            : `Version ${v.version} gespeichert und ab sofort gültig: ${kurz(v)}${v.kommentar ? ` („${v.kommentar}“)` : ''}.\n`,
        );
      });
    });
}
