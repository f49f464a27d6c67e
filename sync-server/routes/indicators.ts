/**
 * GET /api/indicators: Kennzahlen computed by the shared IndicatorEngine over the newest stored
 * values. Each needed period is loaded once (and cached until the next write), never per cell.
 * Rows pass the publication rules (Geheimhaltung) of sync-server/publication.ts.
 */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { actorOf } from '../http/auth';
import { ApiError, badRequest } from '../http/errors';
import { queryEbene, queryList, queryPeriod } from '../http/query';
import { visiblePeriods } from '../freigabe';
import { disclosureNote, indicatorCacheOf, publishedIndicators } from '../publication';

export function indicatorRoutes(state: DomainState): Router {
  const r = Router();
  // Reads the thresholds now, so that a wrong SOZIALMONITOR_GEHEIMHALTUNG stops the start with a message.
  indicatorCacheOf(state);
  r.get('/indicators', async (req, res) => {
    // without ?period the newest year the role may know of (for a reader the newest released one)
    const periods = await visiblePeriods(state, actorOf(req).role);
    const period = queryPeriod(req, periods[periods.length - 1]);
    const ebene = queryEbene(req);
    const ids = queryList(req, 'ids');
    const areaCodes = queryList(req, 'areas');
    const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
    if (!tree) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung hinterlegt.');
    const unknownIds = (ids ?? []).filter((id) => !catalogue!.kennzahlen.has(id));
    if (unknownIds.length) throw badRequest('ids', `unbekannte Kennzahlen: ${unknownIds.join(', ')} (Katalog ${catalogue!.version})`);
    const unknownAreas = (areaCodes ?? []).filter((a) => !tree.has(a));
    if (unknownAreas.length) throw badRequest('areas', `unbekannte Gebiete: ${unknownAreas.join(', ')}`);

    const kennzahlen = ids ?? [...catalogue!.kennzahlen.keys()];
    const areas = (areaCodes ?? tree.all().map((a) => a.code)).filter((a) => !ebene || tree.get(a)!.ebene === ebene).sort();
    const rows = await publishedIndicators(state, { period, role: actorOf(req).role, ids: kennzahlen, areas });
    res.json({
      period,
      catalogueVersion: catalogue!.version,
      demo: await state.isDemo(),
      disclosureControl: disclosureNote(indicatorCacheOf(state).options),
      rows,
    });
  });
  return r;
}
