// The delivery worker's remote services for the benchmark, each group in a process of its own so their CPU is
// never billed to the worker under measurement (as a real DynamoDB, SQS or tenant endpoint is not):
//   `aws`          dynalite with the delivery log and idempotency tables, local-aws-sqs with the delivery DLQ
//   `destinations` two HTTP endpoints that read the request and answer 200: one at once, one after 200 ms; and a
//                  DynamoDB stub that answers every call with `{}` at once (the floor of one SDK round trip)
// Prints one JSON line with the endpoints, then runs until killed.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureDeliveryTables } from '../../infra/local/delivery-tables.ts';
import { startLocalDynamo } from '../../infra/local/dynamodb/index.ts';
import { startLocalSqs } from '../../infra/local/sqs.ts';
import { BENCH_REGION, SLOW_DESTINATION_DELAY_MS } from './fixtures.ts';

const onExit = (stop: () => Promise<void>): void => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(0));
    });
  }
};

const startAws = async () => {
  const dynamo = await startLocalDynamo({ port: 0 });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: BENCH_REGION,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  await ensureDeliveryTables(client, 'local');
  client.destroy();
  const sqs = await startLocalSqs({ port: 0, region: BENCH_REGION });
  onExit(async () => {
    await sqs.stop();
    await dynamo.stop();
  });
  return { dynamoEndpoint: dynamo.endpoint, sqsEndpoint: sqs.endpoint, dlqUrl: sqs.queueUrls.deliveryDlq };
};

/** Reads the whole request, as a real endpoint must before it can verify a signature, then answers. */
const answerAfter =
  (delayMs: number): RequestListener =>
  (request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = () => response.writeHead(200, { 'content-length': '0' }).end();
      if (delayMs === 0) answer();
      else setTimeout(answer, delayMs);
    });
  };

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`),
    );
  });

/** Answers any DynamoDB JSON-protocol call with an empty output, as soon as the request is read. */
const instantDynamo: RequestListener = (request, response) => {
  request.resume();
  request.on('end', () => {
    response
      .writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': '2' })
      .end('{}');
  });
};

const startDestinations = async () => {
  const instant = createServer(answerAfter(0));
  const slow = createServer(answerAfter(SLOW_DESTINATION_DELAY_MS));
  const dynamoStub = createServer(instantDynamo);
  const urls = {
    instantUrl: await listen(instant),
    slowUrl: await listen(slow),
    instantDynamoEndpoint: new URL(await listen(dynamoStub)).origin,
  };
  onExit(async () => {
    for (const server of [instant, slow, dynamoStub]) {
      server.closeAllConnections();
      server.close();
    }
  });
  return urls;
};

const mode = process.argv[2];
if (mode === 'aws') console.log(JSON.stringify(await startAws()));
else if (mode === 'destinations') console.log(JSON.stringify(await startDestinations()));
else throw new Error(`stand-ins: unknown mode ${mode}; expected aws or destinations`);
