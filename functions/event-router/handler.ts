import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { readInboundEnvelope } from '../../shared/routing/read-envelope.ts';
import { routeInboundEvent } from '../../shared/routing/route-inbound-event.ts';
import type { EventEnvelope } from '../../shared/webhooks/envelope.ts';
import { buildDependencies } from './dependencies.ts';
import { parseEventRouterEnv } from './env.ts';
import { logger, metrics, recordFailure, recordOutcome } from './telemetry.ts';

const env = parseEventRouterEnv(process.env);
const deps = buildDependencies(env);
const expectations = { claimCheckBucket: env.CLAIM_CHECK_BUCKET };

/** One inbound record: any throw makes it a batch item failure, so only it goes back to the queue. */
const routeRecord = async (record: SQSRecord): Promise<void> => {
  let envelope: EventEnvelope | undefined;
  try {
    envelope = readInboundEnvelope(record.body, expectations);
    recordOutcome(await routeInboundEvent(envelope, deps), envelope, record);
  } catch (error) {
    // An invalid envelope fails too: the router has no DLQ path of its own, so it reaches the inbound DLQ
    // after maxReceiveCount, where operators can see it, rather than being dropped here.
    recordFailure(error, record, envelope);
    throw error;
  }
};

/** Inbound queue → one delivery message per matched route, deduplicated per provider event. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  deps.deduplicator.registerLambdaContext(context);
  // A processor per invocation: it holds the batch's state, and local mode may run invocations concurrently.
  const processor = new BatchProcessor(EventType.SQS);
  try {
    // A batch that fails entirely is answered like any other, not thrown: every record goes back either way.
    return await processPartialResponse(event, routeRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
