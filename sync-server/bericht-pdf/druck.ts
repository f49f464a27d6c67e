/**
 * The printed report as one HTML document (A4 pages), built on the server from the published view
 * only (the readers' snapshots of the released state, reader-view.ts) – no script, no request back to the
 * server, nothing interactive. Chromium turns it into the PDF (render.ts); /bericht/druck shows it.
 *
 * Pagination is done here, not by the browser: every page is a `.seite` of fixed height, so the
 * contents can name page numbers before Chromium lays anything out. Long parts (tables, rankings,
 * definitions) are split into pages by rows; the renderer checks that no page overflows.
 */
import { deDateTime } from '../../shared/types';
import { HANDLUNGSFELDER } from '../../shared';
import type { AreaWithGeometry, Catalogue, Kennzahl } from '../../shared';
import { dynamikindex, sozialindex } from '../../shared/sozialindex';
import type { IndexRow, Klasse } from '../../shared/sozialindex';
import { LEGENDE_GESPERRT } from '../../shared/disclosure/zeichen';
import { PublishedIndicatorRow, disclosureNote, indicatorCacheOf } from '../publication';
import type { ReaderView } from '../reader-view';
import { amtlichHinweis } from '../../shared/format/amtlich';
import { sozialindexBasisOf } from '../routes/bericht';
import { SozialindexInForce, sozialindexInForce } from '../routes/sozialindex';
import { KEIN_WERT, esc, fmt, klassen, mapSvg, rankingSvg } from './svg';
import { nachkommastellenOf } from '../../shared/format/zahlen';
import { statusDynamikMatrix } from '../../shared/sozialindex';
import { MATRIX_METHODE, matrixKarte, matrixTabelle } from './matrix';

const EBENE: Record<string, string> = { land: 'Land', kreis: 'Kreis', stadt: 'Stadt', stadtbezirk: 'Stadtbezirk', gemeindeteil: 'Gemeindeteil' };

export interface DruckOptionen {
  herausgeber: string;
  kontakt: string;
}

export interface DruckDaten {
  period: string;
  /** ISO time of the newest release of the year */
  datenstand: string;
  demo: boolean;
  catalogue: Catalogue;
  kreis: AreaWithGeometry;
  staedte: AreaWithGeometry[];
  /** Gemeindeteile in code order; their number on maps is their index + 1 */
  gemeindeteile: AreaWithGeometry[];
  rows: Map<string, PublishedIndicatorRow>;
  /** released years up to the report's (at most the last 6) for the time series of Kreis and Städte */
  jahre: string[];
  /** published rows of Kreis and Städte per year: rowKey -> period -> row */
  reihe: Map<string, Map<string, PublishedIndicatorRow>>;
  einstellung: SozialindexInForce;
  status: IndexRow[];
  dynamik: IndexRow[] | null;
  von: string | null;
  geheimhaltung: string;
}

export const rowKey = (indicator: string, area: string): string => `${indicator}\u0000${area}`;

