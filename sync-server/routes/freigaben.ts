/**
 * The Kreis's release step (Freigabe), see sync-server/freigabe.ts:
 *  POST /api/freigaben {period, stadt?, kommentar?}  Kreis only: release the current state of the
 *                                                    period (of one Stadt, else of every Meldebereich)
 *  GET  /api/freigaben?period=                       Kreis and Kommune: per Meldebereich the current
 *                                                    and the released revision, and the releases
 *                                                    (who, when, which revisions), newest first
 * A Kommune sees its own Stadt and the Kreis level only: how often other cities submitted is theirs.
 */
import { Router } from 'express';
import type { AreaTree, Role } from '../../shared';
import type { DomainState } from '../domain';
import { FreigabeModus, meldebereichName, meldebereiche, openVorjahrWarnings, releasePeriod, visiblePeriods } from '../freigabe';
import { seesRaw } from '../publication';
import { actorOf, requireRole } from '../http/auth';
import { ApiError } from '../http/errors';
import { queryPeriod } from '../http/query';
import type { ReleaseRecord } from '../storage/types';

/** Who released, for people: the token's name where one was given, else the actor label. */
const releasedBy = (r: ReleaseRecord): string => (r.tokenName && r.tokenName !== 'kreis' ? r.tokenName : r.releasedBy);

function releaseView(tree: AreaTree, r: ReleaseRecord, visible: (scope: string) => boolean) {
  return {
    id: r.releaseId,
    period: r.period,
    freigegebenAm: r.releasedAt,
    freigegebenVon: releasedBy(r),
    kommentar: r.kommentar,
    bereiche: r.scopes.filter((s) => visible(s.scope)).map((s) => ({ code: s.scope, name: meldebereichName(tree, s.scope), revision: s.revision })),
  };
}

const visibleFor = (role: Role, tree: AreaTree) => (scope: string): boolean => role.rolle === 'kreis' || (role.rolle === 'kommune' && (scope === role.ags || scope === tree.root.code));

export function freigabeRoutes(state: DomainState, modus: FreigabeModus): Router {
  const r = Router();

  r.post('/freigaben', requireRole('kreis'), async (req, res) => {
    if (!req.is('application/json')) {
      throw new ApiError(415, 'KEIN_JSON', 'Bitte die Freigabe als JSON senden (Kopf „Content-Type: application/json“), z. B. {"period": "2024"}; es wurde nichts freigegeben.');
    }
    const outcome = await releasePeriod(state, req.body, actorOf(req));
    if ('error' in outcome) throw new ApiError(outcome.status, outcome.error, outcome.message);
    if (outcome.status === 200) return res.status(200).json({ unchanged: true, message: outcome.message });
    const { tree } = await state.areas();
    const view = releaseView(tree!, outcome.release, () => true);
    res.status(201).json({ unchanged: false, message: `Freigegeben: ${view.bereiche.map((b) => `${b.name} bis Revision ${b.revision}`).join(', ')} im Jahr ${view.period}.`, ...view });
  });

  r.get('/freigaben', requireRole('kreis', 'kommune'), async (req, res) => {
    const role = actorOf(req).role;
    // a Kommune learns of other cities' unreleased years from nowhere, the desk included
    const periods = await visiblePeriods(state, role);
    // nothing delivered yet and no year asked for: an empty desk, not an error
    if (periods.length === 0 && req.query.period === undefined) return res.json({ period: null, periods, modus, bereiche: [], freigaben: [] });
    const period = queryPeriod(req, periods[periods.length - 1]);
    const { tree } = await state.areas();
    if (!tree) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung hinterlegt.');
    const visible = visibleFor(role, tree);
    const scopes = meldebereiche(tree).filter(visible);
    const [current, released, releases, catalogue] = await Promise.all([state.storage.revisions(period, scopes), state.storage.releasedRevisions(period), state.storage.releases(period), state.catalogue()]);
    const offen = (code: string): boolean => (current[code] ?? 0) > (released[code] ?? 0);
    // open Vorjahr warnings only where the caller sees the values raw (a Kommune: its own Stadt, not the Kreis level)
    const warnings = new Map<string, { anzahl: number; liste: unknown[] } | null>();
    for (const code of scopes) {
      const raw = role.rolle === 'kreis' || (code !== tree.root.code && seesRaw(role, tree, code));
      if (!raw) warnings.set(code, null);
      else warnings.set(code, offen(code) ? await openVorjahrWarnings(state, catalogue!, tree, period, code) : { anzahl: 0, liste: [] });
    }
    res.json({
      period,
      // the years the caller may know of: for the Kreis every year with submissions
      periods,
      modus,
      bereiche: scopes.map((code) => ({
        code,
        name: meldebereichName(tree, code),
        revision: current[code] ?? 0,
        freigegebeneRevision: released[code] ?? 0,
        offen: offen(code),
        vorjahrWarnungen: warnings.get(code) ?? null,
      })),
      freigaben: releases.map((x) => releaseView(tree, x, visible)).filter((x) => x.bereiche.length > 0),
    });
  });
  return r;
}
