// The throughput floor of local mode: the same API Gateway bridge, with a handler that does only what any receiver
// behind it must: the baseline's HMAC check, then one envelope of the platform's shape with its four message
// attributes sent to the same SQS stand-in with a bare SDK client. No routing, secrets, schemes or telemetry.
// Where local mode sits between this and the baseline shows how much of its gap the handler's own logic is.
// Prints its URL on stdout, runs until killed.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startHttpBridge } from '../../infra/local/http-bridge.ts';
import { startLocalSqs } from '../../infra/local/sqs.ts';
import { envelopeAttributes } from '../../shared/adapters/sqs-event-queue.ts';
import { ENVELOPE_VERSION, type EventEnvelope } from '../../shared/webhooks/envelope.ts';

const secret = process.env.BENCH_SECRET!;
const sqs = await startLocalSqs({ port: 0, host: '127.0.0.1' });
const client = new SQSClient({
  endpoint: sqs.endpoint,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const bridge = await startHttpBridge({
  port: 0,
  handler: async (event) => {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const timestamp = event.headers['x-timestamp'] ?? '';
    const given = Buffer.from(event.headers['x-signature'] ?? '', 'hex');
    const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { statusCode: 401 };
    const envelope: EventEnvelope = {
      version: ENVELOPE_VERSION,
      event_id: `evt_${randomUUID()}`,
      provider: 'generic',
      tenant_id: 'bench',
      provider_event_id: null,
      event_type: event.headers['x-event-type'] ?? null,
      received_at: new Date().toISOString(),
      trace_id: randomUUID().replaceAll('-', ''),
      content_type: event.headers['content-type'] ?? null,
      headers: {
        'content-type': event.headers['content-type'] ?? '',
        'x-event-type': event.headers['x-event-type'] ?? '',
        'x-timestamp': timestamp,
      },
      body: { encoding: 'utf8', data: body.toString('utf8') },
    };
    await client.send(
      new SendMessageCommand({
        QueueUrl: sqs.queueUrls.inbound,
        MessageBody: JSON.stringify(envelope),
        MessageAttributes: envelopeAttributes(envelope),
      }),
    );
    return {
      statusCode: 202,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_id: envelope.event_id }),
    };
  },
});
console.log(JSON.stringify({ url: bridge.url }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([bridge.stop(), sqs.stop()]).then(() => process.exit(0));
  });
}
