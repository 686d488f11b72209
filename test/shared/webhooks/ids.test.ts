import { describe, expect, it } from 'vitest';
import { newEventId, newTraceId } from '../../../shared/webhooks/ids.ts';

const UUID_V7 = /^evt_([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Function: newEventId', () => {
  it('is evt_ and a UUIDv7 whose first 48 bits are the receipt time in milliseconds', () => {
    const nowMs = Date.UTC(2026, 10, 23, 6, 0, 0, 123);
    const match = UUID_V7.exec(newEventId(nowMs));
    expect(match).not.toBeNull();
    expect(Number.parseInt(`${match![1]}${match![2]}`, 16)).toBe(nowMs);
  });

  it('sorts by receipt time and never repeats', () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => newEventId(1_795_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1_000 }, () => newEventId(1_795_000_000_000))).size).toBe(1_000);
  });
});

describe('Function: newTraceId', () => {
  it('is 32 lower-case hex digits, fresh each time', () => {
    const ids = Array.from({ length: 1_000 }, () => newTraceId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
