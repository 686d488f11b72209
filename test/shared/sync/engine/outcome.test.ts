import { describe, expect, it } from 'vitest';
import { diffRecords } from '../../../../shared/sync/engine/diff.ts';
import {
  classifyOutcome,
  countDiff,
  type OutcomeInput,
  SyncHistoryRowSchema,
  toSyncHistoryRow,
} from '../../../../shared/sync/engine/outcome.ts';

const base: OutcomeInput = {
  tenant_id: 'acme',
  system_type: 'SLACK',
  sync_type: 'users',
  counts: { processed: 200, created: 3, updated: 2, deleted: 1, failed: 0 },
};

describe('Function: classifyOutcome', () => {
  it('is SUCCESS when nothing failed', () => {
    // Act
    const outcome = classifyOutcome(base);

    // Assess
    expect(outcome).toMatchObject({ status: 'SUCCESS', error_message: null, counts: base.counts });
  });

  it('is PARTIAL when some records failed, listing the first few messages', () => {
    // Prepare
    const input = {
      ...base,
      counts: { ...base.counts, failed: 4 },
      failure_messages: ['a is malformed', 'b is malformed', 'c is malformed', 'd is malformed'],
    };

    // Act
    const outcome = classifyOutcome(input);

    // Assess
    expect(outcome).toMatchObject({
      status: 'PARTIAL',
      error_message: '4 of 200 record(s) failed: a is malformed; b is malformed; c is malformed',
    });
  });

  it('is FAILED on a fatal error, whatever the counts', () => {
    // Prepare
    const fatal = new Error('invalid_grant: the refresh token was revoked');

    // Act
    const outcome = classifyOutcome({ ...base, fatal });

    // Assess
    expect(outcome).toMatchObject({
      status: 'FAILED',
      error_message: 'Error: invalid_grant: the refresh token was revoked',
    });
  });

  it('clips a long error message', () => {
    // Act
    const outcome = classifyOutcome({ ...base, fatal: 'x'.repeat(5000) });

    // Assess
    expect(outcome.error_message).toHaveLength(1000);
    expect(outcome.error_message?.endsWith('...')).toBe(true);
  });
});

describe('Function: countDiff', () => {
  it('counts the diff, with map and write failures as failed', () => {
    // Prepare
    const diff = diffRecords([], [], new Date(0), { complete: true });

    // Act
    const counts = countDiff(diff, { processed: 5, map_failures: 2, write_failures: 1 });

    // Assess
    expect(counts).toEqual({ processed: 5, created: 0, updated: 0, deleted: 0, failed: 3 });
  });
});

describe('Function: toSyncHistoryRow', () => {
  it('builds the spec history row with a sync id a retry overwrites', () => {
    // Act
    const row = toSyncHistoryRow(classifyOutcome(base), {
      run_id: '2025-04-01T21:00:00Z',
      started_at: new Date('2025-04-01T21:00:01.000Z'),
      completed_at: new Date('2025-04-01T21:00:09.500Z'),
    });

    // Assess
    expect(SyncHistoryRowSchema.parse(row)).toEqual({
      sync_id: '2025-04-01T21:00:00Z#acme#SLACK#users',
      tenant_id: 'acme',
      system_type: 'SLACK',
      sync_type: 'users',
      started_at: '2025-04-01T21:00:01.000Z',
      completed_at: '2025-04-01T21:00:09.500Z',
      status: 'SUCCESS',
      processed_count: 200,
      created_count: 3,
      updated_count: 2,
      deleted_count: 1,
      error_message: null,
    });
  });
});
