import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import {
  DELIVERY_LOG_KEYS,
  DELIVERY_LOG_TENANT_INDEX,
  deliveryResourceNames,
  ENDPOINTS_KEYS,
  IDEMPOTENCY_KEYS,
} from '../../shared/delivery/config-names.ts';
import { opsAuditTableSpec } from './ops-audit.ts';

/**
 * The delivery log, idempotency and endpoints tables, keyed as the stacks key them (config-names.ts). TTL is not
 * enabled: dynalite has no UpdateTimeToLive, and local data lives only as long as the process.
 */

const key = (partition: string, sort?: string) => {
  const schema: KeySchemaElement[] = [{ AttributeName: partition, KeyType: 'HASH' }];
  const attributes: AttributeDefinition[] = [{ AttributeName: partition, AttributeType: 'S' }];
  if (sort) {
    schema.push({ AttributeName: sort, KeyType: 'RANGE' });
    attributes.push({ AttributeName: sort, AttributeType: 'S' });
  }
  return { KeySchema: schema, AttributeDefinitions: attributes };
};

/** The delivery log's keys and its tenant × time index's attributes. */
const deliveryLogKeys = () => {
  const table = key(DELIVERY_LOG_KEYS.partition, DELIVERY_LOG_KEYS.sort);
  const index = key(DELIVERY_LOG_TENANT_INDEX.partition, DELIVERY_LOG_TENANT_INDEX.sort);
  return { ...table, AttributeDefinitions: [...table.AttributeDefinitions, ...index.AttributeDefinitions] };
};

/** Creates the tables unless they exist (dynalite started with createTableMs 0 makes them ACTIVE at once). */
export const ensureDeliveryTables = async (client: DynamoDBClient, stage = 'local'): Promise<string[]> => {
  const names = deliveryResourceNames(stage);
  const tables = [
    {
      TableName: names.deliveryLogTable,
      ...deliveryLogKeys(),
      GlobalSecondaryIndexes: [
        {
          IndexName: DELIVERY_LOG_TENANT_INDEX.name,
          KeySchema: key(DELIVERY_LOG_TENANT_INDEX.partition, DELIVERY_LOG_TENANT_INDEX.sort).KeySchema,
          Projection: { ProjectionType: 'ALL' as const },
        },
      ],
    },
    { TableName: names.idempotencyTable, ...key(IDEMPOTENCY_KEYS.partition) },
    { TableName: names.endpointsTable, ...key(ENDPOINTS_KEYS.partition, ENDPOINTS_KEYS.sort) },
    opsAuditTableSpec(stage),
  ];
  const created: string[] = [];
  for (const table of tables) {
    try {
      await client.send(new CreateTableCommand({ ...table, BillingMode: 'PAY_PER_REQUEST' }));
      created.push(table.TableName);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  return created;
};
