import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type SqsEventHandler,
  type SqsEventSource,
  startSqsEventSource,
} from './event-source/sqs-event-source.ts';
import type { LocalQueueUrls } from './sqs.ts';

/**
 * The two SQS consumers of local mode, each behind the stand-in for its Lambda event source mapping: the
 * event router on the inbound queue, the delivery worker on the delivery queue. The handlers are the deployed
 * ones, loaded after their environment is set, as Lambda would start them.
 */

export interface ConsumerEnvs {
  readonly router: Readonly<Record<string, string>>;
  readonly worker: Readonly<Record<string, string>>;
}

export interface StartConsumersOptions {
  readonly sqsEndpoint: string;
  readonly region: string;
  readonly queueUrls: LocalQueueUrls;
  readonly env: ConsumerEnvs;
  /** The worker's Lambda timeout; the delivery queue's visibility timeout must be at least this. */
  readonly workerTimeoutMs: number;
  readonly routerTimeoutMs?: number;
}

export interface LocalConsumers {
  readonly router: SqsEventSource;
  readonly worker: SqsEventSource;
  stop(): Promise<void>;
}

// Both handlers read their environment once, at module load, and modules load once per process.
let loadedFingerprint: string | undefined;

/**
 * Sets each function's variables, then imports it. They share process.env, so only what differs between them
 * (POWERTOOLS_SERVICE_NAME above all) is set right before each import; everything else is common.
 */
const loadHandlers = async (
  env: ConsumerEnvs,
): Promise<{ router: SqsEventHandler; worker: SqsEventHandler }> => {
  const fingerprint = JSON.stringify(env);
  if (loadedFingerprint !== undefined && loadedFingerprint !== fingerprint) {
    throw new Error(
      'startLocal: the router and worker already loaded in this process with other ports or settings; they ' +
        'read their environment once at module load. Start local mode once per process.',
    );
  }
  loadedFingerprint = fingerprint;
  Object.assign(process.env, env.router);
  // Dynamic on purpose: a static import would read the environment before it is set.
  const router = (await import('../../functions/event-router/handler.ts')).handler as SqsEventHandler;
  Object.assign(process.env, env.worker);
  const worker = (await import('../../functions/delivery-worker/handler.ts')).handler as SqsEventHandler;
  return { router, worker };
};

export const startConsumers = async (options: StartConsumersOptions): Promise<LocalConsumers> => {
  const handlers = await loadHandlers(options.env);
  const client = new SQSClient({
    endpoint: options.sqsEndpoint,
    region: options.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const sources: SqsEventSource[] = [];
  const stop = async () => {
    await Promise.all(sources.splice(0).map((source) => source.stop()));
    client.destroy();
  };
  try {
    // Batch sizes and maximum concurrency as the stacks configure the mappings (stage defaults: 5 and 10).
    const router = await startSqsEventSource({
      client,
      queueUrl: options.queueUrls.inbound,
      handler: handlers.router,
      batchSize: 10,
      maxConcurrency: 5,
      functionTimeoutMs: options.routerTimeoutMs ?? 30_000,
      functionName: 'tsunagi-local-event-router',
    });
    sources.push(router);
    const worker = await startSqsEventSource({
      client,
      queueUrl: options.queueUrls.delivery,
      handler: handlers.worker,
      batchSize: 10,
      maxConcurrency: 10,
      functionTimeoutMs: options.workerTimeoutMs,
      functionName: 'tsunagi-local-delivery-worker',
    });
    sources.push(worker);
    return { router, worker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
