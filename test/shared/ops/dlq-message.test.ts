import { describe, expect, it } from 'vitest';
import { failureAttributes } from '../../../shared/delivery/worker/dead-letter.ts';
import {
  decodeDlqMessage,
  describeFilter,
  failureFromAttributes,
  hasFilter,
  matchesFilter,
  parseRate,
  parseSince,
  type RawDlqMessage,
  reconcile,
  withJoinedFailure,
} from '../../../shared/ops/dlq-message.ts';

const envelope = {
  version: 1,
  event_id: 'evt_1',
  provider: 'stripe',
  tenant_id: 'acme',
  provider_event_id: 'p1',
  event_type: 'invoice.paid',
  received_at: '2026-01-05T03:00:00.000Z',
  trace_id: 't',
  content_type: null,
  headers: {},
  body: { encoding: 'utf8', data: '{}' },
};

const raw = (body: unknown, attributes: Record<string, string> = {}): RawDlqMessage => ({
  messageId: 'm1',
  receiptHandle: 'r1',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes,
  systemAttributes: {
    SentTimestamp: String(Date.parse('2026-01-05T03:00:01.000Z')),
    ApproximateReceiveCount: '4',
    DeadLetterQueueSourceArn: 'arn:aws:sqs:ap-northeast-1:1:tsunagi-dev-inbound',
  },
});

const reason = {
  code: 'server_error',
  message: 'destination answered HTTP 503',
  attempts: 3,
  last_status: 503,
  failed_at: '2026-01-05T03:10:00.000Z',
};

describe('decodeDlqMessage', () => {
  it('decodes an inbound envelope, without a reason', () => {
    const decoded = decodeDlqMessage(raw(envelope));
    expect(decoded).toMatchObject({
      kind: 'envelope',
      event_id: 'evt_1',
      tenant_id: 'acme',
      provider: 'stripe',
      event_type: 'invoice.paid',
      route_id: null,
      sent_at: '2026-01-05T03:00:01.000Z',
      receive_count: 4,
      source_queue_arn: 'arn:aws:sqs:ap-northeast-1:1:tsunagi-dev-inbound',
      failure: null,
      failure_source: null,
    });
  });

  it('decodes a delivery message and reads the worker’s failure attributes (round trip)', () => {
    const decoded = decodeDlqMessage(
      raw(
        { version: 1, delivery_id: 'evt_1:orders', route_id: 'orders', destination: {}, event: envelope },
        failureAttributes(reason),
      ),
    );
    expect(decoded).toMatchObject({
      kind: 'delivery',
      delivery_id: 'evt_1:orders',
      route_id: 'orders',
      tenant_id: 'acme',
    });
    expect(decoded.failure).toEqual(reason);
    expect(decoded.failure_source).toBe('attributes');
  });

  it('keeps an undecodable body as unknown, with attributes as the fallback', () => {
    expect(decodeDlqMessage(raw('not json', { tenant_id: 'acme' }))).toMatchObject({
      kind: 'unknown',
      event_id: null,
      tenant_id: 'acme',
    });
  });

  it('reads a null last status, and joins a delivery-log reason only when the message has none', () => {
    expect(
      failureFromAttributes(failureAttributes({ ...reason, last_status: null }))?.last_status,
    ).toBeNull();
    const bare = decodeDlqMessage(raw(envelope));
    expect(withJoinedFailure(bare, reason)).toMatchObject({
      failure: reason,
      failure_source: 'delivery_log',
    });
    const carried = decodeDlqMessage(raw(envelope, failureAttributes({ ...reason, code: 'client_error' })));
    expect(withJoinedFailure(carried, reason).failure?.code).toBe('client_error');
  });
});

describe('filters', () => {
  const message = decodeDlqMessage(raw(envelope, failureAttributes(reason)));

  it('match on tenant, provider, event type, error text (case-insensitive) and time', () => {
    expect(matchesFilter(message, {})).toBe(true);
    expect(matchesFilter(message, { tenantId: 'acme', provider: 'stripe', eventType: 'invoice.paid' })).toBe(
      true,
    );
    expect(matchesFilter(message, { tenantId: 'globex' })).toBe(false);
    expect(matchesFilter(message, { error: 'HTTP 503' })).toBe(true);
    expect(matchesFilter(message, { error: 'SERVER_ERR' })).toBe(true);
    expect(matchesFilter(message, { error: 'timeout' })).toBe(false);
    expect(matchesFilter(message, { since: new Date('2026-01-05T03:05:00.000Z') })).toBe(true);
    expect(matchesFilter(message, { since: new Date('2026-01-05T03:15:00.000Z') })).toBe(false);
  });

  it('fall back to the sent time for --since when there is no reason', () => {
    const bare = decodeDlqMessage(raw(envelope));
    expect(matchesFilter(bare, { since: new Date('2026-01-05T03:00:00.000Z') })).toBe(true);
    expect(matchesFilter(bare, { since: new Date('2026-01-05T03:00:02.000Z') })).toBe(false);
  });

  it('are described for output and audit, unset fields left out', () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ provider: 'stripe' })).toBe(true);
    expect(describeFilter({ tenantId: 'acme', since: new Date('2026-01-05T00:00:00.000Z') })).toEqual({
      tenant_id: 'acme',
      since: '2026-01-05T00:00:00.000Z',
    });
  });
});

describe('option parsing', () => {
  it('--since takes ISO-8601 or a duration back from now', () => {
    const now = new Date('2026-01-05T12:00:00.000Z');
    expect(parseSince('30m', now)?.toISOString()).toBe('2026-01-05T11:30:00.000Z');
    expect(parseSince('2h', now)?.toISOString()).toBe('2026-01-05T10:00:00.000Z');
    expect(parseSince('7d', now)?.toISOString()).toBe('2025-12-29T12:00:00.000Z');
    expect(parseSince('2026-01-01T00:00:00Z', now)?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('yesterday', now)).toBeNull();
  });

  it('--rate takes n or n/s within SQS move task limits', () => {
    expect(parseRate('50')).toBe(50);
    expect(parseRate('50/s')).toBe(50);
    expect(parseRate('0')).toBeNull();
    expect(parseRate('501')).toBeNull();
    expect(parseRate('fast')).toBeNull();
  });
});

describe('reconcile', () => {
  it('finds no loss when every message is in one queue or the other, and counts duplicates', () => {
    expect(reconcile({ dlq: 8, destination: 0 }, { dlq: 5, destination: 3 })).toMatchObject({
      lost: 0,
      duplicated: 0,
    });
    expect(reconcile({ dlq: 8, destination: 0 }, { dlq: 5, destination: 4 })).toMatchObject({
      lost: 0,
      duplicated: 1,
    });
    expect(reconcile({ dlq: 8, destination: 0 }, { dlq: 4, destination: 3 })).toMatchObject({
      lost: 1,
      duplicated: 0,
    });
  });
});
