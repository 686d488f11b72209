import { TokenBucket } from '../delivery/rate-limiter.ts';
import {
  type DecodedDlqMessage,
  type DlqFilter,
  decodeDlqMessage,
  hasFilter,
  matchesFilter,
  type RawDlqMessage,
  withJoinedFailure,
} from './dlq-message.ts';
import type { FailureLookup, QueueOps } from './ports.ts';
import type { MoveCounts, MoveTask } from './schemas.ts';

/**
 * The DLQ operations over the `QueueOps` port: peek (never deletes), a filtered move (receive → send → delete,
 * deleting only after the copy was sent), the native move task, and archive (write + fsync, then delete).
 */

export interface PeekedMessage extends DecodedDlqMessage {
  readonly body: unknown;
}

const parsedBody = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
};

/** Joins the delivery log's reason into messages that carry none; lookups that fail leave the message as is. */
const joinFailure = async (
  message: DecodedDlqMessage,
  failures: FailureLookup | undefined,
): Promise<DecodedDlqMessage> => {
  if (message.failure || !failures || !message.event_id) return message;
  const failure = await failures.failureOf(message.event_id, message.route_id).catch(() => null);
  return withJoinedFailure(message, failure);
};

export interface ScanOptions {
  /** How long received messages stay invisible; peeks use a few seconds so they come back promptly. */
  readonly visibilityTimeoutSeconds: number;
  /** Long-poll wait per receive; the scan ends after `emptyReceivesToStop` empty receives in a row. */
  readonly waitSeconds?: number;
  readonly emptyReceivesToStop?: number;
  /** Messages per receive (1..10); a peek asks only for as many as it still needs, hiding no more. */
  readonly batchSize?: () => number;
}

/**
 * Receives every message once (by message id), decodes it and joins its failure reason, and hands it to `visit`
 * until `visit` says stop or the queue has nothing new. A message seen again (its visibility ran out) ends the
 * batch's newness, not the scan.
 */
