import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  DistributedMap,
  type IChainable,
  JsonPath,
  Pass,
  ResultWriterV2,
  S3JsonLItemReader,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { MAP_RESULTS_PREFIX } from '../../../shared/sync/workflow/contract.ts';
import type { SyncConfig } from '../../config/stage-config.ts';
import { buildChildWorkflow, JSON_NULL, LAMBDA_TRANSIENT_RETRY } from './child-workflow.ts';

export interface TenantSyncFunctions {
  readonly plan: IFunction;
  readonly step: IFunction;
  readonly report: IFunction;
}

export type TenantSyncDefinitionConfig = Pick<SyncConfig, 'maxConcurrency' | 'toleratedFailurePercentage'>;

/**
 * The error sync-plan throws (Lambda `errorType` = the error's `name`) when its conditional write of
 * `runs/<run id>/items.jsonl` (S3 PutObject with If-None-Match: *) finds the run already planned: a repeated
 * delivery of the same scheduled time, which must not sync twice. The execution then ends in `Already planned`.
 */
export const RUN_ALREADY_PLANNED_ERROR = 'SyncRunAlreadyPlannedError';

/**
 * Writes the children's results to the plan's bucket under MAP_RESULTS_PREFIX. The bucket is a path (the plan's
 * answer), so CDK would grant S3 on "*": this writer grants nothing, and TenantSync grants the prefix instead.
 */
class MapResultsWriter extends ResultWriterV2 {
  public override providePolicyStatements(): PolicyStatement[] {
    return [];
  }
}

/**
 * The tenant-sync state machine (JSONPath, no JSONata or Assign, so aws-local-stepfunctions runs the same
 * definition): Options -> Run -> Plan -> Tenants (Distributed Map over the plan's JSON lines; one child
 * workflow per tenant x system, see child-workflow.ts) -> Report.
 *
 * A pure function of the three functions and the fan-out settings: local mode passes functions with fake
 * ARNs and routes their tasks to local handlers. States are created directly in `scope`, so give it a
 * dedicated construct.
 */
export const buildTenantSyncDefinition = (
  scope: Construct,
  functions: TenantSyncFunctions,
  config: TenantSyncDefinitionConfig,
): IChainable => {
  // ResultWriterV2 is used only under this flag (else the deprecated ResultWriter, which needs an IBucket).
  scope.node.setContext(STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
  // The schedule sends only `run_id`; the report needs `dry_run` even then. JSONPath has no defaults, so
  // merge the input over them (the plan parses the same defaults from SyncRunInputSchema).
  const options = new Pass(scope, 'Options', {
    parameters: { defaults: { dry_run: false }, 'input.$': '$' },
  });
  const run = new Pass(scope, 'Run', {
    parameters: { 'run.$': 'States.JsonMerge($.defaults, $.input, false)' },
  });

  const plan = new LambdaInvoke(scope, 'Plan', {
    lambdaFunction: functions.plan,
    // The whole merged input is the payload (SyncRunInputSchema); the answer goes beside it.
    inputPath: '$.run',
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: '$.plan',
  }).addRetry(LAMBDA_TRANSIENT_RETRY);
  plan.addCatch(
    new Succeed(scope, 'Already planned', { comment: 'A repeated delivery of a run already planned.' }),
    {
      errors: [RUN_ALREADY_PLANNED_ERROR],
    },
  );

  const tenants = new DistributedMap(scope, 'Tenants', {
    itemReader: new S3JsonLItemReader({
      bucketNamePath: JsonPath.stringAt('$.plan.items.bucket'),
      key: JsonPath.stringAt('$.plan.items.key'),
    }),
    // The initial ChildState of each child (contract.ts ChildStateSchema).
    itemSelector: {
      'item.$': '$$.Map.Item.Value',
      outcomes: [],
      wait_seconds: JSON_NULL,
      fatal_error: JSON_NULL,
    },
    maxConcurrency: config.maxConcurrency,
    // A safety net: children catch their own failures and return a FAILED ChildResult.
    toleratedFailurePercentage: config.toleratedFailurePercentage,
    // Children wait out vendor rate limits, which can outlast an Express execution's 5 minutes.
    mapExecutionType: StateMachineType.STANDARD,
    label: 'TenantSync',
    // Inline, every ChildResult (~770 bytes) would be in the execution's state: past a few hundred children
    // that outgrows Step Functions' 256 KiB payload. The ResultWriter stores them in S3 and `$.results` becomes
    // { MapRunArn, ResultWriterDetails: { Bucket, Key } } (the manifest), which the report reads.
    // aws-local-stepfunctions ignores it and returns the array inline: the report accepts both.
    resultWriterV2: new MapResultsWriter({
      bucketNamePath: JsonPath.stringAt('$.plan.items.bucket'),
      prefix: MAP_RESULTS_PREFIX,
    }),
    resultPath: '$.results',
  });
  tenants.itemProcessor(buildChildWorkflow(scope, functions.step));

  const report = new LambdaInvoke(scope, 'Report', {
    lambdaFunction: functions.report,
    // SyncReportInputSchema (`results`: the inline array, or the ResultWriter's manifest location).
    payload: TaskInput.fromObject({
      run_id: JsonPath.stringAt('$.plan.run_id'),
      started_at: JsonPath.stringAt('$.plan.started_at'),
      dry_run: JsonPath.objectAt('$.run.dry_run'),
      results: JsonPath.objectAt('$.results'),
    }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  }).addRetry(LAMBDA_TRANSIENT_RETRY);

  return options.next(run).next(plan).next(tenants).next(report);
};
