import { createHmac } from 'node:crypto';

/** Signs a body with the generic scheme by hand, independently of the scheme code under test. */
export const signGeneric = (
  body: Buffer | string,
  secret: string,
  timestamp: number,
): { 'x-signature': string; 'x-timestamp': string } => ({
  'x-signature': createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.isBuffer(body) ? body : Buffer.from(body)]))
    .digest('hex'),
  'x-timestamp': String(timestamp),
});
