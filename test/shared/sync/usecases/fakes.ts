import { AuthRevokedError, RateLimitWaitRequiredError } from '../../../../shared/sync/connectors/index.ts';
import type {
  ExternalGroup,
  ExternalUser,
  GroupMapping,
  MappingContext,
  NotificationTarget,
  SyncHistoryRow,
  UserMapping,
} from '../../../../shared/sync/engine/index.ts';
import {
  AccessTokenCache,
  CredentialConflictError,
  CredentialMissingError,
  type CredentialStore,
  FreshDirectoryCache,
  type MappingRepository,
  type MappingWrite,
  type Stored,
  type SyncStepDeps,
  type VendorAuth,
  type VendorClient,
  type VendorListOptions,
} from '../../../../shared/sync/usecases/index.ts';
import type { ChildState, SyncItem } from '../../../../shared/sync/workflow/contract.ts';
import type { TenantProfile } from '../../../../shared/tenants/tenant-file.ts';

/** Every port call that matters for ordering, in order. */
export type Journal = string[];

export const user = (id: string, extra: Partial<ExternalUser> = {}): ExternalUser => ({
  external_id: id,
  username: id.toLowerCase(),
  display_name: `User ${id}`,
  email: `${id.toLowerCase()}@acme.example.com`,
  is_bot: false,
  is_deleted: false,
  is_suspended: false,
  ...extra,
});

export const channel = (id: string, extra: Partial<ExternalGroup> = {}): ExternalGroup => ({
  external_id: id,
  kind: 'channel',
  name: `channel-${id}`,
  parent_id: null,
  is_private: false,
  is_archived: false,
  ...extra,
});

/** A Slack-like vendor: refresh rotates the refresh token kept in a JSON secret. */
export class FakeVendor implements VendorClient {
  public readonly system = 'SLACK' as const;
  public users: ExternalUser[] = [];
  public groups: ExternalGroup[] = [];
  public revoked = false;
  public rateLimitedListings = 0;
  public refreshes = 0;
  public live = 'refresh-0';

  public constructor(private readonly journal: Journal) {}

  public async refresh(secret: string) {
    const { refresh_token } = JSON.parse(secret) as { refresh_token: string };
    if (this.revoked || refresh_token !== this.live) {
      throw new AuthRevokedError({
        system: 'SLACK',
        message: 'oauth.v2.access answered invalid_grant',
        failedAt: 0,
      });
    }
    this.refreshes++;
    this.live = `refresh-${this.refreshes}`;
    const accessToken = `access-${this.refreshes}`;
    this.journal.push(`refresh → ${accessToken}`);
    return {
      accessToken,
      expiresAt: Date.parse('2030-01-01T00:00:00Z'),
      rotatedSecret: JSON.stringify({ refresh_token: this.live }),
    };
  }

  public async listUsers(auth: VendorAuth, options: VendorListOptions<ExternalUser>) {
    this.list('users', auth);
    for (let i = 0; i < this.users.length; i += options.pageSize) {
      options.onPage({ records: this.users.slice(i, i + options.pageSize), failures: [] });
    }
  }

  public async listGroups(auth: VendorAuth, options: VendorListOptions<ExternalGroup>) {
    this.list('groups', auth);
    options.onPage({ records: this.groups, failures: [] });
  }

  private list(what: string, auth: VendorAuth): void {
    if (this.rateLimitedListings > 0) {
      this.rateLimitedListings--;
      throw new RateLimitWaitRequiredError({ system: 'SLACK', waitMs: 42_300, failedAt: 0 });
    }
    this.journal.push(`list ${what} with ${auth.accessToken}`);
  }
}

/** Versioned secrets with compare-and-swap, as the Secrets Manager adapter behaves. */
export class FakeCredentials implements CredentialStore {
  public readonly secrets = new Map<string, { value: string; version: number }>();
  public conflicts = 0;
  /** Reads that still see this older value, as a reader racing a concurrent rotation would. */
  public stale: { value: string; version: number; reads: number } | null = null;

  public constructor(private readonly journal: Journal) {}

  public async read(name: string) {
    if (this.stale !== null && this.stale.reads-- > 0) {
      return { value: this.stale.value, version: String(this.stale.version) };
    }
    const secret = this.secrets.get(name);
    if (secret === undefined) throw new CredentialMissingError(`secret ${name} does not exist`);
    return { value: secret.value, version: String(secret.version) };
  }

