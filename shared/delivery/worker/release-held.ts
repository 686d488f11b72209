import type { EndpointRef } from '../health/ports.ts';
import {
  LARGEST_RELEASE_BATCH,
  RELEASE_STEP_MS,
  type ReleaseRequest,
  releaseRequestBody,
} from '../health/release-request.ts';
import { delaySecondsOf } from '../schedule/retry-plan.ts';
import { deliver } from './deliver.ts';
import type { DeliverDeps, DeliveryInput, DeliveryOutcome } from './deliver-types.ts';

/** Time kept back from the invocation for the last delivery and the next request (one attempt's timeout and more). */
const RESERVE_MS = 20_000;

/** What one release request did. */
export interface ReleaseSummary {
  readonly ref: EndpointRef;
  /** Held deliveries taken out of the table (delivered, scheduled for a retry, or dead-lettered). */
  readonly released: number;
  /** Why it stopped: the batch was done, nothing was left, the destination is disabled again, or time ran out. */
  readonly stopped: 'batch_done' | 'empty' | 'disabled' | 'busy' | 'out_of_time';
  /** The next request, when some are left: its batch and when it runs. */
  readonly next: { readonly batch: number; readonly delaySeconds: number } | null;
}

/**
 * Releases a destination's held deliveries, oldest first and one at a time, so they arrive in order of receipt;
 * each goes through `deliver` exactly as a fresh delivery (same delivery id, so nothing is sent twice), and one
 * that fails goes onto its retry schedule like any other. Then the request is re-enqueued, a ramp step later,
 * for a batch twice as large: a backlog returns gradually, not all at once, to an endpoint that just came back.
 */
export const releaseHeld = async (
  request: ReleaseRequest,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<{ readonly outcomes: DeliveryOutcome[]; readonly summary: ReleaseSummary }> => {
  const ref = { tenantId: request.tenant_id, routeId: request.route_id };
  const outcomes: DeliveryOutcome[] = [];
  const { health, held } = deps;
  if (health === undefined || held === undefined) {
    return { outcomes, summary: { ref, released: 0, stopped: 'empty', next: null } };
  }
  // Read now: the enable that sent this request must not be hidden by a cached "disabled".
  if ((await health.fresh(ref))?.status === 'disabled') {
    return { outcomes, summary: { ref, released: 0, stopped: 'disabled', next: null } };
  }
  const started = deps.clock();
  const batch = await held.oldest(ref, request.batch, request.since);
  let released = 0;
  let stopped: ReleaseSummary['stopped'] = batch.length < request.batch ? 'empty' : 'batch_done';
  for (const item of batch) {
    const remainingTimeMs = input.remainingTimeMs - (deps.clock() - started);
    if (remainingTimeMs < RESERVE_MS) {
      stopped = 'out_of_time';
      break;
    }
    const outcome = await deliver(
      { body: item.body, receiveCount: 1, remainingTimeMs, attributes: item.attributes },
      deps,
    );
    outcomes.push(outcome);
    if (outcome.status === 'held') {
      // Disabled again meanwhile: the delivery is held again under the same key, and the rest stay held.
      stopped = 'disabled';
      break;
    }
    if (outcome.retry) {
      // Another invocation has it, or it could not be recorded: it stays held for the next request.
      stopped = 'busy';
      break;
    }
    await held.release(ref, item);
    released++;
  }
  const more = stopped !== 'empty' && stopped !== 'disabled';
  const next = more
    ? {
        batch: Math.min(request.batch * 2, LARGEST_RELEASE_BATCH),
        delaySeconds: stopped === 'out_of_time' ? 0 : delaySecondsOf(RELEASE_STEP_MS / (deps.timeScale ?? 1)),
      }
    : null;
  if (next !== null) {
    await deps.requeue.requeue({
      body: releaseRequestBody(ref, next.batch, request.since),
      delaySeconds: next.delaySeconds,
      attributes: {},
    });
  }
  return { outcomes, summary: { ref, released, stopped, next } };
};
