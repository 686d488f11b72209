import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

/** BatchWriteItem's limit per request. */
export const BATCH_WRITE_LIMIT = 25;

/** Counts write requests and the items they carried (the bench's `sync.items_per_write_request`). */
export class WriteCounter {
  public requests = 0;
  public items = 0;

  /** Items per request so far (0 before any request). */
  public itemsPerRequest(): number {
    return this.requests === 0 ? 0 : this.items / this.requests;
  }
}

/** Settings of the batch writer. */
export interface BatchWriterOptions {
  readonly tableName: string;
  readonly counter?: WriteCounter;
  /** Requests per chunk, the first included, before its unprocessed items count as failed. Default 6. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  /** Chunks in flight at once. Default 4. */
  readonly concurrency?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** What a batch put did; `failed` holds the items still unprocessed after every retry. */
export interface BatchPutResult<T> {
  readonly written: number;
  readonly failed: readonly T[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Puts items with BatchWriteItem, 25 per request, retrying UnprocessedItems with exponential backoff and full
 * jitter (AWS's advice: they are throttled writes, and retrying at once is throttled again).
 */
export class DynamoDbBatchWriter {
  private readonly settings;

  public constructor(
    private readonly client: DynamoDBClient,
    options: BatchWriterOptions,
  ) {
    this.settings = {
      maxAttempts: 6,
      baseDelayMs: 50,
      concurrency: 4,
      sleep: realSleep,
      random: Math.random,
      counter: new WriteCounter(),
      ...options,
    };
  }

  /** The counter this writer adds to. */
  public get counter(): WriteCounter {
    return this.settings.counter;
  }

  /** Puts every item; resolves with what could not be written rather than rejecting for throttling. */
  public async putAll<T extends object>(items: readonly T[]): Promise<BatchPutResult<T>> {
    const chunks: T[][] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT)
      chunks.push(items.slice(i, i + BATCH_WRITE_LIMIT));
    const failed: T[] = [];
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) failed.push(...(await this.putChunk(chunks[next++] as T[])));
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, chunks.length) }, worker));
    return { written: items.length - failed.length, failed };
  }

  private async putChunk<T extends object>(chunk: readonly T[]): Promise<T[]> {
    const byKey = new Map(
      chunk.map((item) => [keyOf(marshall(item, { removeUndefinedValues: true })), item]),
    );
    let pending: WriteRequest[] = chunk.map((item) => ({
      PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) },
    }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > this.settings.maxAttempts) break;
      if (attempt > 1) await this.settings.sleep(this.backoff(attempt - 1));
      this.counter.requests += 1;
      this.counter.items += pending.length;
      const answer = await this.client.send(
        new BatchWriteItemCommand({ RequestItems: { [this.settings.tableName]: pending } }),
      );
      pending = answer.UnprocessedItems?.[this.settings.tableName] ?? [];
    }
    return pending.flatMap((request) => byKey.get(keyOf(request.PutRequest?.Item ?? {})) ?? []);
  }

  private backoff(retry: number): number {
    return Math.floor(this.settings.random() * this.settings.baseDelayMs * 2 ** retry);
  }
}

const keyOf = (item: Record<string, { S?: string }>): string => `${item.pk?.S}\u0000${item.sk?.S}`;
