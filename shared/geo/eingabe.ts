/**
 * Input geodata for the block builder (formats spec, section 4): the municipal boundary and the line
 * network as GeoJSON documents (Shapefile and GeoPackage are turned into such documents by
 * cli/geodateien.ts, with the system of their .prj/srs_id as `crs`). The coordinate system is
 * declared, never guessed (crs.ts); everything is converted to EPSG:25832 here; every problem names the
 * file and the feature (1-based) and what is wrong.
 */
import { BEKANNTE_EPSG, bereichsHinweis, crsName, epsgAusName, inDeutschland, istBekannt, nachUtm32, Position } from './crs';
import type { PolygonCoords, Ring } from './geos';

export class GeoEingabeError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.slice(0, 20).join('\n') + (problems.length > 20 ? `\n… und ${problems.length - 20} weitere Probleme` : ''));
    this.name = 'GeoEingabeError';
  }
}

export type Trennart = 'gewaesser' | 'bahn' | 'hauptstrasse' | 'nebenstrasse' | 'weg';
export const TRENNARTEN: readonly Trennart[] = ['gewaesser', 'bahn', 'hauptstrasse', 'nebenstrasse', 'weg'];

export interface Linie {
  /** 1-based feature number in the file */
  feature: number;
  art: Trennart;
  name: string;
  /** EPSG:25832 */
  coords: Ring;
}

type Json = Record<string, unknown>;

/**
 * The coordinate system of a document: the one named by its `crs` member, else the one given with
 * `--crs` (`angabe`), else WGS84 (RFC 7946: GeoJSON without `crs` is WGS84). Refused: a `crs` member
 * naming no or an unknown system, and a `crs` member that contradicts `--crs` (both are named).
 */
export function dokumentEpsg(doc: Json, file: string, angabe?: number): number {
  const crs = doc.crs as Json | undefined;
  if (crs === undefined || crs === null) return angabe ?? 4326;
  const name = (crs.properties as Json | undefined)?.name;
  const code = typeof name === 'string' ? epsgAusName(name) : null;
  if (code === null) {
    throw new GeoEingabeError([`${file}: der „crs“-Eintrag ${JSON.stringify(name ?? crs)} nennt kein Koordinatensystem, das gelesen werden kann (bekannt: ${BEKANNTE_EPSG.map((c) => `EPSG:${c}`).join(', ')})`]);
  }
  if (!istBekannt(code)) {
    throw new GeoEingabeError([`${file}: Koordinatensystem EPSG:${code} ist unbekannt; die Datei bitte nach EPSG:25832 oder WGS84 umrechnen (bekannt: ${BEKANNTE_EPSG.map((c) => `EPSG:${c}`).join(', ')})`]);
  }
  if (angabe !== undefined && angabe !== code) {
    throw new GeoEingabeError([`${file}: die Datei nennt ${crsName(code)}, angegeben ist ${crsName(angabe)} (--crs); welches stimmt? Bei Widerspruch wird nichts gelesen.`]);
  }
  return code;
}

/**
 * Converts positions of one document to EPSG:25832 and checks that each lies in Germany; positions
 * outside are counted and reported once per file with the first example and the likely system.
 */
export class Umrechnung {
  private readonly f: (p: readonly number[]) => Position;
  private aussen = 0;
  private readonly features = new Set<number>();
  private beispiel: { p: number[]; feature: number } | null = null;
  constructor(readonly epsg: number, private readonly file: string) {
    this.f = nachUtm32(epsg);
  }
  punkt(p: readonly number[], feature: number): Position {
    if (!inDeutschland(this.epsg, p)) {
      this.aussen++;
      this.features.add(feature);
      if (!this.beispiel) this.beispiel = { p: [p[0]!, p[1]!], feature };
    }
    return this.f(p);
  }
  /** The message about positions outside Germany, or null. */
  problem(): string | null {
    if (!this.beispiel) return null;
    const { p, feature } = this.beispiel;
    const n = this.aussen === 1 ? 'Eine Koordinate liegt' : `${this.aussen} Koordinaten in ${this.features.size} Feature${this.features.size === 1 ? '' : 's'} liegen`;
    return `${this.file}: ${n} im angegebenen Koordinatensystem ${crsName(this.epsg)} nicht in Deutschland, zuerst Feature ${feature} mit (${p[0]}, ${p[1]}) ${bereichsHinweis(this.epsg, p)}`;
  }
}

