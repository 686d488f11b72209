import { describe, expect, it } from 'vitest';
import { AccessTokenCache } from '../../../../shared/sync/usecases/token-cache.ts';

describe('Class: AccessTokenCache', () => {
  it('hands out a token until five minutes before it expires', () => {
    // Prepare
    const cache = new AccessTokenCache();
    cache.set('acme', 'SLACK', { accessToken: 'a', expiresAt: 1_000_000 });

    // Act & Assess
    expect(cache.get('acme', 'SLACK', 1_000_000 - 300_001)?.accessToken).toBe('a');
    expect(cache.get('acme', 'SLACK', 1_000_000 - 300_000)).toBeNull();
    expect(cache.get('acme', 'TEAMS', 0)).toBeNull();
  });

  it('forgets the oldest tenant when full', () => {
    // Prepare
    const cache = new AccessTokenCache(2);

    // Act
    for (const tenant of ['a', 'b', 'c'])
      cache.set(tenant, 'SLACK', { accessToken: tenant, expiresAt: Number.MAX_SAFE_INTEGER });

    // Assess
    expect(['a', 'b', 'c'].map((t) => cache.get(t, 'SLACK', 0)?.accessToken ?? null)).toEqual([
      null,
      'b',
      'c',
    ]);
  });
});
