import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { ensureTables, type LocalDynamo, startLocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { syncResourceNames } from '../../../../shared/sync/workflow/config-names.ts';

/** The sync module's tables (infra/local does not create them yet). */
export const syncTableNames = (stage = 'local') => {
  const data = syncResourceNames(stage).syncTable;
  const prefix = data.replace(/-data$/, '');
  return { data, command: `${prefix}-command`, history: `${prefix}-history` };
};

const create = async (client: DynamoDBClient, TableName: string) => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};

/** dynalite with the tenant tables, the framework's master-data table and the sync tables. */
export const startSyncDynamo = async (): Promise<{
  dynamo: LocalDynamo;
  client: DynamoDBClient;
  tables: ReturnType<typeof syncTableNames>;
}> => {
  const dynamo = await startLocalDynamo({ port: 0 });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
  await ensureTables(client, 'local');
  const tables = syncTableNames();
  for (const name of Object.values(tables)) await create(client, name);
  return { dynamo, client, tables };
};

/** The framework env pointing at the dynalite. */
export const frameworkEnvFor = (dynamo: LocalDynamo) => ({
  NODE_ENV: 'local',
  APP_NAME: 'tsunagi',
  DYNAMODB_ENDPOINT: dynamo.endpoint,
  DYNAMODB_REGION: 'ap-northeast-1',
});
