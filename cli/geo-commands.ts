/**
 * `sozialmonitor geo …`: the small-area geography. File I/O and terminal output live here; the
 * geometry is in shared/geo/.
 *   geo bloecke       boundary + lines → Baublöcke (GEOS noding and polygonization)
 *   geo gemeindeteile Baublöcke + addresses → Gemeindeteile, area exchange format (section 5)
 *   geo zuordnen      addresses → Baublock → Gemeindeteil (CSV)
 */
import { Command } from 'commander';
import { deNumber } from '../shared/types';
import { renameSync, unlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { fileChunks, sizeOf } from './files';
import { SingleBar, Presets } from 'cli-progress';
import { setFlagsFromString } from 'node:v8';
import { readJsonFile, readTextFile } from './files';
import { parseAreaExchange, toAreaExchange, AreaWithGeometry } from '../shared/areas/exchange';
import { AreaTreeError } from '../shared/areas/areas';
import { createBlockAssigner } from '../shared/geo/assign';
import { dokumentEpsg, readGrenze, readLinien, GeoEingabeError } from '../shared/geo/eingabe';
import { BEKANNTE_EPSG, crsName, epsgAusName, istBekannt } from '../shared/geo/crs';
import { readGeodatei } from './geodateien';
import { buildBloecke } from '../shared/geo/bloecke';
import { bloeckeToGeoJson, buildGebiete, readBloecke, Punkt } from '../shared/geo/gebiete';
import { Geos, GeosApi } from '../shared/geo/geos';
import type { SucheErgebnis } from '../shared/geo/lokalsuche';
import { readHauskoordinaten, Hauskoordinate } from '../shared/geo/hauskoordinaten';
import { normalizeAdresse, AdresseError } from '../shared/address/address';
import { CsvFormatError } from '../shared/io/werte-csv';
import { parseCsvRecords, field } from '../shared/io/csv-records';

/** geos-wasm is an ES module; Node loads it through require (Node ≥ 20.19). */
async function loadGeos(): Promise<Geos> {
  const mod = (await import('geos-wasm')) as unknown as { default: () => Promise<GeosApi> };
  return new Geos(await mod.default());
}


/** A progress bar on a terminal only (never in pipes, logs or tests). */
function bar(label: string, total: number): { update: (n: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const b = new SingleBar({ format: `${label} [{bar}] {percentage}% | noch {eta_formatted}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  b.start(total, 0);
  return { update: (n) => b.update(n), stop: () => b.stop() };
}

/** Writes atomically: a half-written output never replaces a good one. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function number(value: string, option: string): number {
  const n = Number(value.replace(',', '.'));
  if (!Number.isFinite(n) || n < 0) throw new GeoEingabeError([`${option}: „${value}“ ist keine Zahl ≥ 0`]);
  return n;
}

/** `--crs`: an EPSG code (EPSG:25832, 25832) or wgs84, utm32, utm33; unknown systems are refused. */
function crsOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const code = epsgAusName(v);
  if (code === null || !istBekannt(code)) {
    throw new GeoEingabeError([`--crs: „${v}“ ist kein bekanntes Koordinatensystem (bekannt: wgs84, utm32, utm33, ${BEKANNTE_EPSG.map((c) => `EPSG:${c}`).join(', ')})`]);
  }
  return code;
}

/** Notes about defaults the readers took (e.g. lines without `art`) go to stderr, before the summary. */
const hinweis = (text: string) => process.stderr.write(`Hinweis: ${text}\n`);

async function readPunkte(file: string): Promise<{ punkte: Punkt[]; hk: Hauskoordinate[]; mitEinwohnern: boolean }> {
  const total = sizeOf(file);
  const b = bar('Adressen', total);
  let done = 0;
  const hk: Hauskoordinate[] = [];
  try {
    for await (const batch of readHauskoordinaten(fileChunks(file, (n) => b.update((done += n))), file)) for (const h of batch) hk.push(h);
  } finally {
    b.stop();
  }
  const mitEinwohnern = hk.length > 0 && hk[0]!.einwohner !== null;
  return { punkte: hk.map((h) => ({ east: h.east, north: h.north, einwohner: h.einwohner })), hk, mitEinwohnern };
}

/** Table block → district: columns `baublock;gemeindeteil` (block = nr from the blocks file). */
function readFest(file: string): Map<number, string> {
  const { records } = parseCsvRecords(readTextFile(file), { file, requiredColumns: ['baublock', 'gemeindeteil'] });
  const out = new Map<number, string>();
  for (const r of records) {
    const b = field(r, 'baublock'), g = field(r, 'gemeindeteil');
    if (!/^\d+$/.test(b)) throw new GeoEingabeError([`${file}, Zeile ${r.line}, Spalte „baublock“: „${b}“ ist keine Baublock-Nummer aus der Blockdatei`]);
    if (!/^(\d{8}-)?\d{1,2}$/.test(g) || /^(\d{8}-)?0+$/.test(g)) {
      throw new GeoEingabeError([`${file}, Zeile ${r.line}, Spalte „gemeindeteil“: „${g}“ ist weder eine Nummer 01–99 noch ein Code AGS-NN`]);
    }
    if (out.has(Number(b)) && out.get(Number(b)) !== g) throw new GeoEingabeError([`${file}, Zeile ${r.line}: Baublock ${b} ist schon ${out.get(Number(b))} zugeordnet`]);
    out.set(Number(b), g);
  }
  return out;
}

async function bloecke(opts: { grenze: string; linien: string; out: string; minFlaeche?: string; crs?: string }): Promise<void> {
  const crs = crsOption(opts.crs);
  const grenzDoc = await readGeodatei(opts.grenze, crs), linienDoc = await readGeodatei(opts.linien, crs);
  const grenze = readGrenze(grenzDoc, opts.grenze, { crs, hinweis });
  const linien = readLinien(linienDoc, opts.linien, { crs, hinweis });
  // which system each file was read in, so a default (GeoJSON without crs = WGS84) is never invisible
  const systeme = `Koordinatensysteme: Grenze ${crsName(dokumentEpsg(grenzDoc as Record<string, unknown>, opts.grenze, crs))}, Linien ${crsName(dokumentEpsg(linienDoc as Record<string, unknown>, opts.linien, crs))}`;
  const t0 = Date.now();
  const geos = await loadGeos();
  const b = bar('Baublöcke', 3);
  let blocks;
  try {
    blocks = buildBloecke(geos, grenze.polygons, linien, {
      minFlaeche: opts.minFlaeche !== undefined ? number(opts.minFlaeche, '--min-flaeche') : undefined,
      onProgress: (_s, done) => b.update(done),
    });
  } finally {
    b.stop();
  }
  writeAtomic(opts.out, JSON.stringify(bloeckeToGeoJson(blocks)));
  const flaeche = blocks.reduce((s, x) => s + x.flaeche, 0);
  process.stdout.write(`${blocks.length} Baublöcke aus ${linien.length} Linien, zusammen ${(flaeche / 1e6).toFixed(3)} km², in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${opts.out}\n${systeme}\n`);
}

/** One summary line: what the AZP-style local search after the tree partition changed. */
function nachoptimierung(s: SucheErgebnis): string {
  const m = (x: number) => `${deNumber(Math.round(x))} m`;
  const pp = s.vorher.polsbyPopper !== null && s.nachher.polsbyPopper !== null
    ? `; mittlere Kompaktheit (Polsby-Popper) ${s.vorher.polsbyPopper.toFixed(3).replace('.', ',')} → ${s.nachher.polsbyPopper.toFixed(3).replace('.', ',')}`
    : '';
  return `Nachoptimierung: ${s.verschoben} Baublöcke verschoben; Fluss/Bahn innerhalb von Gemeindeteilen ${m(s.vorher.barriereInnen)} → ${m(s.nachher.barriereInnen)}; gewichtete Grenzlänge ${m(s.vorher.grenzkosten)} → ${m(s.nachher.grenzkosten)}${pp}`;
}

async function gemeindeteile(opts: { bloecke: string; adressen: string; min: string; max: string; out: string; fest?: string; vorher?: string; ags?: string; name?: string }): Promise<void> {
  const min = number(opts.min, '--min'), max = number(opts.max, '--max');
  if (min > max) throw new GeoEingabeError([`--min ${min} ist größer als --max ${max}`]);
  const blocks = readBloecke(readJsonFile(opts.bloecke), opts.bloecke);
  const fest = opts.fest ? readFest(opts.fest) : undefined;
  const vorher = opts.vorher ? parseAreaExchange(readJsonFile(opts.vorher)).areas : undefined;
  const { punkte, hk, mitEinwohnern } = await readPunkte(opts.adressen);
  let ags = opts.ags;
  if (ags !== undefined && !/^\d{8}$/.test(ags)) throw new GeoEingabeError([`--ags: „${ags}“ ist kein 8-stelliger Gemeindeschlüssel`]);
  if (!ags) {
    const count = new Map<string, number>();
    for (const h of hk) count.set(h.ags, (count.get(h.ags) ?? 0) + 1);
    ags = [...count].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))[0]?.[0];
    if (!ags) throw new GeoEingabeError([`${opts.adressen}: keine Adressen, Gemeindeschlüssel unbekannt (--ags angeben)`]);
  }
  const t0 = Date.now();
  const geos = await loadGeos();
  const r = buildGebiete(geos, blocks, punkte, { ags, min, max, nachEinwohnern: mitEinwohnern, fest, vorher, stadtName: opts.name });
  // the result must itself be a valid area hierarchy
  parseAreaExchange(JSON.parse(JSON.stringify(toAreaExchange(r.areas))));
  writeAtomic(opts.out, JSON.stringify(toAreaExchange(r.areas)));
  const einheit = mitEinwohnern ? 'Einwohner' : 'Adressen';
  const lines = [
    `${r.bloecke} Baublöcke, ${r.gemeindeteile.length} Gemeindeteile (Grenzen ${min}–${max} ${einheit}), in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${opts.out}`,
    ...r.gemeindeteile.map((g) => `  ${g.code}: ${mitEinwohnern ? `${g.gewicht} Einwohner, ` : ''}${g.adressen} Adressen, ${g.bloecke} Baublöcke${g.gewicht < min ? '  (unter der Untergrenze)' : g.gewicht > max ? '  (über der Obergrenze)' : ''}`),
    ...(r.suche ? [nachoptimierung(r.suche)] : []),
    `Adressen außerhalb aller Baublöcke: ${r.ausserhalb.length}${r.ausserhalb.length ? ` (Zeilen ${r.ausserhalb.slice(0, 10).map((i) => hk[i]!.line).join(', ')}${r.ausserhalb.length > 10 ? ', …' : ''})` : ''}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function zuordnen(opts: { adressen: string; gebiete: string; out: string }): Promise<void> {
  // millions of short-lived row strings: a larger young generation halves the time spent in the
  // garbage collector (measured in bench/geo.ts); V8 takes the flag at run time for new semi-spaces
  setFlagsFromString('--max-semi-space-size=64');
  let parsed: { areas: AreaWithGeometry[] };
  try {
    parsed = parseAreaExchange(readJsonFile(opts.gebiete));
  } catch (e) {
    if (e instanceof AreaTreeError) throw new Error(`${opts.gebiete}: ${e.message}`);
    throw e;
  }
  const assigner = createBlockAssigner(parsed.areas, { datei: opts.gebiete });
  if (assigner.codes.length === 0) throw new GeoEingabeError([`${opts.gebiete}: keine Baublöcke mit Geometrie`]);
  const parentOf = new Map(parsed.areas.map((a) => [a.code, a.parent ?? '']));
  const districtOf = assigner.codes.map((c) => parentOf.get(c) ?? '');
  // the address columns normalised as everywhere (shared/address, addressKey): street key and house
  // number are digits here already (checked by the reader), so the common case skips the regexes
  const adresse = (h: Hauskoordinate): string => {
    const z = h.zusatz;
    if (z.length === 0 || (z.length === 1 && /[A-Za-zÄÖÜäöü]/.test(z))) {
      return `${h.ags};${String(Number(h.strasse))};${String(Number(h.hausnummer))};${z.toUpperCase()}`;
    }
    try {
      const a = normalizeAdresse({ gemeindeschluessel: h.ags, strassenschluessel: h.strasse, hausnummer: h.hausnummer, hausnummerzusatz: z });
      return `${a.gemeindeschluessel};${a.strassenschluessel};${a.hausnummer};${a.hausnummerzusatz}`;
    } catch (e) {
      if (e instanceof AdresseError) throw new GeoEingabeError([`${opts.adressen}, Zeile ${h.line}, Spalte „ADZ“: ${e.message}`]);
      throw e;
    }
  };
  const tmp = `${opts.out}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  const total = sizeOf(opts.adressen);
  const b = bar('Zuordnen', total);
  let done = 0, n = 0;
  const outside: number[] = [];
  try {
    writeSync(fd, 'gemeindeschluessel;strassenschluessel;hausnummer;hausnummerzusatz;baublock;gemeindeteil\n');
    for await (const batch of readHauskoordinaten(fileChunks(opts.adressen, (k) => b.update((done += k))), opts.adressen)) {
      let out = '';
      for (const h of batch) {
        const k = assigner.assignIndex(h.east, h.north);
        if (k < 0 && outside.length < 1e6) outside.push(h.line);
        out += `${adresse(h)};${k < 0 ? '' : assigner.codes[k]!};${k < 0 ? '' : districtOf[k]!}\n`;
        n++;
      }
      writeSync(fd, out);
    }
    closeSync(fd);
    renameSync(tmp, opts.out);
  } catch (e) {
    try { closeSync(fd); } catch { /* closed already */ }
    try { unlinkSync(tmp); } catch { /* not there */ }
    throw e;
  } finally {
    b.stop();
  }
  process.stdout.write(`${n} Adressen, ${n - outside.length} einem Baublock zugeordnet → ${opts.out}\n`);
  if (outside.length) {
    process.stdout.write(`Adressen außerhalb aller Baublöcke: ${outside.length} (in der Ausgabe mit leerem Baublock; Zeilen ${outside.slice(0, 10).join(', ')}${outside.length > 10 ? ', …' : ''})\n`);
  }
}

/** Known input errors end with a message and exit status 1; nothing is written. */
function run<T>(f: (opts: T) => Promise<void>) {
  return async (opts: T) => {
    try {
      await f(opts);
    } catch (e) {
      if (e instanceof GeoEingabeError || e instanceof CsvFormatError || e instanceof AreaTreeError || e instanceof Error) {
        process.stderr.write(`Fehler: ${e.message}\nEs wurde keine Ausgabe geschrieben.\n`);
        process.exitCode = 1;
        return;
      }
      throw e;
    }
  };
}

export function registerGeoCommands(program: Command): void {
  const geo = program.command('geo').description('Kleinräumige Gliederung bauen: Baublöcke, Gemeindeteile, Adressen zuordnen');
  geo
    .command('bloecke')
    .description('Baublöcke aus Gemeindegrenze und Linien (Straßen, Bahn, Gewässer) bilden')
    .requiredOption('--grenze <datei>', 'Gemeindegrenze: ein Polygon/MultiPolygon (GeoJSON, Shapefile .shp oder GeoPackage datei.gpkg[:ebene])')
    .requiredOption('--linien <datei>', 'Linien mit Eigenschaften art und klasse (GeoJSON, .shp oder .gpkg[:ebene]; ohne art: Nebenstraßen, Gewässer auch als Flächen)')
    .requiredOption('--out <datei>', 'Ausgabe: Baublöcke (GeoJSON, WGS84)')
    .option('--min-flaeche <m2>', 'kleinere Splitterflächen werden dem Nachbarn zugeschlagen', '200')
    .option('--crs <crs>', 'Koordinatensystem der Eingaben (EPSG:25832, EPSG:25833, EPSG:31467, wgs84 …), wenn die Dateien es nicht nennen; GeoJSON ohne crs gilt sonst als WGS84')
    .action(run(bloecke));
  geo
    .command('gemeindeteile')
    .description('Baublöcke zu Gemeindeteilen gruppieren (zusammenhängend, Einwohner/Adressen zwischen min und max, Grenzen an Flüssen, Bahn, Hauptstraßen; danach lokale Nachoptimierung der Ränder)')
    .requiredOption('--bloecke <datei>', 'Baublöcke aus „geo bloecke“')
    .requiredOption('--adressen <datei>', 'Hauskoordinaten (HK-DE, CSV; mit Spalte einwohner: Grenzen in Einwohnern)')
    .requiredOption('--min <zahl>', 'Untergrenze je Gemeindeteil')
    .requiredOption('--max <zahl>', 'Obergrenze je Gemeindeteil')
    .requiredOption('--out <datei>', 'Ausgabe: Gebietsgliederung (Austauschformat, GeoJSON)')
    .option('--fest <datei>', 'Festlegungen baublock;gemeindeteil (Nummer aus der Blockdatei; gehen dem Verfahren vor)')
    .option('--vorher <datei>', 'bisherige Gebietsgliederung: Codes bleiben, wo Blöcke die meisten Adressen behalten')
    .option('--ags <ags>', 'Gemeindeschlüssel der Stadt (Standard: häufigster in den Adressen)')
    .option('--name <name>', 'Name der Stadt')
    .action(run(gemeindeteile));
  geo
    .command('zuordnen')
    .description('Adressen (HK-DE) Baublock und Gemeindeteil zuordnen')
    .requiredOption('--adressen <datei>', 'Hauskoordinaten (HK-DE, CSV)')
    .requiredOption('--gebiete <datei>', 'Gebietsgliederung (Austauschformat, GeoJSON)')
    .requiredOption('--out <datei>', 'Ausgabe: Zuordnung (CSV)')
    .action(run(zuordnen));
}
