import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudWatchQueueAgeMetrics } from '../../../../shared/adapters/ops/cloudwatch-queue-age.ts';

const cloudWatchMock = mockClient(CloudWatchClient);
const NOW = new Date('2026-11-23T08:00:00.000Z');
const minute = (m: number) => new Date(NOW.getTime() - m * 60_000);

afterEach(() => {
  cloudWatchMock.reset();
});

const metrics = () => new CloudWatchQueueAgeMetrics(new CloudWatchClient({ region: 'ap-northeast-1' }));

describe('Class: CloudWatchQueueAgeMetrics', () => {
  it('asks for the Maximum of ApproximateAgeOfOldestMessage per queue, every queue in one call', async () => {
    // Prepare
    cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    // Act
    await metrics().oldestMessageAges(['tsunagi-prod-inbound-dlq', 'tsunagi-prod-delivery-dlq'], {
      now: NOW,
      lookbackMinutes: 15,
    });

    // Assess
    const calls = cloudWatchMock.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({ StartTime: minute(15), EndTime: NOW, ScanBy: 'TimestampDescending' });
    expect(input.MetricDataQueries).toEqual([
      {
        Id: 'q0',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/SQS',
            MetricName: 'ApproximateAgeOfOldestMessage',
            Dimensions: [{ Name: 'QueueName', Value: 'tsunagi-prod-inbound-dlq' }],
          },
          Period: 60,
          Stat: 'Maximum',
        },
        ReturnData: true,
      },
      expect.objectContaining({
        Id: 'q1',
        MetricStat: expect.objectContaining({
          Metric: expect.objectContaining({
            Dimensions: [{ Name: 'QueueName', Value: 'tsunagi-prod-delivery-dlq' }],
          }),
        }),
      }),
    ]);
  });

  it("returns each queue's newest datapoint across pages and leaves out queues without one", async () => {
    // Prepare: newest first, as ScanBy TimestampDescending returns them; the second page is older.
    cloudWatchMock
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'q0', Timestamps: [minute(1), minute(2)], Values: [3_725, 3_665] },
          { Id: 'q1', Timestamps: [], Values: [] },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: 'q0', Timestamps: [minute(9)], Values: [3_245] }],
      });

    // Act
    const readings = await metrics().oldestMessageAges(['delivery-dlq', 'inbound-dlq'], {
      now: NOW,
      lookbackMinutes: 15,
    });

    // Assess
    expect([...readings]).toEqual([['delivery-dlq', { value: 3_725, at: minute(1) }]]);
    const calls = cloudWatchMock.commandCalls(GetMetricDataCommand);
    expect(calls.map((call) => call.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
  });

  it('asks nothing for no queues', async () => {
    // Act
    const readings = await metrics().oldestMessageAges([], { now: NOW, lookbackMinutes: 15 });

    // Assess
    expect(readings.size).toBe(0);
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  it('lets an error through, for the listing to report', async () => {
    // Prepare
    cloudWatchMock.on(GetMetricDataCommand).rejects(new Error('AccessDenied: cloudwatch:GetMetricData'));

    // Act / Assess
    await expect(
      metrics().oldestMessageAges(['delivery-dlq'], { now: NOW, lookbackMinutes: 15 }),
    ).rejects.toThrow(/AccessDenied/);
  });
});
