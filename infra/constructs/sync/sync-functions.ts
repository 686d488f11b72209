import type { RemovalPolicy } from 'aws-cdk-lib';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SYNC_PLAN_ENV } from '../../../functions/sync-plan/env.ts';
import type { SYNC_REPORT_ENV } from '../../../functions/sync-report/env.ts';
import type { SYNC_STEP_ENV } from '../../../functions/sync-step/env.ts';
import type { EnvFor } from '../../../shared/kernel/env-contract.ts';
import { MAP_RESULTS_PREFIX } from '../../../shared/sync/workflow/contract.ts';
import type { StageName, SyncConfig, SyncFunctionConfig, WorkerConfig } from '../../config/stage-config.ts';
import { grantTable, TABLE_ACTIONS, type TableRef } from '../consumer-function.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import { createNodeFunction, type NodeFunctionParts } from '../node-function.ts';
import { tenantSecretArnPattern } from '../secret-patterns.ts';

export interface SyncFunctionsProps {
  readonly stageName: StageName;
  readonly config: SyncConfig;
  /** The chat APIs' base URLs (shared with the delivery worker, so a stage points both at the same place). */
  readonly chatApis: Pick<WorkerConfig, 'slackApiBaseUrl' | 'graphApiBaseUrl' | 'lineWorksApiBaseUrl'>;
  readonly tenantDataTable: TableRef;
  readonly masterDataTable: TableRef;
  readonly syncDataTable: TableRef;
  readonly syncBucket: { readonly bucketArn: string; readonly bucketName: string };
  readonly secretPrefix: string;
  readonly emailFrom: string;
  /** ARN of the stage's SES identity: the only identity the report may send as. */
  readonly emailIdentityArn: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * DynamoDB actions of the sync on its data table. `publishSync` (history rows, run reports) reads the current
 * item and puts the new one, and reads the master-data TTL setting; the step also queries a tenant's stored
 * mappings and writes the changed ones in batches (BatchWriteItem, deletions included). No Scan, UpdateItem
 * or transactions.
 */
const SYNC_TABLE_ACTIONS = {
  step: ['dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
  report: ['dynamodb:GetItem', 'dynamodb:PutItem'],
  masterData: ['dynamodb:GetItem'],
} as const;

/**
 * A rotated token is stored atomically: put as AWSPENDING, then AWSCURRENT moved to it only if AWSCURRENT is
 * still the version read (UpdateSecretVersionStage with RemoveFromVersionId), so two writers cannot both win.
 */
const SECRET_ROTATION_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
];

/**
 * The tenant sync's three Lambdas (variables: shared/sync/workflow/config-names.ts), each with only what it
 * calls: the plan lists tenants and writes the run's plan; the step talks to the vendors with the tenant's
 * integration secrets (and stores rotated tokens); the report stores the run report and mails operators.
 */
export class SyncFunctions extends Construct {
  public readonly plan: NodejsFunction;
  public readonly step: NodejsFunction;
  public readonly report: NodejsFunction;

