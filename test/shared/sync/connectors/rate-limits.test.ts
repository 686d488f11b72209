import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RATE_LIMITS,
  RateLimitWaitRequiredError,
  RatePacer,
  rateLimitsOf,
  scaleRateLimits,
} from '../../../../shared/sync/connectors/index.ts';

/** A clock that moves only when the code under test sleeps. */
const fakeTime = () => {
  let now = Date.UTC(2025, 0, 1);
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
};

const TIER_2 = DEFAULT_RATE_LIMITS.SLACK['users.list'];

describe('Const: DEFAULT_RATE_LIMITS', () => {
  it('holds the vendors documented quotas', () => {
    // Assess
    expect(DEFAULT_RATE_LIMITS).toEqual({
      SLACK: {
        'users.list': { limit: 20, windowMs: 60_000 },
        'conversations.list': { limit: 20, windowMs: 60_000 },
      },
      TEAMS: {
        users: { limit: 1_750, windowMs: 10_000 },
        teams: { limit: 30, windowMs: 1_000 },
        team: { limit: 4, windowMs: 1_000 },
      },
      LINE_WORKS: { users: { limit: 240, windowMs: 60_000 }, groups: { limit: 240, windowMs: 60_000 } },
    });
  });
});

describe('Function: scaleRateLimits', () => {
  it('divides every window by the time scale and keeps the limits', () => {
    // Act
    const scaled = scaleRateLimits(DEFAULT_RATE_LIMITS, 60);

    // Assess
    expect(scaled.SLACK['users.list']).toEqual({ limit: 20, windowMs: 1_000 });
    expect(scaled.TEAMS.team).toEqual({ limit: 4, windowMs: 1_000 / 60 });
    expect(() => scaleRateLimits(DEFAULT_RATE_LIMITS, 0)).toThrow(RangeError);
  });
});

describe('Function: rateLimitsOf', () => {
  it('overrides one method and refuses a method the system does not have', () => {
    // Act
    const limits = rateLimitsOf('LINE_WORKS', { users: { limit: 60, windowMs: 60_000 } });

    // Assess
    expect(limits.users.limit).toBe(60);
    expect(limits.groups.limit).toBe(240);
    expect(() => rateLimitsOf('SLACK', { SLACK: TIER_2 } as never)).toThrow(/no rate-limited method SLACK/);
  });
});

describe('Class: RatePacer', () => {
  it('sends the first request at once and the next ones at 90% of the quota', async () => {
    // Prepare
    const time = fakeTime();
    const pacer = new RatePacer(time);
    const slots = [{ key: 'SLACK:T1:users.list', rule: TIER_2 }];

    // Act
    for (let i = 0; i < 3; i++) await pacer.acquire('SLACK', slots, 10_000);

    // Assess: 20 a minute at 90% is one every 3,333⅓ ms.
    expect(time.sleeps).toHaveLength(2);
    for (const ms of time.sleeps) expect(ms).toBeGreaterThanOrEqual(3_333);
    for (const ms of time.sleeps) expect(ms).toBeLessThanOrEqual(3_334);
  });

  it('waits for the slowest of the quotas a request counts against', async () => {
    // Prepare
    const time = fakeTime();
    const pacer = new RatePacer(time);
    const slots = [
      { key: 'TEAMS:t:teams', rule: DEFAULT_RATE_LIMITS.TEAMS.teams },
      { key: 'TEAMS:t:team:x', rule: DEFAULT_RATE_LIMITS.TEAMS.team },
    ];

    // Act
    await pacer.acquire('TEAMS', slots, 10_000);
    await pacer.acquire('TEAMS', slots, 10_000);

    // Assess: 4 rps per team at 90% → 278 ms, longer than the tenant's 30 rps → 38 ms.
    expect(time.sleeps).toEqual([278]);
  });

  it('keeps tenants and methods apart', async () => {
    // Prepare
    const time = fakeTime();
    const pacer = new RatePacer(time);

    // Act
    await pacer.acquire('SLACK', [{ key: 'SLACK:T1:users.list', rule: TIER_2 }], 0);
    await pacer.acquire('SLACK', [{ key: 'SLACK:T2:users.list', rule: TIER_2 }], 0);
    await pacer.acquire('SLACK', [{ key: 'SLACK:T1:conversations.list', rule: TIER_2 }], 0);

    // Assess
    expect(time.sleeps).toEqual([]);
  });

  it('hands a wait longer than the in-Lambda maximum to the caller instead of sleeping', async () => {
    // Prepare
    const time = fakeTime();
    const pacer = new RatePacer(time);
    const slots = [{ key: 'SLACK:T1:users.list', rule: TIER_2 }];
    await pacer.acquire('SLACK', slots, 1_000);

    // Act
    const error = await pacer.acquire('SLACK', slots, 1_000).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(RateLimitWaitRequiredError);
    expect((error as RateLimitWaitRequiredError).waitMs).toBe(3_334);
    expect((error as RateLimitWaitRequiredError).system).toBe('SLACK');
    expect(time.sleeps).toEqual([]);
  });
});
