/**
 * Subcommands of the domain core: check the catalogue and an area hierarchy, check a values file
 * against both, compute Kennzahlen from a values file. They run locally on files; nothing is sent.
 */
import { Command, Option } from 'commander';
import {
  AreaTree,
  Catalogue,
  EBENEN,
  Ebene,
  IndicatorEngine,
  Role,
  ValueTable,
  deNumber,
  findingPlace,
  groupFindings,
  isPeriod,
  loadCatalogue,
  shiftPeriod,
  parseAreaExchange,
  standardCatalogue,
  validateDataset,
} from '../shared';
import { parseWerteCsv } from '../shared/io/werte-csv';
import { readJsonFile, readTextFile } from './files';

export function catalogueFrom(file: string | undefined): Catalogue {
  return file ? loadCatalogue(readJsonFile(file)) : standardCatalogue();
}

function treeFrom(file: string): AreaTree {
  return parseAreaExchange(readJsonFile(file)).tree;
}

interface LoadedValues {
  period: string;
  rows: { area: string; variable: string; value: unknown }[];
  /** where each row stands in the file, for messages */
  location: (row: number) => string;
}

/** A values file: long-format CSV (area;variable;value) or a JSON dataset {period, rows}. */
function valuesFrom(file: string, period: string | undefined): LoadedValues {
  if (/\.json$/i.test(file)) {
    const data = readJsonFile(file) as { period?: unknown; rows?: unknown };
    const p = period ?? (typeof data?.period === 'string' ? data.period : undefined);
    if (!isPeriod(p)) throw new Error(`${file}: Berichtsjahr fehlt; bitte im Feld „period“ oder mit --periode angeben`);
    const rows = Array.isArray(data?.rows) ? (data.rows as LoadedValues['rows']) : [];
    return { period: p, rows, location: (i) => `${file}, rows[${i}]` };
  }
  if (!isPeriod(period)) throw new Error(`Für ${file} bitte das Berichtsjahr mit --periode angeben, z. B. --periode 2024`);
  const rows = parseWerteCsv(readTextFile(file), file);
  return { period, rows, location: (i) => `${file}, Zeile ${rows[i]?.line ?? '?'}` };
}

/**
 * The previous year's values for the VORJAHR_SPRUNG warnings (the same rule as server and add-in,
 * `vorjahrFindings` in shared/validation). The file must be of the year before and pass the check
 * itself: a faulty comparison base would give wrong warnings, so it is refused instead.
 */
function vorjahrFrom(file: string, period: string, catalogue: Catalogue, tree: AreaTree): ValueTable {
  const before = shiftPeriod(period, -1);
  const prev = valuesFrom(file, /\.json$/i.test(file) ? undefined : before);
  if (prev.period !== before) throw new Error(`${file} enthält Werte des Jahres ${prev.period}; für den Vergleich mit ${period} wird das Vorjahr ${before} gebraucht`);
  const res = validateDataset({ period: prev.period, rows: prev.rows }, { catalogue, tree, submitter: { rolle: 'kreis' } });
  if (!res.ok) throw new Error(`${file} (Vorjahr) enthält ${deNumber(res.errorCount)} Fehler; bitte zuerst „sozialmonitor pruefen ${file}“ ausführen – mit fehlerhaften Vorjahreswerten wird nicht verglichen`);
  const table = new ValueTable();
  table.addRows(prev.period, res.validRows);
  return table;
}

