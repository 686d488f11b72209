import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { runSyncLocally } from '../../infra/ops/sync-local.ts';
import { readHistory, readReport } from '../../infra/ops/sync-read.ts';
import { syncRunInput } from '../../infra/ops/sync-run.ts';
import { resolveTarget, type Target } from '../../infra/ops/target.ts';
import { syncResourceNames } from '../../shared/sync/workflow/config-names.ts';
import { FREE_PORTS } from '../support/free-ports.ts';

/**
 * The daily sync end to end in local mode: the deployed state machine definition run by the local runner,
 * the real sync-plan / sync-step / sync-report handlers, the fake Slack, Graph and LINE WORKS, dynalite and
 * the object store, exactly as `npm start` and `ops sync run --local` run them.
 */

type Item = Record<string, unknown> & { pk: string; sk: string; version?: number; updatedAt?: string };

describe('Local mode: the daily tenant sync', () => {
  let platform: LocalPlatform;
  let target: Target;
  let stateDir: string;

  const run = async (values: Parameters<typeof syncRunInput>[0]) => {
    const sync = platform.sync!;
    return runSyncLocally(syncRunInput(values), {
      json: true,
      runner: sync.runner,
      endpoints: sync.endpoints,
    });
  };

  const scan = async (): Promise<Item[]> => {
    const client = target.dynamo();
    try {
      const table = syncResourceNames('local').syncTable;
      const page = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
      return (page.Items ?? []).map((item) => unmarshall(item) as Item);
    } finally {
      client.destroy();
    }
  };
  const mappings = async () => (await scan()).filter((item) => /^(USER|GROUP|TARGET)#/.test(item.sk));

  beforeAll(async () => {
    // The SDK's Node 20 notice and Powertools' "no metrics" line would bury the test output.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    stateDir = await mkdtemp(join(tmpdir(), 'tsunagi-sync-it-'));
    platform = await startLocal({
      ...FREE_PORTS,
      consumers: false,
      logLevel: 'SILENT',
      syncOptions: { stateDir, schedulePaused: true, seedIntegrations: true },
    });
    target = resolveTarget({ local: true, 'dynamodb-endpoint': platform.dynamoEndpoint });
  });

  afterAll(async () => {
    await platform?.stop();
    await rm(stateDir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('--dry-run computes the differences and writes no mapping', async () => {
    const summary = await run({ 'run-id': 'it-dry', 'dry-run': true });
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.progress).toMatchObject({ total: 6, succeeded: 6, failed: 0 });
    expect(await mappings()).toEqual([]);
  });

  it('one tenant failing (invalid_grant) leaves the others SUCCESS and the run PARTIAL', async () => {
    platform.sync!.vendors.setFault('slack', 'globex', { kind: 'invalid_grant' });
    try {
      // --force-refresh: the functions keep access tokens across runs (a warm container does), so only a
      // refresh meets the revoked grant.
      const summary = await run({ 'run-id': 'it-partial', 'force-refresh': true });
      expect(summary.status).toBe('SUCCEEDED');
      // The report counts tenants: globex is PARTIAL (its Slack child FAILED, Teams and LINE WORKS did not).
      const output = summary.output as { status: string; failed: number; partial: number };
      expect(output.status).toBe('PARTIAL');
      expect(output.failed + output.partial).toBe(1);
    } finally {
      platform.sync!.vendors.clearFaults();
    }
    const globex = await readHistory(target, { tenantId: 'globex', limit: 100 });
    const thisRun = globex.filter((row) => row.sync_id.startsWith('it-partial#'));
    const slack = thisRun.filter((row) => row.system_type === 'SLACK');
    expect(slack.length).toBeGreaterThan(0);
    for (const row of slack) {
      expect(row.status).toBe('FAILED');
      expect(row.error_message).toMatch(/invalid_grant|revoked/i);
    }
    expect(
      thisRun.filter((row) => row.system_type !== 'SLACK').every((row) => row.status === 'SUCCESS'),
    ).toBe(true);
    const acme = (await readHistory(target, { tenantId: 'acme', limit: 100 })).filter((row) =>
      row.sync_id.startsWith('it-partial#'),
    );
    expect(acme).toHaveLength(9);
    expect(acme.every((row) => row.status === 'SUCCESS')).toBe(true);
    const report = await readReport(target, 'it-partial');
    expect(report.item.status).toBe('PARTIAL');
    expect(report.text).toMatch(/globex/);
  });

  it('a second run with no upstream change writes no mapping item', async () => {
    await run({ 'run-id': 'it-full-1' });
    const before = await mappings();
    expect(before.length).toBeGreaterThan(0);
    const summary = await run({ 'run-id': 'it-full-2' });
    expect(summary.output).toMatchObject({ status: 'SUCCESS', failed: 0 });
    const after = await mappings();
    const stamp = (items: Item[]) => items.map((i) => `${i.pk}|${i.sk}|${i.version}|${i.updatedAt}`).sort();
    expect(stamp(after)).toEqual(stamp(before));
  });

  it('--tenant-id touches only that tenant', async () => {
    const vendors = platform.sync!.vendors;
    vendors.resetStats();
    const summary = await run({ 'run-id': 'it-acme', 'tenant-id': 'acme' });
    expect(summary.progress).toMatchObject({ total: 3, succeeded: 3 });
    const keysOf = (id: string) => {
      const access = vendors.tenant(id);
      return [access.slack.tenantKey, access.teams.tenantKey, access.lineWorks.tenantKey, id];
    };
    const seen = new Set(vendors.requests().map((request) => request.tenant));
    expect(keysOf('acme').some((key) => seen.has(key))).toBe(true);
    expect(keysOf('globex').filter((key) => seen.has(key))).toEqual([]);
    const globexRows = await readHistory(target, { tenantId: 'globex', limit: 100 });
    expect(globexRows.some((row) => row.sync_id.startsWith('it-acme#'))).toBe(false);
    const acmeRows = await readHistory(target, { tenantId: 'acme', limit: 100 });
    expect(acmeRows.filter((row) => row.sync_id.startsWith('it-acme#'))).toHaveLength(9);
  });

  it('the schedule fired twice for one time starts one run, named after the time', async () => {
    const schedule = platform.sync!.schedule;
    const at = new Date('2026-11-23T21:00:00Z');
    const [first, second] = await Promise.all([schedule.fire(at), schedule.fire(at)]);
    expect([first.started, second.started].filter(Boolean)).toHaveLength(1);
    const started = first.started ? first : second;
    if (started.started) await started.done;
    const record = await platform.sync!.runner.executions.get('2026-11-23T21:00:00Z');
    expect(record).toMatchObject({ status: 'SUCCEEDED' });
    // And the CLI refuses the same run id.
    await expect(run({ 'run-id': '2026-11-23T21:00:00Z' })).rejects.toThrow(/already started/);
  });
});
