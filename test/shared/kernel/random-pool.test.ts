import { describe, expect, it } from 'vitest';
import { drawRandom } from '../../../shared/kernel/random-pool.ts';

describe('Function: drawRandom', () => {
  it('hands out fresh bytes of the asked length, across refills of the pool', () => {
    // 2,000 draws of 16 bytes take 32 KiB: the 4 KiB pool is refilled eight times on the way.
    const draws = Array.from({ length: 2_000 }, () => drawRandom(16).toString('hex'));
    for (const draw of draws) expect(draw).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(draws).size).toBe(draws.length);
  });

  it('refuses a draw larger than the pool', () => {
    expect(() => drawRandom(4097)).toThrow(RangeError);
  });
});
