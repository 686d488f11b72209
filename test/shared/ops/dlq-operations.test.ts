import { describe, expect, it } from 'vitest';
import type { RawDlqMessage } from '../../../shared/ops/dlq-message.ts';
import { filteredMoveBurst, moveFiltered } from '../../../shared/ops/dlq-operations.ts';
import type { FailureLookup, QueueOps } from '../../../shared/ops/ports.ts';

/** Virtual time: sleeping and every queue call advance it, so pacing is exact and the test instant. */
class VirtualTime {
  public now = 0;
  public readonly clock = () => this.now;
  public readonly sleep = async (ms: number) => {
    this.now += ms;
  };
}

const deadLetter = (n: number, tenant: string, failure = false): RawDlqMessage => ({
  messageId: `m${n}`,
  receiptHandle: `r${n}`,
  body: JSON.stringify({
    version: 1,
    delivery_id: `evt_${n}:orders`,
    route_id: 'orders',
    event: { event_id: `evt_${n}`, tenant_id: tenant, provider: 'stripe', event_type: 'order.created' },
  }),
  attributes: failure ? { failure_code: 'client_error', failure_message: 'HTTP 400', failed_at: 'x' } : {},
  systemAttributes: { SentTimestamp: '0' },
});

/** Three in five of `total` belong to acme; every other message carries its failure reason. */
const mixedDlq = (total: number) =>
  Array.from({ length: total }, (_, n) => deadLetter(n, n % 5 < 3 ? 'acme' : 'globex', n % 2 === 0));

/** A DLQ in memory: each receive hands out the next messages once; calls take `receiveMs` / `callMs`. */
const fakeQueues = (
  messages: readonly RawDlqMessage[],
  time: VirtualTime,
  costs = { receiveMs: 3, callMs: 2 },
) => {
  let next = 0;
  const sentAt: number[] = [];
  const sentIds: string[] = [];
  const deleted = new Set<string>();
  const queues = {
    receive: async (_url: string, options: { max: number }) => {
      time.now += costs.receiveMs;
      const batch = messages.slice(next, next + options.max);
      next += batch.length;
      return batch;
    },
    send: async (_url: string, message: RawDlqMessage) => {
      time.now += costs.callMs;
      sentAt.push(time.now);
      sentIds.push(message.messageId);
    },
    delete: async (_url: string, receiptHandle: string) => {
      time.now += costs.callMs;
      deleted.add(receiptHandle);
    },
    release: async () => undefined,
  } as unknown as QueueOps;
  return { queues, sentAt, sentIds, deleted };
};

