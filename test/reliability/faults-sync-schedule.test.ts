import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_TENANTS } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { readMailbox } from '../../infra/local/ses/local-ses.ts';
import { createLocalSyncRunner } from '../../infra/local/sync/local-sync.ts';
import { readHistory, readReport } from '../../infra/ops/sync-read.ts';
import { resolveTarget } from '../../infra/ops/target.ts';
import { FREE_PORTS } from '../support/free-ports.ts';

describe('Fault: the daily sync schedule fires twice for the same time', () => {
  let platform: LocalPlatform;

  beforeAll(async () => {
    // The SDK's Node 20 notice and Powertools' "no metrics" line would bury the test output.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    platform = await startLocal({
      ...FREE_PORTS,
      consumers: false,
      logLevel: 'SILENT',
      // Fired by hand below: `fire` is what the cron job calls at the due minute.
      syncOptions: { schedulePaused: true, seedIntegrations: true },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    vi.restoreAllMocks();
  });

  it('runs one sync: one execution, one history row per tenant × system × sync type, one report mail', async () => {
    // Prepare
    const sync = platform.sync!;
    const scheduledAt = new Date('2026-11-24T21:00:00Z'); // 06:00 Asia/Tokyo
    const runId = '2026-11-24T21:00:00Z';

    // Act: two deliveries of the same fire at once, a late repeat, and one from another process's runner
    // (no shared memory with this one: only the execution record in DynamoDB stands in its way).
    const [first, second] = await Promise.all([
      sync.schedule.fire(scheduledAt),
      sync.schedule.fire(scheduledAt),
    ]);
    const starts = [first, second].filter((s) => s.started);
    expect(starts).toHaveLength(1);
    const started = starts[0]!;
    if (started.started) await started.done;
    const late = await sync.schedule.fire(scheduledAt);
    const elsewhere = await createLocalSyncRunner({ endpoints: sync.endpoints });
    let fromElsewhere: Awaited<ReturnType<typeof elsewhere.start>>;
    try {
      fromElsewhere = await elsewhere.start({
        run_id: runId,
        dry_run: false,
        force_refresh: false,
        batch_size: 100,
      });
    } finally {
      elsewhere.destroy();
    }

    // Assess
    expect(started.runId).toBe(runId);
    expect([first, second].find((s) => !s.started)).toMatchObject({ started: false, runId });
    expect(late).toMatchObject({ started: false, runId });
    expect(fromElsewhere).toMatchObject({ started: false, runId });
    expect(await sync.runner.executions.get(runId)).toMatchObject({ status: 'SUCCEEDED' });
    const target = resolveTarget({ local: true, 'dynamodb-endpoint': platform.dynamoEndpoint });
    for (const tenantId of DEMO_TENANTS) {
      const rows = (await readHistory(target, { tenantId, limit: 100 })).filter((row) =>
        row.sync_id.startsWith(`${runId}#`),
      );
      // Three systems × three sync types, each exactly once.
      expect(rows, tenantId).toHaveLength(9);
      expect(new Set(rows.map((row) => `${row.system_type}/${row.sync_type}`)).size, tenantId).toBe(9);
      expect(
        rows.every((row) => row.status === 'SUCCESS'),
        tenantId,
      ).toBe(true);
    }
    expect((await readReport(target, runId)).item.status).toBe('SUCCESS');
    const reports = (await readMailbox(platform.ses.mailboxUrl)).filter((mail) =>
      mail.subject.includes(`Sync run ${runId}`),
    );
    expect(reports).toHaveLength(1);
  });
});
