import { Arn, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Grant, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CONSOLE_API_ENV } from '../../../functions/console-api/env.ts';
import type { MbcCqrsStage } from '../../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { DELIVERY_LOG_TENANT_INDEX } from '../../../shared/delivery/config-names.ts';
import type { EnvFor } from '../../../shared/kernel/env-contract.ts';
import type { LogLevel } from '../../config/stage-config.ts';
import type { TableExport } from '../../stacks/stateful-stack.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import { createNodeFunction, type NodeFunctionParts } from '../node-function.ts';

export interface ConsoleQueues {
  /** The DLQs operators browse, redrive and archive (ARNs). */
  readonly deadLetterQueueArns: readonly string[];
  /** Where redrives send messages back to (ARNs). */
  readonly sourceQueueArns: readonly string[];
}

export interface ConsoleApiProps {
  readonly stageName: MbcCqrsStage;
  readonly logLevel: LogLevel;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly queues: ConsoleQueues;
  readonly tables: {
    readonly deliveryLog: TableExport;
    readonly tenantData: TableExport;
    readonly syncData: TableExport;
    /** Written (audit records) and read. */
    readonly opsAudit: TableExport;
    /** Endpoint health records (read, and written by disable/enable) and held deliveries (read). */
    readonly endpoints: TableExport;
  };
  readonly syncBucket: { readonly bucketArn: string };
  readonly archiveBucket: IBucket;
  readonly signingKey: ISecret;
}

const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    httpMethod: '$context.httpMethod',
    path: '$context.path',
    status: '$context.status',
    user: '$context.authorizer.claims.sub',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    error: '$context.error.message',
  }),
);

/** What each use case of the console calls, per resource (SqsQueueOps, DynamoDB adapters, S3 reads). */
const DLQ_ACTIONS = [
  'sqs:GetQueueUrl',
  'sqs:GetQueueAttributes',
  'sqs:ListDeadLetterSourceQueues',
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:StartMessageMoveTask',
  'sqs:ListMessageMoveTasks',
  'sqs:CancelMessageMoveTask',
];
const SOURCE_QUEUE_ACTIONS = ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes', 'sqs:SendMessage'];

/**
 * The console API: an HTTP API whose every route needs a Cognito ID token of the stage's pool (checked by API
 * Gateway's JWT authorizer, then verified again with aws-jwt-verify in the function, which reads the roles),
 * and the console-api function with a role limited to what the console's use cases call.
 */
export class ConsoleApi extends Construct {
  public readonly httpApi: HttpApi;
  public parts!: NodeFunctionParts;

  public constructor(
    scope: Construct,
    id: string,
    private readonly props: ConsoleApiProps,
  ) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'tsunagi operator console API',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
  }

  /** The function and its route, once the console's origin and app client exist. */
  public addFunction(options: {
    userPool: UserPool;
    client: UserPoolClient;
    consoleOrigin: string;
  }): NodejsFunction {
    const { props } = this;
    const environment = {
      STAGE: props.stageName,
      USER_POOL_ID: options.userPool.userPoolId,
      USER_POOL_CLIENT_ID: options.client.userPoolClientId,
      CONSOLE_ORIGIN: options.consoleOrigin,
      SIGNING_KEY_SECRET_ARN: props.signingKey.secretArn,
      ARCHIVE_BUCKET: props.archiveBucket.bucketName,
    } satisfies EnvFor<typeof CONSOLE_API_ENV>;
    this.parts = createNodeFunction(this, {
      service: 'console-api',
      memorySize: 512,
      timeout: Duration.seconds(28),
      logLevel: props.logLevel,
      environment,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.grant();
    const authorizer = new HttpJwtAuthorizer(
      'CognitoIdToken',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${options.userPool.userPoolId}`,
      { jwtAudience: [options.client.userPoolClientId] },
    );
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('ConsoleIntegration', this.parts.function),
      authorizer,
    });
    return this.parts.function;
  }

  private grant(): void {
    const { props, parts } = this;
    const grantee = parts.function;
    const add = (actions: readonly string[], resourceArns: readonly string[]) =>
      Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [...resourceArns] });
    add(DLQ_ACTIONS, props.queues.deadLetterQueueArns);
    add(SOURCE_QUEUE_ACTIONS, props.queues.sourceQueueArns);
    const { deliveryLog, tenantData, syncData, opsAudit, endpoints } = props.tables;
    const indexArn = `${deliveryLog.tableArn}/index/${DELIVERY_LOG_TENANT_INDEX.name}`;
    add(['dynamodb:GetItem', 'dynamodb:Query'], [deliveryLog.tableArn, indexArn, syncData.tableArn]);
    // `tenants list` scans the tenant data table (a handful of items per tenant).
    add(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], [tenantData.tableArn]);
    add(['dynamodb:PutItem', 'dynamodb:Query'], [opsAudit.tableArn]);
    // `endpoints list` scans the health records (one per destination that ever failed); disable/enable put one.
    add(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan'], [endpoints.tableArn]);
    add(['s3:GetObject'], [`${props.syncBucket.bucketArn}/runs/*`]);
    add(['s3:PutObject'], [props.archiveBucket.arnForObjects('archives/*')]);
    props.signingKey.grantRead(grantee);
    // ApproximateAgeOfOldestMessage of each DLQ, as `ops dlq list` reads it: a policy of its own, so that the
    // default policy's "*" stays X-Ray's alone.
    const metrics = new Policy(this, 'MetricsPolicy', {
      roles: [parts.role],
      statements: [new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] })],
    });
    acknowledgeWildcardResource(
      metrics,
      '*',
      'cloudwatch:GetMetricData supports no resource-level permissions; the console reads the DLQs oldest-message age with it, and this policy grants nothing else.',
    );
    acknowledgeWildcardResource(
      parts.policy,
      `${props.syncBucket.bucketArn}/runs/*`,
      'Run reports are read by run id under runs/<run id>/report.<ext>; the keys are known only at run time, and only GetObject is granted.',
    );
    acknowledgeWildcardResource(
      parts.policy,
      props.archiveBucket.arnForObjects('archives/*'),
      'Archives from the console are written as new objects under archives/<queue>/<time>/; PutObject only, no read or delete.',
    );
  }
}

/** The ARN of a table known by name (the audit table is not among the stateful stack's exports). */
export const tableArnOf = (scope: Construct, tableName: string): string =>
  Arn.format({ service: 'dynamodb', resource: 'table', resourceName: tableName }, Stack.of(scope));
