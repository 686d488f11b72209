import { describe, expect, it } from 'vitest';
import {
  type BlobReader,
  MapResultsError,
  type RunReport,
  reportRun,
} from '../../../../shared/sync/usecases/index.ts';
import type { ChildResult, StepOutcome, SyncReportInput } from '../../../../shared/sync/workflow/contract.ts';

const outcome = (
  sync_type: StepOutcome['sync_type'],
  status: StepOutcome['status'],
  error_message: string | null = null,
): StepOutcome => ({
  sync_type,
  status,
  counts: { processed: 10, created: 2, updated: 1, deleted: 0, failed: status === 'PARTIAL' ? 1 : 0 },
  error_message,
  started_at: '2026-11-22T21:00:00.000Z',
  completed_at: '2026-11-22T21:00:05.000Z',
});

const RESULTS: ChildResult[] = [
  {
    tenant_id: 'acme',
    system_type: 'SLACK',
    status: 'SUCCESS',
    outcomes: [outcome('users', 'SUCCESS'), outcome('teams', 'SUCCESS')],
    error_message: null,
  },
  {
    tenant_id: 'beta',
    system_type: 'TEAMS',
    status: 'FAILED',
    outcomes: [],
    error_message: 'States.TaskFailed: <boom>',
  },
  {
    tenant_id: 'zeta',
    system_type: 'LINE_WORKS',
    status: 'PARTIAL',
    outcomes: [outcome('users', 'PARTIAL', '1 of 10 record(s) failed')],
    error_message: null,
  },
];

const BUCKET = 'sync-bucket';

/** The sync bucket, in memory: the objects the Distributed Map's ResultWriter would have written. */
const bucketOf = (objects: Record<string, unknown> = {}): BlobReader & { read: string[] } => {
  const read: string[] = [];
  return {
    bucket: BUCKET,
    read,
    get: async (key) => {
      read.push(key);
      const value = objects[key];
      return value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
    },
  };
};

const run = async (
  dry_run: boolean,
  recipients = ['ops@example.com'],
  results: SyncReportInput['results'] = RESULTS,
  reader: BlobReader = bucketOf(),
) => {
  const saved: RunReport[] = [];
  const sent: { to: readonly string[]; subject: string; html: string; text: string }[] = [];
  const output = await reportRun(
    { run_id: 'run-1', started_at: '2026-11-22T21:00:00.000Z', dry_run, results },
    {
      store: { save: async (r) => void saved.push(r) },
      mailer: { send: async (m) => void sent.push(m) },
      results: reader,
      recipients,
      now: () => new Date('2026-11-22T21:10:00Z'),
    },
  );
  return { output, saved, sent };
};

// What the ResultWriter writes (Transformation NONE): one entry per child execution, its input and output as
// JSON strings; a failed child execution has Error/Cause and no Output.
const childInput = (result: Pick<ChildResult, 'tenant_id' | 'system_type'>) =>
  JSON.stringify({
    item: {
      run_id: 'run-1',
      tenant_id: result.tenant_id,
      system_type: result.system_type,
      sync_types: ['users', 'teams'],
      dry_run: false,
      force_refresh: false,
      batch_size: 100,
    },
    outcomes: [],
    wait_seconds: null,
    fatal_error: null,
  });
const succeeded = (result: ChildResult) => ({
  ExecutionArn: `arn:aws:states:ap-northeast-1:123456789012:execution:sm/TenantSync:${result.tenant_id}`,
  Name: result.tenant_id,
  Status: 'SUCCEEDED',
  Input: childInput(result),
  InputDetails: { Included: true },
  Output: JSON.stringify(result),
  OutputDetails: { Included: true },
  StartDate: '2026-11-22T21:00:00.000Z',
  StopDate: '2026-11-22T21:00:05.000Z',
});
const failed = (input: string | undefined, name = 'child-x') => ({
  ExecutionArn: `arn:aws:states:ap-northeast-1:123456789012:execution:sm/TenantSync:${name}`,
  Name: name,
  Status: 'FAILED',
  ...(input === undefined ? {} : { Input: input }),
  Error: 'States.TaskFailed',
  Cause: '<boom>',
});
const MAP_RUN = 'arn:aws:states:ap-northeast-1:123456789012:mapRun:sm/TenantSync:abc';
const MANIFEST_KEY = 'map-results/abc/manifest.json';
const manifestInput = (bucket = BUCKET): SyncReportInput['results'] => ({
  MapRunArn: MAP_RUN,
  ResultWriterDetails: { Bucket: bucket, Key: MANIFEST_KEY },
});
/** RESULTS as written by the ResultWriter: acme and zeta succeeded, beta's child execution itself failed. */
const WRITTEN = {
  [MANIFEST_KEY]: {
    DestinationBucket: BUCKET,
    MapRunArn: MAP_RUN,
    ResultFiles: {
      SUCCEEDED: [
        { Key: 'map-results/abc/SUCCEEDED_0.json', Size: 100 },
        { Key: 'map-results/abc/SUCCEEDED_1.json', Size: 100 },
      ],
      FAILED: [{ Key: 'map-results/abc/FAILED_0.json', Size: 100 }],
      PENDING: [],
    },
  },
  'map-results/abc/SUCCEEDED_0.json': [succeeded(RESULTS[0]!)],
  'map-results/abc/SUCCEEDED_1.json': [succeeded(RESULTS[2]!)],
  'map-results/abc/FAILED_0.json': [failed(childInput(RESULTS[1]!), 'beta')],
};

