import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ObjectStore, startObjectStore } from '../../../../infra/local/object-store.ts';
import {
  ClaimCheckInvalidError,
  type ClaimCheckReference,
  ClaimCheckUnavailableError,
  S3ClaimCheckReader,
} from '../../../../shared/adapters/delivery/s3-claim-check-reader.ts';

const BUCKET = 'tsunagi-local-claim-check';
const BODY = Buffer.from(JSON.stringify({ id: 'evt_big', data: 'x'.repeat(4096) }));

const reference = (overrides: Partial<ClaimCheckReference> = {}): ClaimCheckReference => ({
  bucket: BUCKET,
  key: 'acme/stripe/evt_big',
  size: BODY.length,
  sha256: createHash('sha256').update(BODY).digest('hex'),
  ...overrides,
});

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('Class: S3ClaimCheckReader', () => {
  let store: ObjectStore;
  let client: S3Client;
  let reader: S3ClaimCheckReader;

  beforeAll(async () => {
    store = await startObjectStore({ port: 0, buckets: [BUCKET] });
    client = new S3Client({
      endpoint: store.endpoint,
      forcePathStyle: true,
      region: 'ap-northeast-1',
      maxAttempts: 1,
    });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: reference().key, Body: BODY }));
    reader = new S3ClaimCheckReader(client, BUCKET);
  });

  afterAll(async () => {
    client.destroy();
    await store.stop();
  });

  it('reads the exact bytes the receiver stored', async () => {
    expect(await reader.read(reference())).toEqual(BODY);
  });

  it.each([
    ['a size that differs', { size: BODY.length + 1 }, 'size_mismatch'],
    ['a digest that differs', { sha256: 'b'.repeat(64) }, 'digest_mismatch'],
    ['an object that does not exist', { key: 'acme/stripe/evt_gone' }, 'missing'],
    ['a bucket other than the claim-check bucket', { bucket: 'someone-elses-bucket' }, 'foreign_bucket'],
  ])('refuses %s as a permanent failure', async (_, overrides, problem) => {
    // Act
    const error = await rejection(reader.read(reference(overrides)));

    // Assess
    expect(error).toBeInstanceOf(ClaimCheckInvalidError);
    expect(error).toHaveProperty('problem', problem);
  });

  it('reports an unreachable store as retryable', async () => {
    // Prepare
    const down = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      region: 'ap-northeast-1',
      maxAttempts: 1,
    });

    // Act
    const error = await rejection(new S3ClaimCheckReader(down, BUCKET).read(reference()));

    // Assess
    expect(error).toBeInstanceOf(ClaimCheckUnavailableError);
    down.destroy();
  });
});
