import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AlarmConfig } from '../config/stage-config.ts';

export interface OperatorAlarmsProps {
  readonly stageName: string;
  readonly config: AlarmConfig;
  /** Subscribed to the topic; AWS mails a confirmation link first, and nothing is delivered until it is clicked. */
  readonly alarmEmail: string;
  readonly inboundQueue: IQueue;
  readonly inboundDeadLetterQueue: IQueue;
  readonly deliveryQueue: IQueue;
  readonly deliveryDeadLetterQueue: IQueue;
}

const PERIOD = Duration.minutes(1);

/**
 * The stage's operator alerts: an SNS topic with the operators' e-mail, and alarms that notify it on the way
 * into ALARM and back to OK, so a resolved incident is visible too.
 */
export class OperatorAlarms extends Construct {
  public readonly topic: Topic;
  private readonly actions: IAlarmAction[];

  public constructor(scope: Construct, id: string, props: OperatorAlarmsProps) {
    super(scope, id);
    // Alarm notifications carry no tenant data (names, states, thresholds), so the topic needs no KMS key;
    // an aws/sns-encrypted topic would even refuse CloudWatch, whose publish needs a key policy grant.
    this.topic = new Topic(this, 'Topic', {
      displayName: `tsunagi ${props.stageName} alerts`,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.actions = [new SnsAction(this.topic)];

    this.addDlqDepthAlarm('InboundDlqDepth', props.inboundDeadLetterQueue, 'inbound');
    this.addDlqDepthAlarm('DeliveryDlqDepth', props.deliveryDeadLetterQueue, 'delivery');
    this.addOldestMessageAlarm('InboundOldestMessage', props.inboundQueue, {
      maxAge: props.config.inboundOldestMessageAge,
      periods: props.config.ageEvaluationPeriods,
      meaning: 'the event router is failing or far behind; webhooks are accepted but not routed',
    });
    this.addOldestMessageAlarm('DeliveryOldestMessage', props.deliveryQueue, {
      maxAge: props.config.deliveryOldestMessageAge,
      periods: props.config.ageEvaluationPeriods,
      meaning: 'the delivery worker is failing or far behind, beyond normal retries',
    });
  }

  /**
   * Any message in a DLQ needs an operator (`npm run ops -- dlq peek`). Missing data keeps the last state:
   * SQS stops reporting a queue nobody touched for six hours, and a DLQ still holding messages must stay in ALARM.
   */
  private addDlqDepthAlarm(id: string, dlq: IQueue, name: string): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: `Messages in the ${name} DLQ: inspect with \`npm run ops -- dlq peek\`, then redrive or archive.`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.MISSING,
    });
    return this.notify(alarm);
  }

  private addOldestMessageAlarm(
    id: string,
    queue: IQueue,
    options: { maxAge: Duration; periods: number; meaning: string },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: `Oldest message older than ${options.maxAge.toHumanString()}: ${options.meaning}.`,
      metric: queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
      threshold: options.maxAge.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.periods,
      // An idle queue reports nothing: that is healthy, not unknown.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return this.notify(alarm);
  }

  private notify(alarm: Alarm): Alarm {
    alarm.addAlarmAction(...this.actions);
    alarm.addOkAction(...this.actions);
    return alarm;
  }
}
