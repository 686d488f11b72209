import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../../../../shared/adapters/webhooks/s3-blob-store.ts';
import { DurabilityError } from '../../../../shared/webhooks/errors.ts';

interface Captured {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

describe('Class: S3BlobStore', () => {
  let server: Server;
  let endpoint: string;
  let captured: Captured[];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        captured.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
        res
          .writeHead(status, { etag: '"x"' })
          .end(status === 200 ? '' : '<Error><Code>AccessDenied</Code></Error>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(() => {
    captured = [];
    status = 200;
  });

  const store = () =>
    new S3BlobStore({
      bucket: 'claims',
      region: 'ap-northeast-1',
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' }),
      // The receiver borrows the hash implementation from its SQS client; do the same here.
      sha256: new SQSClient({ region: 'ap-northeast-1' }).config.sha256,
      endpoint,
    });

  it('sends one SigV4-signed, path-style PutObject with the exact bytes', async () => {
    // Prepare
    const bytes = Buffer.from([0xff, 0x00, 0x10, 0x7f]);

    // Act
    await store().put('acme/github/2026-11-23/evt_1', bytes, 'application/json');

    // Assess
    const [put] = captured;
    expect(put).toMatchObject({ method: 'PUT', url: '/claims/acme/github/2026-11-23/evt_1' });
    expect(put!.body.equals(bytes)).toBe(true);
    expect(put!.headers['content-type']).toBe('application/json');
    expect(put!.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(put!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-northeast-1\/s3\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-content-sha256[^,]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('turns a refused PutObject into a DurabilityError', async () => {
    // Prepare
    status = 403;

    // Act & Assess
    await expect(store().put('k', Buffer.from('x'), null)).rejects.toBeInstanceOf(DurabilityError);
  });
});
