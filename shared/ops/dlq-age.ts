import { PEEK_VISIBILITY_TIMEOUT_SECONDS, scanQueue } from './dlq-scan.ts';
import type { MetricReading, QueueOps } from './ports.ts';

/**
 * The age of a DLQ's oldest message, for `dlq list`: from the metrics service where there is one (the
 * authoritative figure), else read off the messages themselves with a peek that hides them for a few seconds.
 */

/** Where an age came from: the metric, every message of the queue, or only some of them (a lower bound). */
export type AgeSource = 'cloudwatch' | 'all_messages' | 'sampled';

export interface OldestMessageAge {
  /** Whole seconds; null when unknown or when the queue is empty. */
  readonly seconds: number | null;
  readonly source: AgeSource | null;
  /** Why the age is unknown, or how it was found. */
  readonly note: string | null;
}

export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
}

/** How far back the newest metric datapoint may lie; SQS publishes its metrics every minute. */
export const AGE_METRIC_LOOKBACK_MINUTES = 15;

/** At most this many messages are read to find the oldest; beyond it the age is a lower bound. */
export const AGE_SAMPLE_LIMIT = 1_000;

const EMPTY: OldestMessageAge = { seconds: null, source: null, note: 'no messages' };

/** The age from the metric's newest reading; the live depth decides whether there is a message at all. */
export const oldestAgeFromMetric = (
  reading: MetricReading | undefined,
  depth: QueueDepth,
): OldestMessageAge => {
  if (depth.visible + depth.inFlight === 0) return EMPTY;
  if (!reading) {
    return {
      seconds: null,
      source: null,
      note: `no ApproximateAgeOfOldestMessage datapoint in the last ${AGE_METRIC_LOOKBACK_MINUTES} minutes`,
    };
  }
  return {
    seconds: Math.max(0, Math.round(reading.value)),
    source: 'cloudwatch',
    note: `CloudWatch ApproximateAgeOfOldestMessage, Maximum of the minute to ${reading.at.toISOString()}`,
  };
};

/** The age when the metrics service could not be asked (no permission, no client, no network). */
export const oldestAgeUnavailable = (reason: string, depth: QueueDepth): OldestMessageAge =>
  depth.visible + depth.inFlight === 0
    ? EMPTY
    : { seconds: null, source: null, note: `CloudWatch unavailable: ${reason}` };

/**
 * The oldest `SentTimestamp` among the queue's messages, read with a peek: each message is hidden for
 * `PEEK_VISIBILITY_TIMEOUT_SECONDS` at most and visible again once read, nothing is deleted or changed. When some messages
 * could not be read (in flight elsewhere, or past `limit`), the age is `sampled`: the true one is at least it.
 */
export const oldestAgeFromQueue = async (
  queues: QueueOps,
  url: string,
  options: { depth: QueueDepth; now: () => number; limit?: number; emptyReceivesToStop?: number },
): Promise<OldestMessageAge> => {
  const { depth } = options;
  if (depth.visible + depth.inFlight === 0) return EMPTY;
  const limit = options.limit ?? AGE_SAMPLE_LIMIT;
  let read = 0;
  let oldest = Number.POSITIVE_INFINITY;
  await scanQueue(
    queues,
    url,
    {
      visibilityTimeoutSeconds: PEEK_VISIBILITY_TIMEOUT_SECONDS,
      releaseAtEnd: true,
      waitSeconds: 0,
      batchSize: () => Math.min(10, limit - read),
      ...(options.emptyReceivesToStop !== undefined
        ? { emptyReceivesToStop: options.emptyReceivesToStop }
        : {}),
    },
    async (_message, raw) => {
      read += 1;
      const sent = Number(raw.systemAttributes.SentTimestamp);
      if (Number.isFinite(sent)) oldest = Math.min(oldest, sent);
      return read >= limit ? 'stop' : 'continue';
    },
  );
  if (!Number.isFinite(oldest)) {
    return { seconds: null, source: null, note: `no message could be read (${depth.inFlight} in flight)` };
  }
  const seconds = Math.max(0, Math.floor((options.now() - oldest) / 1000));
  const everyMessage = depth.inFlight === 0 && read >= depth.visible;
  return everyMessage
    ? { seconds, source: 'all_messages', note: `oldest SentTimestamp of all ${read} messages` }
    : {
        seconds,
        source: 'sampled',
        note: `oldest SentTimestamp of ${read} of ~${depth.visible + depth.inFlight} messages (the rest in flight or past ${limit}): at least this old`,
      };
};

/** `45s`, `12m 5s`, `3h 12m`, `2d 4h`: the two largest units. */
export const formatAge = (seconds: number): string => {
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first === -1) return '0s';
  const [bigName, bigSize] = units[first]!;
  const big = Math.floor(seconds / bigSize);
  const next = units[first + 1];
  const small = next ? Math.floor((seconds % bigSize) / next[1]) : 0;
  return next && small > 0 ? `${big}${bigName} ${small}${next[0]}` : `${big}${bigName}`;
};
