import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { MetricReading, QueueAgeMetrics } from '../../ops/ports.ts';

/** SQS publishes its queue metrics once a minute. */
const PERIOD_SECONDS = 60;

/**
 * Queue ages from CloudWatch: AWS/SQS ApproximateAgeOfOldestMessage per QueueName, the Maximum of each minute,
 * all queues in one GetMetricData call (newest datapoints first, so each queue's first is its newest).
 */
export class CloudWatchQueueAgeMetrics implements QueueAgeMetrics {
  public constructor(private readonly client: CloudWatchClient) {}

  public async oldestMessageAges(
    queueNames: readonly string[],
    options: { readonly now: Date; readonly lookbackMinutes: number },
  ): Promise<ReadonlyMap<string, MetricReading>> {
    const readings = new Map<string, MetricReading>();
    if (queueNames.length === 0) return readings;
    const queries: MetricDataQuery[] = queueNames.map((name, index) => ({
      Id: `q${index}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [{ Name: 'QueueName', Value: name }],
        },
        Period: PERIOD_SECONDS,
        Stat: 'Maximum',
      },
      ReturnData: true,
    }));
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(options.now.getTime() - options.lookbackMinutes * 60_000),
          EndTime: options.now,
          ScanBy: 'TimestampDescending',
          NextToken,
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const name = queueNames[Number(result.Id?.slice(1))];
        const at = result.Timestamps?.[0];
        const value = result.Values?.[0];
        if (name !== undefined && at !== undefined && value !== undefined && !readings.has(name)) {
          readings.set(name, { value, at: new Date(at) });
        }
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return readings;
  }
}

/** A CloudWatch client for `region` and the metrics over it; `close` releases the client's sockets. */
export const openCloudWatchQueueAgeMetrics = (
  region: string,
): { metrics: QueueAgeMetrics; close: () => void } => {
  const client = new CloudWatchClient({ region, maxAttempts: 3 });
  return { metrics: new CloudWatchQueueAgeMetrics(client), close: () => client.destroy() };
};
