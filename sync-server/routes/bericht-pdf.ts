/**
 * The printed report (issue 16), public like the rest of /bericht and built from the published
 * view only (role leser, released state):
 *  GET /bericht/bericht.pdf?period=2024   the whole report as PDF (headless Chromium on the server)
 *  GET /bericht/druck?period=2024         the same document as HTML (what Chromium prints)
 * The PDF is cached per released state: period, its releases (ids and Datenstand), catalogue version
 * and Sozialindex setting version. Chromium missing: 503 with what to install.
 */
import { Request, Router } from 'express';
import { DomainState } from '../domain';
import type { DruckConfig } from '../config';
import { ApiError, badRequest } from '../http/errors';
import { queryString } from '../http/query';
import { druckDaten, druckHtml, kopfzeile } from '../bericht-pdf/druck';
import { ChromiumFehlt, PdfRenderer } from '../bericht-pdf/render';

/** Only `period`: anything else is a 400 naming it (as the other report routes); also used by the area profiles. */
export async function reportPeriodOf(state: DomainState, req: Request): Promise<string> {
  for (const name of Object.keys(req.query)) if (name !== 'period') throw badRequest(name, `gibt es bei ${req.baseUrl}${req.path} nicht; erlaubt: period`);
  const periods = await state.storage.releasedPeriods();
  const asked = queryString(req, 'period');
  const p = asked ?? periods[periods.length - 1];
  if (!p || !periods.includes(p)) throw badRequest('period', `Für das Jahr „${String(asked)}“ liegen keine freigegebenen Daten vor; vorhanden: ${periods.join(', ') || 'keine'}`);
  return p;
}

/**
 * What the PDF of a year depends on: every release of the year and of the years before (the time
 * series shows them; a new release changes what readers see, a submission not yet released does
 * not), the catalogue, the Sozialindex setting and the areas.
 */
export async function pdfCacheKey(state: DomainState, period: string): Promise<string> {
  const [releases, catalogue, si, versions] = await Promise.all([state.storage.releases(), state.catalogue(), state.sozialindexSetting(), state.storage.versions()]);
  return JSON.stringify([period, releases.filter((x) => x.period <= period).map((x) => [x.releaseId, x.period, x.releasedAt]), catalogue?.version ?? null, si.version, versions.areas]);
}

export function berichtPdfRoutes(state: DomainState, config: DruckConfig, log: (line: string) => void = () => undefined, renderer = new PdfRenderer(config.chromium)): Router {
  const r = Router();
  const build = async (period: string) => {
    const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
    if (!tree || !catalogue) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung oder kein Katalog hinterlegt.');
    const d = await druckDaten(state, period);
    return { d, ...druckHtml(d, config) };
  };

  r.get('/druck', async (req, res) => {
    const { html } = await build(await reportPeriodOf(state, req));
    res.type('html').send(html);
  });

  r.get('/bericht.pdf', async (req, res) => {
    const period = await reportPeriodOf(state, req);
    const key = await pdfCacheKey(state, period);
    const { tree } = await state.areas();
    const hit = renderer.cached(key);
    let result;
    try {
      result = await renderer.get(key, async () => {
        const b = await build(period);
        return { html: b.html, kopf: kopfzeile(b.d) };
      });
      if (!hit && renderer.cached(key) === result && !result.geloggt) {
        result.geloggt = true;
        log(`Gedruckter Bericht ${period}: ${result.seiten} Seiten in ${(result.ms / 1000).toFixed(1)} s erzeugt${result.ueberlauf.length ? `; Achtung, Inhalt abgeschnitten auf Seite ${result.ueberlauf.join(', ')}` : ''}`);
      }
    } catch (e) {
      if (e instanceof ChromiumFehlt) throw new ApiError(503, 'CHROMIUM_FEHLT', e.message);
      throw e;
    }
    res.set('X-Bericht-Cache', hit ? 'hit' : 'miss');
    res.set('X-Bericht-Seiten', String(result.seiten));
    res.type('application/pdf');
    res.set('Content-Disposition', `inline; filename="sozialbericht_${tree?.root.code ?? 'kreis'}_${period}.pdf"`);
    res.send(result.pdf);
  });
  return r;
}
