/**
 * Area profile (Steckbrief) of one Gemeindeteil or Stadt, issue 16: every Kennzahl of the area beside
 * its Stadt and the Kreis, the value of the comparison year (five years earlier) and the change, its
 * Sozialindex class (Status × Dynamik) and a small locator map. Built on the server from the published
 * view only (role leser, released state): a reader's profile shows "." exactly where the published
 * view suppresses a value, "–" where there is no value (with the reason for the area itself).
 * The same HTML serves the screen (/bericht/gebiet/<code>) and, printed by Chromium, the PDF.
 */
import { HANDLUNGSFELDER, shiftPeriod } from '../../shared';
import type { AreaWithGeometry, Catalogue, Kennzahl } from '../../shared';
import { ZEICHEN_GESPERRT, LEGENDE_GESPERRT } from '../../shared/disclosure/zeichen';
import { nachkommastellenOf, zahl } from '../../shared/format/zahlen';
import { VERGLEICH_JAHRE, vergleichsjahrOf, veraenderungText } from '../../shared/format/veraenderung';
import { DYNAMIK_NAMEN, STATUS_NAMEN } from '../../shared/sozialindex';
import { deDateTime } from '../../shared/types';
import { PublishedIndicatorRow, disclosureNote, indicatorCacheOf } from '../publication';
import type { ReaderView } from '../reader-view';
import { amtlichHinweis } from '../../shared/format/amtlich';
import { MATRIX_METHODE, einstellungText, kombiFarbe, matrixTabelle } from './matrix';
import { SozialindexDaten, publishedSozialindex } from './sozialindex-daten';
import { esc, fmt, mapSvg } from './svg';

/** Levels with a profile. */
export const PROFIL_EBENEN = ['stadt', 'gemeindeteil'] as const;
// how far back the change is measured and which year: one place for screen and profile
export { VERGLEICH_JAHRE, vergleichsjahrOf } from '../../shared/format/veraenderung';
/** The sign of a cell without a value (not delivered, not computable); "." is only for suppressed ones. */
export const KEIN_WERT_ZEICHEN = '–';

export interface ProfilDaten {
  period: string;
  /** released years (for the year links) */
  periods: string[];
  /** the year the change is measured from: five years back if released, else the earliest released year before; null if none */
  vergleich: string | null;
  datenstand: string;
  demo: boolean;
  catalogue: Catalogue;
  gebiet: AreaWithGeometry;
  /** the Stadt of a Gemeindeteil (null for a Stadt's own profile) */
  stadt: AreaWithGeometry | null;
  kreis: AreaWithGeometry;
  staedte: AreaWithGeometry[];
  gemeindeteile: AreaWithGeometry[];
  /** Gemeindeteil -> its Stadt (via the tree, so also below a Stadtbezirk) */
  stadtVon: Map<string, string | undefined>;
  /** published rows of the year: area -> Kennzahl -> row (area, Stadt, Kreis) */
  jetzt: Map<string, Map<string, PublishedIndicatorRow>>;
  /** published rows of the area in the comparison year */
  vorher: Map<string, PublishedIndicatorRow>;
  si: SozialindexDaten;
  geheimhaltung: string;
}

const byId = (rows: PublishedIndicatorRow[]) => new Map(rows.map((r) => [r.indicator, r]));


