/** POST /api/submissions (a dataset for one period) and GET /api/submissions (the history). */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { actorOf, requireRole } from '../http/auth';
import { requireJson } from '../http/body';
import { ApiError, badRequest } from '../http/errors';
import { queryInteger, queryPeriod, queryString } from '../http/query';
import { HISTORY_MAX } from '../storage/types';
import { submitDataset, visibleSubmission } from '../submissions';
import { FreigabeModus, releaseOnAcceptance } from '../freigabe';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function submissionRoutes(state: DomainState, freigabe: FreigabeModus = 'pruefung', log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Router {
  const r = Router();

  r.post('/submissions', requireRole('kreis', 'kommune'), requireJson, async (req, res) => {
    const key = req.get('idempotency-key');
    if (key !== undefined && !KEY_PATTERN.test(key)) {
      throw new ApiError(400, 'IDEMPOTENCY_KEY_UNGUELTIG', 'Der Kopf „Idempotency-Key“ muss 1 bis 200 sichtbare Zeichen ohne Leerzeichen enthalten, z. B. eine UUID.');
    }
    const outcome = await submitDataset(state, { body: req.body, actor: actorOf(req), ...(key ? { idempotencyKey: key } : {}) });
    if (outcome.status === 201 && outcome.replayed) res.set('Idempotent-Replayed', 'true');
    if (outcome.status === 201) await releaseOnAcceptance(state, freigabe, (req.body as { period?: unknown }).period, outcome.body, log);
    res.status(outcome.status).json(outcome.body);
  });

  r.get('/submissions', requireRole('kreis', 'kommune'), async (req, res) => {
    const actor = actorOf(req);
    const area = queryString(req, 'area');
    const period = queryString(req, 'period') === undefined ? undefined : queryPeriod(req);
    const { tree } = await state.areas();
    if (area && !tree?.has(area)) throw badRequest('area', `Das Gebiet „${area}“ gibt es in der Gebietsgliederung nicht`);
    let scopes: string[] | undefined;
    if (actor.role.rolle === 'kommune') {
      // A municipality sees the history of its own areas only.
      if (area && tree!.stadtOf(area) !== actor.role.ags) {
        throw new ApiError(403, 'FREMDES_GEBIET', `Gebiet „${area}“ gehört nicht zur Stadt ${actor.role.ags}; die Meldehistorie anderer Gebiete sieht nur der Kreis.`);
      }
      if (!area) scopes = [actor.role.ags];
    }
    const limit = queryInteger(req, 'limit', 1, HISTORY_MAX) ?? 100;
    const before = queryInteger(req, 'before', 1, Number.MAX_SAFE_INTEGER);
    const history = await state.storage.history({
      ...(period ? { period } : {}),
      ...(area ? { area } : {}),
      ...(scopes ? { scopes } : {}),
      ...(before !== undefined ? { before } : {}),
      limit,
    });
    // A Kommune sees a Kreis submission that touched its Stadt with its own Stadt's rows only; the
    // count of its rows in the Stadt is read separately when the page is narrowed to one area.
    const role = actor.role;
    const submissions = role.rolle === 'kreis' ? history : await Promise.all(
      history.map(async (s) => {
        const inScope = area && role.rolle === 'kommune' && s.meldebereich !== role.ags ? (await state.storage.history({ scopes: [role.ags], before: s.submissionId + 1, limit: 1 }))[0] : undefined;
        return visibleSubmission(s, role, tree!, inScope?.submissionId === s.submissionId ? inScope.rows.length : undefined);
      }),
    );
    // newest first; `next` is the `before` of the following (older) page, null on the last page
    res.json({ submissions, next: history.length === limit ? history[history.length - 1]!.submissionId : null });
  });
  return r;
}
