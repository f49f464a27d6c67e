/**
 * The Kreis's agreed Sozialindex setting (Kennzahlen, direction, weight), stored with every version:
 *  GET /api/sozialindex/settings           the setting in force (saved by the Kreis, else the default)
 *  GET /api/sozialindex/settings/versions  every saved version, newest first (who, when, what)
 *  PUT /api/sozialindex/settings           Kreis only: save a new version
 * The report (/bericht/daten/sozialindex) computes with the setting in force unless a request passes
 * its own Kennzahlen for a what-if view, which is then marked as such (see domain.ts probeBasis).
 */
import { Router } from 'express';
import { parseSozialindexEinstellung, sameIndikatoren } from '../../shared';
import type { DomainState } from '../domain';
import { contentHash } from '../hash';
import { actorOf, requireRole } from '../http/auth';
import { ApiError } from '../http/errors';
import type { StoredSozialindex } from '../storage/types';

const versionView = (s: StoredSozialindex) => ({
  version: s.version,
  indikatoren: s.indikatoren,
  kommentar: s.kommentar ?? null,
  gespeichertAm: s.createdAt,
  gespeichertVon: s.createdBy,
  tokenName: s.tokenName,
});

export function sozialindexRoutes(state: DomainState): Router {
  const r = Router();

  r.get('/sozialindex/settings', async (_req, res) => {
    res.json(await state.sozialindexSetting());
  });

  r.get('/sozialindex/settings/versions', requireRole('kreis', 'kommune'), async (_req, res) => {
    res.json({ versions: (await state.storage.sozialindexHistory()).map(versionView) });
  });

  r.put('/sozialindex/settings', requireRole('kreis'), async (req, res) => {
    const catalogue = await state.catalogue();
    const result = parseSozialindexEinstellung(req.body, (id) => catalogue?.kennzahlen.has(id) ?? false);
    if (!result.ok) {
      throw new ApiError(422, 'SOZIALINDEX_FEHLERHAFT', `Die Sozialindex-Einstellung wurde nicht gespeichert (${result.errors.length} Problem(e)); die bisherige gilt weiter.`, { errors: result.errors });
    }
    const current = await state.storage.sozialindexSetting();
    if (current && sameIndikatoren(current.indikatoren, result.einstellung.indikatoren) && (current.kommentar ?? '') === (result.einstellung.kommentar ?? '')) {
      res.status(200).json({ unchanged: true, ...versionView(current) });
      return;
    }
    const stored = await state.storage.addSozialindexSetting(result.einstellung, contentHash(result.einstellung), actorOf(req));
    res.status(201).json({ unchanged: false, ...versionView(stored) });
  });
  return r;
}
