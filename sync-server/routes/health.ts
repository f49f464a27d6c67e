/** GET /api/health: is the server up, which data does it hold (demo or real). Needs no token. */
import { Router } from 'express';
import type { DomainState } from '../domain';

export function healthRoutes(state: DomainState, version: string): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const [demo, periods, { areas }, catalogue] = await Promise.all([
      state.isDemo(),
      state.storage.periods(),
      state.areas(),
      state.catalogue(),
    ]);
    res.json({
      status: 'ok',
      version,
      demo,
      ...(demo ? { hinweis: 'Demodaten: synthetische Werte eines Muster-Kreises, keine echten Daten.' } : {}),
      catalogueVersion: catalogue?.version ?? null,
      areas: areas.length,
      periods,
    });
  });
  return r;
}
