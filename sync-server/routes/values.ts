/** GET /api/values: the newest accepted base values. Raw values are not public. */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { actorOf, requireRole } from '../http/auth';
import { ApiError, badRequest } from '../http/errors';
import { queryList, queryPeriod } from '../http/query';

export function valueRoutes(state: DomainState): Router {
  const r = Router();
  r.get('/values', requireRole('kreis', 'kommune'), async (req, res) => {
    const actor = actorOf(req);
    const period = queryPeriod(req);
    const variables = queryList(req, 'variables');
    const areas = queryList(req, 'areas');
    const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
    const unknownVars = (variables ?? []).filter((v) => !catalogue!.merkmale.has(v));
    if (unknownVars.length) throw badRequest('variables', `unbekannte Merkmale: ${unknownVars.join(', ')}`);
    const unknownAreas = (areas ?? []).filter((a) => !tree?.has(a));
    if (unknownAreas.length) throw badRequest('areas', `unbekannte Gebiete: ${unknownAreas.join(', ')}`);
    let scopes: string[] | undefined;
    if (actor.role.rolle === 'kommune') {
      const ags = actor.role.ags;
      const foreign = (areas ?? []).filter((a) => tree!.stadtOf(a) !== ags);
      if (foreign.length) {
        throw new ApiError(403, 'FREMDES_GEBIET', `Rohwerte anderer Gebiete sieht nur der Kreis; nicht zur Stadt ${ags} gehören: ${foreign.join(', ')}.`);
      }
      scopes = [ags];
    }
    const wantAreas = areas && new Set(areas);
    const wantVars = variables && new Set(variables);
    const rows = (await state.storage.currentValues(period, scopes)).filter(
      (v) => (!wantAreas || wantAreas.has(v.area)) && (!wantVars || wantVars.has(v.variable)),
    );
    rows.sort((a, b) => (a.area === b.area ? a.variable.localeCompare(b.variable) : a.area < b.area ? -1 : 1));
    res.json({ period, demo: await state.isDemo(), rows });
  });
  return r;
}
