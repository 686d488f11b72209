import { describe, expect, it } from 'vitest';
import { InvalidEnvelopeError, PermanentRoutingError } from '../../../shared/routing/errors.ts';
import { readInboundEnvelope } from '../../../shared/routing/read-envelope.ts';
import { envelope } from './fixtures.ts';

const expectations = { claimCheckBucket: 'tsunagi-dev-claim-check' };

const failure = (body: string): InvalidEnvelopeError => {
  try {
    readInboundEnvelope(body, expectations);
  } catch (error) {
    if (error instanceof InvalidEnvelopeError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEnvelopeError');
};

const claimChecked = (bucket: string) =>
  envelope({ body: { claim_check: { bucket, key: 'acme/evt_1', size: 10, sha256: 'a'.repeat(64) } } });

describe('Function: readInboundEnvelope', () => {
  it('reads a valid envelope', () => {
    expect(readInboundEnvelope(JSON.stringify(envelope()), expectations)).toEqual(envelope());
  });

  it('reads a claim-checked envelope that points at the claim-check bucket', () => {
    // Prepare
    const body = JSON.stringify(claimChecked('tsunagi-dev-claim-check'));

    // Act & Assess
    expect(readInboundEnvelope(body, expectations).body).toHaveProperty('claim_check.key', 'acme/evt_1');
  });

  it('rejects a body that is not JSON as a permanent failure', () => {
    // Act
    const error = failure('{"version":1,');

    // Assess
    expect(error).toBeInstanceOf(PermanentRoutingError);
    expect(error.problems).toEqual(['(root): not JSON']);
  });

  it('lists what is wrong and keeps the trace id for the log line', () => {
    // Prepare
    const body = JSON.stringify({ ...envelope(), version: 2, provider: 'paypal', received_at: undefined });

    // Act
    const error = failure(body);

    // Assess
    expect(error.problems).toEqual([
      'version: invalid_value (expected one of 1)',
      expect.stringMatching(/^provider: invalid_value \(expected one of generic, standard, stripe/),
      'received_at: invalid_type (expected string)',
    ]);
    expect(error.hints).toEqual({ trace_id: envelope().trace_id, event_id: envelope().event_id });
  });

  it('refuses a claim-check into another bucket, so the worker is never steered to read it', () => {
    // Act
    const error = failure(JSON.stringify(claimChecked('someone-elses-bucket')));

    // Assess
    expect(error.problems).toEqual([
      'body.claim_check.bucket: not the claim-check bucket (tsunagi-dev-claim-check)',
    ]);
  });

  it('bounds the problems it lists', () => {
    expect(failure('[]').problems.length).toBeLessThanOrEqual(10);
    expect(failure('{}').problems.length).toBe(10);
  });
});
