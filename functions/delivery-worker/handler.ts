import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createBatchHandler } from './batch-handler.ts';
import { buildDependencies } from './dependencies.ts';
import { parseDeliveryWorkerEnv } from './env.ts';
import { logger, metrics, recordOutcome, recordRelease, recordTransitions } from './telemetry.ts';

const env = parseDeliveryWorkerEnv(process.env);
const deps = buildDependencies(env);
const processBatch = createBatchHandler({
  deliver: deps.deliver,
  once: deps.once,
  recordOutcome,
  recordRelease,
  recordTransitions,
  // Per-record metrics go out as single metrics; this only flushes anything added without a dimension.
  flush: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
});

/** Delivery queue → each message delivered once to its destination; retryable failures back to SQS. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processBatch(event, context);
};
