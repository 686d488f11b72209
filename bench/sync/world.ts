import { type FakeVendors, startFakeVendors } from '../../infra/local/vendors/index.ts';
import { createVendorClients } from '../../shared/adapters/sync/vendor-clients.ts';
import {
  DEFAULT_RATE_LIMITS,
  type RateLimitConfig,
  type RateLimitRule,
  RatePacer,
  scaleRateLimits,
} from '../../shared/sync/connectors/index.ts';
import type { VendorAuth, VendorClient } from '../../shared/sync/usecases/ports.ts';
import type { ChatSystem } from '../../shared/tenants/destinations.ts';

/** The systems in the order sync-plan lists a tenant's items (sorted). */
export const SYSTEMS = ['LINE_WORKS', 'SLACK', 'TEAMS'] as const satisfies readonly ChatSystem[];

/** One child of the Distributed Map: a tenant × system. */
export interface BenchChild {
  readonly tenantId: string;
  readonly system: ChatSystem;
}

/** Fake vendors seeded with `tenants` tenants of `users` directory entries each, enforcing the scaled quotas. */
export const startSeededVendors = (tenants: number, users: number, timeScale: number): Promise<FakeVendors> =>
  startFakeVendors({
    seed: {
      tenants: Array.from({ length: tenants }, (_, i) => ({ id: `t${String(i).padStart(5, '0')}`, users })),
      random: 42,
    },
    timeScale,
    enforceRateLimits: true,
    maxRecords: 1_000,
  });

/** The children sync-plan would produce: every tenant × its three systems, tenant by tenant. */
export const childrenOf = (vendors: FakeVendors): BenchChild[] =>
  vendors.tenantIds().flatMap((tenantId) => SYSTEMS.map((system) => ({ tenantId, system })));

/** The SecretString sync-step reads for a tenant × system, from the fakes' current credentials. */
export const secretOf = (vendors: FakeVendors, child: BenchChild): string => {
  const access = vendors.tenant(child.tenantId);
  if (child.system === 'SLACK') {
    const c = access.slack.credentials;
    return JSON.stringify({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      refresh_token: c.refreshToken,
    });
  }
  if (child.system === 'TEAMS') {
    const c = access.teams.credentials;
    return JSON.stringify({ tenant_id: c.tenantId, client_id: c.clientId, client_secret: c.clientSecret });
  }
  const c = access.lineWorks.credentials;
  return JSON.stringify({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    service_account: c.serviceAccount,
    private_key: c.privateKey,
    scope: c.scope,
    ...(c.refreshToken === undefined ? {} : { refresh_token: c.refreshToken }),
  });
};

/**
 * The sync-step's vendor clients (real connectors, real pacer at its default 90 % utilisation) pointed at the
 * fakes, with the documented limits divided by `timeScale` exactly as the fakes divide them.
 */
export const benchVendorClients = (
  vendors: FakeVendors,
  timeScale: number,
): { readonly limits: RateLimitConfig; readonly clients: { readonly [S in ChatSystem]: VendorClient } } => {
  const limits = scaleRateLimits(DEFAULT_RATE_LIMITS, timeScale);
  const pacer = new RatePacer({ maxKeys: 100_000 });
  const runtime = { pacer, maxInLambdaWaitMs: 60_000 };
  const clients = createVendorClients({
    SLACK: { ...vendors.connectorOptions.SLACK, ...runtime, rateLimits: limits.SLACK },
    TEAMS: { ...vendors.connectorOptions.TEAMS, ...runtime, rateLimits: limits.TEAMS },
    LINE_WORKS: { ...vendors.connectorOptions.LINE_WORKS, ...runtime, rateLimits: limits.LINE_WORKS },
  });
  return { limits, clients };
};

/** A fresh token for a child, as the token step gets it, and the auth a listing uses. */
export const authOf = async (
  vendors: FakeVendors,
  client: VendorClient,
  child: BenchChild,
): Promise<{ readonly auth: VendorAuth; readonly expiresAt: number }> => {
  const token = await client.refresh(secretOf(vendors, child));
  return {
    expiresAt: token.expiresAt,
    auth: {
      tenantKey: child.tenantId,
      accessToken: token.accessToken,
      refresh: async () => (await client.refresh(secretOf(vendors, child))).accessToken,
    },
  };
};

/** Runs `work` over `items` with at most `concurrency` at once, in order, like the Map's MaxConcurrency. */
export const pool = async <T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
};

/** Requests per second a rule allows at `utilisation` of the quota. */
export const rateOf = (rule: RateLimitRule, utilisation: number): number =>
  (rule.limit * utilisation) / (rule.windowMs / 1000);

/** Users per tenant and system in every sync bench population. */
export const USERS = 200;
/** The page size a run uses by default (`batch_size` 100). */
export const PAGE_SIZE = 100;
