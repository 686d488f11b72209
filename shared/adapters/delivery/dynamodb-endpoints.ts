import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { HELD_RETENTION_DAYS } from '../../delivery/config-names.ts';
import {
  type EndpointHealth,
  type HealthChange,
  initialHealth,
} from '../../delivery/health/endpoint-health.ts';
import type {
  EndpointFilter,
  EndpointHealthStore,
  EndpointRef,
  HeldDeliveries,
  HeldDelivery,
} from '../../delivery/health/ports.ts';
import { LruMap } from '../../kernel/lru-map.ts';

/** Where the endpoints table is. */
export interface DynamoDbEndpointsOptions {
  /** `deliveryResourceNames(stage).endpointsTable`. */
  readonly tableName: string;
  readonly now?: () => number;
  /** Tries of a health update that lost a race with another writer (default 5). */
  readonly maxConflicts?: number;
}

const HEALTH_SK = 'HEALTH';
const HELD_PREFIX = 'HELD#';
const MARSHALL = { removeUndefinedValues: true } as const;

const pkOf = (ref: EndpointRef): string => `ENDPOINT#${ref.tenantId}/${ref.routeId}`;
const heldSk = (held: Pick<HeldDelivery, 'delivery_id' | 'received_at'>): string =>
  `${HELD_PREFIX}${held.received_at}#${held.delivery_id}`;

const HealthItemSchema = z.object({
  tenant_id: z.string(),
  route_id: z.string(),
  status: z.enum(['healthy', 'failing', 'disabled']),
  failing_since: z.string().nullable(),
  consecutive_failures: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  last_failure_at: z.string().nullable(),
  last_success_at: z.string().nullable(),
  disabled_at: z.string().nullable(),
  disabled_reason: z.enum(['automatic', 'gone', 'manual']).nullable(),
  updated_at: z.string(),
  version: z.number().int().nonnegative(),
});

const HeldItemSchema = z.object({
  delivery_id: z.string(),
  event_id: z.string(),
  received_at: z.string(),
  held_at: z.string(),
  body: z.string(),
  attributes: z.record(z.string(), z.string()),
});

const toHealth = (item: Record<string, AttributeValue>): { health: EndpointHealth; version: number } => {
  const { version, ...health } = HealthItemSchema.parse(unmarshall(item));
  return { health, version };
};

/**
 * Endpoint health and held deliveries on one DynamoDB table (config-names.ts, ENDPOINTS_KEYS). A health update
 * is a read and a conditional put on the record's version; held deliveries sort by receipt under the
 * destination's partition, so releasing them in order is one query.
 */
export class DynamoDbEndpoints implements EndpointHealthStore, HeldDeliveries {
  private readonly now: () => number;
  /**
   * The last record this instance read or wrote per destination, with its version: an update starts from it
   * with a conditional put instead of reading first, and reads only when someone else wrote meanwhile.
   */
  private readonly seen = new LruMap<{ stored: { health: EndpointHealth; version: number } | null }>(1_000);

  public constructor(
    private readonly client: DynamoDBClient,
    private readonly options: DynamoDbEndpointsOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  public async get(ref: EndpointRef): Promise<EndpointHealth | null> {
    return (await this.read(ref))?.health ?? null;
  }

  public async update(
    ref: EndpointRef,
    change: (current: EndpointHealth) => HealthChange,
  ): Promise<HealthChange> {
    const tries = this.options.maxConflicts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const remembered = attempt === 1 ? this.seenOf(ref).stored : null;
      const stored = remembered ?? (await this.read(ref));
      const current = stored?.health ?? initialHealth(ref.tenantId, ref.routeId, this.now());
      const next = change(current);
      const version = (stored?.version ?? 0) + 1;
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.options.tableName,
            Item: marshall({ pk: pkOf(ref), sk: HEALTH_SK, ...next.health, version }, MARSHALL),
            ConditionExpression: stored ? 'version = :seen' : 'attribute_not_exists(pk)',
            ...(stored ? { ExpressionAttributeValues: marshall({ ':seen': stored.version }) } : {}),
          }),
        );
        this.seenOf(ref).stored = { health: next.health, version };
        return next;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // A remembered record that was stale costs a read, not one of the tries.
        if (attempt >= tries + (remembered ? 1 : 0)) throw error;
      }
    }
  }

  public async list(filter: EndpointFilter): Promise<EndpointHealth[]> {
    const conditions = ['sk = :health'];
    const values: Record<string, string> = { ':health': HEALTH_SK };
    const names: Record<string, string> = {};
    if (filter.tenantId !== undefined) {
      conditions.push('tenant_id = :tenant');
      values[':tenant'] = filter.tenantId;
    }
    if (filter.status !== undefined) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    const records: EndpointHealth[] = [];
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.options.tableName,
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeValues: marshall(values),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) records.push(toHealth(item).health);
    }
    return records.sort(
      (a, b) => a.tenant_id.localeCompare(b.tenant_id) || a.route_id.localeCompare(b.route_id),
    );
  }

  public async hold(ref: EndpointRef, held: HeldDelivery): Promise<void> {
    const expiresAt = Math.floor(this.now() / 1000) + HELD_RETENTION_DAYS * 86_400;
    await this.client.send(
      new PutItemCommand({
        TableName: this.options.tableName,
        Item: marshall({ pk: pkOf(ref), sk: heldSk(held), ...held, expires_at: expiresAt }, MARSHALL),
      }),
    );
  }

  public async oldest(ref: EndpointRef, limit: number, since?: string): Promise<HeldDelivery[]> {
    const held: HeldDelivery[] = [];
    for await (const item of this.heldItems(ref, since, limit)) {
      held.push(HeldItemSchema.parse(unmarshall(item)));
      if (held.length >= limit) break;
    }
    return held;
  }

  public async release(
    ref: EndpointRef,
    held: Pick<HeldDelivery, 'delivery_id' | 'received_at'>,
  ): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: this.options.tableName,
        Key: marshall({ pk: pkOf(ref), sk: heldSk(held) }),
      }),
    );
  }

  public async count(ref: EndpointRef, since?: string): Promise<number> {
    let total = 0;
    const pages = paginateQuery({ client: this.client }, { ...this.heldQuery(ref, since), Select: 'COUNT' });
    for await (const page of pages) total += page.Count ?? 0;
    return total;
  }

  private async read(ref: EndpointRef): Promise<{ health: EndpointHealth; version: number } | null> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.options.tableName,
        Key: marshall({ pk: pkOf(ref), sk: HEALTH_SK }),
        ConsistentRead: true,
      }),
    );
    const stored = Item ? toHealth(Item) : null;
    this.seenOf(ref).stored = stored;
    return stored;
  }

  private seenOf(ref: EndpointRef) {
    return this.seen.getOrCreate(pkOf(ref), () => ({ stored: null }));
  }

  private heldQuery(ref: EndpointRef, since?: string): QueryCommandInput {
    return {
      TableName: this.options.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :held)',
      ExpressionAttributeValues: marshall({ ':pk': pkOf(ref), ':held': HELD_PREFIX }),
      ...(since === undefined
        ? {}
        : {
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: marshall({
              ':pk': pkOf(ref),
              ':from': `${HELD_PREFIX}${since}`,
              ':to': `${HELD_PREFIX}\uffff`,
            }),
          }),
      ConsistentRead: true,
    };
  }

  private async *heldItems(ref: EndpointRef, since: string | undefined, limit: number) {
    const pages = paginateQuery(
      { client: this.client, pageSize: Math.min(limit, 100) },
      this.heldQuery(ref, since),
    );
    for await (const page of pages) yield* page.Items ?? [];
  }
}
