import type { ChatSystem } from '../../tenants/destinations.ts';
import type { TenantDirectory } from '../../tenants/ports.ts';
import type { FreshDirectoryCache } from './fresh-cache.ts';
import type {
  CredentialStore,
  InternalUserSource,
  MappingRepository,
  NotificationTargetStore,
  SyncHistoryWriter,
  VendorClient,
} from './ports.ts';
import type { AccessTokenCache } from './token-cache.ts';

/** Everything the child workflow's steps use; built once per sync-step container. */
export interface SyncStepDeps {
  readonly tenants: Pick<TenantDirectory, 'getTenant'>;
  /** Credential secrets must lie under `{secretPrefix}/{tenant_id}/`, so one tenant cannot use another's. */
  readonly secretPrefix: string;
  readonly credentials: CredentialStore;
  readonly vendors: { readonly [S in ChatSystem]: VendorClient };
  readonly tokens: AccessTokenCache;
  readonly fresh: FreshDirectoryCache;
  readonly mappings: MappingRepository;
  readonly targets: NotificationTargetStore;
  readonly internalUsers: InternalUserSource;
  readonly history: SyncHistoryWriter;
  readonly now: () => Date;
}
