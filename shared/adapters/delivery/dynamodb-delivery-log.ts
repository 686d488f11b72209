import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  DeliveryLog,
  DeliveryRecord,
  EventJourney,
  RoutedEvent,
  RoutedEventCopy,
  RoutedEventReader,
  RoutingRecord,
} from '../../delivery/delivery-log.ts';
import {
  deliverySk,
  eventPk,
  expiresAt,
  isDeliverySk,
  ROUTING_SK,
  toDeliveryRecord,
  toRoutedEventCopy,
  toRoutingRecord,
} from './delivery-log-items.ts';

/** Where the log lives and how long its items are kept. */
export interface DynamoDbDeliveryLogOptions {
  /** `deliveryResourceNames(stage).deliveryLogTable`. */
  readonly tableName: string;
  /** Days an item lives after its last write (DELIVERY_LOG_RETENTION_DAYS). */
  readonly retentionDays: number;
  readonly now?: () => Date;
}

const MARSHALL = { removeUndefinedValues: true } as const;

/**
 * The delivery log on DynamoDB. Every write is a single-item operation (no transactions: they are not needed,
 * and dynalite, the local stand-in, lacks them).
 */
export class DynamoDbDeliveryLog implements DeliveryLog, RoutedEventReader {
  private readonly now: () => Date;

  public constructor(
    private readonly client: DynamoDBClient,
    private readonly options: DynamoDbDeliveryLogOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Writes (or rewrites, when the event is routed again after a failed send) the event's routing item; a
   * small event's copy rides in the same item, so keeping it costs no extra request.
   */
  public async recordRouting(record: RoutingRecord, copy?: RoutedEventCopy): Promise<void> {
    const item = {
      ...record,
      ...(copy ? { event_copy: copy } : {}),
      pk: eventPk(record.event_id),
      sk: ROUTING_SK,
      expires_at: expiresAt(this.now(), this.options.retentionDays),
    };
    await this.client.send(
      new PutItemCommand({ TableName: this.options.tableName, Item: marshall(item, MARSHALL) }),
    );
  }

  /**
   * Upserts a delivery item in one UpdateItem: `attempts` and `latencies_ms` of the given record are this
   * receive's and are added to the stored totals; every other field is replaced. Concurrent writers cannot lose
   * each other's attempts, which a read-modify-write could.
   */
  public async recordDelivery(record: DeliveryRecord): Promise<void> {
    const { attempts, latencies_ms, event_id, route_id, ...replaced } = record;
    const fields: Record<string, unknown> = {
      ...replaced,
      event_id,
      route_id,
      expires_at: expiresAt(this.now(), this.options.retentionDays),
    };
    const names: Record<string, string> = { '#attempts': 'attempts', '#latencies': 'latencies_ms' };
    const values: Record<string, unknown> = {
      ':attempts': attempts,
      ':latencies': latencies_ms,
      ':empty': [],
    };
    // Placeholders for every name: `status` and others are DynamoDB reserved words.
    const sets = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([name, value], i) => {
        names[`#f${i}`] = name;
        values[`:f${i}`] = value;
        return `#f${i} = :f${i}`;
      });
    sets.push('#latencies = list_append(if_not_exists(#latencies, :empty), :latencies)');
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.options.tableName,
        Key: marshall({ pk: eventPk(event_id), sk: deliverySk(route_id) }),
        UpdateExpression: `SET ${sets.join(', ')} ADD #attempts :attempts`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values, MARSHALL),
      }),
    );
  }

  /** The event's routing record and deliveries, from one Query on its partition (paged past 1 MB). */
  public async getJourney(eventId: string): Promise<EventJourney> {
    let routing: RoutingRecord | null = null;
    const deliveries: DeliveryRecord[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: eventPk(eventId) } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []).map((raw) => unmarshall(raw))) {
        if (item.sk === ROUTING_SK) routing = toRoutingRecord(item);
        else if (typeof item.sk === 'string' && isDeliverySk(item.sk))
          deliveries.push(toDeliveryRecord(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { routing, deliveries };
  }

  /** The routing record and the event's copy, when the router kept one; null for an event it never routed. */
  public async getRoutedEvent(eventId: string): Promise<RoutedEvent | null> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.options.tableName,
        Key: marshall({ pk: eventPk(eventId), sk: ROUTING_SK }),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const item = unmarshall(Item);
    return { routing: toRoutingRecord(item), copy: toRoutedEventCopy(item.event_copy) };
  }
}