/** Everything a profile shows, from the leser's view of the released state. `code` must be a Stadt or Gemeindeteil. */
export async function profilDaten(view: ReaderView, code: string, period: string): Promise<ProfilDaten> {
  const state = view.state;
  const [{ areas, tree }, catalogue, periods] = await Promise.all([state.areas(), state.catalogue(), state.storage.releasedPeriods()]);
  if (!tree || !catalogue) throw new Error('keine Gebietsgliederung oder kein Katalog');
  const byLevel = (e: string) => areas.filter((a) => a.ebene === e).sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const gebiet = byCode.get(code)!;
  // the comparison on top: the area's Kreis, or the root where there is none (a kreisfreie Stadt, a Land tree's Stadt)
  const kreisCode = tree.ancestors(code).find((c) => tree.get(c)?.ebene === 'kreis') ?? tree.root.code;
  const kreis = byCode.get(kreisCode)!;
  const stadtCode = gebiet.ebene === 'gemeindeteil' ? tree.stadtOf(code) : undefined;
  const stadt = stadtCode ? (byCode.get(stadtCode) ?? null) : null;
  const gemeindeteile = byLevel('gemeindeteil');
  const codes = [gebiet.code, ...(stadt ? [stadt.code] : []), kreis.code];
  const jetzt = new Map<string, Map<string, PublishedIndicatorRow>>();
  const rows = await view.indicators(period, codes);
  for (const c of codes) jetzt.set(c, byId(rows.filter((r) => r.area === c)));
  const vergleich = vergleichsjahrOf(period, periods);
  const vorher = vergleich ? byId(await view.indicators(vergleich, [gebiet.code])) : new Map<string, PublishedIndicatorRow>();
  return {
    period,
    periods,
    vergleich,
    datenstand: (await view.datenstand(period)) ?? '',
    demo: await state.isDemo(),
    catalogue,
    gebiet,
    stadt,
    kreis,
    staedte: byLevel('stadt'),
    gemeindeteile,
    stadtVon: new Map(gemeindeteile.map((g) => [g.code, tree.stadtOf(g.code)])),
    jetzt,
    vorher,
    si: await publishedSozialindex(view, catalogue, gemeindeteile.map((a) => a.code), period, periods),
    geheimhaltung: disclosureNote(indicatorCacheOf(state).options),
  };
}

/** A value cell: "." for a suppressed row (whatever the reason), "–" without a value, else the number. */
export function zelle(r: PublishedIndicatorRow | undefined, dec: number): string {
  if (r?.status === 'gesperrt') return ZEICHEN_GESPERRT;
  return typeof r?.value === 'number' ? zahl(r.value, dec) : KEIN_WERT_ZEICHEN;
}

/** The change from `before` to `now`: "." if either is suppressed, "–" if either has no value. */
export function veraenderung(now: PublishedIndicatorRow | undefined, before: PublishedIndicatorRow | undefined, dec: number): string {
  if (now?.status === 'gesperrt' || before?.status === 'gesperrt') return ZEICHEN_GESPERRT;
  if (typeof now?.value !== 'number' || typeof before?.value !== 'number') return KEIN_WERT_ZEICHEN;
  // a change that rounds to zero has no sign
  return veraenderungText(now.value - before.value, dec);
}

const EBENE: Record<string, string> = { stadt: 'Stadt', gemeindeteil: 'Gemeindeteil' };
const datum = (iso: string) => (iso ? new Date(iso).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }) : 'nicht freigegeben');

/** Title line of the page and the PDF's running header. */
export function profilTitel(d: ProfilDaten): string {
  return `${EBENE[d.gebiet.ebene] ?? d.gebiet.ebene} ${d.gebiet.name}${d.stadt ? ` (${d.stadt.name})` : ''} · Gemeinsamer Sozialbericht ${d.period}`;
}

/** The reason shown for the area's own value when there is none (never for a suppressed one). */
const grundOf = (r: PublishedIndicatorRow | undefined): string => {
  if (!r) return 'kein Wert';
  if (r.status === 'gesperrt') return '';
  // an area with incomplete sub-areas: its numbers are official totals (issue 14)
  const amtlich = 'amtlich' in r && r.amtlich?.length ? amtlichHinweis(r.amtlich) : '';
  return [typeof r.value === 'number' ? '' : (r.reason ?? 'kein Wert'), amtlich].filter(Boolean).join('; ');
};

