import {
  type DecodedDlqMessage,
  decodeDlqMessage,
  type RawDlqMessage,
  withJoinedFailure,
} from './dlq-message.ts';
import type { FailureLookup, QueueOps } from './ports.ts';

/** Peeked messages are invisible this long, then back: long enough to read a batch, short enough to not matter. */
export const PEEK_VISIBILITY_TIMEOUT_SECONDS = 2;

export interface ScanOptions {
  /** How long received messages stay invisible; peeks use a few seconds so they come back promptly. */
  readonly visibilityTimeoutSeconds: number;
  /** Long-poll wait per receive; the scan ends after `emptyReceivesToStop` empty receives in a row. */
  readonly waitSeconds?: number;
  readonly emptyReceivesToStop?: number;
  /** Messages per receive (1..10); a peek asks only for as many as it still needs, hiding no more. */
  readonly batchSize?: () => number;
  /**
   * Make every message received visible again when the scan ends (deleted ones are skipped), instead of
   * leaving them hidden until their visibility timeout: a peek, or what a filtered move passed over, must
   * not disappear from the next command's view.
   */
  readonly releaseAtEnd?: boolean;
}

/** Joins the delivery log's reason into messages that carry none; lookups that fail leave the message as is. */
const joinFailure = async (
  message: DecodedDlqMessage,
  failures: FailureLookup | undefined,
): Promise<DecodedDlqMessage> => {
  if (message.failure || !failures || !message.event_id) return message;
  const failure = await failures.failureOf(message.event_id, message.route_id).catch(() => null);
  return withJoinedFailure(message, failure);
};

/**
 * Receives every message once (by message id), decodes it and joins its failure reason (when `failures` is
 * given), and hands it to `visit` until `visit` says stop or the queue has nothing new. A message seen again
 * (its visibility ran out) ends the batch's newness, not the scan.
 */
export const scanQueue = async (
  queues: QueueOps,
  url: string,
  options: ScanOptions & { failures?: FailureLookup; signal?: AbortSignal },
  visit: (message: DecodedDlqMessage, raw: RawDlqMessage) => Promise<'continue' | 'stop'>,
): Promise<number> => {
  const seen = new Set<string>();
  const received: string[] = [];
  try {
    return await scanUntilDone(queues, url, options, visit, seen, received);
  } finally {
    if (options.releaseAtEnd && received.length > 0)
      // Best effort: a message not released comes back at the end of its visibility timeout anyway.
      await queues.release(url, received).catch(() => undefined);
  }
};

const scanUntilDone = async (
  queues: QueueOps,
  url: string,
  options: ScanOptions & { failures?: FailureLookup; signal?: AbortSignal },
  visit: (message: DecodedDlqMessage, raw: RawDlqMessage) => Promise<'continue' | 'stop'>,
  seen: Set<string>,
  received: string[],
): Promise<number> => {
  let empty = 0;
  const stopAfter = options.emptyReceivesToStop ?? 2;
  while (!options.signal?.aborted) {
    const batch = await queues.receive(url, {
      max: options.batchSize?.() ?? 10,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      waitSeconds: options.waitSeconds ?? 1,
    });
    for (const raw of batch) received.push(raw.receiptHandle);
    const fresh = batch.filter((raw) => !seen.has(raw.messageId));
    if (fresh.length === 0) {
      if (++empty >= stopAfter) break;
      continue;
    }
    empty = 0;
    for (const raw of fresh) {
      seen.add(raw.messageId);
      if (options.signal?.aborted) break;
      const decoded = await joinFailure(decodeDlqMessage(raw), options.failures);
      if ((await visit(decoded, raw)) === 'stop') return seen.size;
    }
  }
  return seen.size;
};

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
