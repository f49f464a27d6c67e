/**
 * Area profiles (Steckbriefe) and the Sozialindex matrix of the report (issue 16). Public like the
 * rest of /bericht and built from the published view only (the readers' snapshots of the released
 * state, reader-view.ts; a finished page is kept until a release changes it):
 *  GET /bericht/gebiet?period=                 list of all Städte and Gemeindeteile, linked to their profiles
 *  GET /bericht/gebiet/<code>?period=          profile of a Stadt or Gemeindeteil (HTML, no script)
 *  GET /bericht/gebiet/<code>.pdf?period=      the same profile as PDF (headless Chromium, cached per released state)
 *  GET /bericht/sozialindex-matrix?period=     Status × Dynamik matrix with counts and the map of the combined class
 * Only `period` is accepted (default: the newest released year); anything else is a 400 naming it.
 */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { ApiError } from '../http/errors';
import { ChromiumFehlt, PdfRenderer } from '../bericht-pdf/render';
import { PROFIL_EBENEN, profilDaten, profilHtml, profilKopf } from '../bericht-pdf/profil';
import { MATRIX_METHODE, einstellungText, kombiFarbe, matrixKarte, matrixTabelle } from '../bericht-pdf/matrix';
import { publishedSozialindex } from '../bericht-pdf/sozialindex-daten';
import { DYNAMIK_NAMEN, EBENE_NAMEN, STATUS_NAMEN } from '../../shared';
import { deDateTime } from '../../shared/types';
import { esc, fmt } from '../bericht-pdf/svg';
import { reportPeriodOf } from './bericht-pdf';
import { sendAnswer } from '../http/answer';
import { ReaderView, readerAnswer, readerCached } from '../reader-view';

const HTML_TYPE = 'text/html; charset=utf-8';