function kennzahlTabelle(d: ProfilDaten, feld: string, ks: Kennzahl[]): string {
  const own = d.jetzt.get(d.gebiet.code)!;
  const cols = [
    { key: 'gebiet', label: d.gebiet.name, rows: own },
    ...(d.stadt ? [{ key: 'stadt', label: `Stadt ${d.stadt.name}`, rows: d.jetzt.get(d.stadt.code)! }] : []),
    { key: 'kreis', label: d.kreis.name, rows: d.jetzt.get(d.kreis.code)! },
  ];
  const head = `<tr><th scope="col" class="kennzahl">Kennzahl</th><th scope="col" class="einheit">Einheit</th>${cols.map((c) => `<th scope="col" class="zahl">${esc(c.label)} ${esc(d.period)}</th>`).join('')}${d.vergleich ? `<th scope="col" class="zahl">${esc(d.gebiet.name)} ${esc(d.vergleich)}</th><th scope="col" class="zahl">Veränderung seit ${esc(d.vergleich)}</th>` : ''}<th scope="col" class="hinweis-spalte">Hinweis</th></tr>`;
  const body = ks.map((k) => {
    const dec = nachkommastellenOf(k);
    const cells = cols.map((c) => `<td class="zahl" data-spalte="${c.key}">${zelle(c.rows.get(k.id), dec)}</td>`).join('');
    const change = d.vergleich ? `<td class="zahl" data-spalte="vorher">${zelle(d.vorher.get(k.id), dec)}</td><td class="zahl" data-spalte="veraenderung">${veraenderung(own.get(k.id), d.vorher.get(k.id), dec)}</td>` : '';
    return `<tr data-kennzahl="${esc(k.id)}"><th scope="row">${esc(k.name)}</th><td>${esc(k.einheit)}</td>${cells}${change}<td class="klein">${esc(grundOf(own.get(k.id)))}</td></tr>`;
  });
  return `<section class="feld"><h3>${esc(feld)}</h3><table class="tabelle profil"><thead>${head}</thead><tbody>${body.join('')}</tbody></table></section>`;
}

function sozialindexTeil(d: ProfilDaten, druck: boolean): string {
  const si = d.si;
  const head = '<h2 id="sozialindex">Sozialindex</h2>';
  if (si.fehlt) return `${head}<p class="hinweis">${esc(si.fehlt)}</p>`;
  const setting = `<details${druck ? ' open' : ''}><summary>Einstellung und Kennzahlen des Index</summary>${einstellungText(si.einstellung, d.catalogue, si.von)}<p class="klein">${esc(MATRIX_METHODE)}</p></details>`;
  if (d.gebiet.ebene === 'gemeindeteil') {
    const z = si.matrix.zeilen.find((r) => r.area === d.gebiet.code);
    const st = si.status.find((r) => r.area === d.gebiet.code);
    const dy = si.dynamik?.find((r) => r.area === d.gebiet.code);
    // why not: "<id>: gesperrt" or "<id>: <reason>" from the published rows, said with the Kennzahl's name
    const warum = (grund: string | undefined) => {
      const m = /^([a-z0-9_]+): (.*)$/.exec(grund ?? '');
      const k = m ? d.catalogue.kennzahlen.get(m[1]!) : undefined;
      return esc(k ? `${k.name}: ${m![2]}` : (grund ?? 'kein Grund bekannt'));
    };
    const status = z?.status ? `${z.status} ${STATUS_NAMEN[z.status - 1]} (Index ${fmt(st!.index!, 2)})` : `nicht eingestuft (${warum(st?.grund)})`;
    const dynamik = !si.dynamik ? 'ohne Vergleichsjahr nicht berechnet' : z?.dynamik ? `${z.dynamik} ${DYNAMIK_NAMEN[z.dynamik - 1]} (Index ${fmt(dy!.index!, 2)}, seit ${esc(si.von ?? '')})` : `nicht eingestuft (${warum(dy?.grund ?? st?.grund)})`;
    const kombi = z?.kombiniert ? `<span class="kasten" style="background:${kombiFarbe(z.status, z.dynamik)}"></span> ${z.kombiniert}` : '–';
    return `${head}<dl class="si"><dt>Status</dt><dd data-si="status">${status}</dd><dt>Dynamik</dt><dd data-si="dynamik">${dynamik}</dd><dt>Kombinierte Klasse</dt><dd data-si="kombiniert">${kombi}</dd></dl>${setting}`;
  }
  // a Stadt: the matrix of its own Gemeindeteile
  const own = new Set(d.gemeindeteile.filter((g) => d.stadtVon.get(g.code) === d.gebiet.code).map((g) => g.code));
  const zeilen = si.matrix.zeilen.filter((r) => own.has(r.area));
  const zellen = STATUS_NAMEN.map((_, i) => DYNAMIK_NAMEN.map((__, j) => zeilen.filter((r) => r.status === i + 1 && r.dynamik === j + 1).length));
  const sub = { zellen, nurStatus: zeilen.filter((r) => r.status !== null && r.dynamik === null).length, ohneStatus: zeilen.filter((r) => r.status === null).length, zeilen };
  return `${head}<p>Klassen der ${zeilen.length} Gemeindeteile der Stadt (eingestuft im Vergleich aller Gemeindeteile des Kreises).</p>${matrixTabelle(sub, `Gemeindeteile von ${d.gebiet.name} nach Status und Dynamik ${d.period}`)}${setting}`;
}

