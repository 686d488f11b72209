import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH_BYTES,
  messageBytes,
  planBatches,
  type SizedEntry,
} from '../../../../shared/adapters/delivery/sqs-batches.ts';

const sized = (id: number, bytes: number): SizedEntry => ({
  entry: { Id: `m${id}`, MessageBody: 'x' },
  bytes,
});
const ids = (batches: SizedEntry[][]) => batches.map((batch) => batch.map(({ entry }) => entry.Id));

describe('Function: messageBytes', () => {
  it('counts UTF-8 bytes of the body and of each attribute name, type and value', () => {
    // Act
    const bytes = messageBytes('ありがとう', { route_id: { DataType: 'String', StringValue: 'r1' } });

    // Assess
    expect(bytes).toBe(15 + 'route_id'.length + 'String'.length + 2);
  });
});

describe('Function: planBatches', () => {
  it('puts at most 10 entries in a batch, in order', () => {
    // Act
    const batches = planBatches(Array.from({ length: 23 }, (_, i) => sized(i, 100)));

    // Assess
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(ids(batches).flat()).toEqual(Array.from({ length: 23 }, (_, i) => `m${i}`));
  });

  it('starts a new batch before the total would pass 1 MiB', () => {
    // Prepare
    const third = Math.floor(MAX_BATCH_BYTES / 3);

    // Act
    const batches = planBatches([
      sized(0, third),
      sized(1, third),
      sized(2, third),
      sized(3, 2),
      sized(4, 10),
    ]);

    // Assess
    expect(ids(batches)).toEqual([
      ['m0', 'm1', 'm2'],
      ['m3', 'm4'],
    ]);
  });

  it('leaves out an entry over 1 MiB by itself, for the caller to report', () => {
    // Act
    const batches = planBatches([sized(0, 10), sized(1, MAX_BATCH_BYTES + 1), sized(2, 10)]);

    // Assess
    expect(ids(batches)).toEqual([['m0', 'm2']]);
  });

  it('plans nothing for nothing', () => {
    expect(planBatches([])).toEqual([]);
  });
});
