import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { ExecutionAlreadyExistsError, LocalExecutions } from '../../../../infra/local/sync/executions.ts';
import {
  formatInZone,
  type ScheduledStart,
  scheduledRunId,
  startSyncSchedule,
} from '../../../../infra/local/sync/schedule.ts';

describe('the local daily sync schedule', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('runs at 06:00 Asia/Tokyo, i.e. 21:00 UTC the day before', () => {
    const schedule = startSyncSchedule({
      hour: 6,
      minute: 0,
      timeZone: 'Asia/Tokyo',
      start: async (runId) => ({ started: false, runId, reason: 'test' }),
    });
    try {
      const next = schedule.nextRun()!;
      expect(next.getUTCHours()).toBe(21);
      expect(next.getUTCMinutes()).toBe(0);
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
      expect(formatInZone(next, 'Asia/Tokyo')).toMatch(/^\d{4}-\d{2}-\d{2} 06:00 \(Asia\/Tokyo\)$/);
      expect(schedule.pattern).toBe('0 6 * * *');
    } finally {
      schedule.stop();
    }
  });

  it('names the run after the scheduled time, as EventBridge Scheduler does', () => {
    expect(scheduledRunId(new Date('2026-11-23T21:00:00.123Z'))).toBe('2026-11-23T21:00:00Z');
  });

  it('starts one run when fired twice for the same time, even from two processes', async () => {
    const executions = new LocalExecutions(client);
    await executions.ensureTable();
    // Another process (ops sync run --local) has its own in-memory set; only the table is shared.
    const otherProcess = new LocalExecutions(client);
    const runs: string[] = [];
    const start =
      (record: LocalExecutions) =>
      async (runId: string): Promise<ScheduledStart> => {
        try {
          await record.claim(runId, { run_id: runId });
        } catch (error) {
          if (error instanceof ExecutionAlreadyExistsError)
            return { started: false, runId, reason: error.message };
          throw error;
        }
        runs.push(runId);
        return { started: true, runId, done: Promise.resolve() };
      };
    const lines: string[] = [];
    const schedule = startSyncSchedule({
      hour: 6,
      minute: 0,
      timeZone: 'Asia/Tokyo',
      paused: true,
      start: start(executions),
      log: (line) => lines.push(line),
    });
    const at = new Date('2026-11-23T21:00:00Z');
    const [first, second] = await Promise.all([schedule.fire(at), schedule.fire(at)]);
    const third = await start(otherProcess)(scheduledRunId(at));
    expect([first.started, second.started, third.started].filter(Boolean)).toHaveLength(1);
    expect(runs).toEqual(['2026-11-23T21:00:00Z']);
    expect(lines.some((line) => /not started: an execution named/.test(line))).toBe(true);
    expect(await executions.get('2026-11-23T21:00:00Z')).toMatchObject({ status: 'RUNNING' });
    await executions.finish('2026-11-23T21:00:00Z', { status: 'SUCCEEDED', output: { ok: true } });
    expect(await executions.get('2026-11-23T21:00:00Z')).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":true}',
    });
    // The next day is a new run.
    expect((await schedule.fire(new Date('2026-11-24T21:00:00Z'))).started).toBe(true);
    schedule.stop();
  });
});
