import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  type IChainable,
  JitterType,
  JsonPath,
  Pass,
  type RetryProps,
  type State,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { SYNC_TYPES } from '../../../shared/sync/engine/outcome.ts';
import { SYNC_STEPS, type SyncStep } from '../../../shared/sync/workflow/contract.ts';

/**
 * Lambda errors that mean "not run" or "try again", never a bug in the function: throttles, the service's
 * own faults, and the SDK failing to reach it. Full jitter spreads a thundering herd of children.
 */
export const LAMBDA_TRANSIENT_RETRY: RetryProps = {
  errors: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  interval: Duration.seconds(2),
  maxAttempts: 6,
  backoffRate: 2,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

/**
 * A JSON null in Parameters: CDK drops literal nulls while rendering, but ChildState needs the keys
 * (nullable, not optional). `States.StringToJson('null')` evaluates to null on AWS and locally.
 */
export const JSON_NULL = JsonPath.stringToJson('null');

const title = (step: SyncStep): string => `${step[0]!.toUpperCase()}${step.slice(1)}`;

/** A sync-step invocation on the whole ChildState; its answer replaces the state (ChildState in, ChildState out). */
const invokeStep = (scope: Construct, step: SyncStep, fn: IFunction): LambdaInvoke => {
  const task = new LambdaInvoke(scope, title(step), {
    lambdaFunction: fn,
    payload: TaskInput.fromObject({ step, state: JsonPath.entirePayload }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  });
  task.addRetry(LAMBDA_TRANSIENT_RETRY);
  return task;
};

const waitRequested = (): Condition =>
  Condition.and(
    Condition.isPresent('$.wait_seconds'),
    Condition.isNumeric('$.wait_seconds'),
    Condition.numberGreaterThan('$.wait_seconds', 0),
  );

const isFatal = (): Condition =>
  Condition.and(Condition.isPresent('$.fatal_error'), Condition.isString('$.fatal_error'));

/** Outcome `i` exists and has `status`; outcomes are one per sync type, so there are at most SYNC_TYPES.length. */
const outcomeIs = (i: number, status: string): Condition =>
  Condition.and(
    Condition.isPresent(`$.outcomes[${i}].status`),
    Condition.stringEquals(`$.outcomes[${i}].status`, status),
  );

const OUTCOME_INDEXES = SYNC_TYPES.map((_, i) => i);

/** The ChildResult of a child that got through history: its status is the outcomes' (combineStatuses). */
const childResult = (scope: Construct, id: string, status: string): Pass =>
  new Pass(scope, id, {
    parameters: {
      'tenant_id.$': '$.item.tenant_id',
      'system_type.$': '$.item.system_type',
      status,
      'outcomes.$': '$.outcomes',
      'error_message.$': '$.fatal_error',
    },
  });

/**
 * The child's status as `combineStatuses` (engine/run-summary.ts) would give it, in JSONPath: FAILED when
 * nothing succeeded (every outcome FAILED, or a fatal error before any success), SUCCESS when every outcome
 * succeeded and nothing was fatal, PARTIAL otherwise (e.g. users synced, then teams failed fatally).
 */
const resultChoice = (scope: Construct): Choice => {
  const noneSucceeded = Condition.and(...OUTCOME_INDEXES.map((i) => Condition.not(outcomeIs(i, 'SUCCESS'))));
  const allFailed = Condition.and(
    outcomeIs(0, 'FAILED'),
    ...OUTCOME_INDEXES.slice(1).map((i) =>
      Condition.or(Condition.not(Condition.isPresent(`$.outcomes[${i}]`)), outcomeIs(i, 'FAILED')),
    ),
  );
  const anyNotSuccess = Condition.or(
    ...OUTCOME_INDEXES.map((i) =>
      Condition.and(
        Condition.isPresent(`$.outcomes[${i}].status`),
        Condition.not(Condition.stringEquals(`$.outcomes[${i}].status`, 'SUCCESS')),
      ),
    ),
  );
  return new Choice(scope, 'Child status')
    .when(
      Condition.or(Condition.and(isFatal(), noneSucceeded), allFailed),
      childResult(scope, 'Child FAILED', 'FAILED'),
    )
    .when(Condition.or(isFatal(), anyNotSuccess), childResult(scope, 'Child PARTIAL', 'PARTIAL'))
    .otherwise(childResult(scope, 'Child SUCCESS', 'SUCCESS'));
};

/**
 * One child workflow (a tenant x system), from its initial ChildState to its ChildResult:
 * token -> users -> teams -> notifications -> history, each a sync-step invocation followed by a Choice:
 * `wait_seconds` > 0 waits in a Wait state (a vendor's rate-limit reset, too long to sleep in a Lambda) and
 * runs the same step again (sync-step clears `wait_seconds`); `fatal_error` skips to history, which records
 * FAILED. An error a step throws (after the transient retries) is caught and becomes `fatal_error`, so history
 * still records the failure; if history itself fails, the child returns a FAILED ChildResult with the error.
 * No error leaves the child: one tenant can never fail the run.
 */
export const buildChildWorkflow = (scope: Construct, step: IFunction): IChainable => {
  const tasks = Object.fromEntries(SYNC_STEPS.map((s) => [s, invokeStep(scope, s, step)])) as Record<
    SyncStep,
    LambdaInvoke
  >;
  const history = tasks.history;

  const recordFailure = new Pass(scope, 'Record failure', {
    parameters: {
      'item.$': '$.item',
      'outcomes.$': '$.outcomes',
      wait_seconds: JSON_NULL,
      'fatal_error.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)",
    },
  }).next(history);
  const historyFailed = new Pass(scope, 'History failed', {
    parameters: {
      'tenant_id.$': '$.item.tenant_id',
      'system_type.$': '$.item.system_type',
      status: 'FAILED',
      'outcomes.$': '$.outcomes',
      'error_message.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)",
    },
  });

  SYNC_STEPS.forEach((s, index) => {
    const task = tasks[s];
    const isHistory = s === 'history';
    task.addCatch(isHistory ? historyFailed : recordFailure, {
      errors: ['States.ALL'],
      resultPath: '$.error',
    });
    const wait = new Wait(scope, `Wait before ${title(s)}`, {
      time: WaitTime.secondsPath('$.wait_seconds'),
    }).next(task);
    const choice = new Choice(scope, `After ${title(s)}`).when(waitRequested(), wait);
    if (isHistory) {
      task.next(choice.otherwise(resultChoice(scope)));
      return;
    }
    const next = tasks[SYNC_STEPS[index + 1]!];
    task.next(choice.when(isFatal(), history).otherwise(next));
  });
  return tasks[SYNC_STEPS[0]] as State;
};
