/**
 * GET /api/whoami: what the presented token may do, so that a client need not probe other routes:
 * its role, for a Kommune the Stadt (AGS and name), the token's id and name as `token list`
 * shows them, and the years it may know of (`perioden`: released ones, plus its own unreleased). Never the token itself (only its hash is stored anyway).
 * Named in English like the other API routes (health, areas, values, …).
 */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { actorOf } from '../http/auth';
import { visiblePeriods } from '../freigabe';

export function whoamiRoutes(state: DomainState): Router {
  const r = Router();
  r.get('/whoami', async (req, res) => {
    const actor = actorOf(req);
    const token = actor.tokenId === null ? undefined : await state.storage.tokenById(actor.tokenId);
    const stadt = async (ags: string): Promise<string | null> => (await state.areas()).tree?.get(ags)?.name ?? null;
    res.json({
      rolle: actor.role.rolle,
      ...(actor.role.rolle === 'kommune' ? { ags: actor.role.ags, stadt: await stadt(actor.role.ags) } : {}),
      tokenId: actor.tokenId,
      tokenName: token?.label ?? null,
      tokenCreatedAt: token?.createdAt ?? null,
      perioden: await visiblePeriods(state, actor.role),
    });
  });
  return r;
}
