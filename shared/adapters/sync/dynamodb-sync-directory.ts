import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import {
  type InternalUserDirectory,
  type MappingContext,
  type NotificationTarget,
  NotificationTargetSchema,
} from '../../sync/engine/index.ts';
import type { InternalUserSource, NotificationTargetStore } from '../../sync/usecases/ports.ts';
import type { DynamoDbBatchWriter } from './dynamodb-batch-writer.ts';
import { metaOf, queryPrefix, SyncDataError } from './dynamodb-sync-query.ts';
import { INTERNAL_USER_PREFIX, kindPrefix, type SyncDataItem, syncDataItem, syncPk } from './sync-items.ts';

/** An internal user as stored in the sync table (seeded by the user service, or by tests and local mode). */
export const InternalUserSchema = z.object({ user_id: z.string().min(1), email: z.string() });
export type InternalUser = z.infer<typeof InternalUserSchema>;

const STAMP = { previous: null, actor: 'tsunagi-seed', now: new Date(0).toISOString() } as const;

/** The item of an internal user, for whoever seeds them. */
export const internalUserItem = (tenantId: string, user: InternalUser, now = new Date()): SyncDataItem =>
  syncDataItem(
    {
      pk: syncPk(tenantId),
      sk: `${INTERNAL_USER_PREFIX}${user.user_id}`,
      code: user.user_id,
      name: user.email,
      tenantCode: tenantId,
      type: 'INTERNAL_USER',
    },
    user,
    false,
    { ...STAMP, now: now.toISOString() },
  );

/** The item of a notification target, for the store and whoever seeds them. */
export const notificationTargetItem = (
  tenantId: string,
  target: NotificationTarget,
  stamp: Parameters<typeof syncDataItem>[3] = STAMP,
): SyncDataItem =>
  syncDataItem(
    {
      pk: syncPk(tenantId),
      sk: `${kindPrefix('TARGET', target.system_type)}${target.target_id}`,
      code: target.target_id,
      name: target.name_snapshot,
      tenantCode: tenantId,
      type: 'NOTIFICATION_TARGET',
    },
    target,
    false,
    stamp,
  );

/** Internal users and notification targets of the sync table. */
export class DynamoDbSyncDirectory implements InternalUserSource, NotificationTargetStore {
  public constructor(
    private readonly client: DynamoDBClient,
    private readonly options: {
      readonly tableName: string;
      readonly writer: DynamoDbBatchWriter;
      readonly now?: () => Date;
    },
  ) {}

  public async directoryOf(tenantId: string): Promise<InternalUserDirectory> {
    const items = await queryPrefix(
      this.client,
      this.options.tableName,
      syncPk(tenantId),
      INTERNAL_USER_PREFIX,
    );
    const directory = new Map<string, string>();
    for (const item of items) {
      const user = InternalUserSchema.safeParse(item.attributes);
      // A deleted internal user must not receive anyone's mapping.
      if (user.success && item.isDeleted !== true) directory.set(user.data.email, user.data.user_id);
    }
    return directory;
  }

  public async list(context: MappingContext): Promise<NotificationTarget[]> {
    const prefix = kindPrefix('TARGET', context.system_type);
    const items = await queryPrefix(this.client, this.options.tableName, syncPk(context.tenant_id), prefix);
    return items
      .filter((item) => item.isDeleted !== true)
      .map((item) => {
        const parsed = NotificationTargetSchema.safeParse(item.attributes);
        if (!parsed.success) throw new SyncDataError(`${item.pk} ${item.sk} is not a notification target`);
        return parsed.data;
      });
  }

  public async write(context: MappingContext, targets: readonly NotificationTarget[]): Promise<void> {
    const prefix = kindPrefix('TARGET', context.system_type);
    const stored = await queryPrefix(this.client, this.options.tableName, syncPk(context.tenant_id), prefix);
    const meta = new Map(stored.map((item) => [item.code, metaOf(item)]));
    const now = (this.options.now?.() ?? new Date()).toISOString();
    const items = targets.map((target) =>
      notificationTargetItem(context.tenant_id, target, {
        previous: meta.get(target.target_id) ?? null,
        actor: 'tsunagi-sync',
        now,
      }),
    );
    const result = await this.options.writer.putAll(items);
    if (result.failed.length > 0)
      throw new SyncDataError(`${result.failed.length} notification target(s) were not written`);
  }
}
