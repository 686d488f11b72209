import type { DeliveryMessage } from '../delivery/delivery-message.ts';
import type { ClaimCheckBody } from '../webhooks/envelope.ts';
import type { EnqueueFailure } from './errors.ts';

/** What a send of delivery messages achieved; an empty `failures` means every message is on the queue. */
export interface SendBatchResult {
  readonly failures: readonly EnqueueFailure[];
}

/**
 * The delivery queue. `sendBatch` never rejects for a message the queue refused or a call that failed: it
 * reports each message that is not known to be on the queue, so the caller decides what a partial send means.
 */
export interface DeliveryQueue {
  sendBatch(messages: readonly DeliveryMessage[]): Promise<SendBatchResult>;
}

/** Why an event went nowhere; `null` when it was routed. `filtered_out`: routes fit, their filters did not. */
export type UnroutedReason = 'unknown_tenant' | 'tenant_suspended' | 'no_matching_route' | 'filtered_out';

/**
 * Reads a claim-checked body, which the router needs only when a route filter must see the event. Rejects
 * with `EventBodyUnavailableError` (retryable) or `EventBodyInvalidError` (permanent).
 */
export interface EventBodyReader {
  read(reference: ClaimCheckBody['claim_check']): Promise<Buffer>;
}

/**
 * What routing one provider event produced, as remembered by the deduplicator and handed back on a repeat.
 * Plain JSON (snake_case, explicit nulls) because it is stored as is.
 */
export interface RoutingSummary {
  /** The platform event id of the event that was routed (the first one seen for this provider event). */
  readonly event_id: string;
  readonly route_ids: readonly string[];
  readonly unrouted_reason: UnroutedReason | null;
  /** Routes whose filter kept the event out (absent when none; older summaries never have it). */
  readonly filtered_out?: readonly string[];
}

/**
 * Runs the routing of a provider event at most once per key (within the dedupe window): a repeat gets the
 * first run's summary without running again; a run that throws is forgotten so a retry can run; a run still in
 * flight elsewhere makes the caller fail with `EventInProgressError`.
 */
export interface EventDeduplicator {
  runOnce(key: string, work: () => Promise<RoutingSummary>): Promise<RoutingSummary>;
}