function roleFrom(opts: { rolle: string; ags?: string }): Role {
  if (opts.rolle === 'kommune') {
    if (!opts.ags || !/^[0-9]{8}$/.test(opts.ags)) throw new Error('Für die Rolle kommune bitte --ags mit dem 8-stelligen Gemeindeschlüssel angeben');
    return { rolle: 'kommune', ags: opts.ags };
  }
  if (opts.rolle === 'kreis') return { rolle: 'kreis' };
  throw new Error(`Unbekannte Rolle „${opts.rolle}“; erlaubt: kreis, kommune`);
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
  katalog
    .command('zeigen')
    .description('Alle Kennzahlen mit Formel, Einheit und Quelle auflisten')
    .option('--katalog <datei>', 'Katalogdatei statt des mitgelieferten')
    .action((opts: { katalog?: string }) => {
      const c = catalogueFrom(opts.katalog);
      for (const k of c.kennzahlen.values()) {
        process.stdout.write(
          `${k.id} (${k.handlungsfeld}): ${k.name}\n  Formel: ${k.formel} [${k.einheit}]\n  Daten: ${k.quellen.join(', ')}, bis Ebene ${k.tiefsteEbene}; Definition: ${k.definitionsquelle}\n`,
        );
      }
    });

  program
    .command('gebiete')
    .description('Gebietsgliederung prüfen')
    .command('pruefen')
    .description('Gebietsgliederung im Austauschformat (GeoJSON) prüfen')
    .argument('<datei>', 'GeoJSON FeatureCollection mit code, name, ebene, parent')
    .action((file: string) => {
      const tree = treeFrom(file);
      const counts = EBENEN.map((e) => `${tree.atLevel(e).length} ${e}`).join(', ');
      process.stdout.write(`Gebietsgliederung ${file} ist in Ordnung: ${counts}.\n`);
    });

  program
    .command('pruefen')
    .description('Werte-Datei gegen Katalog und Gebietsgliederung prüfen (wie der Server bei der Übermittlung)')
    .argument('<werte>', 'CSV (area;variable;value) oder JSON {period, rows}')
    .requiredOption('--gebiete <datei>', 'Gebietsgliederung (GeoJSON-Austauschformat)')
    .option('--periode <jahr>', 'Berichtsjahr (bei CSV nötig)')
    .addOption(new Option('--rolle <rolle>', 'wer meldet').choices(['kreis', 'kommune']).default('kreis'))
    .option('--ags <ags>', 'Gemeindeschlüssel der meldenden Stadt (Rolle kommune)')
    .option('--katalog <datei>', 'Katalogdatei statt des mitgelieferten')
    .option('--vorjahr <datei>', 'Werte des Vorjahrs (CSV oder JSON): starke Änderungen werden wie beim Server als Warnung gemeldet')
    .action((file: string, opts: { gebiete: string; periode?: string; rolle: string; ags?: string; katalog?: string; vorjahr?: string }) => {
      const catalogue = catalogueFrom(opts.katalog);
      const tree = treeFrom(opts.gebiete);
      const values = valuesFrom(file, opts.periode);
      const vorjahr = opts.vorjahr ? vorjahrFrom(opts.vorjahr, values.period, catalogue, tree) : undefined;
      const res = validateDataset({ period: values.period, rows: values.rows }, { catalogue, tree, submitter: roleFrom(opts), vorjahr });
      // grouped by kind as in the add-in ("Fehler: 2 × Wert negativ"), each finding with file and line
      for (const g of groupFindings([...res.errors, ...res.warnings], (f) => f)) {
        process.stdout.write(`${g.title}\n`);
        for (const f of g.items) {
          const where = f.row !== null ? values.location(f.row) : file;
          const place = [where, ...findingPlace(f, { catalogue, tree })].join(', ');
          process.stdout.write(`  ${f.severity === 'fehler' ? 'FEHLER' : 'WARNUNG'} [${f.code}] ${place}: ${f.detail}\n`);
        }
      }
      process.stdout.write(
        `${values.rows.length} Zeilen geprüft: ${res.errorCount} Fehler, ${res.warningCount} Warnungen.${res.ok ? ' Die Datei kann übermittelt werden.' : ''}\n`,
      );
      if (!res.ok) process.exitCode = 1;
    });

  program
    .command('berechnen')
    .description('Kennzahlen aus einer Werte-Datei berechnen (Zählwerte werden erst summiert, dann geteilt)')
    .argument('<werte...>', 'eine oder mehrere Werte-Dateien (CSV mit --periode oder JSON mit period)')
    .requiredOption('--gebiete <datei>', 'Gebietsgliederung (GeoJSON-Austauschformat)')
    .option('--periode <jahr>', 'Berichtsjahr der Auswertung (bei CSV auch das Jahr der Datei)')
    .option('--kennzahlen <ids>', 'Kennzahlen, durch Komma getrennt (Standard: alle)')
    .addOption(new Option('--ebene <ebene>', 'Ebene der Gebiete').choices([...EBENEN]).default('stadt'))
    .option('--katalog <datei>', 'Katalogdatei statt des mitgelieferten')
    .action((files: string[], opts: { gebiete: string; periode?: string; kennzahlen?: string; ebene: Ebene; katalog?: string }) => {
      const catalogue = catalogueFrom(opts.katalog);
      const tree = treeFrom(opts.gebiete);
      const table = new ValueTable();
      let period = opts.periode;
      for (const f of files) {
        const v = valuesFrom(f, /\.json$/i.test(f) ? undefined : opts.periode);
        const res = validateDataset({ period: v.period, rows: v.rows }, { catalogue, tree, submitter: { rolle: 'kreis' } });
        if (!res.ok) throw new Error(`${f} enthält ${res.errors.length} Fehler; bitte zuerst „sozialmonitor pruefen“ ausführen`);
        table.addRows(v.period, res.validRows);
        period ??= v.period;
      }
      if (!isPeriod(period)) throw new Error('Bitte das Berichtsjahr mit --periode angeben');
      const ids = opts.kennzahlen ? opts.kennzahlen.split(',').map((s) => s.trim()) : [...catalogue.kennzahlen.keys()];
      const unknown = ids.filter((id) => !catalogue.kennzahlen.has(id));
      if (unknown.length) throw new Error(`Unbekannte Kennzahl(en): ${unknown.join(', ')}`);
      const engine = new IndicatorEngine(catalogue, tree, table);
      process.stdout.write('gebiet;name;kennzahl;periode;wert;zaehler;nenner;status;grund\n');
      for (const area of tree.atLevel(opts.ebene)) {
        for (const id of ids) {
          const r = engine.indicator(id, area.code, period);
          const cells = [area.code, area.name, id, period, r.value === null ? '' : deNumber(r.value), r.numerator ?? '', r.denominator ?? '', r.status, r.reason ?? ''];
          process.stdout.write(`${cells.map((c) => (String(c).includes(';') ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(';')}\n`);
        }
      }
    });
}
