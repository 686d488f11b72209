import { describe, expect, it } from 'vitest';
import { diffValues } from '../../../shared/tenants/diff.ts';

describe('Function: diffValues', () => {
  it('returns nothing for deeply equal values', () => {
    expect(diffValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('reports changed leaves with their paths', () => {
    // Act
    const changes = diffValues(
      { destination: { url: 'https://a', headers: { x: '1' } }, enabled: true },
      { destination: { url: 'https://b', headers: { x: '1' } }, enabled: false },
    );

    // Assess
    expect(changes).toEqual([
      { path: 'destination.url', before: 'https://a', after: 'https://b' },
      { path: 'enabled', before: true, after: false },
    ]);
  });

  it('reports added and removed keys and array items', () => {
    // Act
    const changes = diffValues(
      { to: ['a@x.example'], from: 'f@x.example' },
      { to: ['a@x.example', 'b@x.example'] },
    );

    // Assess
    expect(changes).toEqual([
      { path: 'to[1]', before: undefined, after: 'b@x.example' },
      { path: 'from', before: 'f@x.example', after: undefined },
    ]);
  });

  it('reports a change of type as one change', () => {
    expect(diffValues({ a: { b: 1 } }, { a: [1] })).toEqual([{ path: 'a', before: { b: 1 }, after: [1] }]);
  });

  it('names a top-level scalar change', () => {
    expect(diffValues(1, 2)).toEqual([{ path: '(value)', before: 1, after: 2 }]);
  });
});
