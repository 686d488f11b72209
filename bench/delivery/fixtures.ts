import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { toSqsRecord } from '../../infra/local/event-source/sqs-event.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import { type DeliveryMessage, deliveryId } from '../../shared/delivery/delivery-message.ts';
import { buildEventPayload } from '../../shared/delivery/destinations/event-payload.ts';
import type { EventEnvelope } from '../../shared/webhooks/envelope.ts';
import { oneKibBody } from '../webhook/fixtures.ts';

export const BENCH_REGION = 'ap-northeast-1';
const ACCOUNT = '123456789012';
const TENANT = 'bench';
const SECRET_PREFIX = 'tsunagi/bench';
const SECRET_NAME = `${SECRET_PREFIX}/${TENANT}/routes/bench-http`;
/** The Standard Webhooks spec's published test secret. */
const ROUTE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** The slow destination's latency (the "destination with 200 ms latency"). */
export const SLOW_DESTINATION_DELAY_MS = 200;

/**
 * The routes' `rate_limit_per_second`. Without one the worker's default bucket (10/s, burst 10) would hold
 * back the rounds after the first; 1000 (burst 1000) keeps every record of every round on its first token.
 */
export const BENCH_RATE_LIMIT_PER_SECOND = 1_000;

const NAMES = deliveryResourceNames('local');

/** What the worker's secrets file holds: the bench route's signing secret. */
export const secretsFileContent = (): string =>
  JSON.stringify({ [SECRET_NAME]: JSON.stringify({ signingSecrets: [ROUTE_SECRET] }) });

/** The worker's environment as local mode sets it, pointed at the bench stand-ins. */
export const workerEnv = (input: {
  dynamoEndpoint: string;
  sqsEndpoint: string;
  dlqUrl: string;
  secretsFile: string;
}): Record<string, string> => ({
  STAGE: 'local',
  AWS_REGION: BENCH_REGION,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  DELIVERY_LOG_TABLE: NAMES.deliveryLogTable,
  DELIVERY_LOG_RETENTION_DAYS: '1',
  IDEMPOTENCY_TABLE: NAMES.idempotencyTable,
  CLAIM_CHECK_BUCKET: 'tsunagi-bench-claim-checks',
  TENANT_TABLE: 'bench-tsunagi-tenant-data',
  SECRET_PREFIX,
  EMAIL_FROM: 'noreply@tsunagi.example',
  DELIVERY_DLQ_URL: input.dlqUrl,
  ENDPOINTS_TABLE: NAMES.endpointsTable,
  LOCAL_SECRETS_FILE: input.secretsFile,
  AWS_ENDPOINT_URL_DYNAMODB: input.dynamoEndpoint,
  AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
  // Bodies are inline, so the claim-check store is never read; nothing listens here.
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
  // As deployed: INFO logs and EMF metrics on (their lines are formatted; only the terminal write is skipped).
  POWERTOOLS_SERVICE_NAME: 'delivery-worker',
  POWERTOOLS_LOG_LEVEL: 'INFO',
});

let sequence = 0;

/** An event never delivered before (fresh event id, so idempotency never skips it), with a 1 KiB JSON body. */
export const freshEvent = (): EventEnvelope => {
  sequence += 1;
  return {
    version: 1,
    event_id: `evt_bench_${randomUUID()}`,
    provider: 'generic',
    tenant_id: TENANT,
    provider_event_id: `bench_${sequence}`,
    event_type: 'order.created',
    received_at: new Date().toISOString(),
    trace_id: randomUUID().replaceAll('-', ''),
    content_type: 'application/json',
    headers: {},
    body: { encoding: 'utf8', data: oneKibBody() },
  };
};

/** A delivery message of `event` to the http destination at `url`, on route `routeId`. */
export const httpDelivery = (event: EventEnvelope, url: string, routeId: string): DeliveryMessage => ({
  version: 1,
  delivery_id: deliveryId(event.event_id, routeId),
  route_id: routeId,
  destination: {
    type: 'http',
    url,
    signing_secret_name: SECRET_NAME,
    rate_limit_per_second: BENCH_RATE_LIMIT_PER_SECOND,
  },
  event,
});

/** One delivery-queue record carrying `message`, as the event source mapping hands it over. */
export const deliveryRecord = (message: DeliveryMessage): SQSRecord =>
  toSqsRecord(
    {
      MessageId: randomUUID(),
      ReceiptHandle: randomUUID(),
      Body: JSON.stringify(message),
      Attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
    },
    {
      eventSourceARN: `arn:aws:sqs:${BENCH_REGION}:${ACCOUNT}:${NAMES.deliveryQueue}`,
      awsRegion: BENCH_REGION,
    },
  );

/** `count` records of fresh events to the same http destination and route. */
export const freshBatch = (count: number, url: string, routeId: string): SQSRecord[] =>
  Array.from({ length: count }, () => deliveryRecord(httpDelivery(freshEvent(), url, routeId)));

/** The exact body the worker POSTs for an event like `freshEvent()`'s, for the bare-fetch baseline. */
export const deliveredBody = (): string => {
  const event = freshEvent();
  return JSON.stringify(buildEventPayload(event, Buffer.from(oneKibBody(), 'utf8')));
};
