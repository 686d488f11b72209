import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/** A queue the alarms and the dashboard watch. */
export interface WatchedQueue {
  /** Shown in the dashboard's legends, e.g. `inbound DLQ`. */
  readonly label: string;
  readonly queue: IQueue;
}
