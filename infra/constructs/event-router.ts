import type { RemovalPolicy } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EVENT_ROUTER_ENV } from '../../functions/event-router/env.ts';
import type { EnvFor } from '../../shared/kernel/env-contract.ts';
import type { RouterConfig, StageName } from '../config/stage-config.ts';
import {
  createConsumerFunction,
  grantClaimCheckRead,
  grantTable,
  TABLE_ACTIONS,
  type TableRef,
} from './consumer-function.ts';
import { grantSendMessage } from './queue-grants.ts';

export interface EventRouterProps {
  readonly stageName: StageName;
  readonly config: RouterConfig;
  readonly inboundQueue: IQueue;
  readonly deliveryQueue: IQueue;
  readonly claimCheckBucket: IBucket;
  readonly tenantDataTable: TableRef;
  readonly idempotencyTable: TableRef;
  readonly deliveryLogTable: TableRef;
  readonly deliveryLogRetentionDays: number;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The event-router Lambda on the inbound queue: dedupes provider events, matches the tenant's routes and sends
 * one delivery message per matched route. It reads tenants but calls nothing outside AWS, so it gets no
 * secret, no SES and no access to the delivery DLQ.
 */
export class EventRouter extends Construct {
  public readonly function: NodejsFunction;

  public constructor(scope: Construct, id: string, props: EventRouterProps) {
    super(scope, id);
    const { config } = props;

    // Variable names: shared/delivery/config-names.ts (parsed by functions/event-router/env.ts).
    const parts = createConsumerFunction(this, {
      service: 'event-router',
      config,
      queue: props.inboundQueue,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      environment: {
        STAGE: props.stageName,
        DELIVERY_QUEUE_URL: props.deliveryQueue.queueUrl,
        CLAIM_CHECK_BUCKET: props.claimCheckBucket.bucketName,
        TENANT_TABLE: props.tenantDataTable.tableName,
        IDEMPOTENCY_TABLE: props.idempotencyTable.tableName,
        DELIVERY_LOG_TABLE: props.deliveryLogTable.tableName,
        DELIVERY_LOG_RETENTION_DAYS: String(props.deliveryLogRetentionDays),
        TENANT_CACHE_SECONDS: String(config.tenantCacheSeconds),
      } satisfies EnvFor<typeof EVENT_ROUTER_ENV>,
    });
    this.function = parts.function;

    grantSendMessage(this.function, props.deliveryQueue);
    grantClaimCheckRead(parts, props.claimCheckBucket);
    grantTable(this.function, props.tenantDataTable.tableArn, TABLE_ACTIONS.read);
    grantTable(this.function, props.idempotencyTable.tableArn, TABLE_ACTIONS.idempotency);
    grantTable(this.function, props.deliveryLogTable.tableArn, TABLE_ACTIONS.write);
  }
}
