import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TraceEvent } from '../../../../infra/local/sync/step-functions-runner.ts';
import { UsageError } from '../../../../infra/ops/cli.ts';
import { progressFromTrace, renderProgress } from '../../../../infra/ops/sync-progress.ts';
import { executionNameFor, manualRunId, syncRun, syncRunInput } from '../../../../infra/ops/sync-run.ts';
import { runSyncOnStage } from '../../../../infra/ops/sync-stage.ts';
import { runFailed, summaryLines } from '../../../../infra/ops/sync-summary.ts';

const captureLog = () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return lines;
};

afterEach(() => vi.restoreAllMocks());

describe('sync run: options', () => {
  it('builds the state machine input the contract expects', () => {
    const input = syncRunInput(
      {
        'tenant-id': 'acme',
        'system-type': 'slack',
        'sync-type': 'Users',
        'dry-run': true,
        'batch-size': '50',
        'run-id': 'r1',
      },
      new Date('2026-11-23T06:24:00.123Z'),
    );
    expect(input).toEqual({
      run_id: 'r1',
      tenant_id: 'acme',
      system_type: 'SLACK',
      sync_type: 'users',
      dry_run: true,
      force_refresh: false,
      batch_size: 50,
    });
    expect(syncRunInput({}, new Date('2026-11-23T06:24:00.123Z')).run_id).toBe('manual-20261123T062400Z');
  });

  it('names each bad option', () => {
    expect(() => syncRunInput({ 'system-type': 'HIPCHAT' })).toThrow(/--system-type/);
    expect(() => syncRunInput({ 'batch-size': '500' })).toThrow(/--batch-size/);
    expect(() => syncRunInput({ 'batch-size': 'many' })).toThrow(UsageError);
    expect(() => syncRunInput({ 'sync-type': 'channels' })).toThrow(/--sync-type/);
  });

  it('makes execution names of run ids (no colons)', () => {
    expect(executionNameFor('2026-11-23T21:00:00Z')).toBe('2026-11-23T21-00-00Z');
    expect(manualRunId(new Date('2026-01-02T03:04:05Z'))).toBe('manual-20260102T030405Z');
  });

  it('prints help and insists on exactly one target', async () => {
    const lines = captureLog();
    await syncRun(['--help']);
    expect(lines.join('\n')).toMatch(/--tenant-id[\s\S]*--dry-run[\s\S]*--batch-size/);
    await expect(syncRun([])).rejects.toThrow(/--local or --stage/);
    await expect(syncRun(['--local', '--stage', 'dev'])).rejects.toThrow(/mutually exclusive/);
  });
});

describe('sync run: progress', () => {
  const event = (type: string, extra: Partial<TraceEvent> = {}): TraceEvent => ({
    type,
    timestamp: 1,
    ...extra,
  });

  it('counts the children of the Map a reader fed', () => {
    const trace = [
      event('StateEntered', { state: 'Plan' }),
      event('ItemsRead', { state: 'Tenants', count: 4 }),
      event('MapIterationSucceeded', { state: 'Tenants', index: 0 }),
      event('StateEntered', { state: 'Token', index: 1 }),
      event('MapIterationFailed', { state: 'Tenants', index: 1 }),
    ];
    expect(progressFromTrace(trace.slice(0, 1))).toMatchObject({ total: null, state: 'Plan' });
    const progress = progressFromTrace(trace);
    expect(progress).toMatchObject({ total: 4, succeeded: 1, failed: 1, state: 'Tenants' });
    expect(renderProgress(progress, 10)).toBe('[█████░░░░░] 2/4 tenant×system children  (1 failed)  Tenants');
  });

  it('summarises a finished run and where to read its report', () => {
    const lines = summaryLines({
      target: 'stage dev',
      run_id: 'r1',
      execution: 'arn',
      status: 'SUCCEEDED',
      output: { run_id: 'r1', status: 'PARTIAL', tenants: 3, failed: 1, partial: 0, emailed: true },
    });
    expect(lines.join('\n')).toMatch(/sync PARTIAL: 3 tenants, 1 failed[\s\S]*sync report r1 --stage dev/);
  });
  it('reports a run whose children all failed as FAILED first, and counts it as failed', () => {
    const summary = {
      target: 'local (x)',
      run_id: 'r2',
      execution: 'local',
      status: 'SUCCEEDED',
      output: { run_id: 'r2', status: 'FAILED', tenants: 2, failed: 2, partial: 0, emailed: false },
    };
    expect(summaryLines(summary)[0]).toBe('run r2 on local (x): FAILED (execution SUCCEEDED)');
    expect(runFailed(summary)).toBe(true);
    expect(runFailed({ ...summary, output: { ...summary.output, status: 'PARTIAL' } })).toBe(false);
    expect(runFailed({ ...summary, status: 'TIMED_OUT', output: null })).toBe(true);
  });
});

describe('sync run --stage', () => {
  const sfn = mockClient(SFNClient);
  afterEach(() => sfn.reset());
  const machineArn = 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:tsunagi-dev-tenant-sync';
  const input = syncRunInput({ 'run-id': '2026-11-23T21:00:00Z' });

  it('starts an execution named after the run id and follows it to the end', async () => {
    captureLog();
    sfn.on(ListStateMachinesCommand).resolves({
      stateMachines: [
        {
          name: 'tsunagi-dev-tenant-sync',
          stateMachineArn: machineArn,
          type: 'STANDARD',
          creationDate: new Date(),
        },
      ],
    });
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'exec-arn', startDate: new Date() });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolves({
        status: 'SUCCEEDED',
        output: JSON.stringify({ status: 'SUCCESS', tenants: 2, failed: 0, partial: 0, emailed: true }),
      } as never);
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        {
          id: 3,
          type: 'MapRunStarted',
          timestamp: new Date(),
          mapRunStartedEventDetails: { mapRunArn: 'map-run' },
        },
        {
          id: 2,
          type: 'MapStateEntered',
          timestamp: new Date(),
          stateEnteredEventDetails: { name: 'Tenants' },
        },
      ],
    });
    sfn.on(DescribeMapRunCommand).resolves({ itemCounts: { total: 2, succeeded: 2, failed: 0 } } as never);
    const client = new SFNClient({ region: 'ap-northeast-1' });
    const summary = await runSyncOnStage(input, {
      stage: 'dev',
      json: true,
      follow: true,
      pollMs: 1,
      client,
    });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: machineArn,
      name: '2026-11-23T21-00-00Z',
      input: JSON.stringify(input),
    });
    expect(summary).toMatchObject({
      status: 'SUCCEEDED',
      progress: { total: 2, succeeded: 2 },
      output: { status: 'SUCCESS' },
    });
  });

  it('refuses a run id that already started', async () => {
    sfn.on(ListStateMachinesCommand).resolves({
      stateMachines: [
        {
          name: 'tsunagi-dev-tenant-sync',
          stateMachineArn: machineArn,
          type: 'STANDARD',
          creationDate: new Date(),
        },
      ],
    });
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const client = new SFNClient({ region: 'ap-northeast-1' });
    await expect(runSyncOnStage(input, { stage: 'dev', json: true, follow: true, client })).rejects.toThrow(
      /already started/,
    );
  });
});
