import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { S3ClaimCheckReader } from '../../shared/adapters/delivery/s3-claim-check-reader.ts';
import { SqsDeliveryQueue } from '../../shared/adapters/delivery/sqs-delivery-queue.ts';
import { ClaimCheckBodies } from '../../shared/adapters/routing/claim-check-bodies.ts';
import { PowertoolsEventDeduplicator } from '../../shared/adapters/routing/powertools-event-deduplicator.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import type { RouteInboundEventDeps } from '../../shared/routing/route-inbound-event.ts';
import type { EventRouterEnv } from './env.ts';

/** The use case's ports, plus the deduplicator's handle for the Lambda context. */
export interface EventRouterDependencies extends RouteInboundEventDeps {
  readonly deduplicator: PowertoolsEventDeduplicator;
}

/** Builds the router's adapters once per container. */
export const buildDependencies = (env: EventRouterEnv): EventRouterDependencies => {
  const dynamo = new DynamoDBClient({ region: env.AWS_REGION, maxAttempts: 3 });
  // One keep-alive HTTP handler and one credential provider per container, shared with the DynamoDB client.
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    maxAttempts: 3,
    requestHandler: dynamo.config.requestHandler,
    credentials: dynamo.config.credentials,
  });
  // Only route filters make the router read a body, and only a claim-checked one from S3.
  const s3 = new S3Client({
    region: env.AWS_REGION,
    maxAttempts: 3,
    requestHandler: dynamo.config.requestHandler,
    credentials: dynamo.config.credentials,
    forcePathStyle: env.AWS_ENDPOINT_URL_S3 !== undefined,
  });
  return {
    directory: new DynamoDbTenantDirectory(dynamo, {
      tableName: env.TENANT_TABLE,
      cacheTtlMs: env.TENANT_CACHE_SECONDS * 1000,
    }),
    queue: new SqsDeliveryQueue(sqs, env.DELIVERY_QUEUE_URL),
    log: new DynamoDbDeliveryLog(dynamo, {
      tableName: env.DELIVERY_LOG_TABLE,
      retentionDays: env.DELIVERY_LOG_RETENTION_DAYS,
    }),
    deduplicator: new PowertoolsEventDeduplicator({ client: dynamo, tableName: env.IDEMPOTENCY_TABLE }),
    now: () => new Date(),
    bodies: new ClaimCheckBodies(new S3ClaimCheckReader(s3, env.CLAIM_CHECK_BUCKET)),
  };
};
