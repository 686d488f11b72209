import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ClassifiedClaimCheckReader } from '../../shared/adapters/delivery/claim-checks.ts';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { DynamoDbEndpoints } from '../../shared/adapters/delivery/dynamodb-endpoints.ts';
import {
  idempotencySecondsFor,
  PowertoolsDeliveryOnce,
} from '../../shared/adapters/delivery/powertools-delivery-once.ts';
import { S3ClaimCheckReader } from '../../shared/adapters/delivery/s3-claim-check-reader.ts';
import { SesEmailSender } from '../../shared/adapters/delivery/ses-email-sender.ts';
import { SnsEndpointNotifier } from '../../shared/adapters/delivery/sns-endpoint-notifier.ts';
import { SqsDeadLetterSink } from '../../shared/adapters/delivery/sqs-dead-letter-sink.ts';
import { SqsDeliveryRequeue } from '../../shared/adapters/delivery/sqs-delivery-requeue.ts';
import { FileSecretStore } from '../../shared/adapters/kernel/file-secret-store.ts';
import { SecretsManagerSecretStore } from '../../shared/adapters/kernel/secrets-manager-secret-store.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { buildDestinations, buildOutboundRuntime } from '../../shared/delivery/destinations/registry.ts';
import { SecretUpdater } from '../../shared/delivery/destinations/secrets.ts';
import { DEFAULT_HEALTH_POLICY } from '../../shared/delivery/health/endpoint-health.ts';
import { HealthMonitor } from '../../shared/delivery/health/monitor.ts';
import type { EndpointNotifier } from '../../shared/delivery/health/ports.ts';
import { DEFAULT_RETRY_SCHEDULES, scaledPeriodMs } from '../../shared/delivery/schedule/retry-schedule.ts';
import type { DeliverDeps } from '../../shared/delivery/worker/deliver.ts';
import { systemRandom } from '../../shared/kernel/clock.ts';
import { RetryPolicy } from '../../shared/kernel/retry-policy.ts';
import type { SecretStore } from '../../shared/kernel/secret-store.ts';
import type { DeliveryWorkerEnv } from './env.ts';
import { reportHealthError, tokenObserver } from './telemetry.ts';

/**
 * Retries inside one invocation: a blip (a reset connection, one 503) is retried once, at once. Anything longer,
 * a `Retry-After` included, is left to the retry schedule, whose waits the delivery queue holds instead of a
 * billed, sleeping function; so is a rate-limit token more than a second away.
 */
const IN_LAMBDA_RETRIES = {
  baseDelayMs: 0,
  maxDelayMs: 0,
  maxWaitMs: 0,
  attempts: { http: 2, email: 2, chat: 2 },
};
const LIMITER_MAX_WAIT_MS = 1_000;

/** How long a worker trusts a destination's health record: a disable or an enable reaches every worker in it. */
const HEALTH_CACHE_MS = 10_000;

/** Without an alert topic (local mode) state changes are only logged (telemetry's recordTransitions). */
const LOG_ONLY: EndpointNotifier = { notify: async () => {} };

/** As long as the receiver's: a rotated secret reaches the worker within a minute. */
const SECRET_CACHE_SECONDS = 60;

/** The use case's ports, plus the idempotency handle that needs each invocation's Lambda context. */
export interface DeliveryWorkerDependencies {
  readonly deliver: DeliverDeps;
  readonly once: PowertoolsDeliveryOnce;
}

/** The one secret store: read through its cache, written (rotated refresh tokens) by compare-and-swap. */
const secretStore = (env: DeliveryWorkerEnv, dynamo: DynamoDBClient): SecretStore => {
  if (env.LOCAL_SECRETS_FILE) return new FileSecretStore(env.LOCAL_SECRETS_FILE);
  const client = new SecretsManagerClient({
    region: env.AWS_REGION,
    requestHandler: dynamo.config.requestHandler,
    credentials: dynamo.config.credentials,
    maxAttempts: 2,
  });
  return new SecretsManagerSecretStore(client, { cacheSeconds: SECRET_CACHE_SECONDS });
};

