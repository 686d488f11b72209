import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import {
  DEFAULT_RATE_LIMITS,
  type LineWorksCredentials,
  type RateLimitConfig,
  type SlackCredentials,
  type TeamsCredentials,
} from '../../../shared/sync/connectors/index.ts';
import { type FakeHandler, type FakeServer, startFakeServer } from '../fakes/fake-server.ts';
import { FakeBooks, type FakeRequestFilter, type FakeVendorStats } from './books.ts';
import { type FakeFault, FakeGate, type FakeRequestRecord, type FakeVendorName } from './gate.ts';
import { FakeLineWorks } from './lineworks.ts';
import type { PostedLineWorksMessage } from './lineworks-messages.ts';
import { FakeGraph } from './msgraph.ts';
import type { PostedTeamsMessage } from './msgraph-messages.ts';
import { type FakeTenantData, type FakeVendorSeed, generateTenant } from './seed.ts';
import { FakeSlack } from './slack.ts';
import type { VendorAnswer, VendorContext } from './vendor-kit.ts';

export type { FakeRequestFilter, FakeVendorStats } from './books.ts';
export type { FakeFault, FakeRequestRecord, FakeVendorName } from './gate.ts';
export type { PostedLineWorksMessage } from './lineworks-messages.ts';
export { FAKE_GRAPH_APP } from './msgraph.ts';
export type { PostedTeamsMessage } from './msgraph-messages.ts';
export {
  type FakeTenantData,
  type FakeTenantSeed,
  type FakeVendorSeed,
  generateTenant,
  generateTenantSeeds,
} from './seed.ts';
export { FAKE_SLACK_APP } from './slack.ts';

/** Settings of the fake vendors; all optional. */
export interface FakeVendorsOptions {
  /** 0 (default) picks free ports; otherwise Slack on `port`, Graph on `port + 1`, LINE WORKS on `port + 2`. */
  readonly port?: number;
  readonly host?: string;
  /** Default: the demo tenants `acme` and `globex`. */
  readonly seed?: FakeVendorSeed;
  /** Divides every rate window, Retry-After and slow-page delay, so benches run in seconds. Default 1. */
  readonly timeScale?: number;
  /** The quotas enforced, before scaling. Default `DEFAULT_RATE_LIMITS`, the vendors' documented ones. */
  readonly rateLimits?: RateLimitConfig;
  readonly enforceRateLimits?: boolean;
  /** Request records kept for `requests()`; counters keep counting past it. Default 100,000. */
  readonly maxRecords?: number;
}

/** How a connector reaches one seeded tenant at each vendor. */
export interface FakeTenantAccess {
  readonly slack: { readonly tenantKey: string; readonly credentials: SlackCredentials };
  readonly teams: {
    readonly tenantKey: string;
    /** The app's client credentials: application-only tokens, which the sync's reads use. */
    readonly credentials: TeamsCredentials;
    /**
     * The notifying account's delegated refresh token (it consented to `ChannelMessage.Send offline_access`):
     * Graph takes channel messages only with a delegated token.
     */
    readonly messagingRefreshToken: string;
  };
  readonly lineWorks: { readonly tenantKey: string; readonly credentials: LineWorksCredentials };
}

/** Running fake vendors. */
export interface FakeVendors {
  /** Origins of the three servers. */
  readonly urls: { readonly slack: string; readonly msgraph: string; readonly lineworks: string };
  /** Base URLs shaped for the connectors' options. */
  readonly connectorOptions: {
    readonly SLACK: { readonly apiBaseUrl: string };
    readonly TEAMS: { readonly apiBaseUrl: string; readonly authBaseUrl: string };
    readonly LINE_WORKS: { readonly apiBaseUrl: string; readonly authBaseUrl: string };
  };
  readonly timeScale: number;
  tenantIds(): string[];
  /** Credentials as they stand now (Slack's and LINE WORKS' refresh tokens rotate). */
  tenant(id: string): FakeTenantAccess;
  /** The seeded data, to compare a listing against. */
  data(id: string): FakeTenantData;
  stats(): FakeVendorStats;
  requests(filter?: FakeRequestFilter): FakeRequestRecord[];
  /** Chat messages the chat destinations posted (also `GET /messages` on the Graph and LINE WORKS servers). */
  postedMessages(): {
    readonly teams: readonly PostedTeamsMessage[];
    readonly lineWorks: readonly PostedLineWorksMessage[];
  };
  setFault(vendor: FakeVendorName, tenantId: string, fault: FakeFault): void;
  clearFaults(vendor?: FakeVendorName, tenantId?: string): void;
  resetStats(): void;
  stop(): Promise<void>;
}

const DEMO_SEED: FakeVendorSeed = { tenants: [{ id: 'acme' }, { id: 'globex' }] };

