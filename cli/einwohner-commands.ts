/**
 * `sozialmonitor einwohner aggregieren`: resident register → counts per area (runs locally; the
 * person-level files never leave this machine), and `sozialmonitor push`: a values file to the sync
 * server. Node-specific parts only (files, streams, progress bar, HTTP); the work is in shared/register.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import {
  type AreaTree,
  type Finding,
  type Role,
  deNumber,
  findingPlace,
  loadCatalogue,
  parseAreaExchange,
  standardCatalogue,
  validateDataset,
} from '../shared';
import { parseWerteCsv, periodeDerDatei } from '../shared/io/werte-csv';
import { CsvFormatError } from '../shared/io/werte-csv';
import {
  RegisterError,
  ZuordnungError,
  aggregateRegister,
  formatAbgleichCsv,
  formatBefundeCsv,
  formatRegisterReport,
  parseDatum,
  readZuordnung,
  registerAltersgrenzen,
  stadtbezirkeDerGliederung,
  zuordnungAusHauskoordinaten,
  type RegisterResult,
  type Zuordnung,
  type WerteZeile,
} from '../shared/register';
import { fileChunks, readJsonFile, readTextFile, sizeOf } from './files';


/** A progress bar over bytes, on a terminal only (never in pipes, logs or tests). */
function progress(total: number): { add: (n: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { add: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: 'Einlesen [{bar}] {percentage}% | {mb} von {total_mb} MB | noch {eta_formatted}', stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  let done = 0;
  const mb = (n: number) => (n / 1048576).toFixed(0);
  bar.start(total, 0, { mb: '0', total_mb: mb(total) });
  return {
    add: (n) => {
      done += n;
      bar.update(done, { mb: mb(done) });
    },
    stop: () => bar.stop(),
  };
}

/** The submitting role a values file implies: one Stadt → that municipality, several → the Kreis. */
function roleForRows(rows: readonly { area: string }[]): Role {
  const staedte = new Set(rows.map((r) => r.area.slice(0, 8)).filter((a) => /^\d{8}$/.test(a)));
  return staedte.size === 1 ? { rolle: 'kommune', ags: [...staedte][0]! } : { rolle: 'kreis' };
}

async function writeLines(file: string, text: string): Promise<void> {
  const out = createWriteStream(file);
  const step = 1 << 20;
  for (let i = 0; i < text.length; i += step) {
    if (!out.write(text.slice(i, i + step))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const BEFUNDE_JE_CODE = 10_000;

interface AggregierenOptions {
  bestand: string;
  bewegungen?: string;
  stichtag: string;
  zuordnung?: string;
  adressen?: string;
  gebiete?: string;
  out: string;
  abgleich?: string;
  strassenFallback: boolean;
  streng?: boolean;
  katalog?: string;
  altersgrenzen?: string;
}

/** Without --gebiete nothing is checked: a tree guessed from the shape of the codes would be no check. */
const OHNE_GEBIETE =
  'Hinweis: Ohne --gebiete wurden die Werte nicht gegen eine Gebietsgliederung geprüft. Geprüft wird beim Senden mit „sozialmonitor push“ (gegen die Gliederung des Servers) oder hier mit --gebiete gebiete.geojson.';

async function aggregieren(o: AggregierenOptions): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (o.adressen && o.zuordnung) throw new Error('Bitte entweder --zuordnung oder --adressen mit --gebiete angeben, nicht beides');
  if (o.adressen && !o.gebiete) throw new Error('Mit --adressen bitte auch --gebiete angeben (die Baublöcke mit Geometrie, in die die Adressen fallen)');
  if (!o.zuordnung && !o.adressen) {
    throw new Error('Bitte die Zuordnung der Adressen zu Baublöcken angeben: --zuordnung zuordnung.csv (von „sozialmonitor geo zuordnen“) oder --adressen hk.csv --gebiete gebiete.geojson');
  }
  // the cuts are read before any file, so that a typing error costs no run over a large register
  let altersgruppen: string[] | undefined;
  if (o.altersgrenzen !== undefined) {
    const g = registerAltersgrenzen(o.altersgrenzen);
    if (!g.ok) throw new RegisterError(`--altersgrenzen „${o.altersgrenzen}“: ${g.grund}`);
    altersgruppen = g.ids;
  }
  const exchange = o.gebiete ? parseAreaExchange(readJsonFile(o.gebiete)) : null;
  const tree = exchange?.tree ?? null;
  let zuordnung: Zuordnung;
  if (o.adressen) {
    // Assigned here with the geography's point-in-polygon assigner, as `geo zuordnen` would.
    const built = await zuordnungAusHauskoordinaten(fileChunks(o.adressen), o.adressen, exchange!.areas);
    zuordnung = built.zuordnung;
    log(`Hauskoordinaten ${o.adressen}: ${deNumber(built.adressen)} Adressen, ${deNumber(built.zuordnung.size)} einem Baublock zugeordnet, ${deNumber(built.ausserhalb)} außerhalb aller Baublöcke`);
    if (built.widerspruch.length > 0) {
      log(`${built.widerspruch.length} Adressen liegen in einem Baublock einer anderen Stadt und bleiben ohne Zuordnung:`);
      for (const w of built.widerspruch.slice(0, 10)) log(`  ${w.message}`);
    }
  } else {
    zuordnung = await readZuordnung(fileChunks(o.zuordnung!), o.zuordnung!);
  }
  // With a tree, every Baublock and Gemeindeteil of the covered cities is written, the empty ones as 0.
  const weitere = tree
    ? zuordnung.staedte().flatMap((s) => tree.subtree(s).map((c) => tree.get(c)!)).map((a) => ({ code: a.code, ebene: a.ebene }))
    : [];
  const total = sizeOf(o.bestand) + (o.bewegungen ? sizeOf(o.bewegungen) : 0);
  const bar = progress(total);
  const started = Date.now();
  let result: RegisterResult;
  try {
    result = await aggregateRegister(
      {
        bestand: fileChunks(o.bestand, bar.add),
        bestandDatei: o.bestand,
        ...(o.bewegungen ? { bewegungen: fileChunks(o.bewegungen, bar.add), bewegungenDatei: o.bewegungen } : {}),
      },
      {
        stichtag: o.stichtag,
        zuordnung,
        strassenFallback: o.strassenFallback,
        streng: o.streng ?? false,
        weitereGebiete: weitere,
        befundeJeCode: BEFUNDE_JE_CODE,
        ...(exchange ? { stadtbezirke: stadtbezirkeDerGliederung(exchange.areas) } : {}),
        ...(altersgruppen ? { altersgruppen } : {}),
      },
    );
  } finally {
    bar.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  // Written and checked city by city: a whole Land never holds all its rows as objects at once.
  const catalogue = o.katalog ? loadCatalogue(readJsonFile(o.katalog)) : standardCatalogue();
  const period = String(Math.floor(parseDatum(o.stichtag) / 10000));
  const out = createWriteStream(o.out);
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  let line = 1; // header
  // Findings name the line of the written file (row indices are per Stadt).
  const located = (f: Finding, first: number, checkTree: AreaTree): Finding =>
    f.row === null ? f : { ...f, message: [`${o.out}, Zeile ${first + f.row + 1}`, ...findingPlace(f, { catalogue, tree: checkTree })].join(', ') + `: ${f.detail}` };
  await write(out, 'area;variable;value\n');
  for (const { stadt, rows } of result.rowsByStadt()) {
    await write(out, rowsCsv(rows));
    if (tree) {
      const v = validateDataset({ period, rows }, { catalogue, tree, submitter: { rolle: 'kommune', ags: stadt } });
      errors.push(...v.errors.map((f) => located(f, line, tree)));
      warnings.push(...v.warnings.map((f) => located(f, line, tree)));
    }
    line += rows.length;
  }
  out.end();
  await once(out, 'finish');
  const abgleich = o.abgleich ?? o.out.replace(/(\.csv)?$/i, '-abgleich.csv');
  await writeLines(abgleich, formatAbgleichCsv(result.report));
  log(formatRegisterReport(result.report));
  if (result.report.befunde.length > 0) {
    const befunde = o.out.replace(/(\.csv)?$/i, '-befunde.csv');
    await writeLines(befunde, formatBefundeCsv(result.report));
    log(`Alle Befunde (bis ${deNumber(BEFUNDE_JE_CODE)} je Art) stehen in ${befunde}.`);
  }
  log(`${deNumber(result.rowCount)} Werte nach ${o.out} geschrieben, Adressabgleich nach ${abgleich} (${seconds.toFixed(1)} s)`);
  if (tree) printFindings(errors, warnings, log);
  else log(OHNE_GEBIETE);
  if (errors.length > 0) process.exitCode = 1;
  if (result.report.fehler > 0) process.exitCode = 2;
}

async function write(out: ReturnType<typeof createWriteStream>, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

function rowsCsv(rows: readonly WerteZeile[]): string {
  const parts: string[] = [];
  for (const r of rows) parts.push(`${r.area};${r.variable};${r.value}\n`);
  return parts.join('');
}

function printFindings(errors: Finding[], warnings: Finding[], log: (s: string) => void, max = 15): void {
  const byCode = new Map<string, number>();
  for (const f of [...errors, ...warnings]) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  const codes = [...byCode].map(([c, n]) => `${c} ${n}`).join(', ');
  log(`Prüfung nach dem Kennzahlenkatalog: ${errors.length} Fehler, ${warnings.length} Warnungen${codes ? ` (${codes})` : ''}`);
  for (const f of [...errors, ...warnings].slice(0, max)) log(`  ${f.severity === 'fehler' ? 'Fehler' : 'Warnung'}: ${f.message}`);
  if (errors.length + warnings.length > max) log(`  … und ${errors.length + warnings.length - max} weitere`);
}

// ---------------------------------------------------------------- push

interface PushOptions {
  server: string;
  token: string;
  period: string;
  idempotencyKey?: string;
  baseRevision?: string;
}

async function http(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
  } catch (e) {
    const c = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    const cause = c?.code ?? c?.errors?.find((x) => x.code)?.code ?? c?.message;
    throw new Error(`Der Server ${new URL(url).origin} ist nicht erreichbar (${cause ?? (e as Error).message}). Bitte Adresse und Netzverbindung prüfen; es wurde nichts übermittelt.`);
  }
  if (res.status === 401) {
    throw new Error('Der Server lehnt das Token ab (HTTP 401). Bitte das Token prüfen oder beim Kreis ein neues anfordern; es wurde nichts übermittelt.');
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body };
}

const messageOf = (body: unknown): string =>
  typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : String(body).slice(0, 300);

async function push(file: string, o: PushOptions): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (!/^(19|20)\d{2}$/.test(o.period)) throw new Error(`--period „${o.period}“ ist kein Berichtsjahr; z. B. --period 2024`);
  const base = o.server.replace(/\/+$/, '');
  const rows = parseWerteCsv(readTextFile(file), file);
  if (rows.length === 0) throw new CsvFormatError(file, null, 'Die Datei enthält keine Werte');
  // a column `period` must agree with --period: its values are filed under that year on the server
  periodeDerDatei(rows, file, o.period, '--period');

  // Check locally first, against the server's catalogue and areas.
  const auth = { Authorization: `Bearer ${o.token}` };
  const cat = await http(`${base}/api/catalogue`, { headers: auth });
  if (cat.status !== 200) throw new Error(`Der Server liefert keinen Kennzahlenkatalog (HTTP ${cat.status}): ${messageOf(cat.body)}`);
  const areas = await http(`${base}/api/areas`, { headers: auth });
  if (areas.status !== 200) throw new Error(`Der Server liefert keine Gebietsgliederung (HTTP ${areas.status}): ${messageOf(areas.body)}`);
  const catalogue = loadCatalogue((cat.body as { definition: unknown }).definition);
  const { tree } = parseAreaExchange(areas.body);
  const dataset = { period: o.period, rows: rows.map((r) => ({ area: r.area, variable: r.variable, value: r.value })) };
  const local = validateDataset(dataset, { catalogue, tree, submitter: roleForRows(rows) });
  const where = (f: Finding) =>
    f.row !== null ? `${[`${file}, Zeile ${rows[f.row]?.line ?? '?'}`, ...findingPlace(f, { catalogue, tree })].join(', ')}: ${f.detail}` : f.message;
  if (!local.ok) {
    log(`${file}: ${local.errors.length} Fehler bei der Prüfung vor dem Senden; es wurde nichts übermittelt.`);
    for (const f of local.errors.slice(0, 20)) log(`  Fehler: ${where(f)}`);
    process.exitCode = 1;
    return;
  }

  const key = o.idempotencyKey ?? randomUUID();
  const body = { ...dataset, ...(o.baseRevision !== undefined ? { baseRevision: Number(o.baseRevision) } : {}) };
  const res = await http(`${base}/api/submissions`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
  const b = res.body as { submissionId?: number; revision?: number; errors?: Finding[]; warnings?: Finding[]; currentRevision?: number };
  switch (res.status) {
    case 201:
      log(`Übermittelt: ${deNumber(rows.length)} Werte für ${o.period}${b.submissionId !== undefined ? `, Meldung Nr. ${b.submissionId}` : ''}${b.revision !== undefined ? `, Revision ${b.revision}` : ''}.`);
      for (const w of (b.warnings ?? []).slice(0, 10)) log(`  Warnung: ${where(w)}`);
      return;
    case 403:
      throw new Error(`Keine Berechtigung (HTTP 403): ${messageOf(res.body)}`);
    case 409:
      throw new Error(
        `Konflikt (HTTP 409): ${messageOf(res.body)}${b.currentRevision !== undefined ? ` Aktuelle Revision: ${b.currentRevision}.` : ''} Es wurde nichts übermittelt.`,
      );
    case 422: {
      log(`Der Server hat die Meldung abgelehnt (HTTP 422): ${messageOf(res.body)}`);
      for (const f of (b.errors ?? []).slice(0, 20)) log(`  Fehler: ${where(f)}`);
      process.exitCode = 1;
      return;
    }
    default:
      throw new Error(`Unerwartete Antwort des Servers (HTTP ${res.status}): ${messageOf(res.body)}`);
  }
}

export function registerEinwohnerCommands(program: Command): void {
  const einwohner = program.command('einwohner').description('Einwohnermeldedaten lokal zu Merkmalen je Gebiet zählen (personenbezogene Daten verlassen den Rechner nicht)');
  einwohner
    .command('aggregieren')
    .description('Einwohner-Bestand (und Bewegungen) zu Werten je Baublock, Gemeindeteil und Stadt im Langformat (area;variable;value)')
    .requiredOption('--bestand <datei>', 'Einwohner-Bestand (CSV, eine Zeile je Person)')
    .option('--bewegungen <datei>', 'Einwohner-Bewegungen (CSV); gezählt wird das Jahr bis zum Stichtag')
    .requiredOption('--stichtag <datum>', 'Stichtag, z. B. 2024-12-31 oder 31.12.2024')
    .option('--zuordnung <datei>', 'Zuordnung Adresse → Baublock (CSV, von „sozialmonitor geo zuordnen“)')
    .option('--adressen <datei>', 'Hauskoordinaten (HK-DE) zur Zuordnung im selben Lauf, mit --gebiete')
    .option('--gebiete <datei>', 'Gebietsgliederung (GeoJSON): leere Baublöcke mit 0 schreiben, Stadtbezirke zählen und gegen sie prüfen (ohne: keine Prüfung)')
    .requiredOption('--out <datei>', 'Ausgabe: Werte im Langformat')
    .option('--abgleich <datei>', 'Ausgabe: Adressen ohne Baublock (Standard: <out>-abgleich.csv)')
    .option('--ohne-strassen-fallback', 'Adressen ohne Eintrag nicht über die Straße einem Gemeindeteil zuordnen')
    .option('--streng', 'beim ersten fehlerhaften Datensatz abbrechen statt ihn zu überspringen')
    .option('--katalog <datei>', 'Kennzahlenkatalog für die Prüfung (Standard: mitgelieferter Katalog)')
    .option('--altersgrenzen <liste>', 'eigene Altersgruppen statt der 14 des Katalogs: Beginn jeder Gruppe, z. B. „6,15,18,27,45,55,65“ (die erste beginnt bei 0)')
    .action(async (opts: Omit<AggregierenOptions, 'strassenFallback'> & { ohneStrassenFallback?: boolean }) => {
      try {
        await aggregieren({ ...opts, strassenFallback: !opts.ohneStrassenFallback });
      } catch (e) {
        if (e instanceof RegisterError || e instanceof ZuordnungError || e instanceof CsvFormatError) {
          process.stderr.write(`Fehler: ${e.message}\nEs wurde keine Ausgabe geschrieben.\n`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
    });

  program
    .command('push <werte>')
    .description('Werte im Langformat an den Sync-Server übermitteln (vorher lokal geprüft)')
    .requiredOption('--server <url>', 'Adresse des Sync-Servers, z. B. https://sozialmonitor.kreis.de')
    .requiredOption('--token <token>', 'Zugangstoken der Kommune')
    .requiredOption('--period <jahr>', 'Berichtsjahr, z. B. 2024')
    .option('--idempotency-key <schluessel>', 'Schlüssel für gefahrlose Wiederholung (Standard: neu erzeugt)')
    .option('--base-revision <n>', 'zuletzt gesehene Revision; bei Abweichung lehnt der Server ab (409)')
    .action(async (file: string, opts: PushOptions) => push(file, opts));
}
