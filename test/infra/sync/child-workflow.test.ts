import { beforeAll, describe, expect, it } from 'vitest';
import type {
  ChildResult,
  ChildState,
  StepOutcome,
  SyncStep,
  SyncStepInput,
} from '../../../shared/sync/workflow/contract.ts';
import { synthStage } from '../helpers.ts';
import { type AslMachine, childOf, definitionOf } from './helpers.ts';

/**
 * The synthesized child workflow executed with aws-local-stepfunctions and a scripted sync-step: proves the
 * Choice, Wait, Catch and status logic of the JSONPath definition, not just its shape.
 */

type Script = (input: SyncStepInput) => ChildState;
type Library = typeof import('aws-local-stepfunctions');

const TASKS = ['Token', 'Users', 'Teams', 'Notifications', 'History'] as const;
const now = new Date(0).toISOString();
const INITIAL: ChildState = {
  item: {
    run_id: 'run-1',
    tenant_id: 'acme',
    system_type: 'SLACK',
    sync_types: ['users', 'teams', 'notifications'],
    dry_run: false,
    force_refresh: false,
    batch_size: 100,
  },
  outcomes: [],
  wait_seconds: null,
  fatal_error: null,
};
const outcome = (sync_type: StepOutcome['sync_type'], status: StepOutcome['status']): StepOutcome => ({
  sync_type,
  status,
  counts: { processed: 1, created: 0, updated: 0, deleted: 0, failed: status === 'SUCCESS' ? 0 : 1 },
  error_message: status === 'SUCCESS' ? null : 'failed',
  started_at: now,
  completed_at: now,
});
/** A well-behaved step: clears wait_seconds, appends one outcome per sync type. */
const ok =
  (status: StepOutcome['status'] = 'SUCCESS'): Script =>
  ({ step, state }) => {
    const next = { ...state, wait_seconds: null };
    if (step === 'token' || step === 'history') return next;
    return { ...next, outcomes: [...state.outcomes, outcome(step, status)] };
  };

let lib: Library;
let child: AslMachine;

beforeAll(async () => {
  // aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22); without it every Task fails silently.
  const promise = Promise as unknown as { withResolvers?: unknown };
  promise.withResolvers ??= <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const p = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: p, resolve, reject };
  };
  lib = await import('aws-local-stepfunctions');
  child = childOf(definitionOf(synthStage('dev').stateless));
});

const run = async (script: Script): Promise<{ result: ChildResult; steps: SyncStep[] }> => {
  const steps: SyncStep[] = [];
  const handler = async (input: SyncStepInput) => {
    steps.push(input.step);
    return script(input);
  };
  const machine = new lib.StateMachine({ StartAt: child.StartAt, States: child.States } as never, {
    validationOptions: { checkArn: false, checkPaths: true },
  });
  const execution = machine.run(structuredClone(INITIAL) as never, {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(TASKS.map((t) => [t, handler])) as never,
      waitTimeOverrides: Object.fromEntries(TASKS.map((t) => [`Wait before ${t}`, 0])),
    },
  });
  return { result: (await execution.result) as unknown as ChildResult, steps };
};

describe('Function: buildChildWorkflow (run locally)', () => {
  it('runs every step in order and returns SUCCESS', async () => {
    const { result, steps } = await run(ok());
    expect(steps).toEqual(['token', 'users', 'teams', 'notifications', 'history']);
    expect(result).toMatchObject({
      tenant_id: 'acme',
      system_type: 'SLACK',
      status: 'SUCCESS',
      error_message: null,
    });
    expect(result.outcomes).toHaveLength(3);
  });

  it('waits in the Wait state and runs the same step again', async () => {
    let waited = false;
    const { result, steps } = await run((input) => {
      if (input.step === 'users' && !waited) {
        waited = true;
        return { ...input.state, wait_seconds: 120 };
      }
      return ok()(input);
    });
    expect(steps).toEqual(['token', 'users', 'users', 'teams', 'notifications', 'history']);
    expect(result.status).toBe('SUCCESS');
  });

  it('skips to history after a fatal error and returns FAILED with its message', async () => {
    const { result, steps } = await run((input) =>
      input.step === 'token' ? { ...input.state, fatal_error: 'invalid_grant' } : ok()(input),
    );
    expect(steps).toEqual(['token', 'history']);
    expect(result).toMatchObject({ status: 'FAILED', error_message: 'invalid_grant', outcomes: [] });
  });

  it('turns a thrown error into fatal_error, still records history, and returns PARTIAL after a success', async () => {
    const seenByHistory: ChildState[] = [];
    const { result, steps } = await run((input) => {
      if (input.step === 'teams') throw new Error('vendor down');
      if (input.step === 'history') seenByHistory.push(input.state);
      return ok()(input);
    });
    expect(steps).toEqual(['token', 'users', 'teams', 'history']);
    expect(seenByHistory[0]!.fatal_error).toMatch(/vendor down/);
    expect(seenByHistory[0]!.wait_seconds).toBeNull();
    expect(result.status).toBe('PARTIAL');
    expect(result.error_message).toMatch(/vendor down/);
  });

  it('returns PARTIAL when a sync type is PARTIAL and FAILED when all are FAILED', async () => {
    expect((await run(ok('PARTIAL'))).result.status).toBe('PARTIAL');
    expect((await run(ok('FAILED'))).result.status).toBe('FAILED');
  });

  it('returns a FAILED result with the error when history itself fails', async () => {
    const { result } = await run((input) => {
      if (input.step === 'history') throw new Error('table missing');
      return ok()(input);
    });
    expect(result.status).toBe('FAILED');
    expect(result.error_message).toMatch(/table missing/);
    expect(result.outcomes).toHaveLength(3);
  });
});
