/** Subcommands of the domain core: check and show the catalogue. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { Catalogue, loadCatalogue, standardCatalogue } from '../shared';

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new Error(`Datei ${file} kann nicht gelesen werden: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`Datei ${file} ist kein gültiges JSON: ${(e as Error).message}`);
  }
}

export function catalogueFrom(file: string | undefined): Catalogue {
  return file ? loadCatalogue(readJsonFile(file)) : standardCatalogue();
}

export function registerCoreCommands(program: Command): void {
  const katalog = program.command('katalog').description('Kennzahlenkatalog prüfen und anzeigen');
  katalog
    .command('pruefen')
    .description('Katalogdatei (JSON) vollständig prüfen: Aufbau, Kennungen, Formeln, Zirkelbezüge, Perioden')
    .argument('[datei]', 'Katalogdatei; ohne Angabe der mitgelieferte Katalog')
    .action((file?: string) => {
      const c = catalogueFrom(file);
      process.stdout.write(
        `Katalog ${c.version} (gültig ab ${c.gueltigAb}) ist in Ordnung: ${c.merkmale.size} Merkmale, ${c.hilfsgroessen.size} Hilfsgrößen, ${c.kennzahlen.size} Kennzahlen, ${c.beziehungen.length} Prüfregeln.\n`,
      );
    });
}
