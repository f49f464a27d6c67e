/**
 * Subcommands of the domain core: check the catalogue and an area hierarchy, check a values file
 * against both, compute Kennzahlen from a values file. They run locally on files; nothing is sent.
 */
import { Command, Option } from 'commander';
import {
  AreaTree,
  AreaTreeError,
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
import { parseWerteCsv, periodeDerDatei } from '../shared/io/werte-csv';
import { csvLine } from '../shared/io/csv-schreiben';
import { checkAreaGeometry } from '../shared/areas/geometrie';
import { loadGeos } from '../shared/geo/geos-laden';
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
    const eigen = typeof data?.period === 'string' ? data.period : undefined;
    if (period !== undefined && eigen !== undefined && eigen !== period) {
      throw new Error(`${file}: Laut Feld „period“ gehören die Werte zum Berichtsjahr ${eigen}, angegeben ist --periode ${period}; bitte prüfen, welches Jahr stimmt`);
    }
    const p = period ?? eigen;
    if (!isPeriod(p)) throw new Error(`${file}: Berichtsjahr fehlt; bitte im Feld „period“ oder mit --periode angeben`);
    const rows = Array.isArray(data?.rows) ? (data.rows as LoadedValues['rows']) : [];
    return { period: p, rows, location: (i) => `${file}, rows[${i}]` };
  }
  const rows = parseWerteCsv(readTextFile(file), file);
  const p = periodeDerDatei(rows, file, period);
  if (!isPeriod(p)) throw new Error(`Für ${file} bitte das Berichtsjahr mit --periode angeben, z. B. --periode 2024 (oder eine Spalte period in der Datei)`);
  return { period: p, rows, location: (i) => `${file}, Zeile ${rows[i]?.line ?? '?'}` };
}

/**
 * The year given for each file of `berechnen`: one --periode per file (in order), or one --periode for
 * a single file. One --periode for several files is refused unless at most one of them lacks a year
 * of its own (JSON field or CSV column period): giving all of them the same year silently filed the
 * values of one year under another.
 */
function periodenJeDatei(files: readonly string[], perioden: readonly string[]): (string | undefined)[] {
  if (perioden.length === files.length) return [...perioden];
  if (perioden.length === 0) return files.map(() => undefined);
  if (perioden.length === 1) {
    const ohneJahr = files.filter((f) => !hatEigenesJahr(f));
    if (ohneJahr.length <= 1) return files.map((f) => (hatEigenesJahr(f) ? undefined : perioden[0]));
    throw new Error(
      `${ohneJahr.length} Dateien ohne eigenes Berichtsjahr (${ohneJahr.join(', ')}), aber nur ein --periode: ` +
        `bitte je Datei ein Berichtsjahr angeben, in der Reihenfolge der Dateien (z. B. --periode 2024 --periode 2019), ` +
        'oder in den Dateien eine Spalte period führen. Ein gemeinsames Jahr würde Werte verschiedener Jahre vermischen',
    );
  }
  throw new Error(`${perioden.length} Angaben --periode für ${files.length} Dateien: bitte je Datei genau ein Berichtsjahr angeben, in der Reihenfolge der Dateien`);
}

