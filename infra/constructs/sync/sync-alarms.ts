import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface SyncAlarmsProps {
  readonly stateMachine: IStateMachine;
  readonly scheduleDeadLetterQueue: IQueue;
  /** The stage's operator topic (OperatorAlarms). */
  readonly topic: ITopic;
}

const PERIOD = Duration.minutes(5);

/**
 * A daily run that did not happen or did not finish needs an operator: the execution failed (plan or report,
 * children never fail it), timed out, or never started (its start is in the schedule's DLQ). One tenant's
 * FAILED sync is not an alarm: it is in the run report. Notifies on ALARM and back to OK.
 */
export class SyncAlarms extends Construct {
  public constructor(scope: Construct, id: string, props: SyncAlarmsProps) {
    super(scope, id);
    const { stateMachine } = props;
    const sum = { period: PERIOD, statistic: 'Sum' };
    this.add(
      'ExecutionsFailed',
      stateMachine.metricFailed(sum),
      'The tenant sync run failed (plan or report): see the execution in the Step Functions console, then `npm run ops -- sync run` once fixed.',
    );
    this.add(
      'ExecutionsTimedOut',
      stateMachine.metricTimedOut(sum),
      'The tenant sync run exceeded its timeout: check the Map Run for stuck or rate-limited tenants.',
    );
    this.add(
      'ScheduleDlqDepth',
      props.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      'The daily tenant sync could not be started (its start is in the schedule DLQ): start it with `npm run ops -- sync run`, then purge the message.',
      // A DLQ still holding a message must stay in ALARM when SQS stops reporting an idle queue.
      TreatMissingData.MISSING,
    );
    for (const alarm of this.node.children.filter((c): c is Alarm => c instanceof Alarm)) {
      alarm.addAlarmAction(new SnsAction(props.topic));
      alarm.addOkAction(new SnsAction(props.topic));
    }
  }

  private add(
    id: string,
    metric: IMetric,
    description: string,
    missing = TreatMissingData.NOT_BREACHING,
  ): void {
    new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: missing,
    });
  }
}