  public async rotate(name: string, expectedVersion: string, newValue: string) {
    const secret = this.secrets.get(name);
    if (this.conflicts > 0 || secret === undefined || String(secret.version) !== expectedVersion) {
      this.conflicts = Math.max(0, this.conflicts - 1);
      throw new CredentialConflictError(`secret ${name} changed since it was read`);
    }
    this.secrets.set(name, { value: newValue, version: secret.version + 1 });
    this.journal.push(`store ${JSON.parse(newValue).refresh_token}`);
    return String(secret.version + 1);
  }
}

const keyOf = (c: MappingContext) => `${c.tenant_id}#${c.system_type}`;

/** Mappings in memory, counting item writes. */
export class FakeMappings implements MappingRepository {
  public readonly users = new Map<string, Stored<UserMapping>>();
  public readonly groups = new Map<string, Stored<GroupMapping>>();
  public writes = 0;

  public async listUsers(c: MappingContext) {
    return [...this.users.values()].filter((s) => keyOf(s.mapping) === keyOf(c));
  }
  public async listGroups(c: MappingContext) {
    return [...this.groups.values()].filter((s) => keyOf(s.mapping) === keyOf(c));
  }
  public async writeUsers(_: MappingContext, writes: readonly MappingWrite<UserMapping>[]) {
    return this.put(this.users, writes);
  }
  public async writeGroups(_: MappingContext, writes: readonly MappingWrite<GroupMapping>[]) {
    return this.put(this.groups, writes);
  }
  private put<M extends { mapping_id: string }>(
    into: Map<string, Stored<M>>,
    writes: readonly MappingWrite<M>[],
  ) {
    for (const w of writes) {
      const meta = {
        version: (w.previous?.version ?? 0) + 1,
        created_at: w.previous?.created_at ?? 'now',
        created_by: 'test',
      };
      into.set(w.item.mapping_id, { mapping: w.item, meta });
    }
    this.writes += writes.length;
    return { written: writes.length, failures: [] };
  }
}

/** Builds the deps of one tenant `acme` with a Slack integration. */
export const fakeDeps = (now = new Date('2026-11-23T06:00:00Z')) => {
  const journal: Journal = [];
  const vendor = new FakeVendor(journal);
  const credentials = new FakeCredentials(journal);
  credentials.secrets.set('tsunagi/acme/slack', {
    value: JSON.stringify({ refresh_token: 'refresh-0' }),
    version: 1,
  });
  const mappings = new FakeMappings();
  const targets = new Map<string, NotificationTarget>();
  const history: SyncHistoryRow[] = [];
  const tenant: TenantProfile = {
    tenant_id: 'acme',
    name: 'Acme',
    status: 'active',
    integrations: [{ system: 'SLACK', credentials_secret_arn_or_name: 'tsunagi/acme/slack', settings: {} }],
  };
  let targetWrites = 0;
  const deps: SyncStepDeps = {
    tenants: { getTenant: async (id) => (id === 'acme' ? tenant : null) },
    secretPrefix: 'tsunagi',
    credentials,
    vendors: {
      SLACK: vendor,
      TEAMS: vendor as unknown as VendorClient,
      LINE_WORKS: vendor as unknown as VendorClient,
    },
    tokens: new AccessTokenCache(),
    fresh: new FreshDirectoryCache(),
    mappings,
    targets: {
      list: async () => [...targets.values()],
      write: async (_, written) => {
        targetWrites += written.length;
        for (const t of written) targets.set(t.target_id, t);
      },
    },
    internalUsers: { directoryOf: async () => new Map([['u1@acme.example.com', 'internal-1']]) },
    history: { writeHistory: async (rows) => void history.push(...rows) },
    now: () => now,
  };
  const writesSoFar = () => mappings.writes + targetWrites + history.length;
  return { deps, journal, vendor, credentials, mappings, targets, history, writesSoFar };
};

export const itemOf = (extra: Partial<SyncItem> = {}): SyncItem => ({
  run_id: '2026-11-23T06:00:00+09:00',
  tenant_id: 'acme',
  system_type: 'SLACK',
  sync_types: ['users', 'teams', 'notifications'],
  dry_run: false,
  force_refresh: false,
  batch_size: 2,
  ...extra,
});

export const stateOf = (item: SyncItem = itemOf()): ChildState => ({
  item,
  outcomes: [],
  wait_seconds: null,
  fatal_error: null,
});
