import { fileURLToPath } from 'node:url';
import { ArnFormat, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Grant, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_BUNDLING } from '../bundling.ts';
import type { ReceiverConfig, StageName } from '../config/stages.ts';
import { acknowledgeWildcardResource } from './nag.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// Runtime and esbuild target move together (LAMBDA_BUNDLING.target): a runtime upgrade is a reviewed change.
const RUNTIME = Runtime.NODEJS_24_X;

export interface WebhookReceiverProps {
  readonly stageName: StageName;
  readonly config: ReceiverConfig;
  readonly inboundQueue: IQueue;
  readonly claimCheckBucket: IBucket;
  readonly secretPrefix: string;
  /** Base URL providers call (custom domain or the API endpoint); signature schemes that sign the URL need it. */
  readonly publicBaseUrl: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The webhook-receiver Lambda with a least-privilege role of its own. */
export class WebhookReceiver extends Construct {
  public readonly function: NodejsFunction;

  public constructor(scope: Construct, id: string, props: WebhookReceiverProps) {
    super(scope, id);
    const { config } = props;

    const logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole, whose log grant covers every log group.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}functions/webhook-receiver/handler.ts`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: config.memorySize,
      timeout: config.timeout,
      reservedConcurrentExecutions: config.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      // The same settings the bundle benchmarks build with. No source maps: `--enable-source-maps` makes Node
      // parse the map on every cold start, and our logs carry error names and messages, not stack traces.
      bundling: {
        minify: LAMBDA_BUNDLING.minify,
        format: OutputFormat.ESM,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        target: LAMBDA_BUNDLING.target,
        banner: LAMBDA_BUNDLING.banner,
        // Bundle the AWS SDK: a pinned, tree-shaken copy loads faster than the runtime's and cannot drift.
        externalModules: [],
      },
      environment: {
        STAGE: props.stageName,
        INBOUND_QUEUE_URL: props.inboundQueue.queueUrl,
        CLAIM_CHECK_BUCKET: props.claimCheckBucket.bucketName,
        SECRET_PREFIX: props.secretPrefix,
        PUBLIC_BASE_URL: props.publicBaseUrl,
        MAX_BODY_BYTES: String(config.maxBodyBytes),
        CLAIM_CHECK_THRESHOLD_BYTES: String(config.claimCheckThresholdBytes),
        SECRET_CACHE_SECONDS: String(config.secretCacheSeconds),
        POWERTOOLS_SERVICE_NAME: 'webhook-receiver',
        POWERTOOLS_METRICS_NAMESPACE: 'tsunagi',
        POWERTOOLS_LOG_LEVEL: config.logLevel,
      },
    });

    this.grantDataAccess(props);
    this.acknowledgeFindings(role, props);
  }

  private grantDataAccess(props: WebhookReceiverProps): void {
    props.inboundQueue.grantSendMessages(this.function);
    // PutObject only: the receiver never reads, lists, tags or deletes claim-checked bodies.
    Grant.addToPrincipal({
      grantee: this.function,
      actions: ['s3:PutObject'],
      resourceArns: [props.claimCheckBucket.arnForObjects('*')],
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secretsArnPattern(this, props.secretPrefix)],
      }),
    );
  }

  private acknowledgeFindings(role: Role, props: WebhookReceiverProps): void {
    const policy = role.node.findChild('DefaultPolicy');
    acknowledgeWildcardResource(
      policy,
      '*',
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; "*" is the only resource.',
    );
    acknowledgeWildcardResource(
      policy,
      props.claimCheckBucket.arnForObjects('*'),
      'Claim-check object keys are per event (tenant/provider/day/event id); the grant is s3:PutObject only, on this one bucket.',
    );
    acknowledgeWildcardResource(
      policy,
      secretsArnPattern(this, props.secretPrefix),
      "Secret names are per tenant and provider and end in a random suffix; the grant is GetSecretValue only, on this stage's webhook signing secrets.",
    );
  }
}

/**
 * GetSecretValue on this stage's webhook signing secrets only (`<prefix>/<tenantId>/webhooks/<provider>`),
 * so the receiver cannot read a tenant's other credentials (sync tokens, delivery keys).
 */
export const secretsArnPattern = (scope: Construct, secretPrefix: string): string =>
  Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${secretPrefix}/*/webhooks/*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
