import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DELIVERY_LOG_KEYS, IDEMPOTENCY_KEYS } from '../../../../shared/delivery/config-names.ts';

/** The delivery log table as the stacks declare it: pk/sk strings (TTL is not emulated by dynalite). */
export const createDeliveryLogTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: DELIVERY_LOG_KEYS.partition, AttributeType: 'S' },
        { AttributeName: DELIVERY_LOG_KEYS.sort, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: DELIVERY_LOG_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: DELIVERY_LOG_KEYS.sort, KeyType: 'RANGE' },
      ],
    }),
  );
};

/** The Powertools idempotency table: partition key `id` only. */
export const createIdempotencyTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_KEYS.partition, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: IDEMPOTENCY_KEYS.partition, KeyType: 'HASH' }],
    }),
  );
};
