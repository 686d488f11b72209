import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  grantsByResource,
  imported,
  policyStatements,
  resourceNamed,
  synthStage,
} from './helpers.ts';

const ARN_PREFIX = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';

const functionOf = (template: Template, prefix: 'Router' | 'Worker') =>
  resourceNamed(template, 'AWS::Lambda::Function', `${prefix}Function`).Properties;

const eventSourceOf = (template: Template, prefix: 'Router' | 'Worker') => {
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))
    .map((r) => r.Properties)
    .filter((p) => String(p.FunctionName.Ref).startsWith(`${prefix}Function`));
  expect(mappings).toHaveLength(1);
  return mappings[0];
};

/** A function's grants without its own log group (which every function writes to). */
const dataGrantsOf = (template: Template, prefix: 'Router' | 'Worker'): Record<string, string[]> => {
  const grants = grantsByResource(policyStatements(template, prefix));
  const logGroup = Object.keys(grants).filter((r) => r.startsWith(`<${prefix}LogGroup`));
  expect(logGroup).toHaveLength(1);
  expect(grants[logGroup[0]!]).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  delete grants[logGroup[0]!];
  return grants;
};

const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const CONSUME = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];
// SendMessage alone (it covers SendMessageBatch): the functions get queue URLs from their environment.
const SEND = ['sqs:SendMessage'];
const IDEMPOTENCY = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