/** The most sends within any one second. */
const peakPerSecond = (times: readonly number[]): number => {
  let peak = 0;
  for (let first = 0, last = 0; last < times.length; last += 1) {
    while (times[last]! - times[first]! >= 1_000) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
};

const move = (queues: QueueOps, time: VirtualTime, extra: Partial<Parameters<typeof moveFiltered>[3]> = {}) =>
  moveFiltered(queues, 'dlq', 'source', {
    filter: { tenantId: 'acme' },
    ratePerSecond: 50,
    dryRun: false,
    clock: time.clock,
    sleep: time.sleep,
    waitSeconds: 0,
    emptyReceivesToStop: 1,
    ...extra,
  });

describe('Function: moveFiltered', () => {
  it('moves exactly the matching messages at the requested rate, never more than its burst ahead', async () => {
    // Prepare
    const time = new VirtualTime();
    const dlq = mixedDlq(500);
    const fake = fakeQueues(dlq, time);

    // Act
    const result = await move(fake.queues, time);

    // Assess
    expect(result.counts).toEqual({ matched: 300, moved: 300, skipped: 200, failed: 0 });
    expect(fake.sentIds).toEqual(dlq.filter((_, n) => n % 5 < 3).map((message) => message.messageId));
    expect(fake.deleted.size).toBe(300);
    const achieved = 300 / (fake.sentAt.at(-1)! / 1_000);
    expect(achieved / 50).toBeGreaterThanOrEqual(0.98);
    expect(peakPerSecond(fake.sentAt)).toBeLessThanOrEqual(50 + filteredMoveBurst(50));
  });

  it('catches up after stalls shorter than its burst (a slow receive every ten messages)', async () => {
    // Prepare
    const time = new VirtualTime();
    const fake = fakeQueues(mixedDlq(500), time, { receiveMs: 80, callMs: 2 });

    // Act
    await move(fake.queues, time);

    // Assess
    const achieved = 300 / (fake.sentAt.at(-1)! / 1_000);
    expect(achieved / 50).toBeGreaterThanOrEqual(0.98);
    expect(peakPerSecond(fake.sentAt)).toBeLessThanOrEqual(50 + filteredMoveBurst(50));
  });

  it('never runs ahead of the rate when every call is instant', async () => {
    // Prepare
    const time = new VirtualTime();
    const fake = fakeQueues(mixedDlq(500), time, { receiveMs: 0, callMs: 0 });

    // Act
    await move(fake.queues, time, { ratePerSecond: 10 });

    // Assess: the first `burst` go at once, then one every 100 ms.
    const burst = filteredMoveBurst(10);
    expect(fake.sentAt.at(-1)).toBe(((300 - burst) / 10) * 1_000);
    expect(peakPerSecond(fake.sentAt)).toBeLessThanOrEqual(10 + burst);
  });

  it('looks up failure reasons only when the filter reads them', async () => {
    // Prepare
    const lookups: string[] = [];
    const failures: FailureLookup = {
      failureOf: async (eventId) => {
        lookups.push(eventId);
        return null;
      },
    };
    const byTenant = new VirtualTime();
    const byError = new VirtualTime();

    // Act
    await move(fakeQueues(mixedDlq(20), byTenant).queues, byTenant, { failures });
    const tenantLookups = lookups.length;
    const result = await move(fakeQueues(mixedDlq(20), byError).queues, byError, {
      failures,
      filter: { error: 'client_error' },
    });

    // Assess: only the ten messages without a reason of their own are looked up.
    expect(tenantLookups).toBe(0);
    expect(lookups).toHaveLength(10);
    expect(result.counts).toMatchObject({ matched: 10, moved: 10, skipped: 10 });
  });
});

describe('Function: moveFiltered against slow queue calls', () => {
  it('overlaps moves so that 40 ms calls do not cap the rate, and deletes each only after its send', async () => {
    // Prepare: one send + delete takes 80 ms, so moves one after the other could not pass 12.5/s.
    const messages = Array.from({ length: 30 }, (_, n) => deadLetter(n, 'acme'));
    const events: string[] = [];
    let next = 0;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 40));
    const queues = {
      receive: async (_url: string, options: { max: number }) => {
        const batch = messages.slice(next, next + options.max);
        next += batch.length;
        return batch;
      },
      send: async (_url: string, message: RawDlqMessage) => {
        await pause();
        events.push(`sent ${message.receiptHandle}`);
      },
      delete: async (_url: string, receiptHandle: string) => {
        events.push(`delete ${receiptHandle}`);
        await pause();
      },
      release: async () => undefined,
    } as unknown as QueueOps;
    const started = performance.now();

    // Act
    const result = await moveFiltered(queues, 'dlq', 'source', {
      filter: { tenantId: 'acme' },
      ratePerSecond: 50,
      dryRun: false,
      waitSeconds: 0,
      emptyReceivesToStop: 1,
    });

    // Assess: about 0.6 s at 50/s; one after the other it would take at least 2.4 s.
    const elapsedMs = performance.now() - started;
    expect(result.counts).toMatchObject({ matched: 30, moved: 30, failed: 0 });
    expect(elapsedMs).toBeLessThan(1_600);
    for (const message of messages) {
      const sent = events.indexOf(`sent ${message.receiptHandle}`);
      expect(sent).toBeGreaterThanOrEqual(0);
      expect(events.indexOf(`delete ${message.receiptHandle}`)).toBeGreaterThan(sent);
    }
  });
});

describe('Function: filteredMoveBurst', () => {
  it('allows a tenth of a second of messages at once, at least one', () => {
    expect([1, 10, 19, 50, 500].map(filteredMoveBurst)).toEqual([1, 1, 1, 5, 50]);
  });
});
