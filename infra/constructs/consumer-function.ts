import type { RemovalPolicy } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ConsumerConfig } from '../config/stage-config.ts';
import { acknowledgeWildcardResource } from './nag.ts';
import { createNodeFunction, type NodeFunctionParts } from './node-function.ts';

export interface ConsumerFunctionProps {
  /** The folder under `functions/`; also the Powertools service name. */
  readonly service: string;
  readonly config: ConsumerConfig;
  /** The queue the function consumes through an event source mapping. */
  readonly queue: IQueue;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** A table of the stateful stack, as its imported ARN and name. */
export interface TableRef {
  readonly tableArn: string;
  readonly tableName: string;
}

/**
 * DynamoDB actions by use. The tables have no indexes, so every grant names the table ARN itself, and no
 * function gets Scan, batch or transaction actions it does not call.
 */
export const TABLE_ACTIONS = {
  /** Point reads and one-partition queries of tenant master data. */
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  /** Powertools idempotency: conditional put, get, update on completion, delete when the work throws. */
  idempotency: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
  /**
   * Delivery log writes: the router puts a routing record, the worker upserts delivery records. Neither reads
   * the log (the journey is read by the ops CLI), so neither gets GetItem or Query on it.
   */
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
  /**
   * Endpoint health and held deliveries: read and conditionally put a health record, put a held delivery, query
   * and delete them in order on release. No Scan: listing every destination is the operators'.
   */
  endpoints: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
} as const;

/**
 * A function fed by an SQS event source mapping with partial batch responses: a failed record is retried
 * alone (and reaches the DLQ after maxReceiveCount), while the rest of its batch is deleted.
 */
export const createConsumerFunction = (scope: Construct, props: ConsumerFunctionProps): NodeFunctionParts => {
  const { config } = props;
  const parts = createNodeFunction(scope, {
    service: props.service,
    memorySize: config.memorySize,
    timeout: config.timeout,
    logLevel: config.logLevel,
    environment: props.environment,
    logRetention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  parts.function.addEventSource(
    new SqsEventSource(props.queue, {
      batchSize: config.batchSize,
      maxBatchingWindow: config.maxBatchingWindow,
      maxConcurrency: config.maxConcurrency,
      reportBatchItemFailures: true,
    }),
  );
  return parts;
};

/** Grants exactly `actions` on one table (no index ARNs: none of the tables has indexes). */
export const grantTable = (grantee: IGrantable, tableArn: string, actions: readonly string[]): void => {
  Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns: [tableArn] });
};

/**
 * s3:GetObject on the claim-check bucket's objects, to resolve bodies the receiver stored there: no List (keys
 * come from the message), no writes. Acknowledged on `parts.policy`, where the statement lands.
 */
export const grantClaimCheckRead = (parts: NodeFunctionParts, bucket: IBucket): void => {
  Grant.addToPrincipal({
    grantee: parts.function,
    actions: ['s3:GetObject'],
    resourceArns: [bucket.arnForObjects('*')],
  });
  acknowledgeWildcardResource(
    parts.policy,
    bucket.arnForObjects('*'),
    'Claim-check object keys are per event (tenant/provider/day/event id) and arrive in the message; the grant is s3:GetObject only, on this one bucket.',
  );
};
