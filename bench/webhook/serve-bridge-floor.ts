// The throughput floor of local mode: the same API Gateway bridge, with a handler that does only what any receiver
// behind it must: the baseline's HMAC check, then one envelope of the platform's shape with its four message
// attributes sent to the same SQS stand-in with a bare SDK client. No routing, secrets, schemes or telemetry.
// Where local mode sits between this and the baseline shows how much of its gap the handler's own logic is.
// Prints its URL on stdout, runs until killed.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { startHttpBridge } from '../../infra/local/http-bridge.ts';
import { envelopeAttributes } from '../../shared/adapters/webhooks/sqs-event-queue.ts';
import { ENVELOPE_VERSION, type EventEnvelope } from '../../shared/webhooks/envelope.ts';
import { hmacMatches, startBareSqs } from './bare-parts.ts';

const secret = process.env.BENCH_SECRET!;
const { sqs, client } = await startBareSqs();

const bridge = await startHttpBridge({
  port: 0,
  handler: async (event) => {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const timestamp = event.headers['x-timestamp'] ?? '';
    if (!hmacMatches(secret, timestamp, event.headers['x-signature'] ?? '', body)) return { statusCode: 401 };
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
