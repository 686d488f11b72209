import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Metrics } from '../lib/report.ts';
import { median, round } from '../lib/stats.ts';
import {
  BENCH_RATE_LIMIT_PER_SECOND,
  BENCH_REGION,
  freshBatch,
  SLOW_DESTINATION_DELAY_MS,
} from './fixtures.ts';
import { type DeliveryWorld, startDeliveryWorld } from './world.ts';

/** Records per batch in `delivery.batch_parallelism`, SQS's default batch size. */
const BATCH_SIZE = 10;
// Separate routes, so each figure has its own token bucket and breaker.
const BATCH_ROUTE = 'bench-batch';
const SINGLE_ROUTE = 'bench-single';

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Batch of 10 to the 200 ms destination vs one bare fetch to it, interleaved, median of `rounds`. */
const batchParallelism = async (world: DeliveryWorld, rounds: number): Promise<Metrics> => {
  // Warm-up (JIT, keep-alive sockets to the destination and the stand-ins), not counted.
  await world.bareFetch(world.slowUrl);
  await world.invoke(freshBatch(BATCH_SIZE, world.slowUrl, BATCH_ROUTE));
  const batch: number[] = [];
  const call: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    call.push(await world.bareFetch(world.slowUrl));
    batch.push(await world.invoke(freshBatch(BATCH_SIZE, world.slowUrl, BATCH_ROUTE)));
  }
  const [b, c] = [median(batch), median(call)];
  return {
    'delivery.batch_parallelism': {
      value: round(b / c),
      unit: 'x',
      goal: { op: '<=', value: 1.5 },
      detail:
        `median of ${rounds} interleaved rounds: one handler invocation with ${BATCH_SIZE} fresh records (same http ` +
        `route, rate_limit_per_second ${BENCH_RATE_LIMIT_PER_SECOND}) ${b.toFixed(1)} ms / one bare fetch ` +
        `${c.toFixed(1)} ms to a destination answering 200 after ${SLOW_DESTINATION_DELAY_MS} ms; ` +
        'real handler + adapters, dynalite + local-aws-sqs in a child process',
    },
  };
};

/** Wall time the worker spends in DynamoDB calls (SDK and stand-in), summed while `fn` runs. */
const withDynamoTime = async <T>(fn: () => Promise<T>): Promise<{ value: T; dynamoMs: number }> => {
  const send = DynamoDBClient.prototype.send;
  let dynamoMs = 0;
  DynamoDBClient.prototype.send = async function (this: DynamoDBClient, ...args: Parameters<typeof send>) {
    const started = performance.now();
    try {
      return await (send as (...a: typeof args) => Promise<unknown>).apply(this, args);
    } finally {
      dynamoMs += performance.now() - started;
    }
  } as typeof send;
  try {
    return { value: await fn(), dynamoMs };
  } finally {
    DynamoDBClient.prototype.send = send;
  }
};

interface WorkerRound {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly dynamoMs: number;
}

/**
 * Per record: one invocation with one fresh record to an instant destination, sequentially; the remote call
 * is taken out as the bare fetch to the same server measured in the same round.
 */
const overhead = async (world: DeliveryWorld, rounds: number, perRound: number): Promise<Metrics> => {
  const workerRound = async (count: number): Promise<WorkerRound> => {
    // Built before the clock starts: making the records is the router's work, not the worker's.
    const batches = Array.from({ length: count }, () => freshBatch(1, world.instantUrl, SINGLE_ROUTE));
    const cpu = process.cpuUsage();
    const { value: times, dynamoMs } = await withDynamoTime(async () => {
      const times: number[] = [];
      for (const records of batches) times.push(await world.invoke(records));
      return times;
    });
    const used = process.cpuUsage(cpu);
    return {
      wallMs: mean(times),
      cpuMs: (used.user + used.system) / 1_000 / count,
      dynamoMs: dynamoMs / count,
    };
  };
  // The least any worker that claims a delivery before its call and records it after must add: a conditional
  // put and an update, one after the other, through the SDK, to a DynamoDB stub that answers at once.
  const stub = new DynamoDBClient({
    endpoint: world.instantDynamoEndpoint,
    region: BENCH_REGION,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const floorRound = async (count: number): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      const key = { id: { S: `bench#${i}` } };
      await stub.send(
        new PutItemCommand({
          TableName: 'idempotency',
          Item: { ...key, status: { S: 'INPROGRESS' }, expiration: { N: '4102444800' } },
          ConditionExpression: 'attribute_not_exists(id) OR expiration < :now',
          ExpressionAttributeValues: { ':now': { N: '1795000000' } },
        }),
      );
      await stub.send(
        new UpdateItemCommand({
          TableName: 'idempotency',
          Key: key,
          UpdateExpression: 'SET #status = :done',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': { S: 'COMPLETED' } },
        }),
      );
      times.push(performance.now() - started);
    }
    return mean(times);
  };
  const fetchRound = async (count: number): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) times.push(await world.bareFetch(world.instantUrl));
    return mean(times);
  };
  await fetchRound(perRound);
  await workerRound(perRound);
  await floorRound(perRound);
  const worker: WorkerRound[] = [];
  const bare: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    bare.push(await fetchRound(perRound));
    worker.push(await workerRound(perRound));
    floor.push(await floorRound(perRound));
  }
  stub.destroy();
  const w = median(worker.map((r) => r.wallMs));
  const f = median(bare);
  const dynamo = median(worker.map((r) => r.dynamoMs));
  const cpu = median(worker.map((r) => r.cpuMs));
  const pair = median(floor);
  return {
    'delivery.overhead_ratio': {
      value: round((w - f) / f),
      unit: 'x',
      goal: { op: '<=', value: 1.5 },
      detail:
        `(worker ms/record − bare fetch ms) / bare fetch ms = (${w.toFixed(3)} − ${f.toFixed(3)}) / ${f.toFixed(3)}; ` +
        `median of ${rounds} interleaved rounds × ${perRound} sequential invocations of 1 fresh record ` +
        `(means per round) to a local server answering 200 at once. The worker's own DynamoDB writes count ` +
        `(idempotency put + update, delivery-log update; dynalite in a child process): ${dynamo.toFixed(3)} ms ` +
        `of the ${w.toFixed(3)}; worker process CPU ${cpu.toFixed(3)} ms/record`,
    },
    'delivery.overhead_floor_ratio': {
      value: round(pair / f),
      unit: 'x',
      detail:
        `two sequential SDK DynamoDB writes (conditional put, then update) to a stub in the destinations' process ` +
        `that answers {} at once ${pair.toFixed(3)} ms / bare fetch ${f.toFixed(3)} ms, same rounds: the least ` +
        'per-record overhead of a worker that claims a delivery before its call and completes it after, ' +
        'with a database that costs nothing',
    },
  };
};

/** Both delivery figures against one world: the handler loaded once, as in one warm Lambda container. */
export const measureDelivery = async (quick: boolean): Promise<Metrics> => {
  const world = await startDeliveryWorld();
  try {
    return {
      ...(await batchParallelism(world, quick ? 5 : 9)),
      ...(await overhead(world, quick ? 5 : 9, quick ? 40 : 150)),
    };
  } finally {
    await world.stop();
  }
};