  public constructor(scope: Construct, id: string, props: SyncFunctionsProps) {
    super(scope, id);
    const { config, stageName } = props;
    const runObjects = `${props.syncBucket.bucketArn}/runs/*`;

    const plan = this.create('Plan', 'sync-plan', config.plan, props, {
      STAGE: stageName,
      TENANT_TABLE: props.tenantDataTable.tableName,
      SYNC_BUCKET: props.syncBucket.bucketName,
    } satisfies EnvFor<typeof SYNC_PLAN_ENV>);
    grantTable(plan.function, props.tenantDataTable.tableArn, TABLE_ACTIONS.read);
    // PutObject only: the plan writes runs/<run id>/items.jsonl with If-None-Match: *, which is also what
    // refuses a second run of the same run id (see tenant-sync-definition.ts).
    this.grantRunObjects(plan, runObjects, ['s3:PutObject'], 'writes each run plan');

    const step = this.create('Step', 'sync-step', config.step, props, {
      STAGE: stageName,
      TENANT_TABLE: props.tenantDataTable.tableName,
      SYNC_TABLE: props.syncDataTable.tableName,
      SECRET_PREFIX: props.secretPrefix,
      SLACK_API_BASE_URL: props.chatApis.slackApiBaseUrl,
      GRAPH_API_BASE_URL: props.chatApis.graphApiBaseUrl,
      GRAPH_LOGIN_BASE_URL: config.graphLoginBaseUrl,
      LINE_WORKS_API_BASE_URL: props.chatApis.lineWorksApiBaseUrl,
      LINE_WORKS_AUTH_BASE_URL: config.lineWorksAuthBaseUrl,
      MAX_IN_LAMBDA_WAIT_SECONDS: String(config.maxInLambdaWaitSeconds),
    } satisfies EnvFor<typeof SYNC_STEP_ENV>);
    grantTable(step.function, props.tenantDataTable.tableArn, TABLE_ACTIONS.read);
    grantTable(step.function, props.syncDataTable.tableArn, SYNC_TABLE_ACTIONS.step);
    grantTable(step.function, props.masterDataTable.tableArn, SYNC_TABLE_ACTIONS.masterData);
    this.grantIntegrationSecrets(step, props.secretPrefix);

    const report = this.create('Report', 'sync-report', config.report, props, {
      STAGE: stageName,
      SYNC_TABLE: props.syncDataTable.tableName,
      SYNC_BUCKET: props.syncBucket.bucketName,
      EMAIL_FROM: props.emailFrom,
      REPORT_EMAIL_TO: config.reportEmailTo.join(','),
    } satisfies EnvFor<typeof SYNC_REPORT_ENV>);
    grantTable(report.function, props.syncDataTable.tableArn, SYNC_TABLE_ACTIONS.report);
    grantTable(report.function, props.masterDataTable.tableArn, SYNC_TABLE_ACTIONS.masterData);
    this.grantRunObjects(
      report,
      runObjects,
      ['s3:GetObject', 's3:PutObject'],
      'reads run plans and stores run reports',
    );
    // The children's results, from the Distributed Map's ResultWriter (manifest and result files).
    const mapResults = `${props.syncBucket.bucketArn}/${MAP_RESULTS_PREFIX}/*`;
    Grant.addToPrincipal({ grantee: report.function, actions: ['s3:GetObject'], resourceArns: [mapResults] });
    acknowledgeWildcardResource(
      report.policy,
      mapResults,
      `The Distributed Map's ResultWriter names its files ${MAP_RESULTS_PREFIX}/<map run id>/…, known only at run time; the function reads the run's manifest and result files, with s3:GetObject only, under ${MAP_RESULTS_PREFIX}/ of the sync bucket.`,
    );
    // SESv2 SendEmail authorizes against the sender identity (no configuration set is used).
    Grant.addToPrincipal({
      grantee: report.function,
      actions: ['ses:SendEmail'],
      resourceArns: [props.emailIdentityArn],
    });

    this.plan = plan.function;
    this.step = step.function;
    this.report = report.function;
  }

  private create(
    id: string,
    service: string,
    config: SyncFunctionConfig,
    props: SyncFunctionsProps,
    environment: Record<string, string>,
  ): NodeFunctionParts {
    return createNodeFunction(new Construct(this, id), {
      service,
      ...config,
      environment,
      // sync-step and sync-report write history rows and run reports through @mbc-cqrs-serverless/core.
      usesNestFramework: service !== 'sync-plan',
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
  }

  private grantRunObjects(
    parts: NodeFunctionParts,
    runObjects: string,
    actions: string[],
    what: string,
  ): void {
    Grant.addToPrincipal({ grantee: parts.function, actions, resourceArns: [runObjects] });
    acknowledgeWildcardResource(
      parts.policy,
      runObjects,
      `Run objects are keyed runs/<run id>/… and the run id is only known at run time; the function ${what}, with ${actions.join(' and ')} only, under runs/ of the sync bucket.`,
    );
  }

  /** Tokens rotate (Slack refresh tokens are single-use), so the step stores the new one itself. */
  private grantIntegrationSecrets(parts: NodeFunctionParts, secretPrefix: string): void {
    const secrets = tenantSecretArnPattern(this, secretPrefix, 'integrations');
    Grant.addToPrincipal({
      grantee: parts.function,
      actions: SECRET_ROTATION_ACTIONS,
      resourceArns: [secrets],
    });
    acknowledgeWildcardResource(
      parts.policy,
      secrets,
      "Chat credentials are named <prefix>/<tenantId>/integrations/<system> and end in a random suffix, so no fixed ARN exists; the grant is Get/PutSecretValue and UpdateSecretVersionStage only (atomic token rotation), on this stage's integration secrets (not webhook or route secrets, not other stages').",
    );
  }
}
