import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  type BatchOutcome,
  createLambdaContext,
  interpretBatchResponse,
  invokeWithTimeout,
  parseQueueArn,
  toSqsEvent,
} from './sqs-event.ts';

/**
 * Local stand-in for Lambda's SQS event source mapping: polls a queue, invokes a handler with real `SQSEvent`
 * batches, deletes what succeeded and leaves failures to the queue's visibility timeout and RedrivePolicy
 * (→ DLQ after maxReceiveCount), as AWS does. Never calls ChangeMessageVisibility: local-aws-sqs 2.0.2 counts
 * it as a receive. Other stand-in quirks are handled in `gather`.
 */

// biome-ignore lint/suspicious/noConfusingVoidType: the shape of a Lambda SQS handler (aws-lambda's SQSHandler).
export type SqsEventHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface EventSourceLogger {
  debug(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface SqsEventSourceOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  /** The records' `eventSourceARN`; read from the queue when absent. */
  readonly queueArn?: string;
  readonly handler: SqsEventHandler;
  /** Records per invocation, 1–10. Default 10. */
  readonly batchSize?: number;
  /** How long to keep gathering records (up to batchSize) after the first one. Default 0. */
  readonly maximumBatchingWindowMs?: number;
  /** Invocations in flight at once. Default 2. */
  readonly maxConcurrency?: number;
  /** Honour `batchItemFailures` in the handler's answer. Default true. */
  readonly reportBatchItemFailures?: boolean;
  /** Long-poll wait of each empty receive; also bounds how long `stop` can take. Default 1. */
  readonly waitTimeSeconds?: number;
  /** Visibility timeout asked on receive; the queue's own when absent. */
  readonly visibilityTimeoutSeconds?: number;
  /** An invocation running longer fails its whole batch, like a Lambda timeout. Default 30 000. */
  readonly functionTimeoutMs?: number;
  /** The context's function name. Default `<queue name>-consumer`. */
  readonly functionName?: string;
  /** warn / error go to stderr when absent. */
  readonly logger?: EventSourceLogger;
}

export interface SqsEventSourceStats {
  /** Messages handed to the handler (each delivery counts). */
  readonly received: number;
  /** Messages deleted after their invocation succeeded for them. */
  readonly succeeded: number;
  /** Messages left on the queue to be retried (or dead-lettered). */
  readonly failed: number;
  /** Handler invocations. */
  readonly batches: number;
}

export interface SqsEventSource {
  /** Stops polling, then waits for the batches in flight (a receive already under way is still delivered). */
  stop(): Promise<void>;
  stats(): SqsEventSourceStats;
}

const consoleLogger: EventSourceLogger = {
  debug: () => undefined,
  warn: (message, extra) => console.warn(`[sqs-event-source] ${message}`, extra),
  error: (message, extra) => console.error(`[sqs-event-source] ${message}`, extra),
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const checkRange = (name: string, value: number, min: number, max: number): number => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `startSqsEventSource: ${name} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
};

export const startSqsEventSource = async (options: SqsEventSourceOptions): Promise<SqsEventSource> => {
  const { client, queueUrl, handler, visibilityTimeoutSeconds } = options;
  const batchSize = checkRange('batchSize', options.batchSize ?? 10, 1, 10);
  const windowMs = checkRange('maximumBatchingWindowMs', options.maximumBatchingWindowMs ?? 0, 0, 300_000);
  const maxConcurrency = checkRange('maxConcurrency', options.maxConcurrency ?? 2, 1, 1000);
  const waitTimeSeconds = checkRange('waitTimeSeconds', options.waitTimeSeconds ?? 1, 0, 20);
  const functionTimeoutMs = checkRange('functionTimeoutMs', options.functionTimeoutMs ?? 30_000, 1, 900_000);
  const reportBatchItemFailures = options.reportBatchItemFailures ?? true;
  const logger = options.logger ?? consoleLogger;

  // Fails loudly at start (no such queue, stand-in not up); once running, SQS errors are retried.
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn', 'VisibilityTimeout'] }),
  );
  const queueArn = options.queueArn ?? Attributes.QueueArn ?? '';
  const { region, accountId, queueName } = parseQueueArn(queueArn);
  const visibilityMs = (visibilityTimeoutSeconds ?? Number(Attributes.VisibilityTimeout ?? 30)) * 1000;
  if (visibilityMs < functionTimeoutMs) {
    // AWS refuses such a mapping: a slow invocation's messages would be handed out again while it still runs.
    logger.warn('visibility timeout below function timeout', { queueUrl, visibilityMs, functionTimeoutMs });
  }
  const identity = { eventSourceARN: queueArn, awsRegion: region };
  const functionName = options.functionName ?? `${queueName}-consumer`;
  const counters = { received: 0, succeeded: 0, failed: 0, batches: 0 };

  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  let wakeUp = () => {};
  /** Sleeps until a batch ends, stop() is called or `ms` pass. */
  const pause = (ms?: number) =>
    new Promise<void>((resolve) => {
      if (stopping) return resolve();
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        // local-aws-sqs ignores MessageSystemAttributeNames; AttributeNames works with both it and AWS.
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(visibilityTimeoutSeconds !== undefined && { VisibilityTimeout: visibilityTimeoutSeconds }),
      }),
    );
    return Messages;
  };

  /**
   * One batch. local-aws-sqs holds a long poll until MaxNumberOfMessages are in hand (AWS answers as soon as
   * one is), and past the visibility timeout it hands the same message out again in that answer. So: long-poll
   * for ONE message (answers at once), then fill up with short polls; keep the newest copy of any duplicate.
   */
  const gather = async (): Promise<Message[]> => {
    const batch = new Map<string, Message>();
    const add = (messages: Message[]) => {
      for (const message of messages) {
        if (!message.MessageId) continue;
        if (batch.has(message.MessageId))
          logger.debug('duplicate message in one receive', { id: message.MessageId });
        batch.set(message.MessageId, message);
      }
    };
    add(await receive(1, waitTimeSeconds));
    if (batch.size === 0) return [];
    const windowEnds = Date.now() + windowMs;
    let first = true;
    try {
      while (batch.size < batchSize && !stopping && (first || Date.now() < windowEnds)) {
        first = false;
        const before = batch.size;
        add(await receive(batchSize - batch.size, 0));
        if (batch.size === before && Date.now() < windowEnds)
          await pause(Math.min(50, windowEnds - Date.now()));
      }
    } catch (error) {
      // Keep what is already in hand (it is invisible now); the next poll reports the error if it persists.
      logger.warn('SQS receive failed while filling a batch', { queueUrl, error: errorText(error) });
    }
    return [...batch.values()];
  };

  const deleteMessages = async (messages: Message[]) => {
    if (messages.length === 0) return;
    const Entries = messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle }));
    // A message whose delete fails is redelivered after its visibility timeout: at-least-once, as in AWS.
    const failed = await client
      .send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries }))
      .then(({ Failed = [] }) => Failed.map((f) => f.Message ?? f.Code))
      .catch((error: unknown) => [errorText(error)]);
    if (failed.length > 0) logger.warn('delete failed; messages will be redelivered', { queueUrl, failed });
  };

  const invoke = async (messages: Message[]) => {
    counters.received += messages.length;
    counters.batches += 1;
    const event = toSqsEvent(messages, identity);
    const context = createLambdaContext({ functionName, timeoutMs: functionTimeoutMs, region, accountId });
    const ids = new Set(event.Records.map((r) => r.messageId));
    let outcome: BatchOutcome;
    try {
      const response = await invokeWithTimeout(handler, event, context, functionTimeoutMs);
      outcome = interpretBatchResponse(response, ids, reportBatchItemFailures);
    } catch (error) {
      outcome = { failedIds: ids, reason: errorText(error) };
    }
    const { failedIds, reason } = outcome;
    if (reason) logger.warn('batch failed; all of it will be retried', { queueUrl, reason, size: ids.size });
    await deleteMessages(messages.filter((m) => !failedIds.has(m.MessageId ?? '')));
    counters.failed += failedIds.size;
    counters.succeeded += ids.size - failedIds.size;
  };

  const dispatch = (messages: Message[]) => {
    const run: Promise<void> = invoke(messages)
      .catch((error) => logger.error('event source batch crashed', { queueUrl, error: errorText(error) }))
      .finally(() => {
        inFlight.delete(run);
        wakeUp();
      });
    inFlight.add(run);
  };

  const poll = async () => {
    let backoffMs = 0;
    while (!stopping) {
      if (inFlight.size >= maxConcurrency) {
        await pause();
        continue;
      }
      try {
        const messages = await gather();
        backoffMs = 0;
        if (messages.length > 0) dispatch(messages);
      } catch (error) {
        backoffMs = Math.min(backoffMs === 0 ? 100 : backoffMs * 2, 5000);
        logger.warn('SQS receive failed; retrying', { queueUrl, error: errorText(error), backoffMs });
        await pause(backoffMs);
      }
    }
  };
  const polling = poll().catch((error) => logger.error('event source stopped', { error: errorText(error) }));

  return {
    stop: async () => {
      stopping = true;
      wakeUp();
      await polling;
      await Promise.allSettled([...inFlight]);
    },
    stats: () => ({ ...counters }),
  };
};