/** The locator map: the Kreis's Gemeindeteile in grey, the area (or the Stadt's Gemeindeteile) marked. */
function lagekarte(d: ProfilDaten): string {
  const marked = (a: AreaWithGeometry) => (d.gebiet.ebene === 'stadt' ? d.stadtVon.get(a.code) === d.gebiet.code : a.code === d.gebiet.code);
  return mapSvg(
    d.gemeindeteile.map((a) => ({ code: a.code, geometry: a.geometry, fill: marked(a) ? '#b2182b' : '#eeeeee' })),
    d.staedte.map((s) => s.geometry),
    80,
    62,
    `Lagekarte: ${d.gebiet.name} im ${d.kreis.name}`,
  );
}

const CSS = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 15px; color: #111; margin: 0; line-height: 1.4; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; margin: 0 0 0.5rem; }
a { color: #0645ad; }
h1 { font-size: 1.6rem; margin: 0.4rem 0; color: #253494; }
h2 { font-size: 1.25rem; margin: 1.2rem 0 0.4rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.3rem; }
.kopf { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
.kopf svg { flex: none; max-width: 100%; height: auto; }
svg.karte text.nr { font-size: 2.4px; text-anchor: middle; dominant-baseline: central; }
svg.karte .massstab text, svg.karte .nordpfeil text { font-size: 2.6px; }
.klein { font-size: 0.85em; color: #444; }
.hinweis { background: #f4f4f4; padding: 0.3rem 0.6rem; }
table.tabelle { border-collapse: collapse; width: 100%; font-size: 0.9em; margin-bottom: 0.5rem; }
table.tabelle caption { text-align: left; font-weight: bold; padding: 0.2rem 0; }
table.tabelle th, table.tabelle td { padding: 0.15rem 0.4rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
table.tabelle thead th { border-bottom: 2px solid #333; }
table.tabelle tbody th { font-weight: normal; }
table.tabelle .zahl { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* the same columns in every Handlungsfeld's table */
table.profil { table-layout: fixed; }
table.profil th.kennzahl { width: 22%; }
table.profil th.einheit { width: 7%; }
table.profil th.hinweis-spalte { width: 15%; }
/* long names and headers wrap inside their column instead of running into the next */
table.profil th, table.profil td.klein { overflow-wrap: anywhere; hyphens: auto; }
table.profil thead th.zahl { white-space: normal; }
table.matrix { width: auto; }
table.matrix td.zelle { min-width: 5rem; }
.kombi { font-size: 0.8em; }
dl.si { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.si dt { font-weight: bold; }
dl.si dd { margin: 0; }
.kasten { display: inline-block; width: 1.2em; height: 0.9em; border: 1px solid #888; vertical-align: middle; }
.demo { color: #b2182b; font-weight: bold; }
@media print {
  @page { size: A4; }
  body { font-size: 8.5pt; }
  main { max-width: none; padding: 0; }
  nav, details summary { display: none; }
  h1 { font-size: 15pt; }
  h2 { font-size: 11.5pt; break-after: avoid; }
  h3 { font-size: 9.5pt; break-after: avoid; }
  table.tabelle { font-size: 7.5pt; }
  table.profil thead th { font-size: 6.5pt; }
  table.profil th.kennzahl { width: 20%; }
  table.profil th.einheit { width: 8%; }
  table.profil th.hinweis-spalte { width: 12%; }
  .kopf svg { width: 70mm; height: 54mm; }
  table.tabelle tr { break-inside: avoid; }
}
`;

/**
 * The profile as one HTML document. `druck`: for Chromium's PDF (no navigation, the setting
 * always open); on screen links lead to the report, the years, the Stadt and the PDF.
 */
export function profilHtml(d: ProfilDaten, druck = false): string {
  const kennzahlen = [...d.catalogue.kennzahlen.values()];
  const felder = HANDLUNGSFELDER.filter((f) => kennzahlen.some((k) => k.handlungsfeld === f));
  const others = kennzahlen.filter((k) => !(HANDLUNGSFELDER as readonly string[]).includes(k.handlungsfeld));
  const tables = felder.map((f) => kennzahlTabelle(d, f, kennzahlen.filter((k) => k.handlungsfeld === f))).join('') + (others.length ? kennzahlTabelle(d, 'Weitere Kennzahlen', others) : '');
  const jahrLinks = d.periods.map((p) => `<li><a href="${esc(d.gebiet.code)}?period=${esc(p)}"${p === d.period ? ' aria-current="page"' : ''}>${p === d.period ? `<b>${esc(p)}</b>` : esc(p)}</a></li>`).join('');
  const gts = d.gebiet.ebene === 'stadt' ? d.gemeindeteile.filter((g) => d.stadtVon.get(g.code) === d.gebiet.code) : [];
  const nav = druck
    ? ''
    : `<nav aria-label="Navigation"><ul><li><a href="../?jahr=${esc(d.period)}">Zum Bericht</a></li><li><a href="./?period=${esc(d.period)}">Alle Gebiete</a></li>${d.stadt ? `<li><a href="${esc(d.stadt.code)}?period=${esc(d.period)}">Stadt ${esc(d.stadt.name)}</a></li>` : ''}<li><a href="../sozialindex-matrix?period=${esc(d.period)}">Sozialindex: Status × Dynamik</a></li><li><a href="${esc(d.gebiet.code)}.pdf?period=${esc(d.period)}">Als PDF</a></li></ul><ul aria-label="Berichtsjahr">${jahrLinks}</ul></nav>`;
  const lage = d.stadt ? `Gemeindeteil der Stadt ${esc(d.stadt.name)} im ${esc(d.kreis.name)}` : `Stadt im ${esc(d.kreis.name)} mit ${gts.length} Gemeindeteilen`;
  const teile = gts.length ? `<p>Gemeindeteile: ${gts.map((g) => (druck ? esc(g.name) : `<a href="${esc(g.code)}?period=${esc(d.period)}">${esc(g.name)}</a>`)).join(', ')}.</p>` : '';
  const kopf = `<div class="kopf"><div><p>${lage} (Gebietsschlüssel ${esc(d.gebiet.code)}).</p><p>Berichtsjahr ${esc(d.period)}, Stichtag 31.12.${esc(d.period)}; Datenstand: vom Kreis freigegebener Stand vom ${esc(d.datenstand ? deDateTime(d.datenstand) : 'nicht freigegeben')}.</p>${teile}${d.demo ? '<p class="demo">Demodaten: alle Zahlen sind erfunden.</p>' : ''}</div>${lagekarte(d)}</div>`;
  const vergleich = d.vergleich
    ? `Veränderung: Wert ${esc(d.period)} minus Wert ${esc(d.vergleich)} in der Einheit der Kennzahl (bei Anteilen Prozentpunkte)${Number(d.period) - Number(d.vergleich) !== VERGLEICH_JAHRE ? `; ${esc(String(VERGLEICH_JAHRE))} Jahre zurück (${esc(shiftPeriod(d.period, -VERGLEICH_JAHRE))}) ist nicht freigegeben, verglichen wird mit dem frühesten freigegebenen Jahr` : ''}.`
    : `Keine Veränderung: vor ${esc(d.period)} ist kein Jahr freigegeben.`;
  const zeichen = `<h2>Zeichen</h2><p>${esc(LEGENDE_GESPERRT)}. „${KEIN_WERT_ZEICHEN}“ = kein Wert (nicht geliefert oder nicht berechenbar, z. B. Nenner 0; die Spalte Hinweis nennt den Grund für ${esc(d.gebiet.name)}). ${vergleich}</p><p class="klein">${esc(d.geheimhaltung)}</p>`;
  const body = `<main><header>${nav}<h1>${esc(EBENE[d.gebiet.ebene] ?? '')} ${esc(d.gebiet.name)}</h1><p class="klein">Gebietsprofil · Gemeinsamer Sozialbericht ${esc(d.period)}</p>${kopf}</header>${sozialindexTeil(d, druck)}<h2>Kennzahlen ${esc(d.period)} im Vergleich</h2>${tables}${zeichen}</main>`;
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(profilTitel(d))}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

/** Kopfzeile of the PDF (date of the release). */
export const profilKopf = (d: ProfilDaten): string => `${profilTitel(d)} · Datenstand ${datum(d.datenstand)}`;
