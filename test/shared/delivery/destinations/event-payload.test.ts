import { describe, expect, it } from 'vitest';
import {
  buildEventPayload,
  deliveryHeaders,
  eventData,
  traceparent,
} from '../../../../shared/delivery/destinations/event-payload.ts';
import { EVENT_ID, envelope, TRACE_ID } from './fixtures.ts';

describe('Function: buildEventPayload', () => {
  it('builds the snake_case event with ISO-8601 UTC times, explicit nulls and the parsed JSON body', () => {
    // Prepare
    const event = envelope({
      provider_event_id: null,
      event_type: null,
      received_at: '2025-01-01T09:30:00Z',
    });

    // Act
    const payload = buildEventPayload(event, Buffer.from('{"id":"pi_1","customer":null}'));

    // Assess
    expect(JSON.parse(JSON.stringify(payload))).toEqual({
      event_id: EVENT_ID,
      type: null,
      provider: 'stripe',
      tenant_id: 'acme',
      provider_event_id: null,
      received_at: '2025-01-01T09:30:00.000Z',
      trace_id: TRACE_ID,
      data: { id: 'pi_1', customer: null },
    });
  });
});

describe('Function: eventData', () => {
  it('parses JSON when the content type says JSON or says nothing', () => {
    // Act & Assess
    expect(eventData('application/vnd.api+json; charset=utf-8', Buffer.from('[1,2]'))).toEqual([1, 2]);
    expect(eventData(null, Buffer.from('{"a":1}'))).toEqual({ a: 1 });
  });

  it('carries a form body as text, with its content type', () => {
    // Act & Assess
    expect(eventData('application/x-www-form-urlencoded', Buffer.from('a=1&b=2'))).toEqual({
      content_type: 'application/x-www-form-urlencoded',
      encoding: 'utf8',
      body: 'a=1&b=2',
    });
  });

  it('carries bytes that are not UTF-8 as base64, and JSON that does not parse as text', () => {
    // Act & Assess
    expect(eventData('application/octet-stream', Buffer.from([0xff, 0xfe, 0x00]))).toEqual({
      content_type: 'application/octet-stream',
      encoding: 'base64',
      body: '//4A',
    });
    expect(eventData('application/json', Buffer.from('{oops'))).toMatchObject({
      encoding: 'utf8',
      body: '{oops',
    });
    expect(eventData('application/json', Buffer.alloc(0))).toMatchObject({ encoding: 'utf8', body: '' });
  });
});

describe('Function: traceparent', () => {
  it('carries the platform trace id with a fresh parent id', () => {
    // Act
    const first = traceparent(TRACE_ID);
    const second = traceparent(TRACE_ID);

    // Assess
    expect(first).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(first).not.toBe(second);
  });

  it('hashes a trace id of another shape into a valid one', () => {
    // Act & Assess
    expect(traceparent('not-a-w3c-id')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceparent('0'.repeat(32))).not.toContain(`-${'0'.repeat(32)}-`);
  });
});

describe('Function: deliveryHeaders', () => {
  it('sets the Idempotency-Key to the delivery id', () => {
    // Act & Assess
    expect(deliveryHeaders(`${EVENT_ID}:route-1`, TRACE_ID)).toMatchObject({
      'idempotency-key': `${EVENT_ID}:route-1`,
      traceparent: expect.stringContaining(TRACE_ID),
    });
  });
});
