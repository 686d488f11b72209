import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BoundedTtlCache } from '../../kernel/bounded-ttl-cache.ts';
import type { TenantCatalog, TenantDirectory } from '../../tenants/ports.ts';
import type { Route, TenantProfile } from '../../tenants/tenant-file.ts';
import { TENANT_ID_PATTERN } from '../../webhooks/provider-ids.ts';
import {
  decodeTenantPartition,
  type StoredItem,
  TENANT_SK,
  type TenantSnapshot,
  tenantPk,
} from './tenant-items.ts';

export interface DynamoDbTenantDirectoryOptions {
  /** The tenant module's data table, `tenantTableNames(stage).data`. */
  readonly tableName: string;
  /** How long a tenant (or its absence) is remembered; default 30 s, so an apply reaches routers within that. */
  readonly cacheTtlMs?: number;
  /** Bound on cached tenants; the oldest is forgotten first. Default 1000. */
  readonly cacheMaxEntries?: number;
  readonly now?: () => number;
}

const DEFAULTS = { cacheTtlMs: 30_000, cacheMaxEntries: 1000 } as const;

const toItem = (raw: Record<string, AttributeValue>): StoredItem => unmarshall(raw) as StoredItem;

/**
 * Reads tenant master data from the framework's data table with plain DynamoDB calls (no framework on the hot
 * path): one Query per tenant partition, cached briefly; concurrent lookups of one tenant share one Query.
 */
export class DynamoDbTenantDirectory implements TenantDirectory, TenantCatalog {
  private readonly cache: BoundedTtlCache<Promise<TenantSnapshot | null>>;

  public constructor(
    private readonly client: DynamoDBClient,
    private readonly options: DynamoDbTenantDirectoryOptions,
  ) {
    const { cacheTtlMs, cacheMaxEntries } = { ...DEFAULTS, ...options };
    this.cache = new BoundedTtlCache(cacheTtlMs, cacheMaxEntries, options.now);
  }

  public async getTenant(tenantId: string): Promise<TenantProfile | null> {
    return (await this.snapshot(tenantId))?.profile ?? null;
  }

  public async getRoutes(tenantId: string): Promise<readonly Route[]> {
    return (await this.snapshot(tenantId))?.routes ?? [];
  }

  public async listTenants(): Promise<readonly TenantProfile[]> {
    const profiles: TenantProfile[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.options.tableName,
          FilterExpression: 'sk = :sk',
          ExpressionAttributeValues: { ':sk': { S: TENANT_SK } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (page.Items ?? []).map(toItem)) {
        const snapshot = decodeTenantPartition([item]);
        if (snapshot) profiles.push(snapshot.profile);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return profiles.sort((a, b) => a.tenant_id.localeCompare(b.tenant_id));
  }

  private snapshot(tenantId: string): Promise<TenantSnapshot | null> {
    // A malformed id can never name a partition; answering null spares the table the probe.
    if (!TENANT_ID_PATTERN.test(tenantId)) return Promise.resolve(null);
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    const loading = this.load(tenantId);
    this.cache.set(tenantId, loading);
    // A failed read is not remembered: the next event retries it.
    loading.catch(() => {
      if (this.cache.get(tenantId) === loading) this.cache.delete(tenantId);
    });
    return loading;
  }

  private async load(tenantId: string): Promise<TenantSnapshot | null> {
    const items: StoredItem[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: tenantPk(tenantId) } },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []).map(toItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return decodeTenantPartition(items);
  }
}