describe('Function: reportRun', () => {
  it('aggregates the run, stores the report and mails operators, failures first', async () => {
    // Act
    const { output, saved, sent } = await run(false);

    // Assess
    expect(output).toEqual({
      run_id: 'run-1',
      status: 'PARTIAL',
      tenants: 3,
      failed: 1,
      partial: 1,
      emailed: true,
    });
    expect(saved).toHaveLength(1);
    const text = saved[0]!.rendered.text;
    expect(text.indexOf('beta')).toBeLessThan(text.indexOf('zeta'));
    expect(text.indexOf('zeta')).toBeLessThan(text.indexOf('acme'));
    expect(saved[0]!.rendered.html).toContain('&#60;boom&#62;');
    expect(JSON.parse(saved[0]!.rendered.json)).toMatchObject({ run_id: 'run-1', status: 'PARTIAL' });
    expect(sent).toEqual([
      { to: ['ops@example.com'], subject: saved[0]!.rendered.subject, html: saved[0]!.rendered.html, text },
    ]);
    expect(sent[0]!.subject).toMatch(/^\[tsunagi\] Sync run run-1: PARTIAL/);
  });

  it('stores but does not mail a dry run, nor without recipients', async () => {
    // Act
    const dry = await run(true);
    const nobody = await run(false, []);

    // Assess
    expect([dry.output.emailed, dry.sent.length, dry.saved.length]).toEqual([false, 0, 1]);
    expect(dry.saved[0]!.rendered.subject).toContain('dry run');
    expect([nobody.output.emailed, nobody.sent.length]).toEqual([false, 0]);
  });

  it("reads the results from the ResultWriter's manifest and files, as it would have inline", async () => {
    // Prepare
    const reader = bucketOf(WRITTEN);

    // Act
    const inline = await run(false);
    const written = await run(false, ['ops@example.com'], manifestInput(), reader);

    // Assess
    expect(written.output).toEqual(inline.output);
    expect(reader.read).toEqual([
      MANIFEST_KEY,
      'map-results/abc/SUCCEEDED_0.json',
      'map-results/abc/SUCCEEDED_1.json',
      'map-results/abc/FAILED_0.json',
    ]);
    const report = JSON.parse(written.saved[0]!.rendered.json) as { tenant_counts: unknown };
    expect(report.tenant_counts).toEqual({ SUCCESS: 1, PARTIAL: 1, FAILED: 1 });
    expect(written.saved[0]!.rendered.text).toContain('States.TaskFailed: <boom>');
    expect(written.saved[0]!.rendered.text.indexOf('beta')).toBeLessThan(
      written.saved[0]!.rendered.text.indexOf('zeta'),
    );
  });

  it('counts a failed or never-run child execution whose input cannot be read as FAILED', async () => {
    // Prepare
    const reader = bucketOf({
      [MANIFEST_KEY]: {
        ResultFiles: {
          SUCCEEDED: [],
          FAILED: [{ Key: 'map-results/abc/FAILED_0.json', Size: 1 }],
          PENDING: [{ Key: 'map-results/abc/PENDING_0.json', Size: 1 }],
        },
      },
      'map-results/abc/FAILED_0.json': [failed(undefined, 'lost-input')],
      'map-results/abc/PENDING_0.json': [
        { Name: 'never', Input: childInput({ tenant_id: 'gamma', system_type: 'SLACK' }) },
      ],
    });

    // Act
    const { output, saved } = await run(false, [], manifestInput(), reader);

    // Assess
    expect(output).toMatchObject({ status: 'FAILED', tenants: 2, failed: 2 });
    const text = saved[0]!.rendered.text;
    expect(text).toContain('States.TaskFailed: <boom> (execution lost-input)');
    expect(text).toContain('gamma');
    expect(text).toContain('the child execution did not run');
  });

  it('refuses a missing or malformed manifest, and results in another bucket', async () => {
    await expect(run(false, [], manifestInput(), bucketOf())).rejects.toThrow(MapResultsError);
    await expect(run(false, [], manifestInput(), bucketOf({ [MANIFEST_KEY]: '{not json' }))).rejects.toThrow(
      /is not JSON/,
    );
    await expect(
      run(
        false,
        [],
        manifestInput(),
        bucketOf({ ...WRITTEN, 'map-results/abc/SUCCEEDED_1.json': [{ Output: '{}' }] }),
      ),
    ).rejects.toThrow(/has no ChildResult output/);
    await expect(run(false, [], manifestInput('elsewhere'), bucketOf(WRITTEN))).rejects.toThrow(
      /not in the sync bucket/,
    );
  });
});