/** Everything the printed report shows, from the leser's view of the released state. */
export async function druckDaten(view: ReaderView, period: string): Promise<DruckDaten> {
  const state = view.state;
  const [{ areas, tree }, catalogue, periods] = await Promise.all([state.areas(), state.catalogue(), state.storage.releasedPeriods()]);
  if (!tree || !catalogue) throw new Error('keine Gebietsgliederung oder kein Katalog');
  const byLevel = (e: string) => areas.filter((a) => a.ebene === e).sort((a, b) => a.code.localeCompare(b.code));
  // the root (Land, Kreis or kreisfreie Stadt) once: a kreisfreie Stadt is not listed again as a Stadt
  const kreis = areas.find((a) => a.code === tree.root.code)!;
  const staedte = byLevel('stadt').filter((a) => a.code !== kreis.code);
  const gemeindeteile = byLevel('gemeindeteil');
  const codes = [kreis, ...staedte, ...gemeindeteile].map((a) => a.code);
  const rows = new Map<string, PublishedIndicatorRow>();
  for (const r of await view.indicators(period, codes)) rows.set(rowKey(r.indicator, r.area), r);
  const jahre = periods.filter((p) => p <= period).slice(-6);
  const reihe = new Map<string, Map<string, PublishedIndicatorRow>>();
  const oben = [kreis, ...staedte].map((a) => a.code);
  for (const p of jahre) {
    const rs = p === period ? oben.flatMap((a) => [...catalogue.kennzahlen.keys()].map((id) => rows.get(rowKey(id, a))!)) : await view.indicators(p, oben);
    for (const r of rs) {
      const k = rowKey(r.indicator, r.area);
      if (!reihe.has(k)) reihe.set(k, new Map());
      reihe.get(k)!.set(p, r);
    }
  }
  const agreed = await sozialindexInForce(state);
  const { von, basis } = sozialindexBasisOf(agreed, undefined, undefined, period, periods);
  const config = basis.indikatoren.filter((c) => catalogue.kennzahlen.has(c.id));
  const gts = gemeindeteile.map((a) => a.code);
  const toInput = (rs: PublishedIndicatorRow[]) => rs.map((x) => ({ area: x.area, indicator: x.indicator, value: x.value, grund: x.status === 'gesperrt' ? 'gesperrt' : x.reason }));
  const now = toInput(config.flatMap((c) => gts.map((a) => rows.get(rowKey(c.id, a))!)));
  const status = config.length ? sozialindex(gts, now, config) : [];
  const dynamik = config.length && von && von !== period ? dynamikindex(gts, toInput(await view.indicators(von, gts, config.map((c) => c.id))), now, config) : null;
  return {
    period,
    datenstand: (await view.datenstand(period)) ?? '',
    demo: await state.isDemo(),
    catalogue,
    kreis,
    staedte,
    gemeindeteile,
    rows,
    jahre,
    reihe,
    einstellung: basis,
    status,
    dynamik,
    von: dynamik ? von ?? null : null,
    geheimhaltung: disclosureNote(indicatorCacheOf(state).options),
  };
}

const datum = (iso: string) => (iso ? new Date(iso).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }) : 'nicht freigegeben');

/** The running header's text (also used by render.ts). */
export function kopfzeile(d: DruckDaten): string {
  return `${d.kreis.name} · Gemeinsamer Sozialbericht ${d.period} · Datenstand ${datum(d.datenstand)}`;
}

const chunk = <T>(xs: T[], n: number): T[][] => (xs.length ? Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n)) : [[]]);

interface Seite {
  html: string;
  /** entries of the contents (chapter or section starting on this page) */
  toc?: { title: string; level: 1 | 2 }[];
}

const SI_FARBEN: Record<Klasse, string> = { hoch: '#4575b4', mittel: '#e0f3f8', niedrig: '#fdae61', 'sehr niedrig': '#d73027' };
const SI_KLASSEN: Klasse[] = ['hoch', 'mittel', 'niedrig', 'sehr niedrig'];

