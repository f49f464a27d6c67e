/**
 * The printed report (issue 16), public like the rest of /bericht and built from the published
 * view only (role leser, released state):
 *  GET /bericht/bericht.pdf?period=2024   the whole report as PDF (headless Chromium on the server)
 *  GET /bericht/druck?period=2024         the same document as HTML (what Chromium prints)
 * Both from the readers' snapshots of the released state; the document is kept until a release
 * changes it (druckQuelle), the PDF is cached under the same key. Chromium missing: 503 with what
 * to install.
 */
import { Request, Router } from 'express';
import { DomainState } from '../domain';
import type { DruckConfig } from '../config';
import { ApiError, badRequest } from '../http/errors';
import { queryString } from '../http/query';
import { druckDaten, druckHtml, kopfzeile } from '../bericht-pdf/druck';
import { type Answer, makeAnswer, sendAnswer } from '../http/answer';
import { ReaderView, readerCached } from '../reader-view';
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
 * The print document of a year from the readers' snapshots (reader-view.ts), kept with them: built
 * again only when a release (or the Sozialindex setting, areas, catalogue) changes what it shows,
 * never for a submission not yet released. `key` names what it was built from; the PDF is cached
 * under it, so that the PDF always shows the same state as /bericht/druck.
 */
export async function druckQuelle(state: DomainState, period: string, config: DruckConfig): Promise<{ key: string; value: { answer: Answer; kopf: string } }> {
  const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
  if (!tree || !catalogue) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung oder kein Katalog hinterlegt.');
  const view = new ReaderView(state);
  return readerCached(
    view,
    `druck|${period}`,
    async () => {
      const d = await druckDaten(view, period);
      return { answer: await makeAnswer('text/html; charset=utf-8', druckHtml(d, config).html), kopf: kopfzeile(d) };
    },
    (v) => v.answer.body.length + (v.answer.gzip?.length ?? 0),
  );
}

export function berichtPdfRoutes(state: DomainState, config: DruckConfig, log: (line: string) => void = () => undefined, renderer = new PdfRenderer(config.chromium)): Router {
  const r = Router();

  r.get('/druck', async (req, res) => {
    sendAnswer(req, res, (await druckQuelle(state, await reportPeriodOf(state, req), config)).value.answer);
  });

  r.get('/bericht.pdf', async (req, res) => {
    const period = await reportPeriodOf(state, req);
    const quelle = await druckQuelle(state, period, config);
    const key = `bericht|${quelle.key}`;
    const { tree } = await state.areas();
    const hit = renderer.cached(key);
    let result;
    try {
      result = await renderer.get(key, async () => ({ html: quelle.value.answer.body.toString('utf8'), kopf: quelle.value.kopf }));
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
