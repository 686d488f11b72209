import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { S3SyncBucket } from '../../shared/adapters/sync/s3-sync-bucket.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import type { PlanRunDeps } from '../../shared/sync/usecases/index.ts';
import type { SyncPlanEnv } from './env.ts';

/** Builds sync-plan's adapters once per container. */
export const buildSyncPlanDependencies = (
  env: SyncPlanEnv,
  raw: Record<string, string | undefined> = process.env,
): PlanRunDeps => {
  const dynamo = new DynamoDBClient({ region: env.AWS_REGION, maxAttempts: 3 });
  // A local S3 stand-in serves path-style URLs only.
  const s3 = new S3Client({ region: env.AWS_REGION, forcePathStyle: raw.AWS_ENDPOINT_URL_S3 !== undefined });
  return {
    tenants: new DynamoDbTenantDirectory(dynamo, { tableName: env.TENANT_TABLE, cacheTtlMs: 0 }),
    blobs: new S3SyncBucket(s3, env.SYNC_BUCKET),
    now: () => new Date(),
  };
};
