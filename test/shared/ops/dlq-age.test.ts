import { describe, expect, it } from 'vitest';
import {
  formatAge,
  oldestAgeFromMetric,
  oldestAgeFromQueue,
  oldestAgeUnavailable,
} from '../../../shared/ops/dlq-age.ts';
import type { RawDlqMessage } from '../../../shared/ops/dlq-message.ts';
import { PEEK_VISIBILITY_TIMEOUT_SECONDS } from '../../../shared/ops/dlq-scan.ts';
import type { QueueOps } from '../../../shared/ops/ports.ts';

const NOW = Date.parse('2026-11-23T08:00:00.000Z');

const sentAgo = (n: number, secondsAgo: number): RawDlqMessage => ({
  messageId: `m${n}`,
  receiptHandle: `r${n}`,
  body: '{}',
  attributes: {},
  systemAttributes: { SentTimestamp: String(NOW - secondsAgo * 1_000) },
});

/** A queue in memory that records every receive; each message is handed out once. */
const fakeQueue = (messages: readonly RawDlqMessage[]) => {
  const receives: { max: number; visibilityTimeoutSeconds: number }[] = [];
  let next = 0;
  const calls: string[] = [];
  const queues = {
    receive: async (_url: string, options: { max: number; visibilityTimeoutSeconds: number }) => {
      receives.push(options);
      const batch = messages.slice(next, next + options.max);
      next += batch.length;
      return batch;
    },
    send: async () => calls.push('send'),
    delete: async () => calls.push('delete'),
    release: async () => undefined,
  } as unknown as QueueOps;
  return { queues, receives, calls };
};

describe('Function: oldestAgeFromQueue', () => {
  it('reads every message with a peek and returns the oldest SentTimestamp, changing nothing', async () => {
    // Prepare
    const fake = fakeQueue([sentAgo(1, 30), sentAgo(2, 7_200), sentAgo(3, 5)]);

    // Act
    const age = await oldestAgeFromQueue(fake.queues, 'dlq', {
      depth: { visible: 3, inFlight: 0 },
      now: () => NOW,
    });

    // Assess
    expect(age).toEqual({
      seconds: 7_200,
      source: 'all_messages',
      note: 'oldest SentTimestamp of all 3 messages',
    });
    expect(fake.calls).toEqual([]);
    expect(fake.receives.every((r) => r.visibilityTimeoutSeconds === PEEK_VISIBILITY_TIMEOUT_SECONDS)).toBe(
      true,
    );
  });

  it('calls the age sampled when it stops at its limit', async () => {
    // Prepare: the oldest message lies beyond the limit.
    const messages = Array.from({ length: 30 }, (_, n) => sentAgo(n, n === 29 ? 9_999 : 60 + n));
    const fake = fakeQueue(messages);

    // Act
    const age = await oldestAgeFromQueue(fake.queues, 'dlq', {
      depth: { visible: 30, inFlight: 0 },
      now: () => NOW,
      limit: 25,
    });

    // Assess: a lower bound, and no more than the limit were hidden.
    expect(age).toMatchObject({ seconds: 84, source: 'sampled' });
    expect(age.note).toMatch(/of 25 of ~30 messages/);
    expect(fake.receives.reduce((sum, r) => sum + r.max, 0)).toBe(25);
  });

  it('calls the age sampled when messages are in flight, and unknown when none can be read', async () => {
    // Act
    const some = await oldestAgeFromQueue(fakeQueue([sentAgo(1, 10)]).queues, 'dlq', {
      depth: { visible: 1, inFlight: 2 },
      now: () => NOW,
    });
    const none = await oldestAgeFromQueue(fakeQueue([]).queues, 'dlq', {
      depth: { visible: 0, inFlight: 2 },
      now: () => NOW,
    });
    const empty = await oldestAgeFromQueue(fakeQueue([]).queues, 'dlq', {
      depth: { visible: 0, inFlight: 0 },
      now: () => NOW,
    });

    // Assess
    expect(some).toMatchObject({ seconds: 10, source: 'sampled' });
    expect(none).toEqual({ seconds: null, source: null, note: 'no message could be read (2 in flight)' });
    expect(empty).toEqual({ seconds: null, source: null, note: 'no messages' });
  });
});

describe('Function: oldestAgeFromMetric', () => {
  it('takes the newest reading, rounded, and says which minute it covers', () => {
    // Act
    const age = oldestAgeFromMetric(
      { value: 59.6, at: new Date('2026-11-23T07:59:00.000Z') },
      { visible: 4, inFlight: 0 },
    );

    // Assess
    expect(age).toMatchObject({ seconds: 60, source: 'cloudwatch' });
    expect(age.note).toMatch(/2026-11-23T07:59:00.000Z/);
  });

  it('returns null when there is no reading or no message', () => {
    expect(oldestAgeFromMetric(undefined, { visible: 4, inFlight: 0 })).toMatchObject({
      seconds: null,
      note: 'no ApproximateAgeOfOldestMessage datapoint in the last 15 minutes',
    });
    expect(oldestAgeFromMetric({ value: 600, at: new Date() }, { visible: 0, inFlight: 0 })).toEqual({
      seconds: null,
      source: null,
      note: 'no messages',
    });
    expect(oldestAgeUnavailable('AccessDenied', { visible: 1, inFlight: 0 }).note).toBe(
      'CloudWatch unavailable: AccessDenied',
    );
  });
});

describe('Function: formatAge', () => {
  it('shows the two largest units', () => {
    expect([0, 45, 60, 725, 3_600, 11_520, 86_400, 187_200].map(formatAge)).toEqual([
      '0s',
      '45s',
      '1m',
      '12m 5s',
      '1h',
      '3h 12m',
      '1d',
      '2d 4h',
    ]);
  });
});
