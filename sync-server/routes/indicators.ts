/**
 * GET /api/indicators: Kennzahlen computed by the shared IndicatorEngine over the newest stored
 * values. Each needed period is loaded once (and cached until the next write), never per cell.
 * Rows pass the publication rules (Geheimhaltung) of sync-server/publication.ts.
 *
 * Readers (`leser`) are answered from the snapshot of the released state (published-snapshot.ts):
 * finished bytes (gzipped once) per query, with an ETag that is the same for every reader. Roles
 * that see raw values get theirs from the raw answers (raw-answers.ts): made once per role, query
 * and state of the data (current and released), with an ETag that is a hash of their own answer.
 * Either way `If-None-Match` with the current ETag gives 304. `Accept: text/csv` gives the same
 * rows as CSV (http/csv.ts).
 */
import { Router, type Request, type Response } from 'express';
import { amtlichZelle } from '../../shared/format/amtlich';
import type { DomainState } from '../domain';
import { actorOf } from '../http/auth';
import { CSV_TYPE, toCsv, type CsvCell } from '../http/csv';
import { ApiError, badRequest } from '../http/errors';
import { aufEbene, gebieteKey, queryGebiete } from '../http/gebiete';
import { queryList, queryPeriod, queryString } from '../http/query';
import { visiblePeriods } from '../freigabe';
import { disclosureNote, indicatorCacheOf, publishedIndicators, type PublishedIndicatorRow } from '../publication';
import { type Answer, makeAnswer, sendAnswer } from '../http/answer';
import { type IndicatorAnswerHead, publishedSnapshotsOf, snapshotAnswer, snapshotIndicators } from '../published-snapshot';
import { rawAnswersOf } from '../raw-answers';

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_HEADER = ['area', 'indicator', 'period', 'value', 'numerator', 'denominator', 'status', 'reason', 'geheimhaltung', 'amtlich'];

/** The official totals of a row (area with incomplete sub-areas) in one cell, "." where not visible. */
const amtlichCell = (r: PublishedIndicatorRow): string | null => ('amtlich' in r && r.amtlich?.length ? amtlichZelle(r.amtlich) : null);

/** A row as a CSV line: "." where readers get the suppressed sign, the reason for raw viewers in one field. */
function csvRow(r: PublishedIndicatorRow): CsvCell[] {
  const dot = r.status === 'gesperrt';
  const g = 'geheimhaltung' in r && r.geheimhaltung ? `${r.geheimhaltung.sperre}: ${r.geheimhaltung.grund}` : null;
  const num = (v: number | null) => (dot ? '.' : v);
  return [r.area, r.indicator, r.period, num(r.value), num(r.numerator), num(r.denominator), r.status, 'reason' in r ? r.reason : null, g, amtlichCell(r)];
}

/** Sends an answer that depends on Accept (JSON or CSV). */
function send(req: Request, res: Response, a: Answer): void {
  res.vary('Accept');
  sendAnswer(req, res, a);
}

function render(format: 'json' | 'csv', head: IndicatorAnswerHead, rows: PublishedIndicatorRow[]): Promise<Answer> {
  return format === 'csv' ? makeAnswer(CSV_TYPE, toCsv(CSV_HEADER, rows.map(csvRow))) : makeAnswer(JSON_TYPE, JSON.stringify({ ...head, rows }));
}

export function indicatorRoutes(state: DomainState): Router {
  const r = Router();
  // Reads the thresholds now, so that a wrong SOZIALMONITOR_GEHEIMHALTUNG stops the start with a message.
  indicatorCacheOf(state);
  r.get('/indicators', async (req, res) => {
    const wanted = req.accepts(['application/json', 'text/csv']);
    if (!wanted) throw new ApiError(406, 'FORMAT_NICHT_VERFUEGBAR', 'Kennzahlen gibt es als JSON (Accept: application/json) oder als CSV (Accept: text/csv).');
    const format = wanted === 'text/csv' ? 'csv' : 'json';
    const role = actorOf(req).role;
    // without ?period the newest year the role may know of (for a reader the newest released one);
    // looked up only then, so that a kept raw answer costs no query of the years
    const period = queryPeriod(req, queryString(req, 'period') === undefined ? (await visiblePeriods(state, role)).at(-1) : undefined);
    const ids = queryList(req, 'ids');
    const queryKey = `${format}|${ids?.join(',') ?? ''}|${gebieteKey(req)}`;
    // Roles that see raw values: their finished answer is kept per state of the data (raw-answers.ts);
    // the key is read before the areas and catalogue the answer is computed from.
    const raw = rawAnswersOf(state);
    const rawKey = await raw.keyOf(role, `indicators|${queryKey}`, period);
    const [{ tree }, catalogue] = await Promise.all([state.areas(), state.catalogue()]);
    if (!tree) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung hinterlegt.');
    const unknownIds = (ids ?? []).filter((id) => !catalogue!.kennzahlen.has(id));
    if (unknownIds.length) throw badRequest('ids', `unbekannte Kennzahlen: ${unknownIds.join(', ')} (Katalog ${catalogue!.version})`);
    // areas=, unter= and ebene= (http/gebiete.ts): the codes asked for, or all of the level
    const auswahl = queryGebiete(req, tree);

    const kennzahlen = ids ?? [...catalogue!.kennzahlen.keys()];
    const areas = auswahl.codes ?? aufEbene(tree, tree.all().map((a) => a.code), auswahl.ebene);

    if (role.rolle === 'leser') {
      const snapshots = publishedSnapshotsOf(state);
      const snapshot = await snapshots.forReader(period);
      if (!snapshot) res.once('finish', () => snapshots.warm(period));
      if (snapshot) {
        const answer = await snapshotAnswer(snapshot, queryKey, () => render(format, snapshot.head, snapshotIndicators(snapshot, areas, kennzahlen)));
        send(req, res, answer);
        return;
      }
    }
    // a reader without a fitting snapshot (rawKey undefined) gets its answer computed, not kept
    const answer = await raw.answer(rawKey, async () => {
      const rows = await publishedIndicators(state, { period, role, ids: kennzahlen, areas });
      const head: IndicatorAnswerHead = { period, catalogueVersion: catalogue!.version, demo: await state.isDemo(), disclosureControl: disclosureNote(indicatorCacheOf(state).options) };
      return render(format, head, rows);
    });
    send(req, res, answer);
  });
  return r;
}
