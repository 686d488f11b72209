import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createLambdaContext } from '../../infra/local/event-source/sqs-event.ts';
import { BENCH_REGION, deliveredBody, secretsFileContent, workerEnv } from './fixtures.ts';

type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const TSX = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

const startStandIns = <T>(mode: 'aws' | 'destinations'): Promise<{ child: ChildProcess; info: T }> =>
  new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(import.meta.dirname, 'stand-ins.ts'), mode], {
      env: process.env,
      stdio: ['ignore', 'pipe', process.env.BENCH_DEBUG ? 'inherit' : 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) =>
      reject(new Error(`stand-ins ${mode} exited (${code}): ${stderr.slice(-500)}`)),
    );
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, info: JSON.parse(line) as T }),
    );
  });

/** The real delivery-worker handler in this process, on its real adapters, against stand-ins in children. */
export interface DeliveryWorld {
  readonly instantUrl: string;
  readonly slowUrl: string;
  /** A DynamoDB stub in the destinations' process that answers every call with `{}` at once. */
  readonly instantDynamoEndpoint: string;
  /** Wall time (ms) of one invocation with `records`; throws unless every record was delivered. */
  invoke(records: SQSRecord[]): Promise<number>;
  /** Wall time (ms) of one bare `fetch` POST of a delivered-size body to `url`, its response read. */
  bareFetch(url: string): Promise<number>;
  stop(): Promise<void>;
}

// Log and metric lines are still formatted (that cost is the worker's); the terminal write is replaced by
// keeping the chunk (in Lambda stdout is a pipe to the runtime, not a terminal), so outcomes can be checked.
const captured = async <T>(fn: () => Promise<T>): Promise<{ value: T; output: string[] }> => {
  const output: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await fn(), output };
  } finally {
    process.stdout.write = write;
  }
};

/** How many records the worker logged as delivered now (not replayed), from its INFO lines. */
const deliveredCount = (output: readonly string[]): number =>
  output
    .join('')
    .split('\n')
    .filter((line) => line.includes('"message":"delivered"') && line.includes('"replayed":false')).length;

const elapsedMs = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

export const startDeliveryWorld = async (): Promise<DeliveryWorld> => {
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tsunagi-bench-delivery-'));
  const saved = { ...process.env };
  const stop = async () => {
    for (const child of children) {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    }
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [aws, destinations] = await Promise.all([
      startStandIns<{ dynamoEndpoint: string; sqsEndpoint: string; dlqUrl: string }>('aws'),
      startStandIns<{ instantUrl: string; slowUrl: string; instantDynamoEndpoint: string }>('destinations'),
    ]);
    children.push(aws.child, destinations.child);
    const secretsFile = join(dir, 'secrets.json');
    writeFileSync(secretsFile, secretsFileContent());
    Object.assign(process.env, workerEnv({ ...aws.info, secretsFile }));
    // The module reads its environment and builds its adapters on import, as at a Lambda cold start.
    const { handler } = (await import('../../functions/delivery-worker/handler.ts')) as {
      handler: WorkerHandler;
    };
    const body = deliveredBody();
    return {
      ...destinations.info,
      invoke: async (records) => {
        const context = createLambdaContext({
          functionName: 'tsunagi-bench-delivery-worker',
          timeoutMs: 30_000,
          region: BENCH_REGION,
          accountId: '123456789012',
        });
        const { value, output } = await captured(async () => {
          const started = process.hrtime.bigint();
          const response = await handler({ Records: records }, context);
          return { ms: elapsedMs(started), response };
        });
        const delivered = deliveredCount(output);
        if (value.response.batchItemFailures.length > 0 || delivered !== records.length) {
          throw new Error(
            `worker delivered ${delivered} of ${records.length} records: ${output.join('').slice(0, 1_000)}`,
          );
        }
        return value.ms;
      },
      bareFetch: async (url) => {
        const started = process.hrtime.bigint();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.arrayBuffer();
        const ms = elapsedMs(started);
        if (response.status !== 200) throw new Error(`bare fetch to ${url} answered ${response.status}`);
        return ms;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
