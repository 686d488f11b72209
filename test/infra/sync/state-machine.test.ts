import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { getStageConfig, STAGE_NAMES } from '../../../infra/config/stages.ts';
import { RUN_ALREADY_PLANNED_ERROR } from '../../../infra/constructs/sync/tenant-sync-definition.ts';
import {
  ChildResultSchema,
  ChildStateSchema,
  MAP_RESULTS_PREFIX,
  SYNC_STEPS,
  SyncReportInputSchema,
} from '../../../shared/sync/workflow/contract.ts';
import { synthStage } from '../helpers.ts';
import { type AslState, childOf, definitionOf, validateAsl } from './helpers.ts';

const LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];
const TASKS = ['Token', 'Users', 'Teams', 'Notifications', 'History'];
const keysOf = (parameters: unknown): string[] =>
  Object.keys(parameters as object)
    .map((key) => key.replace(/\.\$$/, ''))
    .sort();

describe('Class: TenantSync (state machine)', () => {
  const { stateless } = synthStage('dev');
  const machine = definitionOf(stateless);
  const child = childOf(machine);
  const state = (name: string): AslState => child.States[name]!;

  it('creates a named Standard state machine that logs ALL to its own log group and traces', () => {
    stateless.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'tsunagi-dev-tenant-sync',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
      },
    });
    stateless.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/tsunagi-dev-tenant-sync',
    });
  });

  it('synthesizes a definition that asl-validator accepts', () => {
    const result = validateAsl(machine);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('plans, fans out over the plan and reports, in that order', () => {
    expect(machine.StartAt).toBe('Options');
    const order = ['Options'];
    for (let next = machine.States.Options!.Next; next; next = machine.States[next]!.Next) order.push(next);
    expect(order).toEqual(['Options', 'Run', 'Plan', 'Tenants', 'Report']);
    expect(machine.States.Report!.End).toBe(true);
  });

  it('reads the plan as JSON lines from the S3 location sync-plan returns, in a DISTRIBUTED Map', () => {
    expect(machine.States.Tenants).toMatchObject({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { 'Bucket.$': '$.plan.items.bucket', 'Key.$': '$.plan.items.key' },
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      ResultPath: '$.results',
    });
  });

  it("writes the children's results to the plan's bucket, not into the execution's state", () => {
    // Inline, ~770 bytes per child would exceed the 256 KiB payload past a few hundred tenant x system children.
    expect(machine.States.Tenants!.ResultWriter).toEqual({
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { 'Bucket.$': '$.plan.items.bucket', Prefix: MAP_RESULTS_PREFIX },
    });
    // The report gets the manifest's location as `results`.
    expect(machine.States.Report!.Parameters).toMatchObject({ 'results.$': '$.results' });
  });

  it.each(STAGE_NAMES)('takes MaxConcurrency and ToleratedFailurePercentage from the %s config', (name) => {
    const { sync } = getStageConfig(name);
    const tenants = definitionOf(synthStage(name).stateless).States.Tenants;
    expect(tenants).toMatchObject({
      MaxConcurrency: sync.maxConcurrency,
      ToleratedFailurePercentage: sync.toleratedFailurePercentage,
    });
  });

  it('starts each child with a whole ChildState and ends it with a ChildResult', () => {
    const selector = machine.States.Tenants!.ItemSelector as Record<string, unknown>;
    expect(keysOf(selector)).toEqual(Object.keys(ChildStateSchema.shape).sort());
    expect(selector).toMatchObject({
      'item.$': '$$.Map.Item.Value',
      outcomes: [],
      'wait_seconds.$': "States.StringToJson('null')",
      'fatal_error.$': "States.StringToJson('null')",
    });
    const ends = Object.entries(child.States).filter(([, s]) => s.End);
    expect(ends.map(([name]) => name).sort()).toEqual([
      'Child FAILED',
      'Child PARTIAL',
      'Child SUCCESS',
      'History failed',
    ]);
    for (const [, end] of ends)
      expect(keysOf(end.Parameters)).toEqual(Object.keys(ChildResultSchema.shape).sort());
  });

  it('runs the steps in contract order, each a sync-step invocation with the whole state', () => {
    expect(child.StartAt).toBe('Token');
    SYNC_STEPS.forEach((step, i) => {
      const task = state(TASKS[i]!);
      expect(task).toMatchObject({ Type: 'Task', Parameters: { step, 'state.$': '$' } });
      const choice = state(task.Next!);
      expect(choice.Type).toBe('Choice');
      if (i < SYNC_STEPS.length - 1) expect(choice.Default).toBe(TASKS[i + 1]);
    });
  });

  it('retries every Lambda task on Lambda service errors and throttles, with backoff and full jitter', () => {
    const tasks = [machine.States.Plan!, machine.States.Report!, ...TASKS.map(state)];
    for (const task of tasks) {
      expect(task.Retry).toEqual([
        {
          ErrorEquals: LAMBDA_ERRORS,
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
          MaxDelaySeconds: 60,
          JitterStrategy: 'FULL',
        },
      ]);
    }
  });

  it('waits out a long rate limit in a Wait state and runs the same step again', () => {
    for (const name of TASKS) {
      const choice = state(state(name).Next!) as AslState & { Choices: { Next: string }[] };
      const wait = state(choice.Choices[0]!.Next);
      expect(wait).toMatchObject({ Type: 'Wait', SecondsPath: '$.wait_seconds', Next: name });
      expect(JSON.stringify(choice.Choices[0])).toContain('"NumericGreaterThan":0');
    }
  });

  it('skips to history after a fatal error', () => {
    for (const name of TASKS.slice(0, -1)) {
      const choice = state(state(name).Next!) as AslState & { Choices: { Next: string }[] };
      expect(choice.Choices[1]).toMatchObject({ Next: 'History' });
      expect(JSON.stringify(choice.Choices[1])).toContain('"Variable":"$.fatal_error","IsString":true');
    }
  });

  it('catches every error of a child: a failed step still records history, a failed history returns FAILED', () => {
    for (const name of TASKS) {
      expect(state(name).Catch).toEqual([
        {
          ErrorEquals: ['States.ALL'],
          ResultPath: '$.error',
          Next: name === 'History' ? 'History failed' : 'Record failure',
        },
      ]);
    }
    expect(state('Record failure')).toMatchObject({
      Next: 'History',
      Parameters: { 'fatal_error.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)" },
    });
    expect(keysOf(state('Record failure').Parameters)).toEqual(Object.keys(ChildStateSchema.shape).sort());
    expect(state('History failed').Parameters).toMatchObject({ status: 'FAILED' });
  });

  it('ends a repeated delivery of an already planned run without syncing', () => {
    expect(machine.States.Plan!.Catch).toEqual([
      { ErrorEquals: [RUN_ALREADY_PLANNED_ERROR], Next: 'Already planned' },
    ]);
    expect(machine.States['Already planned']!.Type).toBe('Succeed');
  });

  it('passes sync-plan the run input with defaults and sync-report a SyncReportInput', () => {
    expect(machine.States.Plan).toMatchObject({ InputPath: '$.run', ResultPath: '$.plan' });
    expect(keysOf(machine.States.Report!.Parameters)).toEqual(
      Object.keys(SyncReportInputSchema.shape).sort(),
    );
  });
});
