import { describe, expect, it } from 'vitest';
import { parseDeliveryWorkerEnv } from '../../../functions/delivery-worker/env.ts';

const REQUIRED = {
  STAGE: 'prod',
  AWS_REGION: 'ap-northeast-1',
  DELIVERY_LOG_TABLE: 'tsunagi-prod-delivery-log',
  IDEMPOTENCY_TABLE: 'tsunagi-prod-idempotency',
  CLAIM_CHECK_BUCKET: 'tsunagi-prod-claim-checks',
  TENANT_TABLE: 'prod-tsunagi-tenant-data',
  SECRET_PREFIX: 'tsunagi/prod',
  EMAIL_FROM: 'noreply@tsunagi.example',
  DELIVERY_DLQ_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/tsunagi-prod-delivery-dlq',
  DELIVERY_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/tsunagi-prod-delivery',
  ENDPOINTS_TABLE: 'tsunagi-prod-endpoints',
};

describe('Function: parseDeliveryWorkerEnv', () => {
  it('applies the documented defaults', () => {
    // Act
    const env = parseDeliveryWorkerEnv(structuredClone(REQUIRED));

    // Assess
    expect(env).toMatchObject({
      DELIVERY_LOG_RETENTION_DAYS: 14,
      DELIVERY_PER_ATTEMPT_TIMEOUT_MS: 10_000,
      MAX_RECEIVE_COUNT: 3,
      SLACK_API_BASE_URL: 'https://slack.com/api',
      GRAPH_API_BASE_URL: 'https://graph.microsoft.com',
      GRAPH_LOGIN_BASE_URL: 'https://login.microsoftonline.com',
      LINE_WORKS_API_BASE_URL: 'https://www.worksapis.com',
      LINE_WORKS_AUTH_BASE_URL: 'https://auth.worksmobile.com',
    });
    expect(env.SECONDARY_EMAIL_URL).toBeUndefined();
    expect(env.DELIVERY_TIME_SCALE).toBe(1);
    expect(env.RETRY_SCHEDULES).toBeUndefined();
  });

  it('reads the retry schedules of the stage, and names a broken one', () => {
    // Prepare
    const email = { delays_ms: [60_000, 3_600_000], jitter: 0.1 };

    // Act
    const env = parseDeliveryWorkerEnv({ ...REQUIRED, RETRY_SCHEDULES: JSON.stringify({ email }) });
    const notJson = () => parseDeliveryWorkerEnv({ ...REQUIRED, RETRY_SCHEDULES: '{email' });
    const tooShort = () =>
      parseDeliveryWorkerEnv({
        ...REQUIRED,
        RETRY_SCHEDULES: JSON.stringify({ http: { delays_ms: [10], jitter: 0 } }),
      });

    // Assess
    expect(env.RETRY_SCHEDULES).toEqual({ email });
    expect(notJson).toThrow(/RETRY_SCHEDULES: must be JSON/);
    expect(tooShort).toThrow(/RETRY_SCHEDULES\.http\.delays_ms\.0: /);
  });

  it('sends token requests to a fake that replaces an API, never to the real identity provider', () => {
    // Act
    const env = parseDeliveryWorkerEnv({
      ...REQUIRED,
      GRAPH_API_BASE_URL: 'http://127.0.0.1:9400/graph',
      LINE_WORKS_API_BASE_URL: 'http://127.0.0.1:9400/line-works',
      LINE_WORKS_AUTH_BASE_URL: 'http://127.0.0.1:9401',
    });

    // Assess
    expect(env.GRAPH_LOGIN_BASE_URL).toBe('http://127.0.0.1:9400/graph');
    expect(env.LINE_WORKS_AUTH_BASE_URL).toBe('http://127.0.0.1:9401');
  });

  it('reads numbers and treats empty variables as unset', () => {
    // Act
    const env = parseDeliveryWorkerEnv({
      ...REQUIRED,
      MAX_RECEIVE_COUNT: '5',
      DELIVERY_PER_ATTEMPT_TIMEOUT_MS: '2500',
      CIRCUIT_COOL_DOWN_MS: '3000',
      SECONDARY_EMAIL_URL: '',
    });

    // Assess
    expect(env).toMatchObject({
      MAX_RECEIVE_COUNT: 5,
      DELIVERY_PER_ATTEMPT_TIMEOUT_MS: 2_500,
      CIRCUIT_COOL_DOWN_MS: 3_000,
    });
    expect(env.SECONDARY_EMAIL_URL).toBeUndefined();
  });

  it('names every missing or invalid variable in one error', () => {
    // Act & Assess
    expect(() =>
      parseDeliveryWorkerEnv({ ...REQUIRED, STAGE: 'qa', EMAIL_FROM: 'nobody', DELIVERY_DLQ_URL: undefined }),
    ).toThrow(/STAGE: .*EMAIL_FROM: .*DELIVERY_DLQ_URL: /);
  });

  it('wants the secondary provider URL and its key secret together', () => {
    // Act & Assess
    expect(() =>
      parseDeliveryWorkerEnv({ ...REQUIRED, SECONDARY_EMAIL_URL: 'https://api.sendgrid.com/v3/mail/send' }),
    ).toThrow(/SECONDARY_EMAIL_URL and SECONDARY_EMAIL_KEY_SECRET are set together/);
    expect(
      parseDeliveryWorkerEnv({
        ...REQUIRED,
        SECONDARY_EMAIL_URL: 'https://api.sendgrid.com/v3/mail/send',
        SECONDARY_EMAIL_KEY_SECRET: 'tsunagi/prod/delivery/secondary-email-api-key',
      }).SECONDARY_EMAIL_KEY_SECRET,
    ).toBe('tsunagi/prod/delivery/secondary-email-api-key');
  });
});