describe('Class: EventRouter and DeliveryWorker (dev)', () => {
  const { stateless } = synthStage('dev');

  it('runs both on arm64 Node.js 24 with tracing, their stage size and their own log groups', () => {
    for (const [prefix, timeout] of [
      ['Router', 30],
      ['Worker', 60],
    ] as const) {
      expect(functionOf(stateless, prefix)).toMatchObject({
        Architectures: ['arm64'],
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        MemorySize: 256,
        Timeout: timeout,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(new RegExp(`^${prefix}LogGroup`)) } },
      });
      expect(resourceNamed(stateless, 'AWS::Logs::LogGroup', `${prefix}LogGroup`).Properties).toEqual({
        RetentionInDays: 14,
      });
      expect(
        resourceNamed(stateless, 'AWS::IAM::Role', `${prefix}Role`).Properties.ManagedPolicyArns,
      ).toBeUndefined();
    }
  });

  it('passes the router exactly the variables of shared/delivery/config-names.ts', () => {
    expect((functionOf(stateless, 'Router').Environment as { Variables: object }).Variables).toEqual({
      STAGE: 'dev',
      DELIVERY_QUEUE_URL: imported('dev', 'DeliveryQueueUrl'),
      CLAIM_CHECK_BUCKET: imported('dev', 'ClaimCheckBucketName'),
      TENANT_TABLE: imported('dev', 'TenantDataTableName'),
      IDEMPOTENCY_TABLE: imported('dev', 'IdempotencyTableName'),
      DELIVERY_LOG_TABLE: imported('dev', 'DeliveryLogTableName'),
      DELIVERY_LOG_RETENTION_DAYS: '14',
      TENANT_CACHE_SECONDS: '30',
      POWERTOOLS_SERVICE_NAME: 'event-router',
      POWERTOOLS_METRICS_NAMESPACE: 'tsunagi',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
  });

  it('passes the worker the variables of config-names.ts plus the queue URLs and maxReceiveCount it reads', () => {
    expect((functionOf(stateless, 'Worker').Environment as { Variables: object }).Variables).toEqual({
      STAGE: 'dev',
      DELIVERY_LOG_TABLE: imported('dev', 'DeliveryLogTableName'),
      DELIVERY_LOG_RETENTION_DAYS: '14',
      IDEMPOTENCY_TABLE: imported('dev', 'IdempotencyTableName'),
      CLAIM_CHECK_BUCKET: imported('dev', 'ClaimCheckBucketName'),
      TENANT_TABLE: imported('dev', 'TenantDataTableName'),
      SECRET_PREFIX: 'tsunagi/dev',
      EMAIL_FROM: 'notifications@dev.tsunagi.example.com',
      SECONDARY_EMAIL_URL: 'https://api.sendgrid.com/v3/mail/send',
      SECONDARY_EMAIL_KEY_SECRET: 'tsunagi/dev/delivery/secondary-email-key',
      SLACK_API_BASE_URL: 'https://slack.com/api',
      GRAPH_API_BASE_URL: 'https://graph.microsoft.com',
      LINE_WORKS_API_BASE_URL: 'https://www.worksapis.com',
      DELIVERY_PER_ATTEMPT_TIMEOUT_MS: '10000',
      DELIVERY_DLQ_URL: imported('dev', 'DeliveryDeadLetterQueueUrl'),
      DELIVERY_QUEUE_URL: imported('dev', 'DeliveryQueueUrl'),
      MAX_RECEIVE_COUNT: '3',
      ENDPOINTS_TABLE: imported('dev', 'EndpointsTableName'),
      // dev disables a destination after a day of failures; the other stages after five days.
      ENDPOINT_DISABLE_AFTER_HOURS: '24',
      ALERT_TOPIC_ARN: { Ref: expect.stringMatching(/^AlarmsTopic/) },
      POWERTOOLS_SERVICE_NAME: 'delivery-worker',
      POWERTOOLS_METRICS_NAMESPACE: 'tsunagi',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
  });

  it('feeds the router from the inbound queue and the worker from the delivery queue, with partial batch responses', () => {
    for (const [prefix, queue] of [
      ['Router', 'InboundQueueArn'],
      ['Worker', 'DeliveryQueueArn'],
    ] as const) {
      expect(eventSourceOf(stateless, prefix)).toEqual({
        EventSourceArn: imported('dev', queue),
        FunctionName: { Ref: expect.stringMatching(new RegExp(`^${prefix}Function`)) },
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 1,
        ScalingConfig: { MaximumConcurrency: 2 },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('grants the router only what routing needs: no SES, no secrets, no DLQ', () => {
    expect(dataGrantsOf(stateless, 'Router')).toEqual({
      '*': XRAY,
      'import:InboundQueueArn': CONSUME,
      'import:DeliveryQueueArn': SEND,
      'import:ClaimCheckBucketArn/*': ['s3:GetObject'],
      'import:TenantDataTableArn': ['dynamodb:GetItem', 'dynamodb:Query'],
      'import:IdempotencyTableArn': IDEMPOTENCY,
      'import:DeliveryLogTableArn': ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    });
  });

  it('grants the worker only what delivery needs: not the inbound queue, not webhook secrets, writes to integration secrets only', () => {
    expect(dataGrantsOf(stateless, 'Worker')).toEqual({
      '*': XRAY,
      // Consumes its queue, and re-enqueues a failed delivery there for its next attempt.
      'import:DeliveryQueueArn': [...CONSUME, ...SEND].sort(),
      'import:DeliveryDeadLetterQueueArn': SEND,
      'import:ClaimCheckBucketArn/*': ['s3:GetObject'],
      'import:TenantDataTableArn': ['dynamodb:GetItem', 'dynamodb:Query'],
      'import:IdempotencyTableArn': IDEMPOTENCY,
      'import:DeliveryLogTableArn': ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      // Health records and held deliveries: no Scan (listing every destination is the operators').
      'import:EndpointsTableArn': [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
      ],
      'import:EmailIdentityArn': ['ses:SendEmail'],
      'import:SecondaryEmailKeySecretArn': ['secretsmanager:GetSecretValue'],
      // Endpoint state changes go to the stage's alert topic, and only there.
      '<AlarmsTopic3A2DFEBA>': ['sns:Publish'],
      [`${ARN_PREFIX}tsunagi/dev/*/routes/*`]: ['secretsmanager:GetSecretValue'],
      // Read, and the refresh token Microsoft rotates written back with the sync's compare-and-swap.
      [`${ARN_PREFIX}tsunagi/dev/*/integrations/*`]: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
    });
  });

  it('grants no wildcard actions, and "*" resources only for X-Ray', () => {
    for (const prefix of ['Router', 'Worker'] as const) {
      const statements = policyStatements(stateless, prefix);
      expect(statements.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
      expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
      expect(grantsByResource(statements)['*']).toEqual(XRAY);
    }
  });
});

describe('Class: EventRouter and DeliveryWorker (prod)', () => {
  const { stateless } = synthStage('prod');

  it('applies the prod sizes, concurrency caps and log level', () => {
    expect(eventSourceOf(stateless, 'Router').ScalingConfig).toEqual({ MaximumConcurrency: 20 });
    expect(eventSourceOf(stateless, 'Worker').ScalingConfig).toEqual({ MaximumConcurrency: 50 });
    for (const prefix of ['Router', 'Worker'] as const) {
      const fn = functionOf(stateless, prefix);
      expect(fn.MemorySize).toBe(512);
      expect((fn.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        STAGE: 'prod',
        DELIVERY_LOG_RETENTION_DAYS: '30',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    }
    expect(
      Object.keys(grantsByResource(policyStatements(stateless, 'Worker')))
        .filter((r) => r.startsWith(ARN_PREFIX))
        .sort(),
    ).toEqual([`${ARN_PREFIX}tsunagi/prod/*/integrations/*`, `${ARN_PREFIX}tsunagi/prod/*/routes/*`]);
  });
});
