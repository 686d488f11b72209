import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as z from 'zod';
import { decodeAwsChunked, isAwsChunked } from './aws-chunked.ts';

/**
 * A tiny S3 stand-in for claim-checked bodies: path-style `/{bucket}/{key}` PUT/GET/HEAD/DELETE, in memory, and
 * written through to a folder when one is given (so objects survive a restart; each is stored before its PUT
 * is answered, as S3 does). It does not verify signatures, but it does demand one, so a receiver that forgot
 * to sign is noticed locally.
 */

export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: Date;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ObjectStoreOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Buckets that exist from the start; operations on any other bucket fail with NoSuchBucket, like S3. */
  readonly buckets?: readonly string[];
  /** Keep every bucket and object in this folder, and load what it holds at start. In memory when unset. */
  readonly dir?: string;
}

export interface ObjectStore {
  /** What `AWS_ENDPOINT_URL_S3` points at. */
  readonly endpoint: string;
  /** Direct read for tests and local tooling, bypassing HTTP and signing. */
  get(bucket: string, key: string): StoredObject | undefined;
  stop(): Promise<void>;
}

const DEFAULTS = { port: 9325, host: '127.0.0.1', buckets: [] as readonly string[] };

/** Starts the object store; resolves once it listens. */
export const startObjectStore = async (options: ObjectStoreOptions = {}): Promise<ObjectStore> => {
  const { port, host, buckets } = { ...DEFAULTS, ...options };
  const store = new Map<string, Map<string, StoredObject>>(buckets.map((name) => [name, new Map()]));
  const disk = options.dir === undefined ? null : await openDisk(options.dir, store);
  const server = createServer((req, res) => {
    handle(store, disk, req, res).catch((error: unknown) => {
      console.error('[object-store] request failed', error);
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'We encountered an internal error.');
      else res.destroy();
    });
  });
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
  return {
    endpoint: `http://${host}:${boundPort}`,
    get: (bucket, key) => store.get(bucket)?.get(key),
    stop: () => stopServer(server),
  };
};

const stopServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

interface Target {
  readonly bucket: string;
  readonly key: string;
}

/** Path-style first; virtual-hosted (`bucket.host`) too, in case an SDK chooses it for a named host. */
const parseTarget = (req: IncomingMessage): Target | null => {
  const url = new URL(req.url ?? '/', 'http://local');
  const segments = url.pathname.split('/').slice(1);
  const hostname = (req.headers.host ?? '').split(':')[0]!;
  try {
    if (hostname.endsWith('.localhost')) {
      return { bucket: hostname.split('.')[0]!, key: segments.map(decodeURIComponent).join('/') };
    }
    const [bucket = '', ...rest] = segments.map(decodeURIComponent);
    return { bucket, key: rest.join('/') };
  } catch {
    return null;
  }
};

const isSigned = (req: IncomingMessage): boolean =>
  typeof req.headers.authorization === 'string' ||
  new URL(req.url ?? '/', 'http://local').searchParams.has('X-Amz-Signature');

/** Where a store with a folder writes each change; null for one in memory only. */
interface Disk {
  createBucket(bucket: string): Promise<void>;
  put(bucket: string, key: string, object: StoredObject): Promise<void>;
  delete(bucket: string, key: string): Promise<void>;
}

const SavedObjectSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  contentType: z.string(),
  etag: z.string(),
  lastModified: z.string(),
  metadata: z.record(z.string(), z.string()),
  body: z.string(),
});

const fileOf = (dir: string, bucket: string, key: string): string =>
  join(dir, `${createHash('sha256').update(`${bucket}\0${key}`).digest('hex')}.json`);

const writeWhole = async (path: string, text: string): Promise<void> => {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
};

