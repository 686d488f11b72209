import { tenantTableNames } from '../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import type { ConsumerEnvs } from './consumers.ts';
import { DELIVERY_MAX_RECEIVE_COUNT, LOCAL_DELIVERY_VISIBILITY_TIMEOUT_SECONDS } from './sqs.ts';

/** An open breaker's cool-down in local mode: shorter than the delivery visibility timeout. */
const LOCAL_CIRCUIT_COOL_DOWN_MS = (LOCAL_DELIVERY_VISIBILITY_TIMEOUT_SECONDS * 1000) / 2;

/**
 * The environment of each local function: exactly the variables its deployed function gets (see
 * shared/delivery/config-names.ts for the consumers), pointed at the stand-ins and fakes.
 */

/** Bucket for claim-checked bodies in local mode. */
export const LOCAL_CLAIM_CHECK_BUCKET = 'tsunagi-local-claim-checks';

/** Secret names local mode's worker reads from the secrets file (see demo-secrets.json). */
export const LOCAL_SECONDARY_EMAIL_KEY_SECRET = 'tsunagi/local/delivery/secondary-email-api-key';

/** The sender of local mode's mails. */
export const LOCAL_EMAIL_FROM = 'tsunagi-local@tsunagi.example';

export interface CommonEnvInput {
  readonly region: string;
  readonly secretsFile: string;
  readonly secretPrefix: string;
  readonly logLevel: string;
}

/** What every local function shares: region, dummy credentials, quiet Powertools, the secrets file. */
export const commonEnv = (input: CommonEnvInput): Record<string, string> => ({
  STAGE: 'local',
  AWS_REGION: input.region,
  // Dummy credentials, so a developer's real ones can never reach a local stand-in or AWS from here.
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  SECRET_PREFIX: input.secretPrefix,
  LOCAL_SECRETS_FILE: input.secretsFile,
  CLAIM_CHECK_BUCKET: LOCAL_CLAIM_CHECK_BUCKET,
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: input.logLevel,
});

export interface ReceiverEnvInput {
  readonly inboundQueueUrl: string;
  readonly publicBaseUrl: string;
  readonly sqsEndpoint: string;
  readonly objectStoreEndpoint: string;
  readonly maxBodyBytes?: number;
}

export const receiverEnv = (
  common: Record<string, string>,
  input: ReceiverEnvInput,
): Record<string, string> => ({
  ...common,
  INBOUND_QUEUE_URL: input.inboundQueueUrl,
  PUBLIC_BASE_URL: input.publicBaseUrl,
  AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
  AWS_ENDPOINT_URL_S3: input.objectStoreEndpoint,
  ...(input.maxBodyBytes ? { MAX_BODY_BYTES: String(input.maxBodyBytes) } : {}),
});

export interface ConsumerEnvInput {
  readonly deliveryQueueUrl: string;
  readonly deliveryDlqUrl: string;
  readonly sqsEndpoint: string;
  readonly objectStoreEndpoint: string;
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  readonly slackApiBaseUrl: string;
  readonly secondaryEmailUrl: string;
  /** The sync's fake Graph and LINE WORKS, which then take the worker's Teams and LINE WORKS calls too. */
  readonly chatVendors?: ChatVendors;
  /** Where Teams (Graph) and LINE WORKS calls go without `chatVendors`: never the real services. */
  readonly unfakedApiBaseUrl: string;
  readonly perAttemptTimeoutMs: number;
  /** Divides the retry schedules' waits; default `LOCAL_DELIVERY_TIME_SCALE`. */
  readonly deliveryTimeScale?: number;
}

/**
 * Local mode runs the retry schedules 30,000 times faster: http's 75.6 hours take about 15 seconds (each wait is
 * at least a second, SQS's delay granularity), so a newcomer sees a down endpoint retried to exhaustion and
 * dead-lettered. `DELIVERY_TIME_SCALE=1 npm start` runs them as deployed.
 */
export const LOCAL_DELIVERY_TIME_SCALE = 30_000;

