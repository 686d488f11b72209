import { Arn, ArnFormat, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { syncResourceNames } from '../../../shared/sync/workflow/config-names.ts';
import { MAP_RESULTS_PREFIX } from '../../../shared/sync/workflow/contract.ts';
import type { StageName, SyncConfig, WorkerConfig } from '../../config/stage-config.ts';
import type { TableRef } from '../consumer-function.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import { SyncFunctions } from './sync-functions.ts';
import { SyncSchedule } from './sync-schedule.ts';
import { buildTenantSyncDefinition } from './tenant-sync-definition.ts';

export interface TenantSyncProps {
  readonly stageName: StageName;
  readonly config: SyncConfig;
  readonly chatApis: Pick<WorkerConfig, 'slackApiBaseUrl' | 'graphApiBaseUrl' | 'lineWorksApiBaseUrl'>;
  readonly tenantDataTable: TableRef;
  readonly masterDataTable: TableRef;
  readonly syncDataTable: TableRef;
  readonly syncBucket: { readonly bucketArn: string; readonly bucketName: string };
  /** The schedule target's DLQ (a stateful queue, imported). */
  readonly scheduleDeadLetterQueue: IQueue;
  readonly secretPrefix: string;
  readonly emailFrom: string;
  readonly emailIdentityArn: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The daily tenant sync (BATCH-403): the three functions, the Standard state machine that fans out over the
 * run's plan, and the schedule that starts it. Alarms are added by the stack's OperatorAlarms.
 */
export class TenantSync extends Construct {
  public readonly functions: SyncFunctions;
  public readonly stateMachine: StateMachine;
  public readonly schedule: SyncSchedule;

  public constructor(scope: Construct, id: string, props: TenantSyncProps) {
    super(scope, id);
    const { config, stageName } = props;
    const names = syncResourceNames(stageName);
    this.functions = new SyncFunctions(this, 'Functions', props);

    // Step Functions recommends the /aws/vendedlogs/ prefix: its log delivery then needs no growing
    // CloudWatch Logs resource policy. Execution data stays out of the logs (tenant names, vendor errors);
    // the execution history keeps it for the Standard workflow's 90 days.
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${names.stateMachine}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: names.stateMachine,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(
        buildTenantSyncDefinition(new Construct(this, 'Definition'), this.functions, config),
      ),
      timeout: config.executionTimeout,
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    this.grantItemReader(props.syncBucket.bucketArn);
    this.grantResultWriter(props.syncBucket.bucketArn);
    this.acknowledgeStateMachinePolicy();

    this.schedule = new SyncSchedule(this, 'Schedule', {
      scheduleName: names.schedule,
      config,
      stateMachine: this.stateMachine,
      deadLetterQueue: props.scheduleDeadLetterQueue,
    });
  }

  /** The Distributed Map reads the plan from a path, so CDK cannot infer the bucket: grant it here. */
  private grantItemReader(bucketArn: string): void {
    const plans = `${bucketArn}/runs/*`;
    Grant.addToPrincipal({ grantee: this.stateMachine, actions: ['s3:GetObject'], resourceArns: [plans] });
    acknowledgeWildcardResource(
      this.stateMachine.role.node.findChild('DefaultPolicy'),
      plans,
      "The Distributed Map's ItemReader reads runs/<run id>/items.jsonl, whose run id is known only at run time; s3:GetObject only, under runs/ of the sync bucket.",
    );
  }

  /**
   * The Distributed Map's ResultWriter writes to the bucket the plan names (a path), so CDK cannot infer it
   * either: grant the results prefix here. Step Functions writes large result files in parts, hence the
   * multipart actions: the set of actions its ResultWriter documentation asks for.
   */
  private grantResultWriter(bucketArn: string): void {
    const results = `${bucketArn}/${MAP_RESULTS_PREFIX}/*`;
    Grant.addToPrincipal({
      grantee: this.stateMachine,
      actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
      resourceArns: [results],
    });
    acknowledgeWildcardResource(
      this.stateMachine.role.node.findChild('DefaultPolicy'),
      results,
      `The Distributed Map's ResultWriter writes ${MAP_RESULTS_PREFIX}/<map run id>/manifest.json and result files, whose map run id is known only at run time; Put/GetObject and the multipart actions only, under ${MAP_RESULTS_PREFIX}/ of the sync bucket.`,
    );
  }

  private acknowledgeStateMachinePolicy(): void {
    const policy = this.stateMachine.role.node.findChild('DefaultPolicy');
    acknowledgeWildcardResource(
      policy,
      '*',
      'Only actions without resource-level permissions are granted on "*" here: the log delivery Step Functions writes the execution logs through (logs:Create/Get/Update/Delete/ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and active tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets).',
    );
    // The Distributed Map runs its children as executions of this state machine, named per map run.
    const stateMachineName = Arn.split(
      this.stateMachine.stateMachineArn,
      ArnFormat.COLON_RESOURCE_NAME,
    ).resourceName;
    const executions = (suffix: string): string =>
      Stack.of(this).formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachineName}${suffix}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const mapPolicy = this.stateMachine.node.findChild('DistributedMapPolicy');
    acknowledgeWildcardResource(
      mapPolicy,
      executions(':*'),
      "The Distributed Map's child executions get generated names per map run; Describe/StopExecution are granted on this state machine's executions only.",
    );
    acknowledgeWildcardResource(
      mapPolicy,
      executions('/TenantSync:*'),
      "Redriving a failed map run restarts its child executions, whose names are generated; RedriveExecution is granted on this state machine's TenantSync map runs only.",
    );
    for (const fn of [this.functions.plan, this.functions.step, this.functions.report]) {
      acknowledgeWildcardResource(
        policy,
        `${fn.functionArn}:*`,
        "lambda:InvokeFunction only, on one function of this stack: CDK grants the function ARN and <arn>:*, whose wildcard matches only that function's versions and aliases (qualifiers), never another function.",
      );
    }
  }
}
