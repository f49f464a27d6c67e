/** GET /api/areas (GeoJSON, filtered by ?ebene= and ?parent=) and PUT /api/areas (Kreis: replace all). */
import { Router } from 'express';
import { AreaTreeError, clipText, parseAreaExchange, toAreaExchange } from '../../shared';
import { checkAreaGeometry } from '../../shared/areas/geometrie';
import { loadGeos } from '../../shared/geo/geos-laden';
import type { DomainState } from '../domain';
import { contentHashAsync } from '../hash';
import { actorOf, requireRole } from '../http/auth';
import { requireJson } from '../http/body';
import { ApiError, badRequest } from '../http/errors';
import { queryEbene, queryString } from '../http/query';

export function areaRoutes(state: DomainState): Router {
  const r = Router();

  r.get('/areas', async (req, res) => {
    const ebene = queryEbene(req);
    const parent = queryString(req, 'parent');
    const { areas, tree } = await state.areas();
    if (parent && !tree?.has(parent)) throw badRequest('parent', `Das Gebiet „${clipText(parent)}“ gibt es in der Gebietsgliederung nicht`);
    const selected = areas.filter((a) => (!ebene || a.ebene === ebene) && (!parent || a.parent === parent));
    // `demo` is a foreign member of the FeatureCollection; GeoJSON readers ignore it.
    res.json({ ...toAreaExchange(selected), demo: await state.isDemo() });
  });

  r.put('/areas', requireRole('kreis'), requireJson, async (req, res) => {
    let parsed: ReturnType<typeof parseAreaExchange>;
    try {
      parsed = parseAreaExchange(req.body);
    } catch (e) {
      if (e instanceof AreaTreeError) {
        throw new ApiError(422, 'GEBIETE_FEHLERHAFT', `Die Gebietsgliederung wurde nicht übernommen (${e.total} Problem(e)); die bisherige gilt weiter.`, { errors: e.problems });
      }
      throw e;
    }
    // outlines: valid, inside their parent, siblings not overlapping (GEOS; only if any area has one)
    const befund = parsed.areas.some((a) => a.geometry) ? checkAreaGeometry(await loadGeos(), parsed.areas, parsed.tree) : { problems: [], warnings: [] };
    if (befund.problems.length > 0) {
      const e = new AreaTreeError(befund.problems);
      throw new ApiError(422, 'GEBIETE_FEHLERHAFT', `Die Gebietsgliederung wurde nicht übernommen (${e.total} Problem(e)); die bisherige gilt weiter.`, { errors: e.problems });
    }
    await state.storage.replaceAreas(parsed.areas, await contentHashAsync(req.body), actorOf(req));
    res.json({ areas: parsed.areas.length, kreis: parsed.tree.root.code, hinweise: befund.warnings });
  });
  return r;
}