const SEITE_CSS = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 15px; color: #111; margin: 0; line-height: 1.4; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; }
a { color: #0645ad; }
h1 { font-size: 1.6rem; color: #253494; }
.klein { font-size: 0.85em; color: #444; }
.hinweis { background: #f4f4f4; padding: 0.3rem 0.6rem; }
svg.karte { max-width: 100%; height: auto; }
svg.karte text.nr { font-size: 2.4px; text-anchor: middle; dominant-baseline: central; }
svg.karte .massstab text, svg.karte .nordpfeil text { font-size: 2.6px; }
table.tabelle { border-collapse: collapse; font-size: 0.9em; margin-bottom: 0.5rem; }
table.tabelle caption { text-align: left; font-weight: bold; padding: 0.2rem 0; }
table.tabelle th, table.tabelle td { padding: 0.15rem 0.5rem; border-bottom: 1px solid #ddd; text-align: left; }
table.tabelle thead th { border-bottom: 2px solid #333; }
table.tabelle .zahl { text-align: right; font-variant-numeric: tabular-nums; }
table.matrix td.zelle { min-width: 5rem; }
.kombi { font-size: 0.8em; }
.kasten { display: inline-block; width: 1.2em; height: 0.9em; border: 1px solid #888; vertical-align: middle; }
.demo { color: #b2182b; font-weight: bold; }
`;

const seite = (title: string, body: string) => `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${SEITE_CSS}</style></head><body><main>${body}</main></body></html>`;

export function berichtGebietRoutes(state: DomainState, renderer: PdfRenderer, log: (line: string) => void = () => undefined): Router {
  const r = Router();
  const context = async () => {
    const [{ areas, tree }, catalogue, periods] = await Promise.all([state.areas(), state.catalogue(), state.storage.releasedPeriods()]);
    if (!tree || !catalogue) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung oder kein Katalog hinterlegt.');
    const byLevel = (e: string) => areas.filter((a) => a.ebene === e).sort((a, b) => a.code.localeCompare(b.code));
    return { areas, tree, catalogue, periods, byLevel };
  };

  r.get('/gebiet', async (req, res) => {
    const period = await reportPeriodOf(state, req);
    const { byLevel, tree } = await context();
    const gts = byLevel('gemeindeteil');
    const list = byLevel('stadt').map((s) => `<li><a href="gebiet/${esc(s.code)}?period=${esc(period)}">${esc(s.name)}</a><ul>${gts.filter((g) => tree.stadtOf(g.code) === s.code).map((g) => `<li><a href="gebiet/${esc(g.code)}?period=${esc(period)}">${esc(g.name)}</a></li>`).join('')}</ul></li>`).join('');
    const kreis = tree.root;
    res.type('html').send(seite(`Gebietsprofile ${period}`, `<nav aria-label="Navigation"><ul><li><a href="./?jahr=${esc(period)}">Zum Bericht</a></li><li><a href="sozialindex-matrix?period=${esc(period)}">Sozialindex: Status × Dynamik</a></li></ul></nav><h1>Gebietsprofile ${esc(period)}</h1><p>Je Stadt und Gemeindeteil ${kreis ? `des ${esc(kreis.name)} ` : ''}ein Steckbrief: jede Kennzahl neben Stadt und Kreis, die Veränderung über fünf Jahre, die Klasse im Sozialindex und eine Lagekarte.</p><ul>${list}</ul>`));
  });

  r.get('/gebiet/:datei', async (req, res) => {
    const m = /^([0-9A-Za-z_-]+?)(\.pdf)?$/.exec(req.params.datei);
    const { tree } = await context();
    const code = m?.[1] ?? req.params.datei;
    const area = tree.get(code);
    if (!m || !area) throw new ApiError(404, 'UNBEKANNTES_GEBIET', `Das Gebiet „${code}“ gibt es in der Gebietsgliederung nicht. Profile gibt es je Stadt und Gemeindeteil; die Liste steht unter /bericht/gebiet.`);
    if (!(PROFIL_EBENEN as readonly string[]).includes(area.ebene)) {
      throw new ApiError(404, 'KEIN_PROFIL', `Für ${area.name} (${code}, Ebene ${EBENE_NAMEN[area.ebene]}) gibt es kein Gebietsprofil; Profile gibt es je Stadt und Gemeindeteil (Liste unter /bericht/gebiet).`);
    }
    const period = await reportPeriodOf(state, req);
    if (!m[2]) {
      sendAnswer(req, res, await readerAnswer(state, req, HTML_TYPE, async (view) => profilHtml(await profilDaten(view, code, period))));
      return;
    }
    // the print form of the profile, kept with the snapshots it shows; the PDF is cached under the same key
    const view = new ReaderView(state);
    const quelle = await readerCached(
      view,
      `profil-druck|${code}|${period}`,
      async () => {
        const d = await profilDaten(view, code, period);
        return { html: profilHtml(d, true), kopf: profilKopf(d) };
      },
      (v) => v.html.length * 2,
    );
    const key = `profil|${quelle.key}`;
    const hit = renderer.cached(key);
    let result;
    try {
      result = await renderer.get(key, async () => quelle.value);
    } catch (e) {
      if (e instanceof ChromiumFehlt) throw new ApiError(503, 'CHROMIUM_FEHLT', e.message);
      throw e;
    }
    if (!hit) log(`Gebietsprofil ${area.name} (${code}) ${period}: ${result.seiten} Seiten in ${(result.ms / 1000).toFixed(1)} s erzeugt`);
    res.set('X-Bericht-Cache', hit ? 'hit' : 'miss');
    res.set('X-Bericht-Seiten', String(result.seiten));
    res.type('application/pdf');
    res.set('Content-Disposition', `inline; filename="gebietsprofil_${code}_${period}.pdf"`);
    res.send(result.pdf);
  });

  r.get('/sozialindex-matrix', async (req, res) => {
    const period = await reportPeriodOf(state, req);
    const { catalogue, periods, byLevel, tree } = await context();
    const gts = byLevel('gemeindeteil');
    const staedte = byLevel('stadt');
    sendAnswer(req, res, await readerAnswer(state, req, HTML_TYPE, async (view) => {
      const si = await publishedSozialindex(view, catalogue, gts.map((g) => g.code), period, periods);
      const stand = await view.datenstand(period);
      const nav = `<nav aria-label="Navigation"><ul><li><a href="./?jahr=${esc(period)}">Zum Bericht</a></li><li><a href="gebiet?period=${esc(period)}">Gebietsprofile</a></li></ul><ul aria-label="Berichtsjahr">${periods.map((p) => `<li><a href="sozialindex-matrix?period=${esc(p)}"${p === period ? ' aria-current="page"' : ''}>${p === period ? `<b>${esc(p)}</b>` : esc(p)}</a></li>`).join('')}</ul></nav>`;
      const head = `${nav}<h1>Sozialindex ${esc(period)}: Status × Dynamik</h1><p>Datenstand: vom Kreis freigegebener Stand vom ${esc(stand ? deDateTime(stand) : 'nicht freigegeben')}.${(await state.isDemo()) ? ' <span class="demo">Demodaten: alle Zahlen sind erfunden.</span>' : ''}</p>`;
      if (si.fehlt) return seite(`Sozialindex ${period}: Status × Dynamik`, `${head}<p class="hinweis">${esc(si.fehlt)}</p>`);
      const z = new Map(si.matrix.zeilen.map((x) => [x.area, x]));
      const st = new Map(si.status.map((x) => [x.area, x]));
      const dy = new Map((si.dynamik ?? []).map((x) => [x.area, x]));
      const stadtName = new Map(staedte.map((s) => [s.code, s.name]));
      const liste = gts.map((g, i) => {
        const x = z.get(g.code)!;
        const s = st.get(g.code);
        const d = dy.get(g.code);
        return `<tr data-gebiet="${esc(g.code)}"><td class="zahl">${i + 1}</td><th scope="row"><a href="gebiet/${esc(g.code)}?period=${esc(period)}">${esc(g.name)}</a></th><td>${esc(stadtName.get(tree.stadtOf(g.code) ?? '') ?? '')}</td><td class="zahl">${s?.index == null ? '–' : fmt(s.index, 2)}</td><td>${x.status ? `${x.status} ${STATUS_NAMEN[x.status - 1]}` : 'nicht eingestuft'}</td><td class="zahl">${d?.index == null ? '–' : fmt(d.index, 2)}</td><td>${x.dynamik ? `${x.dynamik} ${DYNAMIK_NAMEN[x.dynamik - 1]}` : si.dynamik ? 'nicht eingestuft' : '–'}</td><td>${x.kombiniert ? `<span class="kasten" style="background:${kombiFarbe(x.status, x.dynamik)}"></span> ${x.kombiniert}` : '–'}</td></tr>`;
      });
      const body = `${head}<h2>Matrix</h2>${matrixTabelle(si.matrix, `Anzahl der Gemeindeteile nach Status (Zeilen) und Dynamik (Spalten) ${period}`)}<h2>Karte der kombinierten Klasse</h2>${matrixKarte(si.matrix, gts, staedte, `Karte: kombinierte Klasse Status/Dynamik ${period} je Gemeindeteil; Farben wie in der Matrix, grau: ohne kombinierte Klasse`)}<p class="klein">Farben wie die Zellen der Matrix; grau: ohne kombinierte Klasse. Zahlen in der Karte: Nummern der Gemeindeteile (Liste unten).</p><h2>Einstellung</h2>${einstellungText(si.einstellung, catalogue, si.von)}<p class="klein">${esc(MATRIX_METHODE)}</p><h2>Gemeindeteile</h2><table class="tabelle"><caption>Status und Dynamik je Gemeindeteil ${esc(period)}</caption><thead><tr><th scope="col">Nr.</th><th scope="col">Gemeindeteil</th><th scope="col">Stadt</th><th scope="col" class="zahl">Statusindex</th><th scope="col">Status</th><th scope="col" class="zahl">Dynamikindex</th><th scope="col">Dynamik</th><th scope="col">Kombiniert</th></tr></thead><tbody>${liste.join('')}</tbody></table>`;
      return seite(`Sozialindex ${period}: Status × Dynamik`, body);
    }));
  });
  return r;
}
