import { TokenBucket } from '../kernel/rate-limiter.ts';
import {
  type DecodedDlqMessage,
  type DlqFilter,
  filterReadsFailure,
  hasFilter,
  matchesFilter,
  type RawDlqMessage,
} from './dlq-message.ts';
import { PEEK_VISIBILITY_TIMEOUT_SECONDS, realSleep, type ScanOptions, scanQueue } from './dlq-scan.ts';
import type { FailureLookup, QueueOps } from './ports.ts';
import type { MoveCounts } from './schemas.ts';

export { PEEK_VISIBILITY_TIMEOUT_SECONDS } from './dlq-scan.ts';

/**
 * The DLQ operations over the `QueueOps` port that look at each message: peek (never deletes) and the filtered
 * move (receive → send → delete, deleting only after the copy was sent). The native move task is in
 * dlq-move-task.ts, archive in dlq-archive.ts.
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
  const scanned = await scanQueue(
    queues,
    url,
    {
      visibilityTimeoutSeconds: PEEK_VISIBILITY_TIMEOUT_SECONDS,
      releaseAtEnd: true,
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
  /** Consulted only when the filter reads the failure reason (`error`, `since`); a move needs no reason. */
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

/**
 * How many messages a filtered move may send at once after a stall: a tenth of a second's worth, at least one.
 * Receives, skipped messages and slow calls take time between two sends; with this much credit the move
 * catches up with the requested rate afterwards, and in no second does it send more than rate + this.
 */
/** Moves of a filtered redrive running at once, at most. */
export const MAX_MOVES_IN_FLIGHT = 10;

export const filteredMoveBurst = (ratePerSecond: number): number =>
  Math.max(1, Math.floor(ratePerSecond / 10));

/** Sends the copy, then deletes the original; counts the outcome. Never throws. */
const moveOne = async (
  queues: QueueOps,
  fromUrl: string,
  toUrl: string,
  message: { readonly id: string; readonly raw: RawDlqMessage },
  tally: { counts: { moved: number; failed: number }; errors: string[] },
): Promise<void> => {
  try {
    await queues.send(toUrl, message.raw);
  } catch (error) {
    // Not sent: the original stays in the DLQ and comes back after its visibility timeout.
    tally.counts.failed++;
    tally.errors.push(`${message.id}: send failed: ${(error as Error).message}`);
    return;
  }
  try {
    await queues.delete(fromUrl, message.raw.receiptHandle);
    tally.counts.moved++;
  } catch (error) {
    // Sent but not deleted: a duplicate, never a loss.
    tally.counts.failed++;
    tally.errors.push(`${message.id}: sent, but delete failed: ${(error as Error).message}`);
  }
};

/**
 * Moves the matching messages from `fromUrl` to `toUrl` at `ratePerSecond` (a token bucket with a small burst,
 * `filteredMoveBurst`): for each, send the copy, and delete the original only once the send succeeded. An
 * interruption at any point leaves the message in the DLQ, or in both queues (at-least-once; consumers are
 * idempotent), never in neither. Non-matching messages are left alone (they reappear when the receive's
 * visibility timeout ends).
 */
export const moveFiltered = async (
  queues: QueueOps,
  fromUrl: string,
  toUrl: string,
  options: FilteredMoveOptions,
): Promise<FilteredMoveResult> => {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const burst = filteredMoveBurst(options.ratePerSecond);
  const bucket = new TokenBucket({ ratePerSecond: options.ratePerSecond, burst }, clock());
  const tally = { counts: { matched: 0, moved: 0, skipped: 0, failed: 0 }, errors: [] as string[] };
  const { counts } = tally;
  const wouldMove: FilteredMoveResult['wouldMove'] = [];
  const report = () => options.onProgress?.({ counts: { ...counts } });
  // Moves overlap (each still deletes only after its own send), so the requested rate does not depend on
  // one send + delete round trip fitting into each interval: against SQS that pair alone takes tens of ms.
  const inFlight = new Set<Promise<void>>();
  const startMove = async (id: string, raw: RawDlqMessage) => {
    const move: Promise<void> = moveOne(queues, fromUrl, toUrl, { id, raw }, tally).finally(() => {
      inFlight.delete(move);
      report();
    });
    inFlight.add(move);
    if (inFlight.size >= MAX_MOVES_IN_FLIGHT) await Promise.race(inFlight);
  };
  try {
    await scanQueue(
      queues,
      fromUrl,
      {
        // Long enough that a message is not received twice during one run; a dry run gives them back like a peek.
        // A batch of 10 must be sent and deleted before its receipt handles expire, at the slowest rate too.
        visibilityTimeoutSeconds: options.dryRun
          ? PEEK_VISIBILITY_TIMEOUT_SECONDS
          : Math.max(60, Math.ceil(10 / options.ratePerSecond) + 30),
        // What was passed over (or, in a dry run, everything) is visible again for the next command at once.
        releaseAtEnd: true,
        ...options,
        // A delivery-log lookup per message would cost a round trip the filter does not need.
        failures: filterReadsFailure(options.filter) ? options.failures : undefined,
      },
      async (message, raw) => {
        if (!matchesFilter(message, options.filter)) {
          counts.skipped++;
        } else if (options.dryRun) {
          counts.matched++;
          wouldMove.push({ message_id: message.message_id, event_id: message.event_id });
        } else {
          counts.matched++;
          const wait = bucket.reserve(clock(), Number.POSITIVE_INFINITY) ?? 0;
          if (wait > 0) await sleep(wait);
          await startMove(message.message_id, raw);
        }
        report();
        return 'continue';
      },
    );
  } finally {
    // Interrupted or not, every move started finishes: its message ends up sent, or still in the DLQ.
    await Promise.all(inFlight);
  }
  return { counts, interrupted: options.signal?.aborted ?? false, wouldMove, errors: tally.errors };
};
