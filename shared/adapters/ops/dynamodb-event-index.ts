import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DELIVERY_LOG_TENANT_INDEX } from '../../delivery/config-names.ts';
import type { RoutingRecord } from '../../delivery/delivery-log.ts';
import type { EventIndex, EventMatch } from '../../ops/events-search.ts';
import { toRoutingRecord } from '../delivery/delivery-log-items.ts';

const INDEX = DELIVERY_LOG_TENANT_INDEX;

/** The filter expression for what the key condition cannot test; names are placeholders (reserved words). */
const filterOf = (match: EventMatch) => {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const add = (field: string, value: string | undefined) => {
    if (value === undefined) return;
    const n = `#${field}`;
    names[n] = field;
    values[`:${field}`] = { S: value };
    parts.push(`${n} = :${field}`);
  };
  add('provider', match.provider);
  add('event_type', match.eventType);
  add('provider_event_id', match.providerEventId);
  return { parts, names, values };
};

/** The delivery log's tenant × time index on DynamoDB: one Query per page, newest first. */
export class DynamoDbEventIndex implements EventIndex {
  public constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  public async newestOf(
    tenantId: string,
    options: Parameters<EventIndex['newestOf']>[1],
  ): Promise<{ records: RoutingRecord[]; exhausted: boolean }> {
    const filter = filterOf(options.match);
    const key = ['#tenant = :tenant'];
    const names: Record<string, string> = { '#tenant': INDEX.partition, ...filter.names };
    const values: Record<string, AttributeValue> = { ':tenant': { S: tenantId }, ...filter.values };
    const { before } = options;
    const since = options.match.since;
    if (before !== null || since !== undefined) names['#at'] = INDEX.sort;
    if (before !== null && since !== undefined) {
      key.push('#at BETWEEN :since AND :before');
      Object.assign(values, { ':since': { S: since }, ':before': { S: before } });
    } else if (before !== null) {
      key.push('#at <= :before');
      values[':before'] = { S: before };
    } else if (since !== undefined) {
      key.push('#at >= :since');
      values[':since'] = { S: since };
    }
    const records: RoutingRecord[] = [];
    let read = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.name,
          KeyConditionExpression: key.join(' AND '),
          FilterExpression: filter.parts.length > 0 ? filter.parts.join(' AND ') : undefined,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: Math.min(options.readBudget - read, Math.max(options.limit, 25)),
          ExclusiveStartKey: startKey,
        }),
      );
      read += page.ScannedCount ?? page.Count ?? 0;
      records.push(...(page.Items ?? []).map((item) => toRoutingRecord(unmarshall(item))));
      startKey = page.LastEvaluatedKey;
    } while (startKey && records.length < options.limit && read < options.readBudget);
    const exhausted = startKey === undefined && records.length <= options.limit;
    return { records: records.slice(0, options.limit), exhausted };
  }
}
