import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { opsAuditTableName } from '../../shared/ops/audit-names.ts';
import type { StageConfig } from '../config/stages.ts';
import { ConsoleApi, tableArnOf } from '../constructs/console/console-api.ts';
import { ConsoleAuth } from '../constructs/console/console-auth.ts';
import { ConsoleSite } from '../constructs/console/console-site.ts';
import type { StatefulExports } from './stateful-stack.ts';

export interface ConsoleStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulExports;
}

/**
 * The operator console of a stage: its sign-in (Cognito), its pages (S3 behind CloudFront), its API (API
 * Gateway + the console-api function over the stateful stack's queues and tables) and its archive bucket.
 * A stack of its own, so the console deploys and rolls back without touching the webhook path.
 */
export class ConsoleStack extends Stack {
  public readonly auth: ConsoleAuth;
  public readonly site: ConsoleSite;
  public readonly api: ConsoleApi;

  public constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    const { config, stateful, ...stackProps } = props;
    super(scope, id, { terminationProtection: config.terminationProtection, ...stackProps });
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const { stageName, removalPolicy, logRetention } = config;
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: config.claimCheck.accessLogExpiration }],
      removalPolicy,
    });
    const archive = new Bucket(this, 'Archive', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'console-archive/',
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy,
    });
    const signingKey = new Secret(this, 'SigningKey', {
      description: `tsunagi ${stageName} console: signs CSRF and confirmation tokens`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key only signs tokens that live ten minutes (confirmations) or one page session (CSRF); rotate it by replacing the secret value, which signs everyone out of pending previews and nothing more.',
    });

    this.auth = new ConsoleAuth(this, 'Auth', {
      stageName,
      mfaRequired: stageName === 'prod',
      removalPolicy,
      deletionProtection: config.terminationProtection,
    });
    this.site = new ConsoleSite(this, 'Site', { removalPolicy, accessLogsBucket: accessLogs });
    this.api = new ConsoleApi(this, 'Api', {
      stageName,
      logLevel: config.router.logLevel,
      logRetention,
      removalPolicy,
      throttle: { rateLimit: 20, burstLimit: 40 },
      queues: {
        deadLetterQueueArns: [
          stateful.inboundDeadLetterQueue.queueArn,
          stateful.deliveryDeadLetterQueue.queueArn,
          stateful.syncScheduleDeadLetterQueue.queueArn,
        ],
        sourceQueueArns: [stateful.inboundQueue.queueArn, stateful.deliveryQueue.queueArn],
      },
      tables: {
        deliveryLog: stateful.deliveryLogTable,
        tenantData: stateful.tenantDataTable,
        syncData: stateful.syncDataTable,
        endpoints: stateful.endpointsTable,
        opsAudit: {
          tableName: opsAuditTableName(stageName),
          tableArn: tableArnOf(this, opsAuditTableName(stageName)),
        },
      },
      syncBucket: stateful.syncBucket,
      archiveBucket: archive,
      signingKey,
    });
    const distribution = this.site.addDistribution(this.api.httpApi.apiEndpoint, this.auth.domain.baseUrl());
    const consoleUrl = `https://${distribution.distributionDomainName}`;
    const client = this.auth.addConsoleClient(`${consoleUrl}/`);
    this.api.addFunction({ userPool: this.auth.userPool, client, consoleOrigin: consoleUrl });
    this.site.deploy({
      apiBase: '',
      auth: {
        domain: this.auth.domain.baseUrl(),
        clientId: client.userPoolClientId,
        redirectUri: `${consoleUrl}/`,
      },
      stage: stageName,
    });
    new CfnOutput(this, 'ConsoleUrl', {
      description: 'Operators open this, then sign in',
      value: `${consoleUrl}/`,
    });
  }
}
