import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import {
  DEDUPE_WINDOW_SECONDS,
  PowertoolsEventDeduplicator,
} from '../../../../shared/adapters/routing/powertools-event-deduplicator.ts';
import { EventInProgressError } from '../../../../shared/routing/errors.ts';
import type { RoutingSummary } from '../../../../shared/routing/ports.ts';
import { createIdempotencyTable } from '../delivery/tables.ts';

const summary = (eventId: string): RoutingSummary => ({
  event_id: eventId,
  route_ids: ['payments-to-backend'],
  unrouted_reason: null,
});

const context = (remainingMs: number): Context =>
  ({ getRemainingTimeInMillis: () => remainingMs, awsRequestId: 'req-1' }) as unknown as Context;

describe('Class: PowertoolsEventDeduplicator', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let tableName: string;
  let tables = 0;

  const items = async () => {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
    return Items.map((item) => unmarshall(item));
  };

  const deduplicator = (remainingMs = 30_000) => {
    const instance = new PowertoolsEventDeduplicator({ client, tableName });
    instance.registerLambdaContext(context(remainingMs));
    return instance;
  };

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  beforeEach(async () => {
    tableName = `tsunagi-local-idempotency-${++tables}`;
    await createIdempotencyTable(client, tableName);
  });

  it('runs the work once and hands its stored summary to every repeat', async () => {
    // Prepare
    const work = vi.fn(async () => summary('evt_first'));
    const first = deduplicator();

    // Act
    const results = [
      await first.runOnce('acme#stripe#provider:pe_1', work),
      await first.runOnce('acme#stripe#provider:pe_1', work),
      // A fresh container has nothing in memory: the answer comes from the table.
      await deduplicator().runOnce('acme#stripe#provider:pe_1', work),
    ];

    // Assess
    expect(results).toEqual([summary('evt_first'), summary('evt_first'), summary('evt_first')]);
    expect(work).toHaveBeenCalledTimes(1);
    const [item] = await items();
    expect(item).toMatchObject({ status: 'COMPLETED', data: summary('evt_first') });
    expect(item!.id).toMatch(/^event-router#provider-event#/);
    expect(item!.expiration).toBeCloseTo(Date.now() / 1000 + DEDUPE_WINDOW_SECONDS, -1);
  });

  it('deletes the record when the work throws, so the retry of the SQS record runs the work again', async () => {
    // Prepare
    const dedupe = deduplicator();
    const failing = vi.fn(async (): Promise<RoutingSummary> => {
      throw new Error('SendMessageBatch failed');
    });

    // Act
    await expect(dedupe.runOnce('acme#stripe#provider:pe_2', failing)).rejects.toThrow(
      'SendMessageBatch failed',
    );
    const afterFailure = await items();
    const retried = await dedupe.runOnce('acme#stripe#provider:pe_2', async () => summary('evt_retry'));

    // Assess
    expect(afterFailure).toEqual([]);
    expect(retried).toEqual(summary('evt_retry'));
    expect(await items()).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
  });

  it('fails a second run of a key whose first run is still in flight with EventInProgressError', async () => {
    // Prepare
    const dedupe = deduplicator();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = dedupe.runOnce('acme#stripe#provider:pe_3', async () => {
      await gate;
      return summary('evt_a');
    });
    await vi.waitFor(async () => expect(await items()).toHaveLength(1));

    // Act
    const second = deduplicator().runOnce('acme#stripe#provider:pe_3', async () => summary('evt_b'));

    // Assess
    await expect(second).rejects.toBeInstanceOf(EventInProgressError);
    release();
    expect(await first).toEqual(summary('evt_a'));
  });

  it('lets a retry take over once the invocation that started the run has run out of time', async () => {
    // Prepare: an invocation with 20 ms left starts a run that never finishes (the Lambda was killed).
    const never = new Promise<RoutingSummary>(() => undefined);
    void deduplicator(20).runOnce('acme#stripe#provider:pe_4', () => never);
    await vi.waitFor(async () => expect(await items()).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 40));

    // Act
    const retried = await deduplicator().runOnce('acme#stripe#provider:pe_4', async () =>
      summary('evt_retry'),
    );

    // Assess
    expect(retried).toEqual(summary('evt_retry'));
  });

  it('keeps different keys apart', async () => {
    // Prepare
    const dedupe = deduplicator();

    // Act
    const results = [
      await dedupe.runOnce('acme#stripe#provider:pe_5', async () => summary('evt_1')),
      await dedupe.runOnce('beta#stripe#provider:pe_5', async () => summary('evt_2')),
    ];

    // Assess
    expect(results.map((r) => r.event_id)).toEqual(['evt_1', 'evt_2']);
  });
});
