import { createHmac, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Metrics } from '../lib/report.ts';
import { median, round, timeLoop } from '../lib/stats.ts';
import { BENCH_SECRET, BENCH_TENANT, oneKibBody, receiverEnv, signedEvent } from './fixtures.ts';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** The floor: what any receiver must do with a 1 KiB base64 body: decode, HMAC-SHA256 it, parse it. */
const floorWork = (event: APIGatewayProxyEventV2): unknown => {
  const bytes = Buffer.from(event.body!, 'base64');
  const timestamp = event.headers['x-timestamp']!;
  const expected = createHmac('sha256', BENCH_SECRET).update(`${timestamp}.`).update(bytes).digest();
  if (!timingSafeEqual(expected, Buffer.from(event.headers['x-signature']!, 'hex')))
    throw new Error('bad signature');
  return JSON.parse(bytes.toString('utf8'));
};

// Log lines are still formatted (that cost is the handler's); only the terminal write is skipped, because
// in Lambda stdout is a pipe to the runtime, not a terminal.
const withSilencedStdout = async <T>(fn: () => Promise<T>): Promise<T> => {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
};

/** In-process time per request of the real handler (SQS and Secrets Manager stubbed) ÷ the floor. */
export const measureHandlerOverhead = async (iterations = 20_000, rounds = 5): Promise<Metrics> => {
  // Stub at the clients' `send`, so neither a mock library's matching nor a socket is in the figure.
  const sqsSend = SQSClient.prototype.send;
  const smSend = SecretsManagerClient.prototype.send;
  const secretString = JSON.stringify({ signingSecrets: [BENCH_SECRET] });
  SQSClient.prototype.send = (async (command: unknown) => {
    if (!(command instanceof SendMessageCommand)) throw new Error('unexpected SQS command');
    return { MessageId: 'stub' };
  }) as typeof sqsSend;
  SecretsManagerClient.prototype.send = (async (command: unknown) => {
    if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected Secrets Manager command');
    return { SecretString: secretString };
  }) as typeof smSend;
  const saved = { ...process.env };
  Object.assign(process.env, receiverEnv('http://127.0.0.1:9'));
  try {
    const { handler } = (await import('../../functions/webhook-receiver/handler.ts')) as { handler: Handler };
    const { recordOutcome } = await import('../../functions/webhook-receiver/telemetry.ts');
    const event = signedEvent(oneKibBody());
    const first = await withSilencedStdout(() => handler(event));
    if (first.statusCode !== 202) throw new Error(`handler answered ${first.statusCode}: ${first.body}`);
    // The handler's own telemetry for one accepted request, timed alone to show its share of the figure.
    const accepted = {
      outcome: { kind: 'accepted', eventId: JSON.parse(first.body!).event_id, claimChecked: false },
      provider: 'generic',
      tenantId: BENCH_TENANT,
      eventType: 'order.created',
    } as const;
    const trace = { trace_id: '0af7651916cd43dd8448eb211c80319c', request_id: 'bench' };
    const handlerUs: number[] = [];
    const floorUs: number[] = [];
    const telemetryUs: number[] = [];
    await withSilencedStdout(async () => {
      for (let r = 0; r < rounds; r += 1) {
        floorUs.push(await timeLoop(iterations, () => floorWork(event)));
        handlerUs.push(await timeLoop(iterations, () => handler(event)));
        telemetryUs.push(await timeLoop(iterations, () => recordOutcome(accepted, 202, 1.5, trace)));
      }
    });
    const [h, f, t] = [median(handlerUs), median(floorUs), median(telemetryUs)];
    return {
      'webhook.handler_overhead_ratio': {
        value: round(h / f),
        unit: 'x',
        goal: { op: '<=', value: 3 },
        detail:
          `median of ${rounds}×${iterations}: handler ${h.toFixed(1)} µs / decode+HMAC+parse ${f.toFixed(1)} µs ` +
          `(1 KiB); its telemetry alone (Powertools Metrics: one EMF record) ${t.toFixed(1)} µs = ${(t / f).toFixed(1)}× the floor`,
      },
    };
  } finally {
    SQSClient.prototype.send = sqsSend;
    SecretsManagerClient.prototype.send = smSend;
    process.env = saved;
  }
};
