/**
 * GET /api/indicators: Kennzahlen computed by the shared IndicatorEngine over the newest stored
 * values. Each needed period is loaded once (and cached until the next write), never per cell.
 */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { IndicatorCache } from '../indicator-cache';
import { actorOf } from '../http/auth';
import { ApiError, badRequest } from '../http/errors';
import { queryEbene, queryList, queryPeriod } from '../http/query';
import { DISCLOSURE_CONTROL_NOTE, applyPublicationRules } from '../publication';

export function indicatorRoutes(state: DomainState): Router {
  const r = Router();
  const cache = new IndicatorCache(state);
  r.get('/indicators', async (req, res) => {
    const periods = await state.storage.periods();
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
    const compute = await cache.forPeriod(period);
    const rows = [];
    for (const area of areas) for (const id of kennzahlen) rows.push(compute(id, area));
    res.json({
      period,
      catalogueVersion: catalogue!.version,
      demo: await state.isDemo(),
      disclosureControl: DISCLOSURE_CONTROL_NOTE,
      rows: applyPublicationRules(actorOf(req).role, rows),
    });
  });
  return r;
}