/** Builds the worker's adapters once per container. */
export const buildDependencies = (env: DeliveryWorkerEnv): DeliveryWorkerDependencies => {
  const dynamo = new DynamoDBClient({ region: env.AWS_REGION, maxAttempts: 3 });
  // One keep-alive HTTP handler and one credential provider per container, shared by every AWS client.
  const shared = {
    region: env.AWS_REGION,
    requestHandler: dynamo.config.requestHandler,
    credentials: dynamo.config.credentials,
  };
  const sqs = new SQSClient({ ...shared, maxAttempts: 3 });
  // Two tries at most: a failing SES should hand over to the secondary provider quickly, not back off for long.
  const ses = new SESv2Client({ ...shared, maxAttempts: 2 });
  const s3 = new S3Client({
    ...shared,
    maxAttempts: 3,
    forcePathStyle: env.AWS_ENDPOINT_URL_S3 !== undefined,
  });
  const schedules = { ...DEFAULT_RETRY_SCHEDULES, ...env.RETRY_SCHEDULES };
  const once = new PowertoolsDeliveryOnce(
    new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE, awsSdkV3Client: dynamo }),
    idempotencySecondsFor(Object.values(schedules)),
  );
  const runtime = buildOutboundRuntime({
    breakerCoolDownMs: env.CIRCUIT_COOL_DOWN_MS,
    policy: new RetryPolicy(IN_LAMBDA_RETRIES),
    limiterMaxWaitMs: LIMITER_MAX_WAIT_MS,
  });
  const secrets = secretStore(env, dynamo);
  const destinations = buildDestinations(
    {
      runtime,
      secrets,
      secretUpdater: new SecretUpdater(secrets),
      tokenObserver,
      tenants: new DynamoDbTenantDirectory(dynamo, { tableName: env.TENANT_TABLE }),
      ses: new SesEmailSender(ses),
    },
    {
      secretPrefix: env.SECRET_PREFIX,
      emailFrom: env.EMAIL_FROM,
      secondaryEmail:
        env.SECONDARY_EMAIL_URL && env.SECONDARY_EMAIL_KEY_SECRET
          ? { url: env.SECONDARY_EMAIL_URL, keySecretName: env.SECONDARY_EMAIL_KEY_SECRET }
          : null,
      perAttemptTimeoutMs: env.DELIVERY_PER_ATTEMPT_TIMEOUT_MS,
      slackApiBaseUrl: env.SLACK_API_BASE_URL,
      graphApiBaseUrl: env.GRAPH_API_BASE_URL,
      graphLoginBaseUrl: env.GRAPH_LOGIN_BASE_URL,
      lineWorksApiBaseUrl: env.LINE_WORKS_API_BASE_URL,
      lineWorksAuthBaseUrl: env.LINE_WORKS_AUTH_BASE_URL,
    },
  );
  const endpoints = new DynamoDbEndpoints(dynamo, { tableName: env.ENDPOINTS_TABLE });
  const health = new HealthMonitor({
    store: endpoints,
    notifier: env.ALERT_TOPIC_ARN
      ? new SnsEndpointNotifier(new SNSClient({ ...shared, maxAttempts: 2 }), {
          topicArn: env.ALERT_TOPIC_ARN,
          stage: env.STAGE,
        })
      : LOG_ONLY,
    policy: {
      ...DEFAULT_HEALTH_POLICY,
      disableAfterMs: scaledPeriodMs(
        env.ENDPOINT_DISABLE_AFTER_HOURS * 3_600_000,
        Object.values(schedules),
        env.DELIVERY_TIME_SCALE,
      ),
    },
    clock: runtime.clock,
    cacheMs: HEALTH_CACHE_MS / Math.min(env.DELIVERY_TIME_SCALE, 10),
    onError: reportHealthError,
  });
  return {
    once,
    deliver: {
      health,
      held: endpoints,
      destinations,
      claimChecks: new ClassifiedClaimCheckReader(new S3ClaimCheckReader(s3, env.CLAIM_CHECK_BUCKET)),
      log: new DynamoDbDeliveryLog(dynamo, {
        tableName: env.DELIVERY_LOG_TABLE,
        retentionDays: env.DELIVERY_LOG_RETENTION_DAYS,
      }),
      deadLetters: new SqsDeadLetterSink(sqs, env.DELIVERY_DLQ_URL),
      requeue: new SqsDeliveryRequeue(sqs, env.DELIVERY_QUEUE_URL),
      once,
      clock: runtime.clock,
      random: systemRandom,
      schedules,
      timeScale: env.DELIVERY_TIME_SCALE,
      maxReceiveCount: env.MAX_RECEIVE_COUNT,
    },
  };
};
