import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../../../shared/sync/engine/hash.ts';

describe('Function: canonicalJson', () => {
  it('sorts keys at every level, keeps array order and drops undefined members', () => {
    // Act
    const json = canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: undefined } });

    // Assess
    expect(json).toBe('{"a":{"d":[2,{"y":"x","z":null}]},"b":1}');
  });
});

describe('Function: contentHash', () => {
  it('is the same for the same fields in any key order', () => {
    // Act
    const hashes = [
      contentHash({ id: 'U1', name: 'a', email: null }),
      contentHash({ email: null, name: 'a', id: 'U1' }),
    ];

    // Assess
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[1]).toBe(hashes[0]);
  });

  it('changes when a value changes, including null against absent', () => {
    // Act
    const hashes = new Set([
      contentHash({ a: 'x' }),
      contentHash({ a: 'y' }),
      contentHash({ a: null }),
      contentHash({}),
    ]);

    // Assess
    expect(hashes.size).toBe(4);
  });
});
