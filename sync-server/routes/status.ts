/**
 * GET /api/status: completeness of a period for the Kreis: per Stadt (and the Kreis level) which
 * Merkmale were submitted, for how many areas of the level the catalogue expects, and when.
 * A Kommune gets its own Stadt only: how far the others are is the Kreis's to follow.
 */
import { Router } from 'express';
import { ebeneDepth } from '../../shared';
import type { DomainState } from '../domain';
import { actorOf, requireRole } from '../http/auth';
import { ApiError } from '../http/errors';
import { queryPeriod } from '../http/query';
import { visiblePeriods } from '../freigabe';

export function statusRoutes(state: DomainState): Router {
  const r = Router();
  r.get('/status', requireRole('kreis', 'kommune'), async (req, res) => {
    const periods = await visiblePeriods(state, actorOf(req).role);
    const period = queryPeriod(req, periods[periods.length - 1]);
    const [{ tree }, catalogue, done] = await Promise.all([state.areas(), state.catalogue(), state.storage.completeness(period)]);
    if (!tree) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung hinterlegt.');
    const merkmale = [...catalogue!.merkmale.values()];
    const role = actorOf(req).role;
    // the root once: a kreisfreie Stadt as root is not listed again as a Stadt
    const all = [tree.root, ...tree.atLevel('stadt').filter((a) => a.code !== tree.root.code).sort((a, b) => a.code.localeCompare(b.code))];
    const scopes = role.rolle === 'kreis' ? all : all.filter((a) => role.rolle === 'kommune' && a.code === role.ags);
    const bereiche = scopes.map((area) => {
      const own = done.variables.filter((v) => v.scope === area.code);
      const rev = done.revisions.find((x) => x.scope === area.code);
      // Areas of the Stadt on a Merkmal's finest level: what a complete delivery covers.
      const isRoot = area.code === tree.root.code && area.ebene !== 'stadt';
      const inScope = isRoot ? [area.code] : tree.subtree(area.code);
      const expected = (finest: (typeof merkmale)[number]['tiefsteEbene']): number =>
        isRoot ? 1 : inScope.filter((c) => tree.get(c)!.ebene === (ebeneDepth(finest) < ebeneDepth('stadt') ? 'stadt' : finest)).length;
      return {
        code: area.code,
        name: area.name,
        ebene: area.ebene,
        revision: rev?.revision ?? 0,
        lastSubmittedAt: rev?.lastSubmittedAt ?? null,
        variables: own.map((v) => ({
          variable: v.variable,
          areas: v.areas,
          expectedAreas: expected(catalogue!.merkmale.get(v.variable)?.tiefsteEbene ?? 'baublock'),
          lastSubmittedAt: v.lastSubmittedAt,
        })),
        missingVariables: isRoot ? [] : merkmale.filter((m) => !own.some((v) => v.variable === m.id)).map((m) => m.id),
      };
    });
    res.json({ period, demo: await state.isDemo(), catalogueVersion: catalogue!.version, bereiche });
  });
  return r;
}
