import { randomUUID } from 'node:crypto';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSMessageAttribute, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

/**
 * What Lambda's SQS event source mapping hands a function and how it reads the answer, without the polling:
 * SDK `Message`s → an `SQSEvent`, a Lambda `Context`, and the `SQSBatchResponse` rules for partial failures.
 */

export interface EventSourceIdentity {
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/** `arn:aws:sqs:<region>:<account>:<name>` → its parts (Lambda takes the record's region from the queue). */
export const parseQueueArn = (arn: string): { region: string; accountId: string; queueName: string } => {
  const [prefix, , service, region, accountId, queueName] = arn.split(':');
  if (prefix !== 'arn' || service !== 'sqs' || !region || !accountId || !queueName) {
    throw new Error(`not an SQS queue ARN: ${arn}`);
  }
  return { region, accountId, queueName };
};

const bytesToBase64 = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');

/** SDK (PascalCase, bytes) → Lambda (camelCase, base64, list fields always present as arrays). */
export const toLambdaMessageAttribute = (value: MessageAttributeValue): SQSMessageAttribute => {
  const binaryValue = bytesToBase64(value.BinaryValue);
  // Lambda's shape and key order: stringValue / binaryValue only when set, both list fields always there.
  return {
    ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
    ...(binaryValue !== undefined && { binaryValue }),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((bytes) => bytesToBase64(bytes) ?? ''),
    dataType: value.DataType ?? 'String',
  };
};

export const toSqsRecord = (message: Message, source: EventSourceIdentity): SQSRecord => {
  if (!message.MessageId || message.ReceiptHandle === undefined) {
    throw new Error('SQS returned a message without MessageId or ReceiptHandle');
  }
  const { ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp, ...system } =
    message.Attributes ?? {};
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: ApproximateReceiveCount ?? '1',
    SentTimestamp: SentTimestamp ?? '',
    SenderId: SenderId ?? '',
    ApproximateFirstReceiveTimestamp: ApproximateFirstReceiveTimestamp ?? '',
    ...system,
  };
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      toLambdaMessageAttribute(value),
    ]),
  );
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes && { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: source.eventSourceARN,
    awsRegion: source.awsRegion,
  };
};

export const toSqsEvent = (messages: readonly Message[], source: EventSourceIdentity): SQSEvent => ({
  Records: messages.map((message) => toSqsRecord(message, source)),
});

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly timeoutMs: number;
  readonly region: string;
  readonly accountId: string;
  readonly memoryLimitInMB?: number;
}

/** A fresh invocation context; `getRemainingTimeInMillis` counts down from the function timeout. */
export const createLambdaContext = (options: LambdaContextOptions): Context => {
  const { functionName, region, accountId } = options;
  const deadline = Date.now() + options.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/** Runs a handler as Lambda does: a throw or a run past `timeoutMs` rejects (the late work is not stopped). */
export const invokeWithTimeout = <E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  event: E,
  context: Context,
  timeoutMs: number,
): Promise<R> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const message = `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`;
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  const run = Promise.resolve().then(() => handler(event, context));
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
};

/** How the event source mapping settles one invocation: what stays on the queue, and why if it is everything. */
export interface BatchOutcome {
  readonly failedIds: ReadonlySet<string>;
  /** Set when the whole batch failed. */
  readonly reason?: string;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Lambda's rules for a function's answer with ReportBatchItemFailures: nothing, `{}`, a null or empty
 * `batchItemFailures` is a full success; an itemIdentifier that is missing, empty, not a string or not a
 * message of this batch fails the whole batch. Without ReportBatchItemFailures any answer is a success.
 */
export const interpretBatchResponse = (
  response: unknown,
  batchIds: ReadonlySet<string>,
  reportBatchItemFailures: boolean,
): BatchOutcome => {
  if (!reportBatchItemFailures || typeof response !== 'object' || response === null)
    return { failedIds: NONE };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { failedIds: NONE };
  if (!Array.isArray(failures)) return { failedIds: batchIds, reason: 'batchItemFailures is not a list' };
  const failedIds = new Set<string>();
  for (const failure of failures) {
    const id: unknown = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') {
      return { failedIds: batchIds, reason: 'batchItemFailures holds a missing or empty itemIdentifier' };
    }
    if (!batchIds.has(id)) {
      return { failedIds: batchIds, reason: `itemIdentifier ${id} is not a message of this batch` };
    }
    failedIds.add(id);
  }
  return { failedIds };
};
