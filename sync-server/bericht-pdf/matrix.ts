/**
 * The Status × Dynamik matrix as HTML: the table of counts (its coloured cells are also the legend
 * of the map) and the map of the combined class. Used by the matrix page (/bericht/sozialindex-matrix),
 * the area profiles and the printed report; server-side strings, no script.
 */
import type { AreaWithGeometry, Catalogue } from '../../shared';
import { DYNAMIK_NAMEN, STATUS_NAMEN, kombiniertName } from '../../shared/sozialindex';
import type { DynamikStufe, Matrix, StatusStufe } from '../../shared/sozialindex';
import type { SozialindexInForce } from '../routes/sozialindex';
import { KEIN_WERT, esc, fmt, mapSvg } from './svg';

/**
 * Colours of the combined classes: a hue per status class (blue hoch, green mittel, orange niedrig,
 * red sehr niedrig), lighter for positive and darker for negative Dynamik. Black text stays readable
 * on every one (contrast ≥ 4.5:1).
 */
export const KOMBI_FARBEN: string[][] = [
  ['#d1e5f0', '#92c5de', '#4393c3'],
  ['#e5f5e0', '#a1d99b', '#41ab5d'],
  ['#fff5eb', '#fdd0a2', '#fd8d3c'],
  ['#fee0d2', '#fc9272', '#ef3b2c'],
];

export const kombiFarbe = (s: StatusStufe | null, d: DynamikStufe | null): string => (s !== null && d !== null ? KOMBI_FARBEN[s - 1]![d - 1]! : KEIN_WERT);

/** The table of counts: rows Status 1–4, columns Dynamik 1–3, with row and column sums. */
export function matrixTabelle(m: Matrix, caption: string): string {
  const head = `<tr><th scope="col">Status \\ Dynamik</th>${DYNAMIK_NAMEN.map((d, j) => `<th scope="col">${j + 1} ${esc(d)}</th>`).join('')}<th scope="col">zusammen</th></tr>`;
  const rows = STATUS_NAMEN.map((s, i) => {
    const cells = m.zellen[i]!.map((n, j) => `<td class="zahl zelle" style="background:${KOMBI_FARBEN[i]![j]}" data-zelle="${i + 1}/${j + 1}" title="${esc(kombiniertName((i + 1) as StatusStufe, (j + 1) as DynamikStufe))}">${n}<span class="kombi"> (${i + 1}/${j + 1})</span></td>`).join('');
    return `<tr><th scope="row">${i + 1} ${esc(s)}</th>${cells}<td class="zahl">${m.zellen[i]!.reduce((a, b) => a + b, 0)}</td></tr>`;
  });
  const sums = DYNAMIK_NAMEN.map((_, j) => m.zellen.reduce((a, r) => a + r[j]!, 0));
  const foot = `<tr><th scope="row">zusammen</th>${sums.map((n) => `<td class="zahl">${n}</td>`).join('')}<td class="zahl">${sums.reduce((a, b) => a + b, 0)}</td></tr>`;
  const rest = `<p class="klein">Ohne kombinierte Klasse: ${m.nurStatus} mit Status, aber ohne Dynamik (kein Vergleichsjahr oder eine Kennzahl fehlt oder ist gesperrt im Vergleichsjahr); ${m.ohneStatus} nicht eingestuft (eine Kennzahl fehlt oder ist gesperrt).</p>`;
  return `<table class="tabelle matrix"><caption>${esc(caption)}</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody><tfoot>${foot}</tfoot></table>${rest}`;
}

/** The map of the combined class (Gemeindeteile numbered in code order, Stadt borders on top). */
export function matrixKarte(m: Matrix, gemeindeteile: AreaWithGeometry[], staedte: AreaWithGeometry[], title: string, width = 180, height = 130): string {
  const z = new Map(m.zeilen.map((r) => [r.area, r]));
  return mapSvg(
    gemeindeteile.map((a, i) => ({ code: a.code, geometry: a.geometry, nr: i + 1, fill: kombiFarbe(z.get(a.code)?.status ?? null, z.get(a.code)?.dynamik ?? null) })),
    staedte.map((s) => s.geometry),
    width,
    height,
    title,
  );
}

/** The setting in words: Kennzahlen by name (the id in brackets), direction and weight. */
export function einstellungText(e: SozialindexInForce, catalogue: Catalogue, von: string | null): string {
  const name = (id: string) => catalogue.kennzahlen.get(id)?.name ?? id;
  const list = e.indikatoren.map((c) => `<li>${esc(name(c.id))} <span class="klein">(${esc(c.id)})</span>: ${c.richtung === 1 ? 'höherer Wert = mehr Handlungsbedarf' : 'höherer Wert = weniger Handlungsbedarf'}, Gewicht ${fmt(c.gewicht, c.gewicht % 1 ? 2 : 0)}</li>`).join('');
  return `<p>${esc(e.hinweis)}</p><p>Kennzahlen des Index:</p><ul>${list}</ul><p>Dynamik: ${von ? `Veränderung seit ${esc(von)}` : 'kein Vergleichsjahr (nur ein freigegebenes Jahr oder keines davor) – ohne Dynamik keine kombinierte Klasse'}.</p>`;
}

export const MATRIX_METHODE = 'Nach dem Monitoring Soziale Stadtentwicklung Berlin (MSS): Statusindex und Dynamikindex je Gemeindeteil aus veröffentlichten Werten; Status in vier Klassen (1 hoch, 2 mittel, 3 niedrig, 4 sehr niedrig; Grenzen −1, +0,5 und +1 Standardabweichung), Dynamik in drei (1 positiv unter −1, 2 stabil von −1 bis +0,5, 3 negativ über +0,5 Standardabweichungen; „negativ“ und „stark negativ“ des Berichts zusammen). Die kombinierte Klasse „Status/Dynamik“ (z. B. 3/3) ist die Zelle der Matrix. Ein Gemeindeteil mit gesperrter oder fehlender Kennzahl wird nicht eingestuft (kein Ersatzwert).';
