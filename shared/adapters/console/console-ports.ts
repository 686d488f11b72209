import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ConsolePorts } from '../../console/ports.ts';
import { deliveryResourceNames } from '../../delivery/config-names.ts';
import { opsAuditTableName } from '../../ops/audit-names.ts';
import type { QueueAgeMetrics } from '../../ops/ports.ts';
import { syncResourceNames } from '../../sync/workflow/config-names.ts';
import { DynamoDbDeliveryLog } from '../delivery/dynamodb-delivery-log.ts';
import { DynamoDbEndpoints } from '../delivery/dynamodb-endpoints.ts';
import { type MbcCqrsStage, tenantTableNames } from '../kernel/mbc-cqrs-table-names.ts';
import { DeliveryLogFailures } from '../ops/delivery-log-failures.ts';
import { DynamoDbAuditLog } from '../ops/dynamodb-audit-log.ts';
import { DynamoDbEventIndex } from '../ops/dynamodb-event-index.ts';
import { DynamoDbSyncResults } from '../ops/dynamodb-sync-results.ts';
import { SqsQueueOps } from '../ops/sqs-queue-ops.ts';
import { DynamoDbTenantDirectory } from '../tenants/dynamodb-tenant-directory.ts';

/** The console API's ports over one target's SQS, DynamoDB and S3: the adapters the operator CLI uses. */
export interface ConsoleAdapterOptions {
  readonly stage: MbcCqrsStage;
  /** `local (…)` or `stage dev (…)`. */
  readonly label: string;
  readonly local: boolean;
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  /** Made on first use (report objects). */
  readonly s3: () => S3Client;
  readonly queueAgeMetrics: () => Promise<QueueAgeMetrics | null>;
  readonly signingKey: Buffer;
  readonly allowedOrigins: readonly string[];
  readonly openArchive: ConsolePorts['openArchive'];
  readonly chunkMs: number;
  readonly logError: (error: unknown) => void;
}

export const consolePortsOf = (options: ConsoleAdapterOptions): ConsolePorts => {
  const { stage, dynamo } = options;
  const deliveryLogTable = deliveryResourceNames(stage).deliveryLogTable;
  // Retention only matters for writes; the console only reads the log.
  const log = new DynamoDbDeliveryLog(dynamo, { tableName: deliveryLogTable, retentionDays: 1 });
  const results = new DynamoDbSyncResults(dynamo, syncResourceNames(stage).syncTable, options.s3);
  const target = { label: options.label, stage };
  return {
    target,
    local: options.local,
    signingKey: options.signingKey,
    allowedOrigins: options.allowedOrigins,
    dlq: {
      target,
      local: options.local,
      queues: new SqsQueueOps(options.sqs),
      failures: new DeliveryLogFailures(log),
      audit: new DynamoDbAuditLog(dynamo, opsAuditTableName(stage)),
      emptyReceivesToStop: options.local ? 1 : 3,
      queueAgeMetrics: options.queueAgeMetrics,
    },
    log,
    endpoints: new DynamoDbEndpoints(dynamo, { tableName: deliveryResourceNames(stage).endpointsTable }),
    index: new DynamoDbEventIndex(dynamo, deliveryLogTable),
    // Operators want the table as it is now: no cache.
    tenants: new DynamoDbTenantDirectory(dynamo, { tableName: tenantTableNames(stage).data, cacheTtlMs: 0 }),
    syncResults: results,
    syncRuns: results,
    openArchive: options.openArchive,
    chunkMs: options.chunkMs,
    clock: Date.now,
    logError: options.logError,
  };
};
