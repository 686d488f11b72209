import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** An item as read back (unmarshalled). */
export type RawItem = Record<string, unknown> & { readonly pk: string; readonly sk: string };

/** Every item of a partition whose sk starts with `prefix`, page after page. */
export const queryPrefix = async (
  client: DynamoDBClient,
  tableName: string,
  pk: string,
  prefix: string,
): Promise<RawItem[]> => {
  const items: RawItem[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': { S: pk }, ':prefix': { S: prefix } },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item) as RawItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

/** The stored bookkeeping of an item, for the next whole-item put. */
export const metaOf = (item: RawItem) => ({
  version: typeof item.version === 'number' ? item.version : 0,
  created_at: typeof item.createdAt === 'string' ? item.createdAt : '',
  created_by: typeof item.createdBy === 'string' ? item.createdBy : '',
});

/** Thrown when a stored item does not decode: the table was edited by hand or by another version. */
export class SyncDataError extends Error {
  public override readonly name = 'SyncDataError';
}
