import type { ChatSystem } from '../../tenants/destinations.ts';
import type { TenantProfile } from '../../tenants/tenant-file.ts';
import type {
  ExternalGroup,
  ExternalUser,
  GroupMapping,
  InternalUserDirectory,
  MappingContext,
  NormalisedBatch,
  NotificationTarget,
  SyncHistoryRow,
  UserMapping,
  WriteOp,
} from '../engine/index.ts';

/** The tenants a run may cover (the tenant directory's catalogue). */
export interface SyncTenantSource {
  listTenants(): Promise<readonly TenantProfile[]>;
}

/** Writes an object (plan JSONL, reports) to the sync bucket. */
export interface BlobWriter {
  readonly bucket: string;
  put(key: string, body: string, contentType: string): Promise<void>;
  /** Writes only if no object has the key (S3 `If-None-Match: *`); false when one already does. */
  putIfAbsent(key: string, body: string, contentType: string): Promise<boolean>;
}

/** A credential secret's value, and the version it was read at (the compare-and-swap token). */
export interface VersionedSecret {
  readonly value: string;
  readonly version: string;
}

/**
 * The integrations' credential secrets, as the sync sees the secret store (see credential-store.ts). `rotate`
 * replaces the value only if the secret is still at `expectedVersion` (else rejects with
 * `CredentialConflictError`), so a rotated refresh token never overwrites one written by a concurrent run or an
 * operator's reconnect.
 */
export interface CredentialStore {
  /** Rejects with `CredentialMissingError` when the secret does not exist. */
  read(name: string): Promise<VersionedSecret>;
  rotate(name: string, expectedVersion: string, newValue: string): Promise<string>;
}

/** An access token, and when it expires (epoch ms). */
export interface AccessToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/** A refresh's result; `rotatedSecret` is the new SecretString to store first when the vendor rotated. */
export interface RefreshedToken extends AccessToken {
  readonly rotatedSecret?: string;
}

/** Listing options the use case passes down; `onPage` gets each page already normalised. */
export interface VendorListOptions<R> {
  readonly pageSize: number;
  readonly onPage: (batch: NormalisedBatch<R>) => void;
}

/** One chat system's sync API as the use cases need it: credentials in, normalised records out. */
export interface VendorClient {
  readonly system: ChatSystem;
  /** Parses the SecretString and gets a fresh access token (rotating the refresh token where the vendor does). */
  refresh(secret: string): Promise<RefreshedToken>;
  listUsers(auth: VendorAuth, options: VendorListOptions<ExternalUser>): Promise<void>;
  listGroups(auth: VendorAuth, options: VendorListOptions<ExternalGroup>): Promise<void>;
}

/** What a listing is authorised with; `refresh` is called once when the vendor refuses the token. */
export interface VendorAuth {
  readonly tenantKey: string;
  readonly accessToken: string;
  readonly refresh: () => Promise<string>;
}

/** The stored item's bookkeeping that a whole-item put must carry over. */
export interface StoredMeta {
  readonly version: number;
  readonly created_at: string;
  readonly created_by: string;
}

/** A mapping as read back, with its bookkeeping. */
export interface Stored<M> {
  readonly mapping: M;
  readonly meta: StoredMeta;
}

/** One mapping put; `previous` is null for a new item. */
export interface MappingWrite<M> {
  readonly op: WriteOp;
  readonly item: M;
  readonly previous: StoredMeta | null;
}

/** What a batch of writes did; failed items are counted as PARTIAL, not thrown. */
export interface WriteReport {
  readonly written: number;
  readonly failures: readonly { readonly mapping_id: string; readonly message: string }[];
}

/** User and channel/group mappings of one tenant × system. */
export interface MappingRepository {
  listUsers(context: MappingContext): Promise<Stored<UserMapping>[]>;
  listGroups(context: MappingContext): Promise<Stored<GroupMapping>[]>;
  writeUsers(context: MappingContext, writes: readonly MappingWrite<UserMapping>[]): Promise<WriteReport>;
  writeGroups(context: MappingContext, writes: readonly MappingWrite<GroupMapping>[]): Promise<WriteReport>;
}

/** The tenant's notification targets (which channel or user gets which alerts). */
export interface NotificationTargetStore {
  list(context: MappingContext): Promise<NotificationTarget[]>;
  write(context: MappingContext, targets: readonly NotificationTarget[]): Promise<void>;
}

/** The tenant's internal users by e-mail (stored as items of the sync table). */
export interface InternalUserSource {
  directoryOf(tenantId: string): Promise<InternalUserDirectory>;
}

/** Sync history rows, written through the framework. */
export interface SyncHistoryWriter {
  writeHistory(rows: readonly SyncHistoryRow[]): Promise<void>;
}
