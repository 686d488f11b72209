import { loadavg } from 'node:os';
import { STAGES } from '../../infra/config/stages.ts';
import type { FakeVendors } from '../../infra/local/vendors/index.ts';
import { DEFAULT_UTILISATION, type RateLimitConfig } from '../../shared/sync/connectors/index.ts';
import type { ExternalGroup, ExternalUser } from '../../shared/sync/engine/index.ts';
import { fetchAll } from '../../shared/sync/usecases/mapping-steps.ts';
import type { Metrics } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import {
  authOf,
  type BenchChild,
  benchVendorClients,
  childrenOf,
  PAGE_SIZE,
  pool,
  rateOf,
  startSeededVendors,
  USERS,
} from './world.ts';

// sync.rate_limit_efficiency: the vendor path (token, users, groups per child) under the fakes' enforced limits,
// against the floor those limits and the Map concurrency allow.

/**
 * Vendor windows are divided by this (fakes and connectors alike). With 1,000 tenants the floor is ≈ 37 s / scale
 * (Slack's 20/min users.list dominates); 1.5 gives a ≈ 25 s floor, long enough that the ≈ 10 s of CPU the
 * fakes and clients need in this one process stays well inside it even on a busy 2-core machine.
 */
const EFFICIENCY_TIME_SCALE = 1.5;

interface ChildFloor {
  readonly users: number;
  readonly groups: number;
}

/**
 * The shortest time one child can take, in ms, from the requests the fakes booked for it: a child sends one
 * request at a time, the users step before the teams step, and each method's first request goes at once (burst 1),
 * so each step needs (requests − 1) intervals of its busiest quota. Token requests are not paced and count 0.
 */
const childFloor = (
  vendors: FakeVendors,
  byKey: Readonly<Record<string, { readonly requests: number }>>,
  limits: RateLimitConfig,
  child: BenchChild,
  utilisation: number,
): ChildFloor => {
  const n = (vendor: string, method: string) => byKey[`${vendor}:${child.tenantId}:${method}`]?.requests ?? 0;
  const span = (requests: number, rule: Parameters<typeof rateOf>[0]) =>
    (Math.max(0, requests - (rule.burst ?? 1)) / rateOf(rule, utilisation)) * 1000;
  if (child.system === 'SLACK') {
    return {
      users: span(n('slack', 'users.list'), limits.SLACK['users.list']),
      groups: span(n('slack', 'conversations.list'), limits.SLACK['conversations.list']),
    };
  }
  if (child.system === 'LINE_WORKS') {
    return {
      users: span(n('lineworks', 'users'), limits.LINE_WORKS.users),
      groups: span(n('lineworks', 'groups'), limits.LINE_WORKS.groups),
    };
  }
  // Graph: GET /teams and every GET /teams/{id}/channels share `teams`; each team's own pages also count on `team`.
  const teams = vendors.data(child.tenantId).msgraph.teams.length;
  const channelPages = n('msgraph', 'channels');
  const perTeam = teams === 0 ? 0 : span(Math.ceil(channelPages / teams), limits.TEAMS.team);
  return {
    users: span(n('msgraph', 'users'), limits.TEAMS.users),
    groups: Math.max(span(n('msgraph', 'teams') + channelPages, limits.TEAMS.teams), perTeam),
  };
};

interface FloorSummary {
  readonly floorMs: number;
  readonly sumMs: number;
  readonly maxMs: number;
  readonly perSystem: Record<string, { children: number; meanMs: number }>;
}

/** Lower bound of the whole run: max(Σ child floors ÷ MaxConcurrency, the longest child floor). */
const runFloor = (
  vendors: FakeVendors,
  children: readonly BenchChild[],
  limits: RateLimitConfig,
  concurrency: number,
  utilisation: number,
): FloorSummary => {
  const byKey = vendors.stats().byKey;
  let sumMs = 0;
  let maxMs = 0;
  const perSystem: Record<string, { children: number; meanMs: number }> = {};
  for (const child of children) {
    const floor = childFloor(vendors, byKey, limits, child, utilisation);
    const ms = floor.users + floor.groups;
    sumMs += ms;
    maxMs = Math.max(maxMs, ms);
    const entry = perSystem[child.system] ?? { children: 0, meanMs: 0 };
    perSystem[child.system] = entry;
    entry.meanMs = (entry.meanMs * entry.children + ms) / (entry.children + 1);
    entry.children += 1;
  }
  return { floorMs: Math.max(sumMs / concurrency, maxMs), sumMs, maxMs, perSystem };
};

