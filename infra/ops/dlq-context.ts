import { userInfo } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { callerIdentityArn } from '../../shared/adapters/ops/caller-identity.ts';
import { DeliveryLogFailures } from '../../shared/adapters/ops/delivery-log-failures.ts';
import { DynamoDbAuditLog, opsAuditTableName } from '../../shared/adapters/ops/dynamodb-audit-log.ts';
import { SqsQueueOps } from '../../shared/adapters/ops/sqs-queue-ops.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import type { AuditLog, FailureLookup, QueueAgeMetrics, QueueOps } from '../../shared/ops/ports.ts';
import { QueueNotFoundError } from '../../shared/ops/ports.ts';
import { syncResourceNames } from '../../shared/sync/workflow/config-names.ts';
import { LOCAL_PORTS } from '../local/local-ports.ts';
import { NotFoundError, type Options, UsageError } from './cli.ts';
import { resolveTarget, type Target, type TargetValues } from './target.ts';

/**
 * What the `dlq` and `audit` commands act on: the target's SQS (local mode's stand-in or the stage's account),
 * the delivery log (to join failure reasons) and the audit table. Queues are found by name per stage
 * (GetQueueUrl); the inbound DLQ, whose deployed name is generated, through its work queue's redrive policy.
 */

export const SQS_TARGET_OPTIONS = { 'sqs-endpoint': { type: 'string' } } as const satisfies Options;
export const SQS_TARGET_HELP = `  --sqs-endpoint <url>      with --local: where local mode's SQS listens
                            (default $AWS_ENDPOINT_URL_SQS or http://127.0.0.1:\${SQS_PORT:-${LOCAL_PORTS.sqs}})`;

/** The DLQs of a stage, by the alias operators type. */
export const DLQ_ALIASES = ['inbound-dlq', 'delivery-dlq', 'sync-schedule-dlq'] as const;

export interface ResolvedQueue {
  readonly alias: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

export interface OpsContext {
  readonly target: Target;
  readonly local: boolean;
  readonly queues: QueueOps;
  readonly failures: FailureLookup;
  readonly audit: AuditLog;
  /** Local stand-ins answer at once; in AWS a short poll may miss messages, so scans wait longer. */
  readonly emptyReceivesToStop: number;
  resolveQueue(nameOrAlias: string): Promise<ResolvedQueue>;
  /**
   * CloudWatch's queue metrics for a stage, loaded on first use (only `dlq list` needs them); null in local
   * mode, which has no metrics service.
   */
  queueAgeMetrics(): Promise<QueueAgeMetrics | null>;
  /** The STS caller identity for a stage, the OS user in local mode. */
  who(): Promise<string>;
  close(): void;
}

const queueNameOfArn = (arn: string): string => arn.split(':').at(-1) ?? arn;

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
  const names = deliveryResourceNames(stage);

  const byName = async (alias: string, name: string): Promise<ResolvedQueue> => {
    const url = await queues.queueUrl(name);
    const arn = (await queues.attributes(url)).QueueArn ?? '';
    return { alias, name, url, arn };
  };
  const resolveQueue = async (nameOrAlias: string): Promise<ResolvedQueue> => {
    try {
      switch (nameOrAlias) {
        case 'inbound-dlq': {
          const inbound = await queues.queueUrl(`tsunagi-${stage}-inbound`);
          const policy = (await queues.attributes(inbound)).RedrivePolicy;
          const arn = policy
            ? (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn
            : '';
          if (!arn) throw new QueueNotFoundError(`tsunagi-${stage}-inbound has no redrive policy`);
          return await byName(nameOrAlias, queueNameOfArn(arn));
        }
        case 'delivery-dlq':
          return await byName(nameOrAlias, names.deliveryDlq);
        case 'sync-schedule-dlq':
          return await byName(nameOrAlias, syncResourceNames(stage).scheduleDlq);
        case 'inbound':
          return await byName(nameOrAlias, `tsunagi-${stage}-inbound`);
        case 'delivery':
          return await byName(nameOrAlias, names.deliveryQueue);
        default:
          return await byName(nameOrAlias, nameOrAlias);
      }
    } catch (error) {
      if (error instanceof QueueNotFoundError)
        throw new NotFoundError(`${target.label}: queue "${nameOrAlias}" not found (${error.message})`);
      throw explainSqsUnreachable(error, sqsEndpoint);
    }
  };

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

  return {
    target,
    local,
    queues,
    failures: new DeliveryLogFailures(
      new DynamoDbDeliveryLog(dynamo, { tableName: target.tables.deliveryLog, retentionDays: 1 }),
    ),
    audit: new DynamoDbAuditLog(dynamo, opsAuditTableName(stage)),
    emptyReceivesToStop: local ? 1 : 3,
    resolveQueue,
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
