import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AslMachine, Json } from '../../../../infra/local/sync/asl.ts';
import { MissingLocalHandlerError } from '../../../../infra/local/sync/local-lambda.ts';
import { runLocalExecution } from '../../../../infra/local/sync/step-functions-runner.ts';
import { ARNS, syncLikeDefinition } from './fixtures.ts';

const run = promisify(execFile);

/** A plan that writes nothing: the items are "in S3" already, served by readItems. */
const planHandler = async (event: { run_id: string }) => ({
  items: { bucket: 'sync', key: `${event.run_id}.jsonl` },
});
const reportHandler = async (event: { results: unknown[] }) => ({ reported: event.results.length });

const items = ['acme', 'globex', 'initech'].map((tenant_id) => ({ tenant_id }));

describe('runLocalExecution', () => {
  it('runs a Task for real (polyfill guard: on Node 20 a missing Promise.withResolvers would be caught)', async () => {
    const definition = {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: ARNS.step,
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', End: true },
      },
    } as unknown as AslMachine;
    const result = await runLocalExecution({
      definition,
      input: { n: 1 },
      lambdas: { [ARNS.step]: async (event: { n: number }) => ({ n: event.n + 1 }) },
      readItems: async () => [],
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ n: 2 });
    expect(result.events.some((event) => event.type === 'StateCaught')).toBe(false);
    expect(typeof (Promise as unknown as { withResolvers: unknown }).withResolvers).toBe('function');
  });

  it.skipIf(Number(process.versions.node.split('.')[0]) >= 22)(
    'would fail every Task silently without the polyfill (why the guard exists)',
    async () => {
      const script = `
        const { StateMachine } = await import('aws-local-stepfunctions');
        const sm = new StateMachine({ StartAt: 'T', States: { T: { Type: 'Task', Resource: '${ARNS.step}',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true }, C: { Type: 'Pass', End: true } } });
        const out = await sm.run({}, { overrides: { taskResourceLocalHandlers: { T: async () => ({ ran: true }) } } }).result;
        console.log(JSON.stringify(out));`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
      expect(stdout).toMatch(/withResolvers is not a function/);
    },
  );

  it('runs a Distributed Map locally: reads the items, keeps MaxConcurrency 1, catches a failing item', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const stepHandler = async (event: { item: { tenant_id: string } }) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      if (event.item.tenant_id === 'globex') throw new TypeError('invalid_grant');
      return { tenant_id: event.item.tenant_id, status: 'SUCCESS' };
    };
    const read: { bucket: string; key: string }[] = [];
    const result = await runLocalExecution({
      definition: syncLikeDefinition({ maxConcurrency: 1 }),
      input: { run_id: 'run-1' },
      name: 'run-1',
      lambdas: { [ARNS.plan]: planHandler, [ARNS.step]: stepHandler, [ARNS.report]: reportHandler },
      readItems: async (request) => {
        read.push(request);
        return items as Json[];
      },
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(read).toEqual([{ bucket: 'sync', key: 'run-1.jsonl', inputType: 'JSONL' }]);
    expect(maxInFlight).toBe(1);
    expect(result.output).toEqual({ reported: 3 });
    const mapDone = result.events.filter((event) => event.type === 'MapIterationSucceeded');
    expect(mapDone).toHaveLength(3);
    expect(result.events.find((event) => event.type === 'ItemsRead')).toMatchObject({
      state: 'Fan out',
      count: 3,
    });
    // The caught item carries Lambda's error shape: Error = the type, Cause = the error JSON.
    const caught = result.events.find((event) => event.type === 'StateCaught');
    expect(caught).toMatchObject({ state: 'Step', index: 1 });
  });

  it('gives the report each child result, a FAILED one for the failing item', async () => {
    let report: unknown;
    const result = await runLocalExecution({
      definition: syncLikeDefinition({ maxConcurrency: 3 }),
      input: { run_id: 'run-2' },
      lambdas: {
        [ARNS.plan]: planHandler,
        [ARNS.step]: async (event: { item: { tenant_id: string } }) => {
          if (event.item.tenant_id === 'initech') throw new Error('boom');
          return { tenant_id: event.item.tenant_id, status: 'SUCCESS' };
        },
        [ARNS.report]: async (event: unknown) => {
          report = event;
          return { ok: true };
        },
      },
      readItems: async () => items as Json[],
    });
    expect(result.status).toBe('SUCCEEDED');
    const results = (report as { results: { tenant_id: string; status: string; cause?: string }[] }).results;
    expect(results.map((r) => [r.tenant_id, r.status])).toEqual([
      ['acme', 'SUCCESS'],
      ['globex', 'SUCCESS'],
      ['initech', 'FAILED'],
    ]);
    expect(JSON.parse(results[2]!.cause!)).toMatchObject({ errorType: 'Error', errorMessage: 'boom' });
  });

  it('applies retry interval overrides and reports a failed execution without throwing', async () => {
    let attempts = 0;
    const definition = {
      StartAt: 'Flaky',
      States: {
        Flaky: {
          Type: 'Task',
          Resource: ARNS.step,
          Retry: [{ ErrorEquals: ['Throttled'], IntervalSeconds: 30, MaxAttempts: 2 }],
          End: true,
        },
      },
    } as unknown as AslMachine;
    class Throttled extends Error {}
    const started = Date.now();
    const result = await runLocalExecution({
      definition,
      input: {},
      lambdas: {
        [ARNS.step]: async () => {
          attempts++;
          throw new Throttled('slow down');
        },
      },
      readItems: async () => [],
      retryIntervalOverrides: { Flaky: 1 },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(attempts).toBe(3);
    expect(result.status).toBe('FAILED');
    expect(result.error?.error).toBe('Throttled');
  });

  it('refuses a Task that has no local handler instead of calling AWS', async () => {
    await expect(
      runLocalExecution({
        definition: syncLikeDefinition(),
        input: {},
        lambdas: {},
        readItems: async () => [],
      }),
    ).rejects.toThrow(MissingLocalHandlerError);
  });
});