/** The whole printed report as an HTML document. */
export function druckHtml(d: DruckDaten, opt: DruckOptionen): { html: string; seiten: number; toc: { title: string; level: number; seite: number }[] } {
  const gtNr = new Map(d.gemeindeteile.map((a, i) => [a.code, i + 1]));
  const name = new Map([d.kreis, ...d.staedte, ...d.gemeindeteile].map((a) => [a.code, a.name]));
  const kennzahlen = [...d.catalogue.kennzahlen.values()];
  const seiten: Seite[] = [];

  // -- key of area numbers, with an overview map of the Städte
  const key = (codes: AreaWithGeometry[]) => `<ol class="schluessel">${codes.map((a) => `<li><b>${gtNr.get(a.code)}</b> ${esc(a.name)} <span class="klein">(${esc(name.get(d.staedte.find((s) => a.code.startsWith(s.code))?.code ?? '') ?? '')})</span></li>`).join('')}</ol>`;
  const overview = mapSvg(d.gemeindeteile.map((a) => ({ code: a.code, geometry: a.geometry, fill: '#f2f2f2', nr: gtNr.get(a.code) })), d.staedte.map((s) => s.geometry), 180, 125, 'Übersichtskarte der Gemeindeteile mit Nummern');
  const keyPages = chunk(d.gemeindeteile, 70);
  keyPages.forEach((part, i) => seiten.push({
    toc: i === 0 ? [{ title: 'Gebiete und ihre Nummern', level: 1 }] : undefined,
    html: `<h1>Gebiete und ihre Nummern</h1>${i === 0 ? `<p>Die Karten zeigen die ${d.gemeindeteile.length} Gemeindeteile der ${d.staedte.length} Städte mit Nummern; dicke Linien sind Stadtgrenzen. Städte: ${d.staedte.map((s) => esc(s.name)).join(', ')}.</p>${overview}` : ''}${key(part)}`,
  }));

  // -- one chapter per Handlungsfeld, every Kennzahl: map, ranking, table
  for (const feld of HANDLUNGSFELDER) {
    const ks = kennzahlen.filter((k) => k.handlungsfeld === feld);
    if (!ks.length) continue;
    ks.forEach((k, n) => {
      kennzahlSeiten(d, k, gtNr).forEach((html, i) => {
        const toc: Seite['toc'] = i > 0 ? undefined : n === 0 ? [{ title: feld, level: 1 }, { title: k.name, level: 2 }] : [{ title: k.name, level: 2 }];
        seiten.push({ html: (n === 0 && i === 0 ? `<h1 class="kapitel">${esc(feld)}</h1>` : '') + html, toc });
      });
    });
  }

  // -- Sozialindex
  seiten.push(...sozialindexSeiten(d, gtNr));

  // -- method and definitions, sources, signs
  const defs = kennzahlen.map((k) => `<div class="definition"><h3>${esc(k.name)} <span class="klein">(${esc(k.id)}, ${esc(k.einheit)})</span></h3><p>${esc(k.definition)}</p><p><b>Formel:</b> <code>${esc(k.formel)}</code></p><p><b>Datenquellen:</b> ${esc(k.quellen.join(', '))} · <b>tiefste Ebene:</b> ${esc(EBENE[k.tiefsteEbene] ?? k.tiefsteEbene)} · <b>Definition nach:</b> ${esc(k.definitionsquelle)}</p>${k.hinweis ? `<p class="klein">${esc(k.hinweis)}</p>` : ''}</div>`);
  const methode = `<h1>Methode und Definitionen</h1><p>Alle Zahlen sind veröffentlichte Werte (Sicht der Leser) des vom Kreis freigegebenen Stands vom ${esc(deDateTime(d.datenstand))} für den Stichtag 31.12.${d.period}. Kennzahlen werden nach „erst summieren, dann teilen“ gerechnet: Zähler und Nenner eines Gebiets sind die Summen seiner Teilgebiete, Quoten werden nie gemittelt. Jede Kennzahl ist Zähler / Nenner × Faktor nach der Formel des Kennzahlenkatalogs (Version ${esc(d.catalogue.version)}).</p><p>Kartenklassen: natürliche Brüche (Jenks); jede Klasse reicht von ihrer Grenze bis unter die nächste, so dass sich die Klassen nicht überschneiden.</p><p><b>Geheimhaltung:</b> ${esc(d.geheimhaltung)}</p>`;
  let budget = 0;
  let cur: string[] = [];
  const defPages: string[][] = [];
  for (const [i, x] of defs.entries()) {
    const cost = 260 + x.length;
    if (cur.length && budget + cost > (defPages.length === 0 ? 3600 : 5200)) {
      defPages.push(cur);
      cur = [];
      budget = 0;
    }
    cur.push(x);
    budget += cost;
    if (i === defs.length - 1) defPages.push(cur);
  }
  defPages.forEach((part, i) => seiten.push({ toc: i === 0 ? [{ title: 'Methode und Definitionen', level: 1 }] : undefined, html: (i === 0 ? methode : '<h2>Definitionen (Fortsetzung)</h2>') + part.join('') }));

  const quellen = new Map<string, Set<string>>();
  for (const m of d.catalogue.merkmale.values()) {
    if (!quellen.has(m.quelle)) quellen.set(m.quelle, new Set());
    quellen.get(m.quelle)!.add(m.name);
  }
  const defQuellen = [...new Set(kennzahlen.map((k) => k.definitionsquelle))];
  seiten.push({
    toc: [{ title: 'Quellen und Zeichenerklärung', level: 1 }],
    html: `<h1>Quellen</h1><h2>Datenquellen der Merkmale</h2><ul>${[...quellen].map(([q, ms]) => `<li><b>${esc(q)}</b>: ${ms.size} Merkmale (z. B. ${[...ms].slice(0, 4).map(esc).join(', ')})</li>`).join('')}</ul><h2>Quellen der Definitionen</h2><ul>${defQuellen.map((q) => `<li>${esc(q)}</li>`).join('')}</ul><p>Gebietsgliederung: kleinräumige Gliederung des Kreises (Kreis, Städte, Gemeindeteile). Kennzahlenkatalog Version ${esc(d.catalogue.version)}.</p><h1>Zeichenerklärung</h1><p class="zeichen">${esc(LEGENDE_GESPERRT)}</p><p>Schraffierte Gebiete in Karten: Zahlenwert geheim gehalten („.“). Graue Gebiete: kein Wert (nicht geliefert oder nicht berechenbar, z. B. Nenner 0); die Zeile der Tabelle nennt den Grund.</p>${d.demo ? '<p class="demo">Demodaten: alle Zahlen dieses Berichts sind erfunden (Demo-Kreis).</p>' : ''}`,
  });

  // -- title page and contents (page numbers: title 1, contents 2.., then the pages above)
  const entries = seiten.flatMap((s, index) => (s.toc ?? []).map((e) => ({ ...e, index })));
  const tocPerPage = 48;
  const tocPages = Math.ceil(entries.length / tocPerPage);
  const offset = 1 + tocPages;
  const toc = entries.map((e) => ({ title: e.title, level: e.level, seite: offset + e.index + 1 }));
  const tocHtml = chunk(toc, tocPerPage).map((part, i) => `${i === 0 ? '<h1>Inhalt</h1>' : '<h2>Inhalt (Fortsetzung)</h2>'}<ol class="inhalt">${part.map((e) => `<li class="stufe${e.level}"><span>${esc(e.title)}</span><span class="seitenzahl">${e.seite}</span></li>`).join('')}</ol>`);
  const titel = `<div class="titel"><p class="kreis">${esc(d.kreis.name)}</p><h1>Gemeinsamer Sozialbericht</h1><p class="jahr">Berichtsjahr ${esc(d.period)}</p><p>Kennzahlen des Sozialmonitorings für ${d.staedte.length} Städte und ${d.gemeindeteile.length} Gemeindeteile, Stichtag 31.12.${esc(d.period)}</p><dl><dt>Datenstand</dt><dd>${esc(datum(d.datenstand))} (vom Kreis freigegebener Stand vom ${esc(deDateTime(d.datenstand))})</dd><dt>Herausgeber</dt><dd>${esc(opt.herausgeber)}</dd><dt>Kontakt</dt><dd>${esc(opt.kontakt)}</dd><dt>Kennzahlenkatalog</dt><dd>Version ${esc(d.catalogue.version)}</dd></dl>${d.demo ? '<p class="demo">Demodaten: alle Zahlen sind erfunden.</p>' : ''}</div>`;
  const all = [titel, ...tocHtml, ...seiten.map((s) => s.html)];
  const html = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${esc(kopfzeile(d))}</title><style>${CSS}</style></head><body>${all.map((h, i) => `<section class="seite" data-seite="${i + 1}">${h}</section>`).join('')}</body></html>`;
  return { html, seiten: all.length, toc };
}

function kennzahlSeiten(d: DruckDaten, k: Kennzahl, gtNr: Map<string, number>): string[] {
  const row = (a: string) => d.rows.get(rowKey(k.id, a));
  const gtRows = d.gemeindeteile.map((a) => ({ a, r: row(a.code) }));
  const values = gtRows.map((x) => x.r?.value).filter((v): v is number => typeof v === 'number');
  // the catalogue's decimals, as in the screen report and the export
  const dec = nachkommastellenOf(k);
  const kl = klassen(values, dec);
  const gesperrt = gtRows.filter((x) => x.r?.status === 'gesperrt').length;
  const ohne = gtRows.filter((x) => x.r?.status !== 'gesperrt' && typeof x.r?.value !== 'number');
  const gruende = [...new Set(ohne.map((x) => (x.r && x.r.status !== 'gesperrt' ? x.r.reason : undefined) ?? 'nicht geliefert'))];
  const map = mapSvg(
    gtRows.map(({ a, r }) => ({ code: a.code, geometry: a.geometry, nr: gtNr.get(a.code), gesperrt: r?.status === 'gesperrt', fill: typeof r?.value === 'number' ? kl.colors[kl.classOf(r.value)]! : KEIN_WERT })),
    d.staedte.map((s) => s.geometry),
    180,
    135,
    `Karte: ${k.name} ${d.period} je Gemeindeteil`,
  );
  const legend = `<ul class="legende">${kl.labels.map((l, i) => `<li><span class="kasten" style="background:${kl.colors[i]}"></span>${esc(l)} ${esc(k.einheit)}</li>`).join('')}${gesperrt ? `<li><span class="kasten schraffur"></span>${esc(LEGENDE_GESPERRT)}</li>` : ''}${ohne.length ? `<li><span class="kasten" style="background:${KEIN_WERT}"></span>kein Wert</li>` : ''}</ul>`;
  const note = gesperrt || ohne.length
    ? `<p class="hinweis">Ohne Wert: ${gesperrt ? `${gesperrt} Gemeindeteil${gesperrt === 1 ? '' : 'e'} gesperrt („.“, Geheimhaltung)` : ''}${gesperrt && ohne.length ? '; ' : ''}${ohne.length ? `${ohne.length} nicht geliefert oder nicht berechenbar (${gruende.slice(0, 3).map((g) => esc(g)).join('; ')}${gruende.length > 3 ? ' …' : ''})` : ''}.</p>`
    : '';
  const kreisWert = row(d.kreis.code)?.value;
  const head = `<h2>${esc(k.name)}</h2><p class="def">${esc(k.definition)} <span class="klein">Einheit: ${esc(k.einheit)} · Quelle: ${esc(k.quellen.join(', '))} · Stichtag 31.12.${esc(d.period)}${typeof kreisWert === 'number' ? ` · Kreis: ${fmt(kreisWert, dec)}` : ''}</span></p>`;
  const zeitreihe = d.jahre.length > 1
    ? `<h3>Zeitreihe ${esc(d.jahre[0]!)}–${esc(d.jahre[d.jahre.length - 1]!)} (${esc(k.einheit)})</h3><table class="tabelle reihe"><thead><tr><th>Gebiet</th>${d.jahre.map((p) => `<th class="zahl">${esc(p)}</th>`).join('')}</tr></thead><tbody>${[d.kreis, ...d.staedte].map((a) => `<tr class="${a.ebene === 'kreis' ? 'kreis' : ''}"><td>${esc(a.name)}</td>${d.jahre.map((p) => { const v = d.reihe.get(rowKey(k.id, a.code))?.get(p)?.value; return `<td class="zahl">${typeof v === 'number' ? fmt(v, dec) : '.'}</td>`; }).join('')}</tr>`).join('')}</tbody></table><p class="klein">Freigegebene Jahre; „.“ = gesperrt oder kein Wert.</p>`
    : '';
  const pages: string[] = [`${head}${map}${legend}${note}<p class="klein">Zahlen in der Karte: Nummern der Gemeindeteile (Schlüssel unter „Gebiete und ihre Nummern“).</p>${zeitreihe}`];

  const ranked = [...gtRows].sort((x, y) => (y.r?.value ?? -Infinity) - (x.r?.value ?? -Infinity));
  chunk(ranked, 56).forEach((part, i) => {
    pages.push(`<h2>${esc(k.name)}: Rangfolge der Gemeindeteile${i ? ' (Fortsetzung)' : ''}</h2><p class="klein">${esc(k.einheit)}, ${esc(d.period)}; gestrichelt: Wert des Kreises; „.“ = gesperrt oder kein Wert.</p>${rankingSvg(part.map(({ a, r }) => ({ label: `${gtNr.get(a.code)} ${a.name}`, value: typeof r?.value === 'number' ? r.value : null })), dec, 180, typeof kreisWert === 'number' ? { label: 'Kreis', value: kreisWert } : undefined)}`);
  });

  const cell = (r: PublishedIndicatorRow | undefined, f: 'value' | 'numerator' | 'denominator') => {
    const v = r?.[f];
    if (typeof v === 'number') return f === 'value' ? fmt(v, dec) : fmt(v, 0);
    return '.';
  };
  const lines: string[] = [];
  const line = (a: AreaWithGeometry, cls: string, label: string) => {
    const r = row(a.code);
    const grund = r && r.status !== 'gesperrt' && r.value === null ? (r.reason ?? 'kein Wert') : r?.status === 'gesperrt' ? 'gesperrt' : r?.amtlich?.length ? amtlichHinweis(r.amtlich, true) : '';
    lines.push(`<tr class="${cls}"><td>${label}</td><td>${esc(EBENE[a.ebene] ?? a.ebene)}</td><td class="zahl">${cell(r, 'value')}</td><td class="zahl">${cell(r, 'numerator')}</td><td class="zahl">${cell(r, 'denominator')}</td><td class="klein">${esc(grund.length > 60 ? `${grund.slice(0, 58)}…` : grund)}</td></tr>`);
  };
  line(d.kreis, 'kreis', esc(d.kreis.name));
  for (const s of d.staedte) {
    line(s, 'stadt', esc(s.name));
    for (const g of d.gemeindeteile.filter((x) => x.parent === s.code)) line(g, 'gt', `${gtNr.get(g.code)} ${esc(g.name)}`);
  }
  chunk(lines, 68).forEach((part, i) => {
    pages.push(`<h2>${esc(k.name)}: Tabelle${i ? ' (Fortsetzung)' : ''}</h2><table class="tabelle"><thead><tr><th>Gebiet</th><th>Ebene</th><th class="zahl">${esc(k.einheit)}</th><th class="zahl">Zähler</th><th class="zahl">Nenner</th><th>Hinweis</th></tr></thead><tbody>${part.join('')}</tbody></table>`);
  });
  return pages;
}

function sozialindexSeiten(d: DruckDaten, gtNr: Map<string, number>): Seite[] {
  const st = new Map(d.status.map((r) => [r.area, r]));
  const dy = new Map((d.dynamik ?? []).map((r) => [r.area, r]));
  const kname = (id: string) => d.catalogue.kennzahlen.get(id)?.name ?? id;
  const map = mapSvg(
    d.gemeindeteile.map((a) => {
      const k = st.get(a.code)?.klasse;
      return { code: a.code, geometry: a.geometry, nr: gtNr.get(a.code), fill: k ? SI_FARBEN[k] : KEIN_WERT };
    }),
    d.staedte.map((s) => s.geometry),
    180,
    140,
    `Karte: Statusindex ${d.period}`,
  );
  const count = (k: Klasse) => d.status.filter((r) => r.klasse === k).length;
  const legend = `<ul class="legende">${SI_KLASSEN.map((k) => `<li><span class="kasten" style="background:${SI_FARBEN[k]}"></span>Status ${k} (${count(k)})</li>`).join('')}<li><span class="kasten" style="background:${KEIN_WERT}"></span>nicht eingestuft (${d.status.filter((r) => !r.klasse).length})</li></ul>`;
  const einst = `<p><b>Einstellung:</b> ${esc(d.einstellung.hinweis)}</p><p>Kennzahlen: ${d.einstellung.indikatoren.map((c) => `${esc(kname(c.id))} (Richtung ${c.richtung === 1 ? '+' : '−'}, Gewicht ${fmt(c.gewicht, c.gewicht % 1 ? 2 : 0)})`).join('; ')}.</p>`;
  const methode = `<p class="klein">Nach dem Monitoring Soziale Stadtentwicklung Berlin: je Kennzahl werden die Werte der Gemeindeteile z-standardisiert, so gedreht, dass ein höherer Wert mehr Handlungsbedarf bedeutet, gewichtet gemittelt und erneut standardisiert. Klassen nach Standardabweichungen: über +1 sehr niedrig, +0,5 bis +1 niedrig, −1 bis +0,5 mittel, unter −1 hoch. Der Dynamikindex rechnet ebenso mit der Veränderung seit ${esc(d.von ?? 'dem Vergleichsjahr')}. Ein Gemeindeteil mit gesperrter oder fehlender Kennzahl wird nicht eingestuft (kein Ersatzwert).</p>`;
  const pages: Seite[] = [{ toc: [{ title: 'Sozialindex', level: 1 }], html: `<h1 class="kapitel">Sozialindex</h1>${einst}${map}${legend}${methode}` }];
  // the MSS matrix Status × Dynamik (sync-server/bericht-pdf/matrix.ts), when there is a Dynamik
  if (d.dynamik) {
    const m = statusDynamikMatrix(d.gemeindeteile.map((a) => a.code), d.status, d.dynamik);
    pages.push({
      toc: [{ title: 'Sozialindex: Status × Dynamik', level: 2 }],
      html: `<h2>Status × Dynamik ${esc(d.period)}</h2>${matrixTabelle(m, `Anzahl der Gemeindeteile nach Status (Zeilen) und Dynamik seit ${d.von ?? ''} (Spalten)`)}${matrixKarte(m, d.gemeindeteile, d.staedte, `Karte: kombinierte Klasse Status/Dynamik ${d.period}`, 180, 150)}<p class="klein">Farben wie die Zellen der Matrix; grau: ohne kombinierte Klasse. ${esc(MATRIX_METHODE)}</p>`,
    });
  }
  const lines = d.gemeindeteile.map((a) => {
    const s = st.get(a.code);
    const y = dy.get(a.code);
    return `<tr><td>${gtNr.get(a.code)} ${esc(a.name)}</td><td class="zahl">${s?.index == null ? '.' : fmt(s.index, 2)}</td><td>${esc(s?.klasse ?? (s?.grund ? `nicht eingestuft` : '.'))}</td><td class="zahl">${y?.index == null ? '.' : fmt(y.index, 2)}</td><td>${esc(y?.klasse ?? (d.dynamik ? 'nicht eingestuft' : '–'))}</td></tr>`;
  });
  chunk(lines, 62).forEach((part, i) => pages.push({ html: `<h2>Sozialindex ${esc(d.period)}: Gemeindeteile${i ? ' (Fortsetzung)' : ''}</h2><table class="tabelle"><thead><tr><th>Gemeindeteil</th><th class="zahl">Statusindex</th><th>Status</th><th class="zahl">Dynamikindex${d.von ? ` (seit ${esc(d.von)})` : ''}</th><th>Dynamik</th></tr></thead><tbody>${part.join('')}</tbody></table>` }));
  return pages;
}

/** Print CSS: A4, fixed page boxes (page margins come from page.pdf; see render.ts). */
export const PAGE_HEIGHT_MM = 259;
const CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #111; line-height: 1.3; }
.seite { height: ${PAGE_HEIGHT_MM}mm; width: 180mm; overflow: hidden; break-after: page; page-break-after: always; position: relative; }
.seite:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 16pt; margin: 0 0 3mm; color: #253494; }
h1.kapitel { font-size: 18pt; border-bottom: 0.6mm solid #253494; padding-bottom: 1mm; }
h2 { font-size: 12pt; margin: 0 0 2mm; }
h3 { font-size: 9.5pt; margin: 0 0 0.5mm; }
p { margin: 0 0 2mm; }
.klein { font-size: 7.5pt; color: #444; }
.def { font-size: 8.5pt; }
svg { display: block; }
svg.karte text.nr { font-size: 2.4px; text-anchor: middle; dominant-baseline: central; fill: #000; paint-order: stroke; stroke: #fff; stroke-width: 0.5px; font-weight: bold; }
svg.karte .massstab text, svg.karte .nordpfeil text { font-size: 2.6px; }
svg.rangfolge text { font-size: 2.5px; dominant-baseline: auto; }
.legende { list-style: none; padding: 0; margin: 2mm 0; display: flex; flex-wrap: wrap; gap: 1mm 5mm; font-size: 8pt; }
.legende li { display: flex; align-items: center; gap: 1.5mm; }
.kasten { display: inline-block; width: 4mm; height: 3mm; border: 0.2mm solid #888; }
.schraffur { background: repeating-linear-gradient(45deg, #fff 0 0.5mm, #666 0.5mm 0.8mm); }
.hinweis { font-size: 8pt; background: #f4f4f4; padding: 1mm 2mm; }
table.tabelle { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
table.tabelle th, table.tabelle td { padding: 0.1mm 1.5mm; border-bottom: 0.1mm solid #ddd; text-align: left; line-height: 1.15; white-space: nowrap; }
table.reihe { width: auto; }
h3 { margin-top: 2mm; }
table.tabelle th { border-bottom: 0.3mm solid #333; }
table.tabelle .zahl { text-align: right; font-variant-numeric: tabular-nums; }
table.tabelle tr.kreis td { font-weight: bold; background: #eef; }
table.tabelle tr.stadt td { font-weight: bold; background: #f6f6f6; }
table.tabelle tr.gt td:first-child { padding-left: 4mm; }
.schluessel { columns: 3; font-size: 7.5pt; padding-left: 0; list-style: none; margin: 2mm 0; }
.schluessel li { break-inside: avoid; }
.inhalt { list-style: none; padding: 0; }
.inhalt li { display: flex; justify-content: space-between; border-bottom: 0.1mm dotted #999; padding: 0.6mm 0; }
.inhalt li.stufe1 { font-weight: bold; margin-top: 1.5mm; }
.inhalt li.stufe2 { padding-left: 6mm; font-size: 8.5pt; }
.titel { padding-top: 50mm; }
.titel .kreis { font-size: 16pt; color: #444; }
.titel h1 { font-size: 28pt; }
.titel .jahr { font-size: 20pt; margin-bottom: 10mm; }
.titel dl { display: grid; grid-template-columns: 40mm 1fr; gap: 2mm; font-size: 10pt; margin-top: 20mm; }
.titel dt { font-weight: bold; }
.titel dd { margin: 0; }
.demo { color: #b2182b; font-weight: bold; }
.definition { margin-bottom: 2.5mm; }
.definition p { margin: 0 0 0.5mm; font-size: 8pt; }
code { font-size: 7.5pt; }
.zeichen { font-size: 11pt; }
`;
