import { describe, expect, it } from 'vitest';
import type { SyncHistoryRow, SyncResult } from '../../../../shared/sync/engine/outcome.ts';
import { combineStatuses, summarizeRun } from '../../../../shared/sync/engine/run-summary.ts';

const row = (
  tenant_id: string,
  system_type: SyncHistoryRow['system_type'],
  sync_type: SyncHistoryRow['sync_type'],
  status: SyncResult,
  processed = 10,
): SyncHistoryRow => ({
  sync_id: `run#${tenant_id}#${system_type}#${sync_type}`,
  tenant_id,
  system_type,
  sync_type,
  started_at: '2025-04-01T21:00:00.000Z',
  completed_at: '2025-04-01T21:00:05.000Z',
  status,
  processed_count: processed,
  created_count: 1,
  updated_count: 2,
  deleted_count: 3,
  error_message: status === 'SUCCESS' ? null : 'something failed',
});

describe('Function: combineStatuses', () => {
  it.each([
    [['SUCCESS', 'SUCCESS'], 'SUCCESS'],
    [['FAILED', 'FAILED'], 'FAILED'],
    [['SUCCESS', 'FAILED'], 'PARTIAL'],
    [['SUCCESS', 'PARTIAL'], 'PARTIAL'],
    [[], 'SUCCESS'],
  ] as const)('combines %j into %s', (statuses, expected) => {
    // Act
    const status = combineStatuses(statuses);

    // Assess
    expect(status).toBe(expected);
  });
});

describe('Function: summarizeRun', () => {
  it('lists failed tenants first, then partial, then successful, each by id, with the totals', () => {
    // Prepare
    const rows = [
      row('alpha', 'SLACK', 'users', 'SUCCESS'),
      row('zeta', 'SLACK', 'users', 'FAILED', 0),
      row('beta', 'TEAMS', 'users', 'SUCCESS'),
      row('beta', 'SLACK', 'teams', 'PARTIAL'),
      row('gamma', 'LINE_WORKS', 'users', 'FAILED', 0),
    ];

    // Act
    const summary = summarizeRun(rows);

    // Assess
    expect(summary.tenants.map((tenant) => [tenant.tenant_id, tenant.status])).toEqual([
      ['gamma', 'FAILED'],
      ['zeta', 'FAILED'],
      ['beta', 'PARTIAL'],
      ['alpha', 'SUCCESS'],
    ]);
    expect(summary.status).toBe('PARTIAL');
    expect(summary.tenant_counts).toEqual({ FAILED: 2, PARTIAL: 1, SUCCESS: 1 });
    expect(summary.totals).toEqual({ processed: 30, created: 5, updated: 10, deleted: 15 });
  });

  it('orders a tenant rows worst first, then by system and sync type', () => {
    // Prepare
    const rows = [
      row('acme', 'TEAMS', 'notifications', 'SUCCESS'),
      row('acme', 'SLACK', 'teams', 'SUCCESS'),
      row('acme', 'SLACK', 'users', 'SUCCESS'),
      row('acme', 'LINE_WORKS', 'users', 'FAILED'),
    ];

    // Act
    const summary = summarizeRun(rows);

    // Assess
    expect(summary.tenants[0]?.rows.map((r) => `${r.system_type}/${r.sync_type}`)).toEqual([
      'LINE_WORKS/users',
      'SLACK/users',
      'SLACK/teams',
      'TEAMS/notifications',
    ]);
    expect(summary.tenants[0]?.totals.processed).toBe(40);
  });

  it('is SUCCESS for an empty run', () => {
    // Act
    const summary = summarizeRun([]);

    // Assess
    expect(summary).toEqual({
      status: 'SUCCESS',
      tenants: [],
      tenant_counts: { FAILED: 0, PARTIAL: 0, SUCCESS: 0 },
      totals: { processed: 0, created: 0, updated: 0, deleted: 0 },
    });
  });
});
