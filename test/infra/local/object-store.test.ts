import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAwsChunked } from '../../../infra/local/aws-chunked.ts';
import { type ObjectStore, startObjectStore } from '../../../infra/local/object-store.ts';

const SIGNED = { authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/ap-northeast-1/s3/aws4_request' };

describe('Function: startObjectStore', () => {
  let store: ObjectStore;
  const url = (path: string) => `${store.endpoint}${path}`;

  beforeAll(async () => {
    store = await startObjectStore({ port: 0, buckets: ['claims'] });
  });

  afterAll(async () => {
    await store.stop();
  });

  it('stores, reads, heads and deletes an object', async () => {
    // Prepare
    const body = Buffer.from([1, 2, 3, 250]);

    // Act
    const put = await fetch(url('/claims/a/b%20c.bin'), {
      method: 'PUT',
      headers: { ...SIGNED, 'content-type': 'application/octet-stream', 'x-amz-meta-trace': 't1' },
      body,
    });
    const get = await fetch(url('/claims/a/b%20c.bin'), { headers: SIGNED });
    const head = await fetch(url('/claims/a/b%20c.bin'), { method: 'HEAD', headers: SIGNED });
    const del = await fetch(url('/claims/a/b%20c.bin'), { method: 'DELETE', headers: SIGNED });

    // Assess
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer())).toEqual(body);
    expect(get.headers.get('x-amz-meta-trace')).toBe('t1');
    expect(head.headers.get('content-length')).toBe('4');
    expect(del.status).toBe(204);
    expect(store.get('claims', 'a/b c.bin')).toBeUndefined();
  });

  it('rejects an unsigned request with 403 AccessDenied', async () => {
    const response = await fetch(url('/claims/k'), { method: 'PUT', body: 'x' });

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    expect(store.get('claims', 'k')).toBeUndefined();
  });

  it('answers NoSuchKey and NoSuchBucket like S3', async () => {
    const missingKey = await fetch(url('/claims/nope'), { headers: SIGNED });
    const missingBucket = await fetch(url('/other/k'), { method: 'PUT', headers: SIGNED, body: 'x' });
    const missingHead = await fetch(url('/claims/nope'), { method: 'HEAD', headers: SIGNED });

    expect(missingKey.status).toBe(404);
    expect(await missingKey.text()).toContain('<Code>NoSuchKey</Code>');
    expect(missingBucket.status).toBe(404);
    expect(await missingBucket.text()).toContain('<Code>NoSuchBucket</Code>');
    expect(missingHead.status).toBe(404);
  });

  it('stores the payload, not the framing, of an aws-chunked upload', async () => {
    const framed =
      '5;chunk-signature=abc\r\nhello\r\n0;chunk-signature=def\r\nx-amz-checksum-crc32:AAAA\r\n\r\n';

    await fetch(url('/claims/chunked'), {
      method: 'PUT',
      headers: { ...SIGNED, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' },
      body: framed,
    });

    expect(store.get('claims', 'chunked')?.body.toString()).toBe('hello');
  });
});

describe('Function: decodeAwsChunked', () => {
  it('joins several chunks and rejects truncated framing', () => {
    expect(decodeAwsChunked(Buffer.from('3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n')).toString()).toBe('abcde');
    expect(() => decodeAwsChunked(Buffer.from('9\r\nabc'))).toThrow();
  });
});

describe('Function: startObjectStore with a folder', () => {
  it('keeps buckets and objects across a restart, and forgets deleted ones', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'tsunagi-objects-'));
    try {
      const first = await startObjectStore({ port: 0, buckets: ['claims'], dir });
      const at = (path: string) => `${first.endpoint}${path}`;
      await fetch(at('/made-later'), { method: 'PUT', headers: SIGNED });
      await fetch(at('/claims/kept.bin'), {
        method: 'PUT',
        headers: { ...SIGNED, 'content-type': 'application/x-test', 'x-amz-meta-trace': 't9' },
        body: Buffer.from([0, 255, 7]),
      });
      await fetch(at('/claims/gone.bin'), { method: 'PUT', headers: SIGNED, body: 'x' });
      await fetch(at('/claims/gone.bin'), { method: 'DELETE', headers: SIGNED });
      await first.stop();

      // Act
      const second = await startObjectStore({ port: 0, buckets: ['claims'], dir });
      const put = await fetch(`${second.endpoint}/made-later/k`, {
        method: 'PUT',
        headers: SIGNED,
        body: 'y',
      });
      await second.stop();

      // Assess
      const kept = second.get('claims', 'kept.bin');
      expect(kept?.body).toEqual(Buffer.from([0, 255, 7]));
      expect(kept?.contentType).toBe('application/x-test');
      expect(kept?.metadata).toEqual({ trace: 't9' });
      expect(second.get('claims', 'gone.bin')).toBeUndefined();
      expect(put.status).toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
