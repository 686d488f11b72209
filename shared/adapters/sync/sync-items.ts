import type { ChatSystem } from '../../tenants/destinations.ts';

/*
 * Item design of the sync module's data table, in the framework's shape (id = pk#sk, code, name, version,
 * tenantCode, type, attributes, isDeleted, audit fields). The pk ends with the tenant id because the framework
 * takes the tenant from the pk's last segment; one partition per tenant, and sk prefixes per kind and system,
 * so one Query reads a tenant × system's mappings and one batch of puts writes them.
 *   user mapping     pk SYNC#<tenant>  sk USER#<system>#<external id>        type USER_MAPPING
 *   group mapping    pk SYNC#<tenant>  sk GROUP#<system>#<external id>       type GROUP_MAPPING
 *   notif. target    pk SYNC#<tenant>  sk TARGET#<system>#<target id>        type NOTIFICATION_TARGET
 *   internal user    pk SYNC#<tenant>  sk INTERNAL_USER#<user id>            type INTERNAL_USER
 *   history row      pk SYNC#<tenant>  sk HISTORY#<sync id> (run#tenant#system#type)  type SYNC_HISTORY
 *   run report       pk SYNC_RUN#common sk REPORT#<run id>                   type RUN_REPORT
 */

/** The partition of a tenant's sync data. */
export const syncPk = (tenantId: string): string => `SYNC#${tenantId}`;

/** The sk prefix of one kind of item of one system. */
export const kindPrefix = (kind: 'USER' | 'GROUP' | 'TARGET', system: ChatSystem): string =>
  `${kind}#${system}#`;

/** The sk prefix of a tenant's internal users. */
export const INTERNAL_USER_PREFIX = 'INTERNAL_USER#';

/** Run reports are not a tenant's: they live under the framework's conventional `common` tenant. */
export const RUN_REPORT_TENANT = 'common';
export const RUN_REPORT_PK = `SYNC_RUN#${RUN_REPORT_TENANT}`;

/** The item types of the sync table. */
export type SyncItemType =
  | 'USER_MAPPING'
  | 'GROUP_MAPPING'
  | 'NOTIFICATION_TARGET'
  | 'INTERNAL_USER'
  | 'SYNC_HISTORY'
  | 'RUN_REPORT';

/** An item as written by the batch path (the framework adds `cpk`/`csk`/`requestId` on its own path only). */
export interface SyncDataItem {
  readonly pk: string;
  readonly sk: string;
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly version: number;
  readonly tenantCode: string;
  readonly type: SyncItemType;
  readonly attributes: Record<string, unknown>;
  readonly isDeleted: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly createdIp: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly updatedIp: string | null;
}

/** What a batch-path item needs besides its key and content. */
export interface ItemStamp {
  readonly previous: {
    readonly version: number;
    readonly created_at: string;
    readonly created_by: string;
  } | null;
  readonly actor: string;
  readonly now: string;
}

/** Builds a framework-shaped item: version + 1, creation audit kept from the stored item. */
export const syncDataItem = (
  key: { pk: string; sk: string; code: string; name: string; tenantCode: string; type: SyncItemType },
  attributes: Record<string, unknown>,
  isDeleted: boolean,
  stamp: ItemStamp,
): SyncDataItem => ({
  ...key,
  id: `${key.pk}#${key.sk}`,
  version: (stamp.previous?.version ?? 0) + 1,
  // DynamoDB drops undefined; store (and later compare) the same normal form.
  attributes: JSON.parse(JSON.stringify(attributes)) as Record<string, unknown>,
  isDeleted,
  createdAt: stamp.previous?.created_at ?? stamp.now,
  createdBy: stamp.previous?.created_by ?? stamp.actor,
  createdIp: null,
  updatedAt: stamp.now,
  updatedBy: stamp.actor,
  updatedIp: null,
});
