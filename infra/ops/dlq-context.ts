import { userInfo } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { callerIdentityArn } from '../../shared/adapters/ops/caller-identity.ts';
import { DeliveryLogFailures } from '../../shared/adapters/ops/delivery-log-failures.ts';
import { DynamoDbAuditLog, opsAuditTableName } from '../../shared/adapters/ops/dynamodb-audit-log.ts';
import { SqsQueueOps } from '../../shared/adapters/ops/sqs-queue-ops.ts';
import { type ResolvedQueue, resolveQueue as resolveQueueOf } from '../../shared/ops/dlq-queues.ts';
import { NotFoundError } from '../../shared/ops/errors.ts';
import type { DlqPorts, QueueAgeMetrics } from '../../shared/ops/ports.ts';
import { LOCAL_PORTS } from '../local/local-ports.ts';
import { type Options, UsageError } from './cli.ts';
import { resolveTarget, type Target, type TargetValues } from './target.ts';

/**
 * What the `dlq` and `audit` commands act on: the target's SQS (local mode's stand-in or the stage's account),
 * the delivery log (to join failure reasons) and the audit table. Queues are found by name per stage
 * (GetQueueUrl); the inbound DLQ, whose deployed name is generated, through its work queue's redrive policy.
 */

export const SQS_TARGET_OPTIONS = { 'sqs-endpoint': { type: 'string' } } as const satisfies Options;
export const SQS_TARGET_HELP = `  --sqs-endpoint <url>      with --local: where local mode's SQS listens
                            (default $AWS_ENDPOINT_URL_SQS or http://127.0.0.1:\${SQS_PORT:-${LOCAL_PORTS.sqs}})`;

export { DLQ_ALIASES, type ResolvedQueue } from '../../shared/ops/dlq-queues.ts';

/** The DLQ use cases' ports for one target, plus what the commands need around them. */
export interface OpsContext extends DlqPorts {
  readonly target: Target;
  resolveQueue(nameOrAlias: string): Promise<ResolvedQueue>;
  /** An unreachable local stand-in explained (is `npm start` running?); any other error as it is. */
  explain(error: unknown): Error;
  close(): void;
}

export const openOpsContext = (
  values: TargetValues & { 'sqs-endpoint'?: string },
  env = process.env,
): OpsContext => {
  if (values['sqs-endpoint'] && !values.local) throw new UsageError('--sqs-endpoint only goes with --local');
  const target = resolveTarget(values, env);
  const local = values.local === true;
  const sqsEndpoint = local
    ? (values['sqs-endpoint'] ??
      env.AWS_ENDPOINT_URL_SQS ??
      `http://127.0.0.1:${env.SQS_PORT ?? LOCAL_PORTS.sqs}`)
    : undefined;
  if (sqsEndpoint !== undefined && !URL.canParse(sqsEndpoint))
    throw new UsageError(`--sqs-endpoint: "${sqsEndpoint}" is not a URL`);
  const credentials = local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  const sqs = new SQSClient({ region: target.region, endpoint: sqsEndpoint, credentials, maxAttempts: 3 });
  const dynamo: DynamoDBClient = target.dynamo();
  const queues = new SqsQueueOps(sqs);
  const stage = target.stage;

  const explain = (error: unknown) => explainSqsUnreachable(error, sqsEndpoint);
  let metrics: { metrics: QueueAgeMetrics; close: () => void } | undefined;
  const queueAgeMetrics = async (): Promise<QueueAgeMetrics | null> => {
    if (local) return null;
    if (!metrics) {
      // Imported here, not above, so the commands that never ask CloudWatch do not load its client.
      const { openCloudWatchQueueAgeMetrics } = await import(
        '../../shared/adapters/ops/cloudwatch-queue-age.ts'
      );
      metrics = openCloudWatchQueueAgeMetrics(target.region);
    }
    return metrics.metrics;
  };

  const ctx: OpsContext = {
    target,
    local,
    queues,
    failures: new DeliveryLogFailures(
      new DynamoDbDeliveryLog(dynamo, { tableName: target.tables.deliveryLog, retentionDays: 1 }),
    ),
    audit: new DynamoDbAuditLog(dynamo, opsAuditTableName(stage)),
    emptyReceivesToStop: local ? 1 : 3,
    resolveQueue: (nameOrAlias) =>
      resolveQueueOf(ctx, nameOrAlias).catch((error: unknown) => {
        throw error instanceof NotFoundError ? error : explain(error);
      }),
    explain,
    queueAgeMetrics,
    who: async () => {
      if (local) return `${userInfo().username} (local)`;
      try {
        return await callerIdentityArn(sqs, target.region);
      } catch (error) {
        return `${userInfo().username} (caller identity unavailable: ${(error as Error).message})`;
      }
    },
    close: () => {
      sqs.destroy();
      dynamo.destroy();
      metrics?.close();
    },
  };
  return ctx;
};

export const explainSqsUnreachable = (error: unknown, endpoint: string | undefined): Error => {
  const text = `${(error as Error)?.message ?? ''} ${(error as { code?: string })?.code ?? ''}`;
  if (endpoint && /ECONNREFUSED/.test(text)) {
    return new Error(`nothing answers at ${endpoint}: is \`npm start\` running? (or pass --sqs-endpoint)`, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
};
