import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  type MbcCqrsStage,
  TSUNAGI_APP_NAME,
  tenantTableNames,
} from '../../../shared/adapters/kernel/mbc-cqrs-table-names.ts';

/** Every local table, by role; names come from the shared naming so adapters and local mode agree. */
export const localTableNames = (stage: MbcCqrsStage = 'local', appName: string = TSUNAGI_APP_NAME) => {
  const tenant = tenantTableNames(stage, appName);
  return {
    tenantCommand: tenant.command,
    tenantData: tenant.data,
    tenantHistory: tenant.history,
    masterData: tenant.masterData,
  } as const;
};

const createTable = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
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
    return true;
  } catch (error) {
    if (error instanceof ResourceInUseException) return false;
    throw error;
  }
};

// dynalite started elsewhere (its CLI) keeps tables CREATING for 500 ms; wait so the first write succeeds.
const waitActive = async (client: DynamoDBClient, tableName: string, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is still ${Table?.TableStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * Creates the tables tenant master data needs (the framework's command/data/history tables of the tenant
 * module and its master-data table; pk/sk strings, on demand) unless they exist. Returns the names it created.
 */
export const ensureTables = async (
  client: DynamoDBClient,
  stage: MbcCqrsStage = 'local',
  appName: string = TSUNAGI_APP_NAME,
): Promise<string[]> => {
  const names = Object.values(localTableNames(stage, appName));
  const created: string[] = [];
  for (const name of names) {
    if (await createTable(client, name)) created.push(name);
    await waitActive(client, name);
  }
  return created;
};
