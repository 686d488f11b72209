import type { Message } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createLambdaContext,
  interpretBatchResponse,
  parseQueueArn,
  toLambdaMessageAttribute,
  toSqsRecord,
} from '../../../../infra/local/event-source/sqs-event.ts';

const SOURCE = { eventSourceARN: 'arn:aws:sqs:ap-northeast-1:123456789012:q', awsRegion: 'ap-northeast-1' };

describe('Function: toSqsRecord', () => {
  it('keeps system attributes such as DeadLetterQueueSourceArn and MessageGroupId', () => {
    const message: Message = {
      MessageId: 'm1',
      ReceiptHandle: 'rh',
      Body: 'b',
      MD5OfBody: '92eb5ffee6ae2fec3ad71c777531578f',
      Attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1',
        SenderId: 'S',
        ApproximateFirstReceiveTimestamp: '2',
        MessageGroupId: 'g',
        DeadLetterQueueSourceArn: 'arn:aws:sqs:ap-northeast-1:123456789012:src',
      },
    };

    const record = toSqsRecord(message, SOURCE);

    expect(record.attributes).toEqual({ ...message.Attributes });
    expect(record.messageAttributes).toEqual({});
    expect(record).not.toHaveProperty('md5OfMessageAttributes');
    expect(record).toMatchObject({ eventSource: 'aws:sqs', ...SOURCE, messageId: 'm1', receiptHandle: 'rh' });
  });

  it('maps list and binary message attributes to base64 in Lambda’s shape', () => {
    expect(
      toLambdaMessageAttribute({
        DataType: 'Binary.custom',
        BinaryValue: Uint8Array.from([0, 255]),
        BinaryListValues: [Uint8Array.from([1])],
        StringListValues: ['s'],
      }),
    ).toEqual({
      binaryValue: 'AP8=',
      stringListValues: ['s'],
      binaryListValues: ['AQ=='],
      dataType: 'Binary.custom',
    });
  });

  it('refuses a message without id or receipt handle', () => {
    expect(() => toSqsRecord({ Body: 'x' }, SOURCE)).toThrow(/MessageId/);
  });
});

describe('Function: interpretBatchResponse', () => {
  const ids = new Set(['a', 'b']);

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['null batchItemFailures', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('treats %s as a full success', (_, response) => {
    expect(interpretBatchResponse(response, ids, true)).toEqual({ failedIds: new Set() });
  });

  it('returns the failed ids of a partial failure, deduplicated', () => {
    const response = { batchItemFailures: [{ itemIdentifier: 'b' }, { itemIdentifier: 'b' }] };

    expect(interpretBatchResponse(response, ids, true)).toEqual({ failedIds: new Set(['b']) });
  });

  it.each([
    ['an unknown id', [{ itemIdentifier: 'zzz' }]],
    ['an empty id', [{ itemIdentifier: '' }]],
    ['a null id', [{ itemIdentifier: null }]],
    ['a misspelt key', [{ itemId: 'a' }]],
    ['a null entry', [null]],
    ['a non-list', 'a'],
  ])('fails the whole batch on %s', (_, batchItemFailures) => {
    expect(interpretBatchResponse({ batchItemFailures }, ids, true)).toEqual({
      failedIds: ids,
      reason: expect.any(String),
    });
  });

  it('ignores the answer without ReportBatchItemFailures', () => {
    const response = { batchItemFailures: [{ itemIdentifier: 'a' }] };

    expect(interpretBatchResponse(response, ids, false)).toEqual({ failedIds: new Set() });
  });
});

describe('Function: createLambdaContext', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the remaining time down from the timeout to zero', () => {
    vi.useFakeTimers();
    const context = createLambdaContext({
      functionName: 'worker',
      timeoutMs: 1000,
      region: 'ap-northeast-1',
      accountId: '123456789012',
    });

    const atStart = context.getRemainingTimeInMillis();
    vi.advanceTimersByTime(400);
    const later = context.getRemainingTimeInMillis();
    vi.advanceTimersByTime(5000);

    expect([atStart, later, context.getRemainingTimeInMillis()]).toEqual([1000, 600, 0]);
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:ap-northeast-1:123456789012:function:worker');
  });
});

describe('Function: parseQueueArn', () => {
  it('splits an SQS ARN and rejects anything else', () => {
    expect(parseQueueArn(SOURCE.eventSourceARN)).toEqual({
      region: 'ap-northeast-1',
      accountId: '123456789012',
      queueName: 'q',
    });
    expect(() => parseQueueArn('arn:aws:sns:ap-northeast-1:123456789012:t')).toThrow(/not an SQS queue ARN/);
  });
});
