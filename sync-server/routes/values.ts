/**
 * GET /api/values: the newest accepted base values. Raw values are not public: the Kreis sees all,
 * a Kommune its own raw and other areas as published, `leser` only published counts (with the
 * Geheimhaltung of sync-server/publication.ts applied).
 *
 * Readers are answered from the snapshot of the released state (published-snapshot.ts), as
 * /api/indicators: finished bytes per query, an ETag that is the same for every reader and changes
 * only with a release; while a release is computed, the previous state. Roles that see raw values
 * get theirs from the raw answers (raw-answers.ts), made once per role, query and state of the
 * data. Either way `If-None-Match` with the current ETag gives 304.
 */
import { Router } from 'express';
import type { DomainState } from '../domain';
import { makeAnswer, sendAnswer } from '../http/answer';
import { actorOf } from '../http/auth';
import { badRequest } from '../http/errors';
import { aufEbene, gebieteKey, queryGebiete } from '../http/gebiete';
import { queryList, queryPeriod } from '../http/query';
import { disclosureNote, indicatorCacheOf, publishedValues, type PublishedValueRow } from '../publication';
import { publishedSnapshotsOf, snapshotAnswer, snapshotValues } from '../published-snapshot';
import { rawAnswersOf } from '../raw-answers';

const JSON_TYPE = 'application/json; charset=utf-8';

export function valueRoutes(state: DomainState): Router {
  const r = Router();
  r.get('/values', async (req, res) => {
    const actor = actorOf(req);
    const period = queryPeriod(req);
    const variables = queryList(req, 'variables');
    const queryKey = `values|${variables?.join(',') ?? ''}|${gebieteKey(req)}`;
    // Roles that see raw values: their finished answer is kept per state of the data (raw-answers.ts);
    // the key is read before the areas and catalogue the answer is computed from.
    const raw = rawAnswersOf(state);
    const rawKey = await raw.keyOf(actor.role, queryKey, period);
    const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
    // age bands in other cuts (bev_alter_18_26) are Merkmale too (shared/catalogue/altersintervalle.ts)
    const unknownVars = (variables ?? []).filter((v) => !catalogue!.merkmal(v));
    if (unknownVars.length) throw badRequest('variables', `unbekannte Merkmale: ${unknownVars.join(', ')}`);
    // areas=, unter= and ebene= (http/gebiete.ts); ebene= alone: every area of that level
    const auswahl = queryGebiete(req, tree);
    const areas = auswahl.codes ?? (auswahl.ebene && tree ? aufEbene(tree, tree.all().map((a) => a.code), auswahl.ebene) : undefined);
    const answer = (rows: PublishedValueRow[], demo: boolean) => makeAnswer(JSON_TYPE, JSON.stringify({ period, demo, disclosureControl: disclosureNote(indicatorCacheOf(state).options), rows }));

    if (actor.role.rolle === 'leser') {
      const snapshots = publishedSnapshotsOf(state);
      const snapshot = await snapshots.forReader(period);
      if (!snapshot) res.once('finish', () => snapshots.warm(period));
      else {
        sendAnswer(req, res, await snapshotAnswer(snapshot, queryKey, () => answer(snapshotValues(snapshot, areas, variables), snapshot.head.demo)));
        return;
      }
    }
    // Without ?areas (or ?unter) a Kommune gets its own Stadt (as before: the add-in checks against
    // these), narrowed by ?ebene; other areas only when asked for, and then only as published.
    const scope = !auswahl.codes && actor.role.rolle === 'kommune' && tree ? aufEbene(tree, tree.subtree(actor.role.ags), auswahl.ebene) : areas;
    const made = await raw.answer(rawKey, async () => answer(await publishedValues(state, { period, role: actor.role, areas: scope, variables }), await state.isDemo()));
    sendAnswer(req, res, made);
  });
  return r;
}
