import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { HealthTransition } from '../../shared/delivery/health/monitor.ts';
import { parseReleaseRequest } from '../../shared/delivery/health/release-request.ts';
import { type DeliverDeps, type DeliveryOutcome, deliver } from '../../shared/delivery/worker/deliver.ts';
import { type ReleaseSummary, releaseHeld } from '../../shared/delivery/worker/release-held.ts';

/** What the batch handler needs: the use case's ports and a hook for each invocation's context. */
export interface BatchHandlerDeps {
  readonly deliver: DeliverDeps;
  readonly once: { registerLambdaContext(context: Context): void };
  readonly recordOutcome: (outcome: DeliveryOutcome, record: SQSRecord, durationMs: number) => void;
  readonly recordRelease?: (summary: ReleaseSummary) => void;
  readonly recordTransitions?: (transitions: readonly HealthTransition[]) => void;
  readonly flush?: () => void;
}

/** Thrown for a record SQS must retry; the batch processor turns it into a batch item failure. */
export class DeliveryRetryError extends Error {
  public override readonly name = 'DeliveryRetryError';
}

const stringAttributes = (record: SQSRecord): Record<string, string> => {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (value.dataType === 'String' && value.stringValue !== undefined) attributes[name] = value.stringValue;
  }
  return attributes;
};

/**
 * The delivery queue's handler: each record through the use case, concurrently (per-destination limits live
 * in the outbound client), retryable ones answered as batch item failures.
 */
export const createBatchHandler = (deps: BatchHandlerDeps) => {
  const processRecord = async (record: SQSRecord, context: Context): Promise<void> => {
    const started = performance.now();
    const input = {
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      remainingTimeMs: context.getRemainingTimeInMillis(),
      attributes: stringAttributes(record),
    };
    const release = parseReleaseRequest(record.body);
    if (release !== null) {
      const { outcomes, summary } = await releaseHeld(release, input, deps.deliver);
      for (const outcome of outcomes) deps.recordOutcome(outcome, record, 0);
      deps.recordRelease?.(summary);
      return;
    }
    const outcome = await deliver(input, deps.deliver);
    deps.recordOutcome(outcome, record, performance.now() - started);
    if (outcome.retry) throw new DeliveryRetryError(`delivery ${outcome.status}; SQS retries the record`);
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    deps.once.registerLambdaContext(context);
    // A processor per invocation: it holds the batch's state, and local mode may run invocations concurrently.
    const processor = new BatchProcessor(EventType.SQS);
    try {
      // A batch that fails entirely is answered like any other, not thrown: every record goes back either way.
      return await processPartialResponse(event, processRecord, processor, {
        context,
        processInParallel: true,
        throwOnFullBatchFailure: false,
      });
    } finally {
      // Health moves once per destination per batch, after every record of it is done.
      const transitions = (await deps.deliver.health?.flush()) ?? [];
      if (transitions.length > 0) deps.recordTransitions?.(transitions);
      deps.flush?.();
    }
  };
};
