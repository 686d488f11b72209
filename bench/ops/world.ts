import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type OpsContext, openOpsContext } from '../../infra/ops/dlq-context.ts';
import { BENCH_REGION } from '../delivery/fixtures.ts';

const TSX = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
/** Local mode's SQS and DynamoDB (delivery log, audit table) on free ports, as the delivery bench starts them. */
const STAND_INS = join(import.meta.dirname, '..', 'delivery', 'stand-ins.ts');

interface AwsStandIns {
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
}

const startStandIns = (): Promise<{ child: ChildProcess; info: AwsStandIns }> =>
  new Promise((resolve, reject) => {
    const child = spawn(TSX, [STAND_INS, 'aws'], {
      env: process.env,
      stdio: ['ignore', 'pipe', process.env.BENCH_DEBUG ? 'inherit' : 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`ops stand-ins exited (${code}): ${stderr.slice(-500)}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, info: JSON.parse(line) as AwsStandIns }),
    );
  });

/**
 * Local mode without its consumers: the SQS and DynamoDB stand-ins in a child process (their CPU is not the
 * redrive's, as a real SQS's is not), and the ops CLI's own context for `--local` pointed at them.
 */
export interface OpsWorld {
  readonly sqsEndpoint: string;
  readonly dynamoEndpoint: string;
  /** What `npm run ops -- dlq … --local --sqs-endpoint … --dynamodb-endpoint …` acts through. */
  readonly ctx: OpsContext;
  /** A plain client for filling and checking queues, outside the code under measurement. */
  readonly sqs: SQSClient;
  /** Every message of a queue, visible or in flight. */
  total(url: string): Promise<number>;
  /** `total`, once it reaches `expected` or has not for two seconds (the stand-in counts new messages late). */
  settledTotal(url: string, expected: number): Promise<number>;
  /** Receives (and hides for a minute) everything visible in a queue, returning the bodies. */
  drain(url: string): Promise<string[]>;
  stop(): Promise<void>;
}

export const startOpsWorld = async (): Promise<OpsWorld> => {
  const { child, info } = await startStandIns();
  const ctx = openOpsContext({
    local: true,
    'sqs-endpoint': info.sqsEndpoint,
    'dynamodb-endpoint': info.dynamoEndpoint,
    region: BENCH_REGION,
  });
  const sqs = new SQSClient({
    endpoint: info.sqsEndpoint,
    region: BENCH_REGION,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  // The stand-in's ApproximateNumberOfMessages counts in-flight messages too (SQS's counts visible ones only).
  const total = async (url: string) => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  };
  return {
    ...info,
    ctx,
    sqs,
    total,
    settledTotal: async (url, expected) => {
      const deadline = Date.now() + 2_000;
      let count = await total(url);
      while (count !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        count = await total(url);
      }
      return count;
    },
    drain: async (url) => {
      const bodies: string[] = [];
      for (;;) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
        );
        if (!Messages?.length) return bodies;
        bodies.push(...Messages.map((message) => message.Body ?? ''));
      }
    },
    stop: async () => {
      ctx.close();
      sqs.destroy();
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
    },
  };
};
