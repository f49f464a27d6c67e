/**
 * Sending a submission without ever sending it twice: it is written to the workbook's queue with its
 * Idempotency-Key before the first attempt, and every retry reuses that key, so the server stores it
 * once however often it arrives. Only a definitive answer (accepted, rejected, conflict) removes it
 * from the queue; a network failure or a token problem leaves it for the next attempt.
 */
import { ApiClient, ApiError, Receipt } from '../api/client';
import { PendingSubmission, WorkbookStore } from './store';

export type SendOutcome =
  | { kind: 'angenommen'; receipt: Receipt; pending: PendingSubmission }
  | { kind: 'wartet'; error: ApiError; pending: PendingSubmission }
  | { kind: 'abgelehnt'; error: ApiError; pending: PendingSubmission };

export async function send(api: ApiClient, store: WorkbookStore, pending: PendingSubmission): Promise<SendOutcome> {
  await store.enqueue(pending);
  try {
    const receipt = await api.submit(pending.body, pending.idempotencyKey);
    await store.dequeue(pending.idempotencyKey);
    return { kind: 'angenommen', receipt, pending };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.kind === 'netzwerk' || e.kind === 'anmeldung' || e.kind === 'server') {
      const again = { ...pending, attempts: pending.attempts + 1 };
      await store.enqueue(again);
      return { kind: 'wartet', error: e, pending: again };
    }
    await store.dequeue(pending.idempotencyKey);
    return { kind: 'abgelehnt', error: e, pending };
  }
}

/** Retries everything in the queue, oldest first. */
export async function flushQueue(api: ApiClient, store: WorkbookStore): Promise<SendOutcome[]> {
  const out: SendOutcome[] = [];
  for (const p of store.queue()) out.push(await send(api, store, p));
  return out;
}
