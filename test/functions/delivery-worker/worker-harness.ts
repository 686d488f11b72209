import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import { ensureDeliveryTables } from '../../../infra/local/delivery-tables.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../infra/local/dynamodb/index.ts';
import { createLambdaContext, toSqsRecord } from '../../../infra/local/event-source/sqs-event.ts';
import { DynamoDbDeliveryLog } from '../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { deliveryResourceNames } from '../../../shared/delivery/config-names.ts';
import { createDeliveryLogTable, createIdempotencyTable } from '../../shared/adapters/delivery/tables.ts';
import {
  ROUTE_SECRET,
  ROUTE_SECRET_NAME,
  SECRET_PREFIX,
} from '../../shared/delivery/destinations/fixtures.ts';

const REGION = 'ap-northeast-1';
const NAMES = deliveryResourceNames('test');
const QUEUE_ARN = `arn:aws:sqs:${REGION}:123456789012:${NAMES.deliveryQueue}`;

/** The handler's signature. */
export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** One SQS record of the delivery queue, as the event source would hand it over. */
export const sqsRecord = (
  body: string,
  receiveCount = 1,
  attributes: Record<string, string> = {},
): SQSRecord =>
  toSqsRecord(
    {
      MessageId: randomUUID(),
      ReceiptHandle: randomUUID(),
      Body: body,
      Attributes: { ApproximateReceiveCount: String(receiveCount) },
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    },
    { eventSourceARN: QUEUE_ARN, awsRegion: REGION },
  );

/** A context whose remaining time counts down from `timeoutMs`, as Lambda's does. */
export const lambdaContext = (timeoutMs = 30_000): Context =>
  createLambdaContext({
    functionName: 'tsunagi-test-delivery-worker',
    timeoutMs,
    region: REGION,
    accountId: '123456789012',
  });

/**
 * The worker's world on real stand-ins: dynalite with the delivery log and idempotency tables, local-aws-sqs
 * with the delivery DLQ, and a secrets file holding the test route's signing secret.
 */
export interface WorkerStandIns {
  readonly env: Record<string, string>;
  readonly log: DynamoDbDeliveryLog;
  /** Every message now in the delivery DLQ, each read once. */
  drainDeadLetters(): Promise<Message[]>;
  /** Every message re-enqueued on the delivery queue, delays ignored, each read once. */
  drainRequeued(): Promise<Message[]>;
  stop(): Promise<void>;
}

const startSqs = async () => {
  const server: Server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({ endpoint, region: REGION, maxAttempts: 1 });
  const dlqUrl = (await client.send(new CreateQueueCommand({ QueueName: NAMES.deliveryDlq }))).QueueUrl!;
  const queueUrl = (await client.send(new CreateQueueCommand({ QueueName: NAMES.deliveryQueue }))).QueueUrl!;
  return { server, endpoint, client, dlqUrl, queueUrl };
};

const drain = async (client: SQSClient, queueUrl: string): Promise<Message[]> => {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
};

/** Starts the stand-ins and returns the environment the handler should be loaded with. */
export const startWorkerStandIns = async (): Promise<WorkerStandIns> => {
  const dynamo: LocalDynamo = await startLocalDynamo({ port: 0 });
  const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, maxAttempts: 1 });
  await createDeliveryLogTable(dynamoClient, NAMES.deliveryLogTable);
  await createIdempotencyTable(dynamoClient, NAMES.idempotencyTable);
  // The endpoints table (and the rest, already there) as local mode creates them.
  await ensureDeliveryTables(dynamoClient, 'test');
  const sqs = await startSqs();
  const dir = await mkdtemp(join(tmpdir(), 'delivery-worker-'));
  const secretsFile = join(dir, 'secrets.json');
  await writeFile(
    secretsFile,
    JSON.stringify({ [ROUTE_SECRET_NAME]: JSON.stringify({ signingSecrets: [ROUTE_SECRET] }) }),
  );
  const env = {
    STAGE: 'local',
    AWS_REGION: REGION,
    DELIVERY_LOG_TABLE: NAMES.deliveryLogTable,
    DELIVERY_LOG_RETENTION_DAYS: '1',
    IDEMPOTENCY_TABLE: NAMES.idempotencyTable,
    CLAIM_CHECK_BUCKET: 'tsunagi-test-claim-checks',
    TENANT_TABLE: 'test-tsunagi-tenant-data',
    SECRET_PREFIX,
    EMAIL_FROM: 'noreply@tsunagi.example',
    DELIVERY_DLQ_URL: sqs.dlqUrl,
    DELIVERY_QUEUE_URL: sqs.queueUrl,
    ENDPOINTS_TABLE: NAMES.endpointsTable,
    // The schedule's first wait (5 s) becomes its shortest, a second (at most 2 s of DelaySeconds with jitter).
    DELIVERY_TIME_SCALE: '100000',
    DELIVERY_PER_ATTEMPT_TIMEOUT_MS: '2000',
    LOCAL_SECRETS_FILE: secretsFile,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
  };
  return {
    env,
    log: new DynamoDbDeliveryLog(dynamoClient, { tableName: NAMES.deliveryLogTable, retentionDays: 1 }),
    drainDeadLetters: () => drain(sqs.client, sqs.dlqUrl),
    drainRequeued: () => drain(sqs.client, sqs.queueUrl),
    stop: async () => {
      sqs.client.destroy();
      dynamoClient.destroy();
      sqs.server.closeAllConnections();
      await new Promise((resolve) => sqs.server.close(resolve));
      await dynamo.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
