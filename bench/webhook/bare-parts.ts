// What the bare throughput servers share: the generic scheme's HMAC check written out by hand, and the SQS
// stand-in with a bare SDK client (no timeouts, retries or middleware changed) pointed at it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type LocalSqs, startLocalSqs } from '../../infra/local/sqs.ts';

/** Whether `signatureHex` is the HMAC-SHA256 of `{timestamp}.{body}` under `secret`, compared in constant time. */
export const hmacMatches = (
  secret: string,
  timestamp: string,
  signatureHex: string,
  body: Buffer,
): boolean => {
  const given = Buffer.from(signatureHex, 'hex');
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** A fresh SQS stand-in in this process, on a free port, and a bare SDK client for it. */
export const startBareSqs = async (): Promise<{ sqs: LocalSqs; client: SQSClient }> => {
  const sqs = await startLocalSqs({ port: 0, host: '127.0.0.1' });
  const client = new SQSClient({
    endpoint: sqs.endpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { sqs, client };
};