const GEOMETRIEN = new Set(['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString']);

/** A FeatureCollection, a single Feature or a bare geometry (taken as one feature without properties). */
function collection(doc: unknown, file: string): { doc: Json; features: Json[] } {
  if (typeof doc !== 'object' || doc === null) throw new GeoEingabeError([`${file}: keine GeoJSON-Datei (kein Objekt)`]);
  const d = doc as Json;
  if (d.type === 'FeatureCollection' && Array.isArray(d.features)) return { doc: d, features: d.features as Json[] };
  if (d.type === 'Feature') return { doc: d, features: [d] };
  if (typeof d.type === 'string' && GEOMETRIEN.has(d.type)) return { doc: d, features: [{ type: 'Feature', properties: {}, geometry: d }] };
  throw new GeoEingabeError([`${file}: erwartet wird eine GeoJSON-FeatureCollection, ein Feature oder eine Geometrie, gefunden „type“: ${JSON.stringify(d.type)}`]);
}

function validPositions(list: unknown, min: number): list is number[][] {
  return Array.isArray(list) && list.length >= min && list.every((p) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v)));
}

/** Options of the readers: the system given with `--crs`, and where notes go (defaults taken). */
export interface LeseOptionen {
  crs?: number;
  hinweis?: (text: string) => void;
}

/**
 * The municipal boundary: one Polygon or MultiPolygon (a feature or a bare geometry), returned as
 * polygons in EPSG:25832.
 */
export function readGrenze(doc: unknown, file: string, opts: LeseOptionen = {}): { polygons: PolygonCoords[]; ags: string | null } {
  const { doc: d, features } = collection(doc, file);
  const polys = features.filter((f) => {
    const t = (f?.geometry as Json | null)?.type;
    return t === 'Polygon' || t === 'MultiPolygon';
  });
  if (polys.length !== 1) {
    throw new GeoEingabeError([`${file}: erwartet wird genau ein Polygon- oder MultiPolygon-Feature (die Gemeindegrenze), gefunden ${polys.length}`]);
  }
  const f = polys[0]!;
  const n = features.indexOf(f) + 1;
  const g = f.geometry as Json;
  const um = new Umrechnung(dokumentEpsg(d, file, opts.crs), file);
  const raw = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const polygons: PolygonCoords[] = [];
  const problems: string[] = [];
  raw.forEach((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) return problems.push(`${file}, Feature ${n}: Polygon ${pi + 1} hat keine Ringe`);
    const rings: Ring[] = [];
    poly.forEach((ring, ri) => {
      if (!validPositions(ring, 4)) return problems.push(`${file}, Feature ${n}: Polygon ${pi + 1}, Ring ${ri + 1} braucht mindestens 4 Punkte aus je zwei Zahlen`);
      const first = ring[0]!, last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return problems.push(`${file}, Feature ${n}: Polygon ${pi + 1}, Ring ${ri + 1} ist nicht geschlossen (letzter Punkt ≠ erster Punkt)`);
      rings.push(ring.map((p) => um.punkt(p, n)));
      return undefined;
    });
    polygons.push(rings);
    return undefined;
  });
  const bereich = um.problem();
  if (bereich) problems.push(bereich);
  if (problems.length) throw new GeoEingabeError(problems);
  const ags = (f.properties as Json | null)?.ags;
  return { polygons, ags: typeof ags === 'string' && /^\d{8}$/.test(ags) ? ags : null };
}

/** Street class taken for lines without `art`/`klasse`: the middle barrier, neither main road nor path. */
export const STANDARD_KLASSE: Trennart = 'nebenstrasse';