/** Requests per child by method, averaged per system, for the printout. */
const requestsPerChild = (vendors: FakeVendors, tenants: number): string => {
  const totals = new Map<string, number>();
  for (const [key, counter] of Object.entries(vendors.stats().byKey)) {
    const [vendor, , method] = key.split(':');
    const name = `${vendor} ${method}`;
    totals.set(name, (totals.get(name) ?? 0) + counter.requests);
  }
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, total]) => `${name} ${round(total / tenants, 2)}`)
    .join(', ');
};

export const rateLimitEfficiency = async (tenants: number): Promise<Metrics> => {
  const concurrency = STAGES.prod.sync.maxConcurrency;
  const timeScale = EFFICIENCY_TIME_SCALE;
  const vendors = await startSeededVendors(tenants, USERS, timeScale);
  try {
    const { limits, clients } = benchVendorClients(vendors, timeScale);
    const children = childrenOf(vendors);
    let users = 0;
    let groups = 0;
    const load = loadavg()[0] ?? 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    // One child = the token step, the users step's listing, the teams step's listing (sync-step's vendor path).
    await pool(children, concurrency, async (child) => {
      const client = clients[child.system];
      const { auth } = await authOf(vendors, client, child);
      // Awaited before adding: `x += await …` would read `x` before the await and lose concurrent additions.
      const listedUsers = await fetchAll<ExternalUser>((o) => client.listUsers(auth, o), PAGE_SIZE);
      const listedGroups = await fetchAll<ExternalGroup>((o) => client.listGroups(auth, o), PAGE_SIZE);
      users += listedUsers.records.length;
      groups += listedGroups.records.length;
    });
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuS = (used.user + used.system) / 1e6;
    const stats = vendors.stats();
    const paced = runFloor(vendors, children, limits, concurrency, DEFAULT_UTILISATION);
    const strict = runFloor(vendors, children, limits, concurrency, 1);
    const sys = (floor: FloorSummary) =>
      Object.entries(floor.perSystem)
        .map(([s, e]) => `${s} ${round(e.meanMs, 1)} ms × ${e.children}`)
        .join(', ');
    const floorText = (f: FloorSummary) =>
      `max(Σ ${round(f.sumMs / 1000, 2)} s ÷ ${concurrency}, longest ${round(f.maxMs, 1)} ms) = ${round(f.floorMs / 1000, 2)} s`;
    const value = paced.floorMs / wallMs;
    return {
      'sync.rate_limit_efficiency': {
        value: round(value),
        unit: 'x',
        goal: { op: '>=', value: 0.8 },
        detail:
          `floor ${round(paced.floorMs / 1000, 2)} s / wall ${round(wallMs / 1000, 2)} s; ${tenants} tenants × 3 ` +
          `systems × ${USERS} users (${users} users, ${groups} groups listed), ${children.length} children at most ` +
          `${concurrency} at once (prod Map MaxConcurrency), limits DEFAULT_RATE_LIMITS ÷ timeScale ${timeScale} ` +
          `enforced by the fakes (${stats.requests} requests, ${stats.violations} violations). Driven through ` +
          `sync-step's vendor path (createVendorClients + shared RatePacer + the use cases' fetchAll: token refresh, ` +
          `users listing, groups listing per child; no DynamoDB, no Step Functions runner). Requests per tenant: ` +
          `${requestsPerChild(vendors, tenants)}. Child floor = Σ over its steps of (requests of the step's busiest ` +
          `quota − 1) ÷ (limit × u ÷ window) (one request at a time, burst 1, tokens unpaced); run floor = max(Σ ` +
          `child floors ÷ MaxConcurrency, longest child). Floor INCLUDES the pacers' u = ${DEFAULT_UTILISATION}: ` +
          `${floorText(paced)} [${sys(paced)}]; at u = 1 (the vendors' own limits) ${floorText(strict)}, i.e. ` +
          `${round(strict.floorMs / wallMs)} of the vendor-limit floor. This process (fakes + clients) used ` +
          `${round(cpuS, 1)} s CPU during the run; 1-min load average ${round(load, 2)} at its start (2 cores)`,
      },
    };
  } finally {
    await vendors.stop();
  }
};