const keyPair = async () => {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
};

/** Sub-millisecond epoch time: request gaps in tests and benches are a few milliseconds. */
const preciseNow = (): number => performance.timeOrigin + performance.now();

type Vendors = { readonly slack: FakeSlack; readonly msgraph: FakeGraph; readonly lineworks: FakeLineWorks };

/** One server per vendor; their real paths collide (`/v1.0/users`), so they cannot share one. */
const startServers = async (
  options: FakeVendorsOptions,
  handlerOf: (vendor: FakeVendorName) => FakeHandler,
): Promise<FakeServer[]> => {
  const servers: FakeServer[] = [];
  try {
    for (const [offset, vendor] of (['slack', 'msgraph', 'lineworks'] as const).entries()) {
      const port = options.port ? options.port + offset : 0;
      const name = `${vendor}-sync`;
      servers.push(await startFakeServer({ name, port, host: options.host, handler: handlerOf(vendor) }));
    }
    return servers;
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
};

/** Answers through the vendor's handler and books the request, timed at its arrival. */
const bookingHandler =
  (vendors: Vendors, books: FakeBooks) =>
  (vendor: FakeVendorName): FakeHandler =>
  async (request) => {
    const at = preciseNow();
    const answer: VendorAnswer = await vendors[vendor].handle(request);
    const { tenant, method, response } = answer;
    books.add({ vendor, tenant, method, at, status: response.status, violation: answer.violation ?? false });
    return response;
  };

const accessOf = (vendors: Vendors, data: FakeTenantData): FakeTenantAccess => ({
  slack: { tenantKey: data.slack.teamId, credentials: vendors.slack.credentials(data.id) },
  teams: {
    tenantKey: data.msgraph.tenantId,
    credentials: vendors.msgraph.credentials(data.id),
    messagingRefreshToken: vendors.msgraph.messagingRefreshToken(data.id),
  },
  lineWorks: {
    tenantKey: String(data.lineworks.domainId),
    credentials: vendors.lineworks.credentials(data.id),
  },
});

/** The servers' origins, and the same shaped as the connectors' base-URL options. */
const addressesOf = (servers: readonly FakeServer[]): Pick<FakeVendors, 'urls' | 'connectorOptions'> => {
  const [slack, msgraph, lineworks] = servers.map((server) => server.url) as [string, string, string];
  return {
    urls: { slack, msgraph, lineworks },
    connectorOptions: {
      SLACK: { apiBaseUrl: `${slack}/api` },
      TEAMS: { apiBaseUrl: msgraph, authBaseUrl: msgraph },
      LINE_WORKS: { apiBaseUrl: lineworks, authBaseUrl: lineworks },
    },
  };
};

/** Starts fake Slack, Graph and LINE WORKS servers on 127.0.0.1, seeded, enforcing the vendors' quotas. */
export const startFakeVendors = async (options: FakeVendorsOptions = {}): Promise<FakeVendors> => {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError('timeScale must be > 0');
  const seed = options.seed ?? DEMO_SEED;
  const tenants = new Map(seed.tenants.map((tenant) => [tenant.id, generateTenant(tenant, seed.random)]));
  const gate = new FakeGate(timeScale, options.enforceRateLimits ?? true, preciseNow);
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const context: VendorContext = { gate, timeScale, limits, tenants };
  const vendors: Vendors = {
    slack: new FakeSlack(context),
    msgraph: new FakeGraph(context),
    lineworks: new FakeLineWorks(context, await keyPair()),
  };
  const books = new FakeBooks(options.maxRecords ?? 100_000);
  const servers = await startServers(options, bookingHandler(vendors, books));
  const dataOf = (id: string): FakeTenantData => {
    const data = tenants.get(id);
    if (data === undefined) throw new Error(`no seeded tenant ${id}`);
    return data;
  };
  const setFault = (vendor: FakeVendorName, tenantId: string, fault: FakeFault) => {
    dataOf(tenantId);
    if (fault.kind === 'expire_tokens') vendors[vendor].expireTokens(tenantId);
    else gate.addFault(vendor, tenantId, fault);
  };
  return {
    ...addressesOf(servers),
    timeScale,
    tenantIds: () => [...tenants.keys()],
    tenant: (id) => accessOf(vendors, dataOf(id)),
    data: dataOf,
    stats: () => books.stats(),
    requests: (filter) => books.find(filter),
    postedMessages: () => ({
      teams: vendors.msgraph.messages.list(),
      lineWorks: vendors.lineworks.messages.list(),
    }),
    setFault,
    clearFaults: (vendor, tenantId) => gate.clearFaults(vendor, tenantId),
    resetStats: () => books.reset(),
    stop: () => Promise.all(servers.map((server) => server.stop())).then(() => undefined),
  };
};