/** Origins of the fake Graph and LINE WORKS. */
export interface ChatVendors {
  readonly msgraph: string;
  readonly lineworks: string;
}

/**
 * The worker's Teams and LINE WORKS endpoints (API and token). The credentials the fake vendors issued are in
 * the instance's one secrets file, which the worker reads live like every other reader.
 */
const chatVendorEnv = (input: ConsumerEnvInput): Record<string, string> =>
  input.chatVendors
    ? {
        GRAPH_API_BASE_URL: input.chatVendors.msgraph,
        GRAPH_LOGIN_BASE_URL: input.chatVendors.msgraph,
        LINE_WORKS_API_BASE_URL: input.chatVendors.lineworks,
        LINE_WORKS_AUTH_BASE_URL: input.chatVendors.lineworks,
      }
    : {
        GRAPH_API_BASE_URL: `${input.unfakedApiBaseUrl}/graph`,
        LINE_WORKS_API_BASE_URL: `${input.unfakedApiBaseUrl}/line-works`,
      };

export const consumerEnvs = (common: Record<string, string>, input: ConsumerEnvInput): ConsumerEnvs => {
  const delivery = deliveryResourceNames('local');
  // The router reads no secrets; only the worker gets the secret settings.
  const { SECRET_PREFIX, LOCAL_SECRETS_FILE, ...routerCommon } = common;
  const shared = {
    ...routerCommon,
    TENANT_TABLE: tenantTableNames('local').data,
    IDEMPOTENCY_TABLE: delivery.idempotencyTable,
    DELIVERY_LOG_TABLE: delivery.deliveryLogTable,
    DELIVERY_LOG_RETENTION_DAYS: '1',
    AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
    AWS_ENDPOINT_URL_S3: input.objectStoreEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamoEndpoint,
    // The SDK derives the variable from the service id: "SESv2" reads AWS_ENDPOINT_URL_SESV2.
    AWS_ENDPOINT_URL_SES: input.sesEndpoint,
    AWS_ENDPOINT_URL_SESV2: input.sesEndpoint,
  };
  return {
    router: {
      ...shared,
      POWERTOOLS_SERVICE_NAME: 'event-router',
      DELIVERY_QUEUE_URL: input.deliveryQueueUrl,
      // Short, so an `ops tenants apply --local` reaches the running router within seconds.
      TENANT_CACHE_SECONDS: '5',
    },
    worker: {
      ...shared,
      ...(SECRET_PREFIX === undefined ? {} : { SECRET_PREFIX }),
      ...(LOCAL_SECRETS_FILE === undefined ? {} : { LOCAL_SECRETS_FILE }),
      POWERTOOLS_SERVICE_NAME: 'delivery-worker',
      DELIVERY_DLQ_URL: input.deliveryDlqUrl,
      DELIVERY_QUEUE_URL: input.deliveryQueueUrl,
      DELIVERY_TIME_SCALE: String(input.deliveryTimeScale ?? LOCAL_DELIVERY_TIME_SCALE),
      MAX_RECEIVE_COUNT: String(DELIVERY_MAX_RECEIVE_COUNT),
      ENDPOINTS_TABLE: delivery.endpointsTable,
      EMAIL_FROM: LOCAL_EMAIL_FROM,
      SECONDARY_EMAIL_URL: input.secondaryEmailUrl,
      SECONDARY_EMAIL_KEY_SECRET: LOCAL_SECONDARY_EMAIL_KEY_SECRET,
      SLACK_API_BASE_URL: input.slackApiBaseUrl,
      ...chatVendorEnv(input),
      DELIVERY_PER_ATTEMPT_TIMEOUT_MS: String(input.perAttemptTimeoutMs),
      // Below local mode's short delivery visibility timeout, as the 30 s default is below the stages' 6 min.
      CIRCUIT_COOL_DOWN_MS: String(LOCAL_CIRCUIT_COOL_DOWN_MS),
    },
  };
};
