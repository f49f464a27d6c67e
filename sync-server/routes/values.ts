/**
 * GET /api/values: the newest accepted base values. Raw values are not public: the Kreis sees all,
 * a Kommune its own raw and other areas as published, `leser` only published counts (with the
 * Geheimhaltung of sync-server/publication.ts applied).
 */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { actorOf } from '../http/auth';
import { badRequest } from '../http/errors';
import { queryList, queryPeriod } from '../http/query';
import { disclosureNote, indicatorCacheOf, publishedValues } from '../publication';

export function valueRoutes(state: DomainState): Router {
  const r = Router();
  r.get('/values', async (req, res) => {
    const actor = actorOf(req);
    const period = queryPeriod(req);
    const variables = queryList(req, 'variables');
    const areas = queryList(req, 'areas');
    const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
    // age bands in other cuts (bev_alter_18_26) are Merkmale too (shared/catalogue/altersintervalle.ts)
    const unknownVars = (variables ?? []).filter((v) => !catalogue!.merkmal(v));
    if (unknownVars.length) throw badRequest('variables', `unbekannte Merkmale: ${unknownVars.join(', ')}`);
    const unknownAreas = (areas ?? []).filter((a) => !tree?.has(a));
    if (unknownAreas.length) throw badRequest('areas', `unbekannte Gebiete: ${unknownAreas.join(', ')}`);
    // Without ?areas a Kommune gets its own Stadt (as before: the add-in checks against these);
    // other areas only when asked for, and then only as published.
    const scope = !areas && actor.role.rolle === 'kommune' && tree ? tree.subtree(actor.role.ags) : areas;
    const rows = await publishedValues(state, { period, role: actor.role, areas: scope, variables });
    res.json({ period, demo: await state.isDemo(), disclosureControl: disclosureNote(indicatorCacheOf(state).options), rows });
  });
  return r;
}
