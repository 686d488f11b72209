import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/ops/errors.ts';
import { readSyncReport, type SyncResultsReader, syncHistory } from '../../../shared/ops/sync-reads.ts';
import type { SyncHistoryRow } from '../../../shared/sync/engine/outcome.ts';

const target = { label: 'local (test)', stage: 'local' };

const row = (sync_id: string, started_at: string, system_type: string) =>
  ({ sync_id, started_at, system_type }) as unknown as SyncHistoryRow;

const results = (overrides: Partial<SyncResultsReader> = {}): SyncResultsReader => ({
  historyRows: async () => [
    row('a', '2026-01-01T06:00:00Z', 'SLACK'),
    row('b', '2026-01-03T06:00:00Z', 'TEAMS'),
    row('c', '2026-01-02T06:00:00Z', 'SLACK'),
  ],
  reportItem: async () => null,
  reportObject: async () => null,
  ...overrides,
});

describe('Function: syncHistory', () => {
  it('returns the rows newest first, of one system when asked, at most limit', async () => {
    // Act
    const all = await syncHistory({ target, results: results() }, { tenantId: 'acme', limit: 2 });
    const slack = await syncHistory(
      { target, results: results() },
      { tenantId: 'acme', systemType: 'SLACK', limit: 10 },
    );

    // Assess
    expect(all).toMatchObject({ target: 'local (test)', tenant_id: 'acme' });
    expect(all.rows.map((r) => r.sync_id)).toEqual(['b', 'c']);
    expect(slack.rows.map((r) => r.sync_id)).toEqual(['c', 'a']);
  });
});

describe('Function: readSyncReport', () => {
  it('reads the item with its text and JSON objects', async () => {
    // Prepare
    const item = {
      run_id: 'r1',
      status: 'SUCCESS',
      dry_run: false,
      tenant_counts: { SUCCESS: 2 },
      location: { bucket: 'b', keys: { json: 'r.json', html: 'r.html', txt: 'r.txt' } },
    };
    const objects: Record<string, string> = { 'r.txt': 'all good', 'r.json': '{"tenants":2}' };
    const reader = results({
      reportItem: async () => item,
      reportObject: async (_bucket, key) => objects[key] ?? null,
    });

    // Act
    const report = await readSyncReport({ target, results: reader }, { runId: 'r1' });

    // Assess
    expect(report).toEqual({ item, text: 'all good', json: { tenants: 2 } });
  });

  it('throws NotFoundError while a run has no report', async () => {
    // Act
    const report = readSyncReport({ target, results: results() }, { runId: 'nope' });

    // Assess
    await expect(report).rejects.toBeInstanceOf(NotFoundError);
    await expect(report).rejects.toThrow(/no report for run "nope" in local \(test\)/);
  });
});
