/**
 * GET /api/health: is the server up, is its database reachable, which data does it hold (demo or
 * real). Needs no token, so `periods` lists only the published (released) years; a token's own
 * view of the years is in GET /api/whoami (`perioden`). Answers 503 while the database is unreachable, so that a load balancer or
 * monitoring takes the instance out of service; the body still says which database it is.
 */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNREACHABLE_MESSAGE } from '../http/errors';
import { StorageUnavailableError } from '../storage/types';

export function healthRoutes(state: DomainState, version: string): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const kind = state.storage.kind;
    const unreachable = (): void => {
      res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json({
        status: 'fehler',
        error: 'DATENBANK_NICHT_ERREICHBAR',
        message: DATABASE_UNREACHABLE_MESSAGE,
        version,
        database: { kind, reachable: false },
      });
    };
    if (!(await state.storage.ping())) return unreachable();
    let facts;
    try {
      facts = await Promise.all([state.isDemo(), state.storage.releasedPeriods(), state.areas(), state.catalogue()]);
    } catch (e) {
      // the database went away between the ping and these queries
      if (e instanceof StorageUnavailableError) return unreachable();
      throw e;
    }
    const [demo, periods, { areas }, catalogue] = facts;
    res.json({
      status: 'ok',
      version,
      demo,
      ...(demo ? { hinweis: 'Demodaten: synthetische Werte eines Muster-Kreises, keine echten Daten.' } : {}),
      catalogueVersion: catalogue?.version ?? null,
      areas: areas.length,
      periods,
      database: { kind, reachable: true },
    });
  });
  return r;
}
