import { describe, expect, it } from 'vitest';
import { deadLetterOf, failureAttributes } from '../../../../shared/delivery/worker/dead-letter.ts';

const reason = {
  code: 'client_error',
  message: 'destination answered HTTP 400',
  attempts: 1,
  last_status: null,
  failed_at: '2025-01-01T00:00:00.000Z',
};

describe('Function: deadLetterOf', () => {
  it('writes a missing status as the string null and never an empty message', () => {
    // Act
    const attributes = failureAttributes({ ...reason, message: '' });

    // Assess
    expect(attributes).toEqual({
      failure_code: 'client_error',
      failure_message: '(none)',
      failure_attempts: '1',
      failure_last_status: 'null',
      failed_at: '2025-01-01T00:00:00.000Z',
    });
  });

  it('keeps the body as it was and stays within the ten attributes SQS allows', () => {
    // Prepare
    const carried = {
      delivery_id: 'evt_1:r',
      tenant_id: 'acme',
      route_id: 'r',
      destination_type: 'http',
      provider: 'stripe',
      trace_id: 't',
      event_type: 'x',
      unrelated: 'dropped',
    };

    // Act
    const letter = deadLetterOf('{"raw":true}', reason, carried);

    // Assess
    expect(letter.body).toBe('{"raw":true}');
    expect(Object.keys(letter.attributes)).toEqual([
      'failure_code',
      'failure_message',
      'failure_attempts',
      'failure_last_status',
      'failed_at',
      'tenant_id',
      'route_id',
      'destination_type',
      'provider',
      'trace_id',
    ]);
  });

  it('bounds a long reason message', () => {
    // Act & Assess
    expect(failureAttributes({ ...reason, message: 'x'.repeat(5_000) }).failure_message).toHaveLength(1_000);
  });
});
