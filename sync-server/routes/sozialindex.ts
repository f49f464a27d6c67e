/**
 * The Kreis's agreed Sozialindex setting (Kennzahlen, direction, weight, optional Vergleichsjahr of
 * the Dynamikindex), stored with every version:
 *  GET /api/sozialindex/settings           the setting in force (saved by the Kreis, else the default)
 *  GET /api/sozialindex/settings/versions  every saved version, newest first (who, when, what)
 *  PUT /api/sozialindex/settings           Kreis only: save a new version
 * The report (/bericht/daten/sozialindex) computes with the setting in force unless a request passes
 * its own Kennzahlen or another `von` for a what-if view, which is then marked as such (probeBasis).
 * `saveSozialindexSetting` is the one way to save, used by the PUT route and by the command line
 * (`sozialmonitor sozialindex speichern`), so both check the same way.
 */
import { Router } from 'express';
import { parseSozialindexEinstellung, sameIndikatoren } from '../../shared';
import type { DomainState, SozialindexBasis } from '../domain';
import { contentHash } from '../hash';
import { actorOf, requireRole } from '../http/auth';
import { requireJson } from '../http/body';
import { ApiError } from '../http/errors';
import type { Actor, StoredSozialindex } from '../storage/types';

export const versionView = (s: StoredSozialindex) => ({
  version: s.version,
  indikatoren: s.indikatoren,
  vergleichsjahr: s.vergleichsjahr ?? null,
  kommentar: s.kommentar ?? null,
  gespeichertAm: s.createdAt,
  gespeichertVon: s.createdBy,
  tokenName: s.tokenName,
});

/** The setting in force plus its Vergleichsjahr (null: the first year with data, or `?von=`). */
export type SozialindexInForce = SozialindexBasis & { vergleichsjahr: string | null };

export async function sozialindexInForce(state: DomainState): Promise<SozialindexInForce> {
  const [basis, stored] = await Promise.all([state.sozialindexSetting(), state.storage.sozialindexSetting()]);
  // the basis comes from the same newest row; only its year is added here
  const vergleichsjahr = basis.art === 'vereinbart' && stored?.version === basis.version ? (stored.vergleichsjahr ?? null) : null;
  return {
    ...basis,
    vergleichsjahr,
    hinweis: vergleichsjahr ? `${basis.hinweis} Vergleichsjahr des Dynamikindex: ${vergleichsjahr}.` : basis.hinweis,
  };
}

export type SaveOutcome = { ok: false; errors: string[] } | { ok: true; unchanged: boolean; stored: StoredSozialindex };

/**
 * Checks `input` against the catalogue in force and the years with data, and saves it as a new
 * version unless it equals the newest one. Nothing is saved when any check fails.
 */
export async function saveSozialindexSetting(state: DomainState, input: unknown, actor: Actor): Promise<SaveOutcome> {
  const [catalogue, periods] = await Promise.all([state.catalogue(), state.storage.periods()]);
  const result = parseSozialindexEinstellung(input, (id) => catalogue?.kennzahlen.has(id) ?? false, periods);
  if (!result.ok) return result;
  const e = result.einstellung;
  const current = await state.storage.sozialindexSetting();
  if (current && sameIndikatoren(current.indikatoren, e.indikatoren) && (current.kommentar ?? '') === (e.kommentar ?? '') && (current.vergleichsjahr ?? '') === (e.vergleichsjahr ?? '')) {
    return { ok: true, unchanged: true, stored: current };
  }
  return { ok: true, unchanged: false, stored: await state.storage.addSozialindexSetting(e, contentHash(e), actor) };
}

export function sozialindexRoutes(state: DomainState): Router {
  const r = Router();

  r.get('/sozialindex/settings', async (_req, res) => {
    res.json(await sozialindexInForce(state));
  });

  r.get('/sozialindex/settings/versions', requireRole('kreis', 'kommune'), async (_req, res) => {
    res.json({ versions: (await state.storage.sozialindexHistory()).map(versionView) });
  });

  r.put('/sozialindex/settings', requireRole('kreis'), requireJson, async (req, res) => {
    const outcome = await saveSozialindexSetting(state, req.body, actorOf(req));
    if (!outcome.ok) {
      throw new ApiError(422, 'SOZIALINDEX_FEHLERHAFT', `Die Sozialindex-Einstellung wurde nicht gespeichert (${outcome.errors.length} Problem(e)); die bisherige gilt weiter.`, { errors: outcome.errors });
    }
    res.status(outcome.unchanged ? 200 : 201).json({ unchanged: outcome.unchanged, ...versionView(outcome.stored) });
  });
  return r;
}
