import { describe, expect, it } from 'vitest';
import { FreshDirectoryCache } from '../../../../shared/sync/usecases/fresh-cache.ts';
import { itemOf } from './fakes.ts';

describe('Class: FreshDirectoryCache', () => {
  it('keeps a child’s lists apart from other runs and tenants', () => {
    // Prepare
    const cache = new FreshDirectoryCache();
    const list = { records: [], complete: true };

    // Act
    cache.put(itemOf(), 'users', list);

    // Assess
    expect(cache.get(itemOf(), 'users')).toBe(list);
    expect(cache.get(itemOf(), 'groups')).toBeNull();
    expect(cache.get(itemOf({ run_id: 'other' }), 'users')).toBeNull();
  });
});