/** Whether a values file names its year itself (JSON field period, CSV column period). */
function hatEigenesJahr(file: string): boolean {
  if (/\.json$/i.test(file)) {
    const data = readJsonFile(file) as { period?: unknown };
    return typeof data?.period === 'string';
  }
  const rows = parseWerteCsv(readTextFile(file), file);
  return rows.length > 0 && rows[0]!.period !== undefined;
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
    .action(async (file: string) => {
      const { tree, areas } = parseAreaExchange(readJsonFile(file));
      // outlines: valid, inside their parent, siblings not overlapping (as PUT /api/areas)
      if (areas.some((a) => a.geometry)) {
        const befund = checkAreaGeometry(await loadGeos(), areas, tree);
        if (befund.problems.length > 0) throw new AreaTreeError(befund.problems);
        for (const w of befund.warnings) process.stdout.write(`HINWEIS: ${w}\n`);
      }
      const counts = EBENEN.filter((e) => tree.atLevel(e).length > 0).map((e) => `${tree.atLevel(e).length} ${e}`).join(', ');
      process.stdout.write(`Gebietsgliederung ${file} ist in Ordnung: ${counts}.\n`);
      // areas whose own count wins over the sum of their parts (shared/indicators/engine.ts)
      for (const a of areas.filter((x) => x.teileUnvollstaendig)) {
        process.stdout.write(
          `Teilgebiete unvollständig: ${a.name} (${a.code})${a.teileUnvollstaendigGrund ? ` – ${a.teileUnvollstaendigGrund}` : ''}; die gemeldete Gesamtzahl gilt vor der Summe der Teilgebiete.\n`,
        );
      }
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
    .description('Kennzahlen aus Werte-Dateien berechnen (Zählwerte werden erst summiert, dann geteilt); jede Datei mit ihrem Berichtsjahr')
    .argument('<werte...>', 'eine oder mehrere Werte-Dateien: CSV mit Spalte period oder --periode, JSON mit period')
    .requiredOption('--gebiete <datei>', 'Gebietsgliederung (GeoJSON-Austauschformat)')
    .option(
      '--periode <jahr>',
      'Berichtsjahr einer CSV-Datei ohne Spalte period; bei mehreren Dateien je Datei einmal, in der Reihenfolge der Dateien',
      (v: string, bisher: string[]) => [...bisher, v],
      [] as string[],
    )
    .option('--auswertungsjahr <jahr>', 'Jahr, für das die Kennzahlen berechnet werden (Standard: das späteste Jahr der Dateien)')
    .option('--kennzahlen <ids>', 'Kennzahlen, durch Komma getrennt (Standard: alle)')
    .addOption(new Option('--ebene <ebene>', 'Ebene der Gebiete').choices([...EBENEN]).default('stadt'))
    .option('--katalog <datei>', 'Katalogdatei statt des mitgelieferten')
    .action((files: string[], opts: { gebiete: string; periode: string[]; auswertungsjahr?: string; kennzahlen?: string; ebene: Ebene; katalog?: string }) => {
      const catalogue = catalogueFrom(opts.katalog);
      const tree = treeFrom(opts.gebiete);
      const table = new ValueTable();
      const jahrJeDatei = periodenJeDatei(files, opts.periode);
      /** where each (area, Merkmal, year) came from: two files must not give two values for it */
      const herkunft = new Map<string, { file: string; value: number }>();
      const perioden = new Set<string>();
      for (const [i, f] of files.entries()) {
        const v = valuesFrom(f, jahrJeDatei[i]);
        const res = validateDataset({ period: v.period, rows: v.rows }, { catalogue, tree, submitter: { rolle: 'kreis' } });
        if (!res.ok) throw new Error(`${f} enthält ${res.errors.length} Fehler; bitte zuerst „sozialmonitor pruefen“ ausführen`);
        for (const r of res.validRows) {
          const key = `${r.area}|${r.variable}|${v.period}`;
          const frueher = herkunft.get(key);
          if (frueher && frueher.value !== r.value) {
            throw new Error(`${r.variable} für ${r.area} (${v.period}) steht in ${frueher.file} mit ${deNumber(frueher.value)} und in ${f} mit ${deNumber(r.value)}; bitte klären, welcher Wert gilt (stimmt das Berichtsjahr der Dateien?)`);
          }
          herkunft.set(key, { file: f, value: r.value });
        }
        table.addRows(v.period, res.validRows);
        perioden.add(v.period);
      }
      const period = opts.auswertungsjahr ?? [...perioden].sort().at(-1);
      if (!isPeriod(period)) throw new Error(`--auswertungsjahr „${opts.auswertungsjahr}“ ist kein Berichtsjahr; z. B. --auswertungsjahr 2024`);
      if (!perioden.has(period)) throw new Error(`Für das Auswertungsjahr ${period} gibt es keine Werte; die Dateien enthalten ${[...perioden].sort().join(', ')}`);
      const ids = opts.kennzahlen ? opts.kennzahlen.split(',').map((s) => s.trim()) : [...catalogue.kennzahlen.keys()];
      const unknown = ids.filter((id) => !catalogue.kennzahlen.has(id));
      if (unknown.length) throw new Error(`Unbekannte Kennzahl(en): ${unknown.join(', ')}`);
      const engine = new IndicatorEngine(catalogue, tree, table);
      process.stdout.write('gebiet;name;kennzahl;periode;wert;zaehler;nenner;status;grund\n');
      for (const area of tree.atLevel(opts.ebene)) {
        for (const id of ids) {
          const r = engine.indicator(id, area.code, period);
          process.stdout.write(`${csvLine([area.code, area.name, id, period, r.value, r.numerator, r.denominator, r.status, r.reason])}\n`);
        }
      }
    });
}