const scan = async (
  queues: QueueOps,
  url: string,
  options: ScanOptions & { failures?: FailureLookup; signal?: AbortSignal },
  visit: (message: DecodedDlqMessage, raw: RawDlqMessage) => Promise<'continue' | 'stop'>,
): Promise<number> => {
  const seen = new Set<string>();
  let empty = 0;
  const stopAfter = options.emptyReceivesToStop ?? 2;
  while (!options.signal?.aborted) {
    const batch = await queues.receive(url, {
      max: options.batchSize?.() ?? 10,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      waitSeconds: options.waitSeconds ?? 1,
    });
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

/** Peeked messages are invisible this long, then back: long enough to read a batch, short enough to not matter. */
export const PEEK_VISIBILITY_TIMEOUT_SECONDS = 2;

export interface PeekOptions extends Partial<ScanOptions> {
  readonly filter: DlqFilter;
  readonly limit: number;
  readonly failures?: FailureLookup;
}

/** Matching messages, decoded, with their reasons. Deletes nothing; they are visible again after the timeout. */
export const peekMessages = async (
  queues: QueueOps,
  url: string,
  options: PeekOptions,
): Promise<{ scanned: number; messages: PeekedMessage[] }> => {
  const messages: PeekedMessage[] = [];
  const scanned = await scan(
    queues,
    url,
    {
      visibilityTimeoutSeconds: PEEK_VISIBILITY_TIMEOUT_SECONDS,
      waitSeconds: 0,
      // Unfiltered, no more than the limit is hidden; filtered, a full batch finds matches faster.
      batchSize: () => (hasFilter(options.filter) ? 10 : Math.min(10, options.limit - messages.length)),
      ...options,
    },
    async (message, raw) => {
      if (matchesFilter(message, options.filter)) messages.push({ ...message, body: parsedBody(raw.body) });
      return messages.length >= options.limit ? 'stop' : 'continue';
    },
  );
  return { scanned, messages };
};

export interface MoveProgress {
  readonly counts: MoveCounts;
}

export interface FilteredMoveOptions extends Partial<ScanOptions> {
  readonly filter: DlqFilter;
  readonly ratePerSecond: number;
  readonly dryRun: boolean;
  readonly failures?: FailureLookup;
  /** Aborting stops after the message in hand (sent and deleted, or neither). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: MoveProgress) => void;
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface FilteredMoveResult {
  readonly counts: MoveCounts;
  readonly interrupted: boolean;
  readonly wouldMove: { message_id: string; event_id: string | null }[];
  readonly errors: string[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Moves the matching messages from `fromUrl` to `toUrl` at `ratePerSecond` (token bucket, burst 1): for each,
 * send the copy, and delete the original only once the send succeeded. An interruption at any point leaves the
 * message in the DLQ, or in both queues (at-least-once; consumers are idempotent), never in neither.
 * Non-matching messages are left alone (they reappear when the receive's visibility timeout ends).
 */
export const moveFiltered = async (
  queues: QueueOps,
  fromUrl: string,
  toUrl: string,
  options: FilteredMoveOptions,
): Promise<FilteredMoveResult> => {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const bucket = new TokenBucket({ ratePerSecond: options.ratePerSecond, burst: 1 }, clock());
  const counts = { matched: 0, moved: 0, skipped: 0, failed: 0 };
  const wouldMove: FilteredMoveResult['wouldMove'] = [];
  const errors: string[] = [];
  const report = () => options.onProgress?.({ counts: { ...counts } });
  await scan(
    queues,
    fromUrl,
    // Long enough that a message is not received twice during one run; a dry run gives them back like a peek.
    {
      // A batch of 10 must be sent and deleted before its receipt handles expire, at the slowest rate too.
      visibilityTimeoutSeconds: options.dryRun
        ? PEEK_VISIBILITY_TIMEOUT_SECONDS
        : Math.max(60, Math.ceil(10 / options.ratePerSecond) + 30),
      ...options,
    },
    async (message, raw) => {
      if (!matchesFilter(message, options.filter)) {
        counts.skipped++;
        report();
        return 'continue';
      }
      counts.matched++;
      if (options.dryRun) {
        wouldMove.push({ message_id: message.message_id, event_id: message.event_id });
        report();
        return 'continue';
      }
      const wait = bucket.reserve(clock(), Number.POSITIVE_INFINITY) ?? 0;
      if (wait > 0) await sleep(wait);
      try {
        await queues.send(toUrl, raw);
      } catch (error) {
        // Not sent: the original stays in the DLQ and comes back after its visibility timeout.
        counts.failed++;
        errors.push(`${message.message_id}: send failed: ${(error as Error).message}`);
        report();
        return 'continue';
      }
      try {
        await queues.delete(fromUrl, raw.receiptHandle);
        counts.moved++;
      } catch (error) {
        // Sent but not deleted: a duplicate, never a loss.
        counts.failed++;
        errors.push(`${message.message_id}: sent, but delete failed: ${(error as Error).message}`);
      }
      report();
      return 'continue';
    },
  );
  return { counts, interrupted: options.signal?.aborted ?? false, wouldMove, errors };
};

export interface NativeMoveOptions {
  readonly sourceArn: string;
  /** Unset: back to each message's source queue (what SQS records as DeadLetterQueueSourceArn). */
  readonly destinationArn?: string;
  readonly ratePerSecond: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (task: MoveTask) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const FINISHED = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/** StartMessageMoveTask, then ListMessageMoveTasks until that task finishes (or the signal aborts the wait). */
export const moveWithTask = async (queues: QueueOps, options: NativeMoveOptions): Promise<MoveTask> => {
  const sleep = options.sleep ?? realSleep;
  const handle = await queues.startMoveTask(options.sourceArn, options.destinationArn, options.ratePerSecond);
  let last: MoveTask | undefined;
  for (;;) {
    const tasks = await queues.moveTasks(options.sourceArn);
    // The newest task is first; a stand-in without handles in the listing is matched by position.
    last = tasks.find((task) => task.task_handle === handle) ?? tasks[0] ?? last;
    if (last) options.onProgress?.(last);
    if (last && FINISHED.has(last.status)) return last;
    if (options.signal?.aborted) return last ?? emptyTask(handle, options);
    await sleep(options.pollMs ?? 1000);
  }
};

const emptyTask = (handle: string, options: NativeMoveOptions): MoveTask => ({
  task_handle: handle,
  status: 'RUNNING',
  source_arn: options.sourceArn,
  destination_arn: options.destinationArn ?? null,
  max_per_second: options.ratePerSecond,
  moved: 0,
  to_move: null,
  started_at: null,
  failure_reason: null,
});

export interface ArchiveOptions extends Partial<ScanOptions> {
  readonly filter: DlqFilter;
  readonly dryRun: boolean;
  readonly failures?: FailureLookup;
  readonly signal?: AbortSignal;
  /** Appends lines and makes them durable (fsync) before resolving. */
  readonly write: (lines: readonly string[]) => Promise<void>;
  readonly onProgress?: (progress: MoveProgress) => void;
}

/**
 * Archives matching messages: each batch is written as JSON lines and made durable, and only then deleted.
 * A crash between the two leaves messages both archived and in the DLQ, never in neither.
 */
export const archiveMessages = async (
  queues: QueueOps,
  url: string,
  options: ArchiveOptions,
): Promise<{ counts: MoveCounts; interrupted: boolean; errors: string[] }> => {
  const counts = { matched: 0, moved: 0, skipped: 0, failed: 0 };
  const errors: string[] = [];
  const pending: { line: string; receiptHandle: string; id: string }[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    await options.write(batch.map((entry) => entry.line));
    for (const entry of batch) {
      try {
        await queues.delete(url, entry.receiptHandle);
        counts.moved++;
      } catch (error) {
        counts.failed++;
        errors.push(`${entry.id}: archived, but delete failed: ${(error as Error).message}`);
      }
    }
    options.onProgress?.({ counts: { ...counts } });
  };
  await scan(
    queues,
    url,
    { visibilityTimeoutSeconds: options.dryRun ? PEEK_VISIBILITY_TIMEOUT_SECONDS : 60, ...options },
    async (message, raw) => {
      if (!matchesFilter(message, options.filter)) {
        counts.skipped++;
        return 'continue';
      }
      counts.matched++;
      if (options.dryRun) return 'continue';
      const line = JSON.stringify({
        ...message,
        body: raw.body,
        archived_at: new Date().toISOString(),
      });
      pending.push({ line, receiptHandle: raw.receiptHandle, id: message.message_id });
      if (pending.length >= 10) await flush();
      return 'continue';
    },
  );
  if (!options.dryRun) await flush();
  return { counts, interrupted: options.signal?.aborted ?? false, errors };
};
