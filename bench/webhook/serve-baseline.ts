// The throughput baseline: a bare node:http server that verifies the same generic HMAC and sends each event to
// the same SQS stand-in with a bare SDK client before answering. Prints its URL on stdout, runs until killed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { hmacMatches, startBareSqs } from './bare-parts.ts';

const secret = process.env.BENCH_SECRET!;
const { sqs, client } = await startBareSqs();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    const timestamp = String(req.headers['x-timestamp'] ?? '');
    if (!hmacMatches(secret, timestamp, String(req.headers['x-signature'] ?? ''), body)) {
      res.writeHead(401).end();
      return;
    }
    try {
      await client.send(
        new SendMessageCommand({ QueueUrl: sqs.queueUrls.inbound, MessageBody: body.toString('utf8') }),
      );
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
    } catch (error) {
      console.error(`SendMessage failed: ${(error as Error).message}`);
      res.writeHead(503).end();
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void sqs.stop().then(() => process.exit(0));
  });
}
