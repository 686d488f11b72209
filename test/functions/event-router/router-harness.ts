import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../../infra/local/dynamodb/index.ts';
import { createLambdaContext, toSqsEvent } from '../../../infra/local/event-source/sqs-event.ts';
import { DynamoDbDeliveryLog } from '../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { routeItemContent, tenantItemContent } from '../../../shared/adapters/tenants/tenant-items.ts';
import { SqsEventQueue } from '../../../shared/adapters/webhooks/sqs-event-queue.ts';
import { deliveryResourceNames } from '../../../shared/delivery/config-names.ts';
import type { Tenant } from '../../../shared/tenants/tenant-file.ts';
import type { EventEnvelope } from '../../../shared/webhooks/envelope.ts';
import { createDeliveryLogTable, createIdempotencyTable } from '../../shared/adapters/delivery/tables.ts';

const REGION = 'ap-northeast-1';
const NAMES = deliveryResourceNames('local');
const INBOUND_ARN = `arn:aws:sqs:${REGION}:123456789012:tsunagi-local-inbound`;

/** The handler's signature. */
export type RouterHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The router's world on real stand-ins: dynalite with the tenant data, delivery log and idempotency tables,
 * local-aws-sqs with an inbound and a delivery queue, tenants written as the mbc-cqrs items the directory reads.
 */
export interface RouterStandIns {
  readonly env: Record<string, string>;
  readonly log: DynamoDbDeliveryLog;
  /** Enqueues like the receiver (a string as a raw message), receives like the event source, invokes. */
  invoke(
    handler: RouterHandler,
    bodies: readonly (EventEnvelope | string)[],
  ): Promise<{ response: SQSBatchResponse; messages: Message[] }>;
  /** Every message now on the delivery queue, each read once. */
  drainDeliveries(): Promise<Message[]>;
  stop(): Promise<void>;
}

const putTenant = async (client: DynamoDBClient, tenant: Tenant): Promise<void> => {
  // Routes first, the tenant item (the commit point) last, as the tenant writer does.
  const items = [
    ...tenant.routes.map((r) => routeItemContent(tenant.tenant_id, r)),
    tenantItemContent(tenant),
  ];
  for (const item of items) {
    await client.send(
      new PutItemCommand({
        TableName: localTableNames().tenantData,
        Item: marshall({ version: 1, ...item }),
      }),
    );
  }
};

const startDynamo = async (tenants: readonly Tenant[]) => {
  const dynamo: LocalDynamo = await startLocalDynamo({ port: 0 });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, maxAttempts: 1 });
  await ensureTables(client, 'local');
  await createDeliveryLogTable(client, NAMES.deliveryLogTable);
  await createIdempotencyTable(client, NAMES.idempotencyTable);
  for (const tenant of tenants) await putTenant(client, tenant);
  return { dynamo, client };
};

const startSqs = async () => {
  const server: Server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({ endpoint, region: REGION, maxAttempts: 1 });
  const create = async (name: string) =>
    (await client.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  return {
    server,
    endpoint,
    client,
    inboundUrl: await create('tsunagi-local-inbound'),
    deliveryUrl: await create(NAMES.deliveryQueue),
  };
};

const receive = async (client: SQSClient, queueUrl: string): Promise<Message[]> => {
  // A long visibility timeout: local-aws-sqs would otherwise hand a message out more than once.
  const { Messages = [] } = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 60,
      AttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages;
};

/** Starts the stand-ins and returns the environment the handler should be loaded with. */
export const startRouterStandIns = async (tenants: readonly Tenant[]): Promise<RouterStandIns> => {
  const { dynamo, client: dynamoClient } = await startDynamo(tenants);
  const sqs = await startSqs();
  const env = {
    STAGE: 'local',
    AWS_REGION: REGION,
    DELIVERY_QUEUE_URL: sqs.deliveryUrl,
    CLAIM_CHECK_BUCKET: 'tsunagi-local-claim-check',
    TENANT_TABLE: localTableNames().tenantData,
    IDEMPOTENCY_TABLE: NAMES.idempotencyTable,
    DELIVERY_LOG_TABLE: NAMES.deliveryLogTable,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
  };
  return {
    env,
    log: new DynamoDbDeliveryLog(dynamoClient, { tableName: NAMES.deliveryLogTable, retentionDays: 14 }),
    invoke: async (handler, bodies) => {
      const receiverQueue = new SqsEventQueue(sqs.client, sqs.inboundUrl);
      for (const body of bodies) {
        if (typeof body !== 'string') await receiverQueue.send(body);
        else await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.inboundUrl, MessageBody: body }));
      }
      const messages = await receive(sqs.client, sqs.inboundUrl);
      if (messages.length !== bodies.length)
        throw new Error(`sent ${bodies.length}, received ${messages.length}`);
      const event = toSqsEvent(messages, { eventSourceARN: INBOUND_ARN, awsRegion: REGION });
      const context = createLambdaContext({
        functionName: 'tsunagi-local-event-router',
        timeoutMs: 30_000,
        region: REGION,
        accountId: '123456789012',
      });
      return { response: await handler(event, context), messages };
    },
    drainDeliveries: async () => {
      const all: Message[] = [];
      for (let batch = await receive(sqs.client, sqs.deliveryUrl); batch.length > 0; ) {
        all.push(...batch);
        batch = await receive(sqs.client, sqs.deliveryUrl);
      }
      return all;
    },
    stop: async () => {
      sqs.client.destroy();
      dynamoClient.destroy();
      sqs.server.closeAllConnections();
      await new Promise((resolve) => sqs.server.close(resolve));
      await dynamo.stop();
    },
  };
};
