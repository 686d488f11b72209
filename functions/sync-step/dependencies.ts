import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FileSecretStore } from '../../shared/adapters/kernel/file-secret-store.ts';
import { SecretsManagerSecretStore } from '../../shared/adapters/kernel/secrets-manager-secret-store.ts';
import { DynamoDbBatchWriter, WriteCounter } from '../../shared/adapters/sync/dynamodb-batch-writer.ts';
import { DynamoDbMappingRepository } from '../../shared/adapters/sync/dynamodb-mapping-repository.ts';
import { DynamoDbSyncDirectory } from '../../shared/adapters/sync/dynamodb-sync-directory.ts';
import { openSyncCommandService } from '../../shared/adapters/sync/mbc-cqrs-sync-context.ts';
import { MbcCqrsSyncWriter } from '../../shared/adapters/sync/mbc-cqrs-sync-writer.ts';
import { assertSyncTable, syncFrameworkEnv } from '../../shared/adapters/sync/sync-env.ts';
import { createVendorClients } from '../../shared/adapters/sync/vendor-clients.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { RatePacer } from '../../shared/sync/connectors/index.ts';
import { SecretStoreCredentials } from '../../shared/sync/usecases/credential-store.ts';
import {
  AccessTokenCache,
  FreshDirectoryCache,
  type SyncStepDeps,
} from '../../shared/sync/usecases/index.ts';
import type { SyncStepEnv } from './env.ts';

/** The use case's ports, and the write counter for the RecordsWritten metric and benches. */
export interface SyncStepDependencies extends SyncStepDeps {
  readonly writes: WriteCounter;
}

/** Builds sync-step's adapters once per container; the token and fresh-data caches live as long as it does. */
export const buildSyncStepDependencies = (
  env: SyncStepEnv,
  raw: Record<string, string | undefined> = process.env,
): SyncStepDependencies => {
  const dynamo = new DynamoDBClient({ region: env.AWS_REGION, maxAttempts: 3 });
  const writes = new WriteCounter();
  const writer = new DynamoDbBatchWriter(dynamo, { tableName: env.SYNC_TABLE, counter: writes });
  const directory = new DynamoDbSyncDirectory(dynamo, { tableName: env.SYNC_TABLE, writer });
  const runtime = { pacer: new RatePacer(), maxInLambdaWaitMs: env.MAX_IN_LAMBDA_WAIT_SECONDS * 1000 };
  const framework = syncFrameworkEnv(env.STAGE, raw);
  assertSyncTable(framework, env.SYNC_TABLE);
  return {
    // The tenant may have been changed since the plan: read it fresh (cache 0), it is one Query per child step.
    tenants: new DynamoDbTenantDirectory(dynamo, { tableName: env.TENANT_TABLE, cacheTtlMs: 0 }),
    secretPrefix: env.SECRET_PREFIX,
    // Credentials are only read for a refresh, with their version: no cache.
    credentials: new SecretStoreCredentials(
      env.LOCAL_SECRETS_FILE === undefined
        ? new SecretsManagerSecretStore(
            new SecretsManagerClient({ region: env.AWS_REGION, maxAttempts: 3 }),
            {
              cacheSeconds: 0,
            },
          )
        : new FileSecretStore(env.LOCAL_SECRETS_FILE),
    ),
    vendors: createVendorClients({
      SLACK: { ...runtime, apiBaseUrl: env.SLACK_API_BASE_URL },
      TEAMS: { ...runtime, apiBaseUrl: env.GRAPH_API_BASE_URL, authBaseUrl: env.GRAPH_LOGIN_BASE_URL },
      LINE_WORKS: {
        ...runtime,
        apiBaseUrl: env.LINE_WORKS_API_BASE_URL,
        authBaseUrl: env.LINE_WORKS_AUTH_BASE_URL,
      },
    }),
    tokens: new AccessTokenCache(),
    fresh: new FreshDirectoryCache(),
    mappings: new DynamoDbMappingRepository(dynamo, { tableName: env.SYNC_TABLE, writer }),
    targets: directory,
    internalUsers: directory,
    // Started lazily: only the history step needs the framework, so listing steps skip its start-up.
    history: new MbcCqrsSyncWriter(() => openSyncCommandService(framework)),
    now: () => new Date(),
    writes,
  };
};
