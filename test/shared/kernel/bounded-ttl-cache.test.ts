import { describe, expect, it } from 'vitest';
import { BoundedTtlCache } from '../../../shared/kernel/bounded-ttl-cache.ts';

describe('Class: BoundedTtlCache', () => {
  it('returns a value until its time is up', () => {
    // Prepare
    let now = 0;
    const cache = new BoundedTtlCache<string>(1000, 10, () => now);
    cache.set('a', 'A');

    // Act & Assess
    now = 999;
    expect(cache.get('a')).toBe('A');
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets the oldest entry when full', () => {
    // Prepare
    const cache = new BoundedTtlCache<number>(1000, 2);

    // Act
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);

    // Assess
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
    expect(cache.size).toBe(2);
  });
});