/** Loads the folder's buckets and objects into `store`, and returns what writes them back. */
const openDisk = async (dir: string, store: Map<string, Map<string, StoredObject>>): Promise<Disk> => {
  await mkdir(dir, { recursive: true });
  const bucketsFile = join(dir, 'buckets.json');
  const known = existsSync(bucketsFile) ? (JSON.parse(await readFile(bucketsFile, 'utf8')) as string[]) : [];
  for (const bucket of known) if (!store.has(bucket)) store.set(bucket, new Map());
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json') || name === 'buckets.json') continue;
    const parsed = SavedObjectSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
    if (!parsed.success) continue;
    const saved = parsed.data;
    if (!store.has(saved.bucket)) store.set(saved.bucket, new Map());
    store.get(saved.bucket)!.set(saved.key, {
      body: Buffer.from(saved.body, 'base64'),
      contentType: saved.contentType,
      etag: saved.etag,
      lastModified: new Date(saved.lastModified),
      metadata: saved.metadata,
    });
  }
  const saveBuckets = () => writeWhole(bucketsFile, `${JSON.stringify([...store.keys()])}\n`);
  await saveBuckets();
  return {
    createBucket: saveBuckets,
    put: (bucket, key, object) =>
      writeWhole(
        fileOf(dir, bucket, key),
        JSON.stringify({
          bucket,
          key,
          contentType: object.contentType,
          etag: object.etag,
          lastModified: object.lastModified.toISOString(),
          metadata: object.metadata,
          body: object.body.toString('base64'),
        }),
      ),
    delete: (bucket, key) => rm(fileOf(dir, bucket, key), { force: true }),
  };
};

const handle = async (
  store: Map<string, Map<string, StoredObject>>,
  disk: Disk | null,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  if (!isSigned(req)) return sendError(res, 403, 'AccessDenied', 'Access Denied (request is not signed)');
  const target = parseTarget(req);
  if (!target || target.bucket === '') return sendError(res, 400, 'InvalidURI', 'Could not parse the URI');
  if (target.key === '' && req.method === 'PUT') {
    // CreateBucket: lets later local pieces create their own buckets the way they would in AWS.
    if (!store.has(target.bucket)) {
      store.set(target.bucket, new Map());
      await disk?.createBucket(target.bucket);
    }
    await drain(req);
    res.writeHead(200, { location: `/${target.bucket}` }).end();
    return;
  }
  const bucket = store.get(target.bucket);
  if (!bucket) return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', target);
  if (target.key === '') return sendError(res, 501, 'NotImplemented', 'Bucket operations are not emulated');
  switch (req.method) {
    case 'PUT':
      return putObject(bucket, disk, target, req, res);
    case 'GET':
    case 'HEAD':
      return getObject(bucket.get(target.key), target, req.method === 'HEAD', res);
    case 'DELETE':
      bucket.delete(target.key);
      await disk?.delete(target.bucket, target.key);
      await drain(req);
      res.writeHead(204).end();
      return;
    default:
      return sendError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed', target);
  }
};

const putObject = async (
  bucket: Map<string, StoredObject>,
  disk: Disk | null,
  target: Target,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> => {
  const raw = await readAll(req);
  // SDKs stream some uploads as aws-chunked frames; the stored object must be the payload, not the framing.
  const body = isAwsChunked(req.headers) ? decodeAwsChunked(raw) : raw;
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice(11)] = value;
  }
  const object: StoredObject = {
    body,
    contentType: req.headers['content-type'] ?? 'binary/octet-stream',
    etag,
    lastModified: new Date(),
    metadata,
  };
  bucket.set(target.key, object);
  await disk?.put(target.bucket, target.key, object);
  res.writeHead(200, { etag }).end();
};

const getObject = (
  object: StoredObject | undefined,
  target: Target,
  headOnly: boolean,
  res: ServerResponse,
): void => {
  if (!object) {
    // HEAD answers carry no body in S3 either; the SDK maps the bare 404 to NotFound.
    if (headOnly) res.writeHead(404).end();
    else sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.', target);
    return;
  }
  const headers: Record<string, string | number> = {
    'content-type': object.contentType,
    'content-length': object.body.length,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  res.writeHead(200, headers);
  res.end(headOnly ? undefined : object.body);
};

const readAll = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const drain = async (req: IncomingMessage): Promise<void> => {
  for await (const _ of req);
};

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const sendError = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  target?: Target,
): void => {
  const resource = target ? `<BucketName>${escapeXml(target.bucket)}</BucketName>` : '';
  const key = target?.key ? `<Key>${escapeXml(target.key)}</Key>` : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${resource}${key}<RequestId>local</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml' }).end(xml);
};
