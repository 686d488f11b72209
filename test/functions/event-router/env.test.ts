import { describe, expect, it } from 'vitest';
import { parseEventRouterEnv } from '../../../functions/event-router/env.ts';

const valid = {
  STAGE: 'dev',
  AWS_REGION: 'ap-northeast-1',
  DELIVERY_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/tsunagi-dev-delivery',
  CLAIM_CHECK_BUCKET: 'tsunagi-dev-claim-check',
  TENANT_TABLE: 'dev-tsunagi-tenant-data',
  IDEMPOTENCY_TABLE: 'tsunagi-dev-idempotency',
  DELIVERY_LOG_TABLE: 'tsunagi-dev-delivery-log',
};

describe('Function: parseEventRouterEnv', () => {
  it('applies the documented defaults', () => {
    // Act
    const env = parseEventRouterEnv(valid);

    // Assess
    expect(env).toEqual({ ...valid, DELIVERY_LOG_RETENTION_DAYS: 14, TENANT_CACHE_SECONDS: 30 });
  });

  it('reads overrides, and takes an empty variable for an unset one', () => {
    // Act
    const env = parseEventRouterEnv({
      ...valid,
      DELIVERY_LOG_RETENTION_DAYS: '30',
      TENANT_CACHE_SECONDS: '',
    });

    // Assess
    expect(env.DELIVERY_LOG_RETENTION_DAYS).toBe(30);
    expect(env.TENANT_CACHE_SECONDS).toBe(30);
  });

  it('lists every bad variable in one message', () => {
    // Prepare
    const bad = {
      ...valid,
      STAGE: 'qa',
      DELIVERY_QUEUE_URL: 'sqs://nowhere',
      IDEMPOTENCY_TABLE: undefined,
      DELIVERY_LOG_TABLE: 'no spaces allowed',
      DELIVERY_LOG_RETENTION_DAYS: '0',
    };

    // Act & Assess
    expect(() => parseEventRouterEnv(bad)).toThrow(
      /^event-router configuration is invalid: STAGE: .*; DELIVERY_QUEUE_URL: .*; IDEMPOTENCY_TABLE: .*; DELIVERY_LOG_TABLE: .*; DELIVERY_LOG_RETENTION_DAYS: /,
    );
  });
});
