import { afterAll } from 'vitest';
import {
  type FakeVendors,
  type FakeVendorsOptions,
  startFakeVendors,
} from '../../../../infra/local/vendors/index.ts';
import { RetryPolicy, realSleep, type Sleep } from '../../../../shared/kernel/index.ts';
import {
  DEFAULT_RATE_LIMITS,
  type ListOptions,
  type RateLimitConfig,
  scaleRateLimits,
} from '../../../../shared/sync/connectors/index.ts';
import type { ChatSystem } from '../../../../shared/tenants/destinations.ts';

/** Starts fake vendors for one test file and stops them after it. */
export const useFakeVendors = (): ((options: FakeVendorsOptions) => Promise<FakeVendors>) => {
  const started: FakeVendors[] = [];
  afterAll(async () => {
    await Promise.all(started.map((fake) => fake.stop()));
  });
  return async (options) => {
    const fake = await startFakeVendors(options);
    started.push(fake);
    return fake;
  };
};

/** A real sleep that records what it was asked to wait. */
export const recordingSleep = (): { sleep: Sleep; sleeps: number[] } => {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
      await realSleep(ms);
    },
  };
};

/**
 * Connector runtime at the fake's time scale: the same quotas the fake enforces, backoff scaled down, jitter at
 * zero so only Retry-After decides a wait.
 */
export const scaledRuntime = <S extends ChatSystem>(
  system: S,
  timeScale: number,
  limits: RateLimitConfig = DEFAULT_RATE_LIMITS,
) => ({
  rateLimits: scaleRateLimits(limits, timeScale)[system],
  retryPolicy: new RetryPolicy({ baseDelayMs: 1_000 / timeScale, random: () => 0 }),
});

/** Collects every page a listing hands over. */
export const collect = <T>(pageSize?: number) => {
  const pages: (readonly T[])[] = [];
  const options: ListOptions<T> = {
    ...(pageSize === undefined ? {} : { pageSize }),
    onPage: (records) => {
      pages.push(records);
    },
  };
  return { pages, options, all: () => pages.flat() };
};

/** The tenants most tests seed: 250 people, so page size 100 means three pages. */
export const SEED = {
  tenants: [
    {
      id: 'acme',
      users: 250,
      bots: 5,
      deleted: 4,
      suspended: 3,
      channels: 12,
      archivedChannels: 2,
      teams: 4,
    },
    { id: 'globex', users: 30 },
  ],
};