/**
 * The line network. `art` is strasse, bahn or gewaesser, streets have `klasse` (hauptstrasse,
 * nebenstrasse, weg). A layer without these attributes (a plain street layer) is read as streets of
 * class nebenstrasse, with a note; a wrong value is an error. Waters may be areas (Polygon/MultiPolygon):
 * their outlines are the banks, so the water surface becomes blocks of its own.
 */
export function readLinien(doc: unknown, file: string, opts: LeseOptionen = {}): Linie[] {
  const { doc: d, features } = collection(doc, file);
  const um = new Umrechnung(dokumentEpsg(d, file, opts.crs), file);
  const problems: string[] = [];
  const out: Linie[] = [];
  let ohneArt = 0, ohneKlasse = 0, flaechen = 0;
  features.forEach((f, i) => {
    const n = i + 1;
    const props = (f?.properties ?? {}) as Json;
    const g = f?.geometry as Json | null;
    const fehlt = (v: unknown) => v === undefined || v === null || v === '';
    let art = props.art;
    if (fehlt(art)) {
      art = 'strasse';
      ohneArt++;
    }
    let trennart: Trennart;
    if (art === 'bahn' || art === 'gewaesser') trennart = art;
    else if (art === 'strasse') {
      let k = props.klasse;
      if (fehlt(k)) {
        k = STANDARD_KLASSE;
        if (!fehlt(props.art)) ohneKlasse++;
      }
      if (k !== 'hauptstrasse' && k !== 'nebenstrasse' && k !== 'weg') {
        problems.push(`${file}, Feature ${n}: Straße ohne gültige „klasse“ (hauptstrasse, nebenstrasse oder weg), gefunden ${JSON.stringify(k)}`);
        return;
      }
      trennart = k;
    } else {
      problems.push(`${file}, Feature ${n}: „art“ muss strasse, bahn oder gewaesser sein, gefunden ${JSON.stringify(art)}`);
      return;
    }
    let parts: unknown[] | null = g?.type === 'LineString' ? [g.coordinates] : g?.type === 'MultiLineString' ? (g.coordinates as unknown[]) : null;
    if (!parts && trennart === 'gewaesser' && (g?.type === 'Polygon' || g?.type === 'MultiPolygon') && Array.isArray(g.coordinates)) {
      parts = (g.type === 'Polygon' ? g.coordinates : (g.coordinates as unknown[]).flat(1)) as unknown[];
      flaechen++;
    }
    if (!parts) {
      const flaeche = g?.type === 'Polygon' || g?.type === 'MultiPolygon' ? ' (Flächen nur für Gewässer, art: gewaesser)' : '';
      problems.push(`${file}, Feature ${n}: Geometrie muss LineString oder MultiLineString sein${flaeche}, gefunden ${JSON.stringify((g?.type as string) ?? null)}`);
      return;
    }
    for (const part of parts) {
      if (!validPositions(part, 2)) {
        problems.push(`${file}, Feature ${n}: eine Linie braucht mindestens 2 Punkte aus je zwei Zahlen`);
        return;
      }
      out.push({ feature: n, art: trennart, name: typeof props.name === 'string' ? props.name : '', coords: part.map((p) => um.punkt(p, n)) });
    }
  });
  const bereich = um.problem();
  if (bereich) problems.push(bereich);
  if (problems.length) throw new GeoEingabeError(problems);
  if (out.length === 0) throw new GeoEingabeError([`${file}: keine Linien gefunden`]);
  const hinweis = opts.hinweis ?? (() => undefined);
  if (ohneArt) hinweis(`${file}: ${ohneArt} von ${features.length} Linien ohne „art“ – gelesen als Straßen der Klasse ${STANDARD_KLASSE} (Bahn und Gewässer bitte mit art: bahn bzw. gewaesser, Straßen mit klasse: hauptstrasse, nebenstrasse oder weg kennzeichnen)`);
  if (ohneKlasse) hinweis(`${file}: ${ohneKlasse} Straßen ohne „klasse“ – gelesen als ${STANDARD_KLASSE}`);
  if (flaechen) hinweis(`${file}: ${flaechen} Gewässer als Fläche – ihre Umrisse gelten als Ufer, die Wasserfläche wird zu eigenen Blöcken`);
  return out;
}
