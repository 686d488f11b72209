import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { getStageConfig } from '../../infra/config/stages.ts';
import { imported, resourceNamed, synthStage } from './helpers.ts';

const topicRef = { Ref: expect.stringMatching(/^AlarmsTopic/) };

describe('Class: OperatorAlarms', () => {
  const { stateless } = synthStage('dev');
  const alarm = (prefix: string) =>
    resourceNamed(stateless, 'AWS::CloudWatch::Alarm', `Alarms${prefix}`).Properties;

  it('subscribes the stage alarm e-mail to a topic that refuses publishes without TLS', () => {
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'tsunagi-dev-alerts@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmsTopic') },
    });
    stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    expect(stateless.toJSON().Outputs.AlarmTopicArn.Value).toEqual(topicRef);
  });

  it('alarms on any message in the inbound and delivery DLQs, and keeps alarming while SQS is silent', () => {
    for (const [prefix, queue] of [
      ['InboundDlqDepth', 'InboundDeadLetterQueueName'],
      ['DeliveryDlqDepth', 'DeliveryDeadLetterQueueName'],
    ]) {
      expect(alarm(prefix!)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: imported('dev', queue!) }],
        Statistic: 'Maximum',
        Period: 60,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'missing',
        AlarmActions: [topicRef],
        OKActions: [topicRef],
      });
    }
  });

  it('alarms when the oldest inbound or delivery message is older than the stage threshold', () => {
    for (const [prefix, queue, threshold] of [
      ['InboundOldestMessage', 'InboundQueueName', 600],
      ['DeliveryOldestMessage', 'DeliveryQueueName', 1800],
    ] as const) {
      expect(alarm(prefix)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: imported('dev', queue) }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: threshold,
        EvaluationPeriods: 5,
        TreatMissingData: 'notBreaching',
        AlarmActions: [topicRef],
        OKActions: [topicRef],
      });
    }
    // The sync's own alarms (SyncAlarms*) are tested in test/infra/sync.
    const operatorAlarms = Object.keys(stateless.findResources('AWS::CloudWatch::Alarm')).filter((id) =>
      id.startsWith('Alarms'),
    );
    expect(operatorAlarms).toHaveLength(4);
  });

  it('takes its thresholds from the stage config', () => {
    const config = getStageConfig('stg');
    const { stateless: custom } = synthStage('stg', {
      alarms: { ...config.alarms, deliveryOldestMessageAge: Duration.minutes(45), ageEvaluationPeriods: 3 },
    });
    expect(
      resourceNamed(custom, 'AWS::CloudWatch::Alarm', 'AlarmsDeliveryOldestMessage').Properties,
    ).toMatchObject({ Threshold: 2700, EvaluationPeriods: 3 });
    expect(
      resourceNamed(synthStage('prod').stateless, 'AWS::CloudWatch::Alarm', 'AlarmsInboundOldestMessage')
        .Properties.Threshold,
    ).toBe(300);
  });
});
