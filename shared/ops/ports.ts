import type { FailureReason } from '../delivery/delivery-log.ts';
import type { RawDlqMessage } from './dlq-message.ts';
import type { AuditRecord, MoveTask } from './schemas.ts';

/** What the DLQ tools need from a queue service (SQS in AWS and in local mode). */
export interface QueueOps {
  /** Throws `QueueNotFoundError` when there is no such queue. */
  queueUrl(name: string): Promise<string>;
  attributes(url: string): Promise<Readonly<Record<string, string>>>;
  /** URLs of the queues whose redrive policy points at this DLQ. */
  sourceQueues(url: string): Promise<string[]>;
  /** Receives without deleting; the messages come back after `visibilityTimeoutSeconds`. */
  receive(
    url: string,
    options: { max: number; visibilityTimeoutSeconds: number; waitSeconds: number },
  ): Promise<RawDlqMessage[]>;
  /** Sends a copy (same body, same message attributes). */
  send(url: string, message: RawDlqMessage): Promise<void>;
  delete(url: string, receiptHandle: string): Promise<void>;
  /** Makes received messages visible again now; a handle whose message is gone is skipped. */
  release(url: string, receiptHandles: readonly string[]): Promise<void>;
  startMoveTask(
    sourceArn: string,
    destinationArn: string | undefined,
    ratePerSecond: number,
  ): Promise<string>;
  moveTasks(sourceArn: string): Promise<MoveTask[]>;
  cancelMoveTask(taskHandle: string): Promise<number | null>;
}

/** One reading of a queue metric: its value and the end of the period it covers. */
export interface MetricReading {
  readonly value: number;
  readonly at: Date;
}

/** The age of each queue's oldest message as the metrics service records it (CloudWatch in AWS). */
export interface QueueAgeMetrics {
  /** The newest reading per queue name within the last `lookbackMinutes`; a queue without one is left out. */
  oldestMessageAges(
    queueNames: readonly string[],
    options: { readonly now: Date; readonly lookbackMinutes: number },
  ): Promise<ReadonlyMap<string, MetricReading>>;
}

export class QueueNotFoundError extends Error {
  public override readonly name = 'QueueNotFoundError';
}

/** The latest failure of a delivery, from the delivery log (for dead letters without failure attributes). */
export interface FailureLookup {
  failureOf(eventId: string, routeId: string | null): Promise<FailureReason | null>;
}

/** Where an operator use case acts: `local (…)` or `stage dev (…)` for messages, and the stage for names. */
export interface OpsTarget {
  readonly label: string;
  readonly stage: string;
}

/** What the DLQ and audit use cases act through: one target's queues, delivery log, audit trail and metrics. */
export interface DlqPorts {
  readonly target: OpsTarget;
  /** Local mode: no metrics service, and queues that only a deployed stage has. */
  readonly local: boolean;
  readonly queues: QueueOps;
  readonly failures: FailureLookup;
  readonly audit: AuditLog;
  /** Local stand-ins answer at once; in AWS a short poll may miss messages, so scans wait longer. */
  readonly emptyReceivesToStop: number;
  /** The metrics service of a stage, loaded on first use; null where there is none (local mode). */
  queueAgeMetrics(): Promise<QueueAgeMetrics | null>;
  /** Who acts, as the audit trail records it. */
  who(): Promise<string>;
}

export interface AuditLog {
  write(record: AuditRecord): Promise<void>;
  /** Records of a stage, oldest first, at or after `since`. */
  list(stage: string, since?: Date): Promise<AuditRecord[]>;
}
