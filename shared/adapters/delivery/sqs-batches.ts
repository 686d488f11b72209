import type { MessageAttributeValue, SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';

/** SendMessageBatch takes at most this many entries… */
export const MAX_BATCH_ENTRIES = 10;
/** …and at most this many bytes in all (bodies plus attributes), which is also the limit of one message. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/** An entry for SendMessageBatch with its size as SQS counts it. */
export interface SizedEntry {
  readonly entry: SendMessageBatchRequestEntry;
  readonly bytes: number;
}

const utf8Bytes = (value: string | undefined): number => (value ? Buffer.byteLength(value, 'utf8') : 0);

/** Bytes SQS counts for a message: the body plus each attribute's name, data type and value. */
export const messageBytes = (
  body: string,
  attributes: Readonly<Record<string, MessageAttributeValue>> = {},
): number =>
  Object.entries(attributes).reduce(
    (total, [name, value]) =>
      total + utf8Bytes(name) + utf8Bytes(value.DataType) + utf8Bytes(value.StringValue),
    utf8Bytes(body),
  );

/**
 * Groups entries into batches of at most 10 entries and 1 MiB, keeping their order. Greedy first fit in order
 * is enough: an event has a handful of routes, and every message of an event is about the same size.
 * Entries over 1 MiB on their own are not placed anywhere; the caller reports them.
 */
export const planBatches = (entries: readonly SizedEntry[]): SizedEntry[][] => {
  const batches: SizedEntry[][] = [];
  let current: SizedEntry[] = [];
  let currentBytes = 0;
  for (const sized of entries) {
    if (sized.bytes > MAX_BATCH_BYTES) continue;
    if (current.length === MAX_BATCH_ENTRIES || currentBytes + sized.bytes > MAX_BATCH_BYTES) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(sized);
    currentBytes += sized.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
};
