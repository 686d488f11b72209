import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  type MessageAttributeValue,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { RawDlqMessage } from '../../ops/dlq-message.ts';
import { QueueNotFoundError, type QueueOps } from '../../ops/ports.ts';
import type { MoveTask } from '../../ops/schemas.ts';

/**
 * The DLQ tools' queue operations on SQS. Receives ask for `AttributeNames: ['All']` (local-aws-sqs ignores
 * `MessageSystemAttributeNames`), and `release` ends a peek's hide at once, so
 * the next command sees the messages again.
 */
export class SqsQueueOps implements QueueOps {
  public constructor(private readonly client: SQSClient) {}

  public async queueUrl(name: string): Promise<string> {
    try {
      const { QueueUrl } = await this.client.send(new GetQueueUrlCommand({ QueueName: name }));
      if (!QueueUrl) throw new QueueNotFoundError(`no queue named "${name}"`);
      return QueueUrl;
    } catch (error) {
      const code = (error as { name?: string }).name;
      if (
        error instanceof QueueDoesNotExist ||
        code === 'QueueDoesNotExist' ||
        code === 'AWS.SimpleQueueService.NonExistentQueue'
      )
        throw new QueueNotFoundError(`no queue named "${name}"`, { cause: error });
      throw error;
    }
  }

  public async attributes(url: string): Promise<Readonly<Record<string, string>>> {
    const { Attributes } = await this.client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    return Attributes ?? {};
  }

  public async sourceQueues(url: string): Promise<string[]> {
    const urls: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListDeadLetterSourceQueuesCommand({ QueueUrl: url, NextToken, MaxResults: 1000 }),
      );
      urls.push(...(page.queueUrls ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return urls;
  }

  public async receive(
    url: string,
    options: { max: number; visibilityTimeoutSeconds: number; waitSeconds: number },
  ): Promise<RawDlqMessage[]> {
    const { Messages } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, Math.max(1, options.max)),
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        WaitTimeSeconds: options.waitSeconds,
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return (Messages ?? []).map((message) => ({
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) =>
          value.StringValue !== undefined ? [[name, value.StringValue]] : [],
        ),
      ),
      systemAttributes: { ...(message.Attributes ?? {}) } as Record<string, string>,
    }));
  }

  public async send(url: string, message: RawDlqMessage): Promise<void> {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(message.attributes)) {
      attributes[name] = { DataType: 'String', StringValue: value };
    }
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: message.body,
        MessageAttributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      }),
    );
  }

  public async delete(url: string, receiptHandle: string): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: receiptHandle }));
  }

  public async release(url: string, receiptHandles: readonly string[]): Promise<void> {
    for (let i = 0; i < receiptHandles.length; i += 10) {
      const entries = receiptHandles
        .slice(i, i + 10)
        .map((handle, index) => ({ Id: String(index), ReceiptHandle: handle, VisibilityTimeout: 0 }));
      // Entries that fail (a message deleted meanwhile) are reported per entry, not thrown: nothing to undo.
      await this.client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries }));
    }
  }

  public async startMoveTask(
    sourceArn: string,
    destinationArn: string | undefined,
    ratePerSecond: number,
  ): Promise<string> {
    const { TaskHandle } = await this.client.send(
      new StartMessageMoveTaskCommand({
        SourceArn: sourceArn,
        DestinationArn: destinationArn,
        MaxNumberOfMessagesPerSecond: Math.max(1, Math.min(500, Math.round(ratePerSecond))),
      }),
    );
    if (!TaskHandle) throw new Error('StartMessageMoveTask returned no task handle');
    return TaskHandle;
  }

  public async moveTasks(sourceArn: string): Promise<MoveTask[]> {
    const { Results } = await this.client.send(
      new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
    );
    return (Results ?? []).map((task) => ({
      task_handle: task.TaskHandle ?? null,
      status: task.Status ?? 'UNKNOWN',
      source_arn: task.SourceArn ?? null,
      destination_arn: task.DestinationArn ?? null,
      max_per_second: task.MaxNumberOfMessagesPerSecond ?? null,
      moved: task.ApproximateNumberOfMessagesMoved ?? 0,
      to_move: task.ApproximateNumberOfMessagesToMove ?? null,
      started_at:
        task.StartedTimestamp !== undefined ? new Date(Number(task.StartedTimestamp)).toISOString() : null,
      failure_reason: task.FailureReason ?? null,
    }));
  }

  public async cancelMoveTask(taskHandle: string): Promise<number | null> {
    const { ApproximateNumberOfMessagesMoved } = await this.client.send(
      new CancelMessageMoveTaskCommand({ TaskHandle: taskHandle }),
    );
    return ApproximateNumberOfMessagesMoved ?? null;
  }
}
