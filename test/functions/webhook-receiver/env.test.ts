import { describe, expect, it } from 'vitest';
import { parseReceiverEnv } from '../../../functions/webhook-receiver/env.ts';

const valid = {
  STAGE: 'dev',
  INBOUND_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/tsunagi-dev-inbound',
  CLAIM_CHECK_BUCKET: 'tsunagi-dev-claim-check',
  SECRET_PREFIX: 'tsunagi/dev',
  AWS_REGION: 'ap-northeast-1',
};

describe('Function: parseReceiverEnv', () => {
  it('applies the documented defaults', () => {
    // Act
    const env = parseReceiverEnv(valid);

    // Assess
    expect(env).toMatchObject({
      MAX_BODY_BYTES: 4 * 1024 * 1024,
      CLAIM_CHECK_THRESHOLD_BYTES: 900 * 1024,
      SECRET_CACHE_SECONDS: 60,
      PUBLIC_BASE_URL: undefined,
      LOCAL_SECRETS_FILE: undefined,
    });
  });

  it('reads overrides', () => {
    // Act
    const env = parseReceiverEnv({
      ...valid,
      MAX_BODY_BYTES: '1024',
      PUBLIC_BASE_URL: 'https://hooks.example.com',
    });

    // Assess
    expect(env.MAX_BODY_BYTES).toBe(1024);
    expect(env.PUBLIC_BASE_URL).toBe('https://hooks.example.com');
  });

  it('lists every bad variable in one message', () => {
    // Prepare
    const bad = {
      ...valid,
      STAGE: 'qa',
      INBOUND_QUEUE_URL: undefined,
      MAX_BODY_BYTES: '-5',
      SECRET_PREFIX: 'x/',
    };

    // Act
    const error = (() => {
      try {
        parseReceiverEnv(bad);
      } catch (e) {
        return e as Error;
      }
    })();

    // Assess
    expect(error?.message).toContain('STAGE: expected one of local, dev, stg, prod');
    expect(error?.message).toContain('INBOUND_QUEUE_URL: required');
    expect(error?.message).toContain('MAX_BODY_BYTES: expected a positive integer');
    expect(error?.message).toContain('SECRET_PREFIX: expected a secret name prefix');
  });

  it('rejects a non-http URL', () => {
    expect(() => parseReceiverEnv({ ...valid, PUBLIC_BASE_URL: 'ftp://x' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
