import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { getStageConfig } from '../../../infra/config/stages.ts';
import { imported, synthStage } from '../helpers.ts';

const STATE_MACHINE = { Ref: 'SyncStateMachine81090156' };

describe('Class: SyncSchedule', () => {
  const { stateful, stateless } = synthStage('dev');
  const schedule = () =>
    Object.values(stateless.findResources('AWS::Scheduler::Schedule'))[0]!.Properties as Record<
      string,
      unknown
    >;

  it('starts the state machine daily at 06:00 Asia/Tokyo with the scheduled time as run id', () => {
    expect(Object.keys(stateless.findResources('AWS::Scheduler::Schedule'))).toHaveLength(1);
    expect(schedule()).toMatchObject({
      Name: 'tsunagi-dev-tenant-sync-daily',
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: STATE_MACHINE,
        Input: JSON.stringify({ run_id: '<aws.scheduler.scheduled-time>' }),
      },
    });
  });

  it('retries a failed start 3 times within an hour, then dead-letters it', () => {
    expect(schedule().Target).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      DeadLetterConfig: { Arn: imported('dev', 'SyncScheduleDeadLetterQueueArn') },
    });
  });

  it('lets the schedule role only start this state machine and write its DLQ', () => {
    const role = (schedule().Target as { RoleArn: { 'Fn::GetAtt': string[] } }).RoleArn['Fn::GetAtt'][0]!;
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(role),
    );
    expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: STATE_MACHINE },
      {
        Action: 'sqs:SendMessage',
        Effect: 'Allow',
        Resource: imported('dev', 'SyncScheduleDeadLetterQueueArn'),
      },
    ]);
  });

  it('takes the time, zone and retry policy from the stage config', () => {
    const config = getStageConfig('stg');
    const { stateless: custom } = synthStage('stg', {
      sync: {
        ...config.sync,
        schedule: { ...config.sync.schedule, hour: 5, minute: 30 },
        scheduleRetryAttempts: 5,
        scheduleMaxEventAge: Duration.minutes(30),
      },
    });
    custom.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 5 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 1800 } }),
    });
  });

  it('keeps the DLQ in the stateful stack, named, SQS-encrypted and TLS-only', () => {
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'tsunagi-dev-tenant-sync-schedule-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    stateful.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: 'SyncScheduleDeadLetterQueueD172EEB2' }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('Class: SyncAlarms', () => {
  const { stateless } = synthStage('dev');
  const alarms = Object.entries(stateless.findResources('AWS::CloudWatch::Alarm')).filter(([id]) =>
    id.startsWith('SyncAlarms'),
  );
  const alarm = (name: string) => alarms.find(([id]) => id.startsWith(`SyncAlarms${name}`))![1].Properties;
  const topic = { Ref: Object.keys(stateless.findResources('AWS::SNS::Topic'))[0] };

  it('alarms on a failed or timed-out run and on a start in the schedule DLQ, to the operator topic', () => {
    expect(alarms).toHaveLength(3);
    for (const [name, metric] of [
      ['ExecutionsFailed', 'ExecutionsFailed'],
      ['ExecutionsTimedOut', 'ExecutionsTimedOut'],
    ]) {
      expect(alarm(name!)).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: STATE_MACHINE }],
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
        OKActions: [topic],
      });
    }
    expect(alarm('ScheduleDlqDepth')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: imported('dev', 'SyncScheduleDeadLetterQueueName') }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
      AlarmActions: [topic],
    });
  });
});
