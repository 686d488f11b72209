// One run of the retry benchmark, in a process of its own (the worker module reads its environment once, at
// import, as at a Lambda cold start). The real delivery-worker handler runs against dynalite and local-aws-sqs
// behind counting proxies, fed by a small poller that plays the event source mapping. Two scenarios: a tenant
// endpoint that is up (the baseline), and one that is down for `OUTAGE_MS` and then up. Prints one JSON line.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ensureDeliveryTables } from '../../infra/local/delivery-tables.ts';
import { startLocalDynamo } from '../../infra/local/dynamodb/index.ts';
import { createLambdaContext, toSqsRecord } from '../../infra/local/event-source/sqs-event.ts';
import { startLocalSqs } from '../../infra/local/sqs.ts';
import { BENCH_REGION, freshEvent, httpDelivery, secretsFileContent, workerEnv } from './fixtures.ts';

type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const EVENTS = Number(process.env.RETRY_BENCH_EVENTS ?? 20);
/** Scaled: with every wait floored at a second, six attempts fail in about six seconds. */
const OUTAGE_MS = Number(process.env.RETRY_BENCH_OUTAGE_MS ?? 6_500);
const TIME_SCALE = 1_000_000;
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });

/** Forwards every request to `target` and counts it by its `x-amz-target` operation. */
const countingProxy = async (target: string, counts: Map<string, number>) => {
  const { hostname, port } = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const operation = String(incoming.headers['x-amz-target'] ?? 'unknown');
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const upstream = httpRequest(
      { hostname, port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(upstream);
  });
  return { server, url: await listen(server) };
};

/** A tenant endpoint that answers 503 while `down()` says so, else 200; counts what it delivered. */
const startEndpoint = async (down: () => boolean) => {
  const delivered = new Set<string>();
  let requests = 0;
  const server = createServer((incoming, outgoing) => {
    requests += 1;
    incoming.resume();
    incoming.on('end', () => {
      if (down()) return outgoing.writeHead(503, { 'content-length': '0' }).end();
      delivered.add(String(incoming.headers['idempotency-key']));
      outgoing.writeHead(200, { 'content-length': '0' }).end();
    });
  });
  return { server, url: `${await listen(server)}/hook`, delivered, requests: () => requests };
};

const sum = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagi-bench-retry-'));
  const dynamo = await startLocalDynamo({ port: 0 });
  const setupClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: BENCH_REGION, credentials });
  await ensureDeliveryTables(setupClient, 'local');
  const sqs = await startLocalSqs({ port: 0, region: BENCH_REGION });
  const sqsCounts = new Map<string, number>();
  const dynamoCounts = new Map<string, number>();
  const sqsProxy = await countingProxy(sqs.endpoint, sqsCounts);
  // The SDK sends to a queue URL's own host, so the worker's queue URLs name the proxy.
  const throughProxy = (queueUrl: string): string => {
    const url = new URL(queueUrl);
    return `${sqsProxy.url}${url.pathname}`;
  };
  const dynamoProxy = await countingProxy(dynamo.endpoint, dynamoCounts);
  let downUntil = 0;
  const endpoint = await startEndpoint(() => Date.now() < downUntil);
  const secretsFile = join(dir, 'secrets.json');
  writeFileSync(secretsFile, secretsFileContent());
  Object.assign(process.env, {
    ...workerEnv({
      dynamoEndpoint: dynamoProxy.url,
      sqsEndpoint: sqsProxy.url,
      dlqUrl: throughProxy(sqs.queueUrls.deliveryDlq),
      secretsFile,
    }),
    DELIVERY_QUEUE_URL: throughProxy(sqs.queueUrls.delivery),
    DELIVERY_TIME_SCALE: String(TIME_SCALE),
    CIRCUIT_COOL_DOWN_MS: '200',
    POWERTOOLS_LOG_LEVEL: process.env.RETRY_BENCH_LOG_LEVEL ?? 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const { handler } = (await import('../../functions/delivery-worker/handler.ts')) as {
    handler: WorkerHandler;
  };
  // The poller talks to SQS directly: its calls are counted by the loop (non-empty receives, delete batches).
  const poller = new SQSClient({ endpoint: sqs.endpoint, region: BENCH_REGION, credentials });
  const queueUrl = sqs.queueUrls.delivery;

  const scenario = async (label: string, outageMs: number) => {
    sqsCounts.clear();
    dynamoCounts.clear();
    const before = endpoint.delivered.size;
    const keys = new Set<string>();
    downUntil = Date.now() + outageMs;
    for (let i = 0; i < EVENTS; i += 1) {
      const message = httpDelivery(freshEvent(), endpoint.url, `retry-bench-${i % 5}`);
      keys.add(message.delivery_id);
      await poller.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    }
    let receives = 0;
    let deletes = 0;
    let records = 0;
    let handlerMs = 0;
    const deadline = Date.now() + 120_000;
    while (endpoint.delivered.size - before < EVENTS && Date.now() < deadline) {
      const { Messages = [] } = await poller.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) continue;
      receives += 1;
      records += Messages.length;
      const event = {
        Records: Messages.map((m: Message) =>
          toSqsRecord(m, {
            eventSourceARN: `arn:aws:sqs:${BENCH_REGION}:000000000000:delivery`,
            awsRegion: BENCH_REGION,
          }),
        ),
      };
      const context = createLambdaContext({
        functionName: 'retry-bench',
        timeoutMs: 60_000,
        region: BENCH_REGION,
        accountId: '000000000000',
      });
      const started = performance.now();
      const { batchItemFailures } = await handler(event, context);
      handlerMs += performance.now() - started;
      const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      const done = Messages.filter((m) => !failed.has(m.MessageId ?? ''));
      if (done.length > 0) {
        deletes += 1;
        await poller.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: done.map((m) => ({ Id: m.MessageId ?? randomUUID(), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
    }
    const delivered = [...keys].filter((key) => endpoint.delivered.has(key)).length;
    const sends = sqsCounts.get('AmazonSQS.SendMessage') ?? 0;
    return {
      label,
      delivered,
      records,
      workerRequests: sum(sqsCounts) + sum(dynamoCounts),
      pollerRequests: receives + deletes,
      requeues: sends,
      handlerMs,
      byOperation: Object.fromEntries([...sqsCounts, ...dynamoCounts]),
    };
  };

  try {
    const baseline = await scenario('up', 0);
    const outage = await scenario('outage', OUTAGE_MS);
    const dlq = await poller.send(
      new ReceiveMessageCommand({ QueueUrl: sqs.queueUrls.deliveryDlq, MaxNumberOfMessages: 10 }),
    );
    console.log(
      JSON.stringify({
        events: EVENTS,
        outageMs: OUTAGE_MS,
        baseline,
        outage,
        deadLettered: dlq.Messages?.length ?? 0,
      }),
    );
  } finally {
    poller.destroy();
    setupClient.destroy();
    for (const server of [sqsProxy.server, dynamoProxy.server, endpoint.server]) {
      server.closeAllConnections();
      server.close();
    }
    await sqs.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

await main();
process.exit(0);
