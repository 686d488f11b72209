import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { newApiGatewayRequestId, toApiGatewayEvent } from './api-gateway-event.ts';

/**
 * Plays API Gateway (HTTP API, payload 2.0) in front of a Lambda handler: one node:http server, every
 * request turned into the event AWS would send and the handler's result written back the way AWS would.
 * Requests are served concurrently, as Lambda would scale out, so races show up locally too.
 */

/** What the bridge calls: the Lambda handler, unchanged. */
export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/** API Gateway's own payload limit; the receiver's smaller limit is the handler's business. */
export const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface HttpBridgeOptions {
  readonly port?: number;
  readonly host?: string;
  readonly handler: LambdaHttpHandler;
  /** Name reported in the Lambda context (Powertools logs it). */
  readonly functionName?: string;
  /** Receives one line per request (`POST /webhooks/stripe/acme → 202 evt_… 12 ms`); silent when absent. */
  readonly log?: (line: string) => void;
  readonly maxBodyBytes?: number;
}

export interface HttpBridge {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const json = (res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...extra }).end(JSON.stringify({ message }));

/** Starts the bridge; resolves once it listens. */
export const startHttpBridge = async (options: HttpBridgeOptions): Promise<HttpBridge> => {
  const { port = 3000, host = '127.0.0.1', maxBodyBytes = API_GATEWAY_MAX_BODY_BYTES } = options;
  const settings = { ...options, maxBodyBytes };
  const server = createServer((req, res) => {
    serve(req, res, settings).catch((error: unknown) => {
      console.error('[http-bridge] failed to serve a request', error);
      if (!res.headersSent) json(res, 500, 'Internal Server Error');
    });
  });
  const boundPort = await listen(server, port, host);
  return { url: `http://${host}:${boundPort}`, port: boundPort, stop: () => stop(server) };
};

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

const stop = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

const serve = async (
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpBridgeOptions & { maxBodyBytes: number },
): Promise<void> => {
  const started = performance.now();
  const requestId = newApiGatewayRequestId();
  res.setHeader('apigw-requestid', requestId);
  const body = await readBody(req, options.maxBodyBytes);
  if (body === 'client_gone') return;
  if (body === 'too_large') {
    // Like API Gateway, refuse before invoking; `close` stops the client from streaming the rest.
    json(res, 413, 'Request Entity Too Large', { connection: 'close' });
    req.resume();
    return logLine(options, req, 413, undefined, started);
  }
  const event = toApiGatewayEvent(
    {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      httpVersion: req.httpVersion,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      localPort: req.socket.localPort ?? 0,
      now: new Date(),
    },
    requestId,
  );
  let result: unknown;
  try {
    result = await options.handler(event, new LocalLambdaContext(options.functionName));
  } catch (error) {
    // A throwing handler is a bug (bad input must never be a 500): make it loud locally.
    console.error(`[http-bridge] handler threw for ${req.method} ${event.rawPath}`, error);
    json(res, 500, 'Internal Server Error');
    return logLine(options, req, 500, undefined, started);
  }
  const written = writeResult(res, result);
  logLine(options, req, written.statusCode, written.body, started);
};

const readBody = (req: IncomingMessage, limit: number): Promise<Buffer | 'too_large' | 'client_gone'> =>
  new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return resolve('too_large');
    // Events, not `for await`: leaving an async iterator early destroys the socket before the 413 is sent.
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) resolve('too_large');
      else chunks.push(chunk);
    });
    // A small body arrives as one chunk: use it as it is rather than copy it.
    req.on('end', () =>
      resolve(size > limit ? 'too_large' : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
    );
    // A client that leaves mid-body (or whose framing Node refused, already answered with 400) is not a fault.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve('client_gone') : reject(error),
    );
  });

/** Applies API Gateway's payload 2.0 response rules, including its inference for non-structured results. */
const writeResult = (res: ServerResponse, result: unknown): { statusCode: number; body: string } => {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : undefined;
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return { statusCode: 200, body };
  }
  const statusCode = structured.statusCode ?? 200;
  if (structured.cookies?.length) res.setHeader('set-cookie', structured.cookies);
  const body = structured.body ?? '';
  res.writeHead(statusCode, headerValues(structured.headers));
  res.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
  return { statusCode, body: structured.isBase64Encoded ? '' : body };
};

const logLine = (
  options: HttpBridgeOptions,
  req: IncomingMessage,
  status: number,
  body: string | undefined,
  started: number,
): void => {
  if (!options.log) return;
  const path = (req.url ?? '/').split('?')[0];
  const eventId = status === 202 && body ? /"event_id"\s*:\s*"([^"]+)"/.exec(body)?.[1] : undefined;
  const ms = Math.round(performance.now() - started);
  options.log(`${req.method} ${path} → ${status}${eventId ? ` ${eventId}` : ''} (${ms} ms)`);
};

// API Gateway sends every header value as text.
const headerValues = (headers: APIGatewayProxyStructuredResultV2['headers']): Record<string, string> => {
  const out: Record<string, string> = {};
  if (headers) for (const name in headers) out[name] = String(headers[name]);
  return out;
};

/**
 * A Lambda context good enough for Powertools (`injectLambdaContext`) and for timeouts computed from it. A
 * class, so a request pays for one object rather than one closure per method.
 */
class LocalLambdaContext implements Context {
  public readonly callbackWaitsForEmptyEventLoop = false;
  public readonly functionVersion = '$LATEST';
  public readonly memoryLimitInMB = '512';
  public readonly logStreamName = 'local';
  public readonly invokedFunctionArn: string;
  public readonly logGroupName: string;
  private readonly deadline = Date.now() + 10_000;

  public constructor(public readonly functionName = 'tsunagi-local-webhook-receiver') {
    this.invokedFunctionArn = `arn:aws:lambda:ap-northeast-1:123456789012:function:${functionName}`;
    this.logGroupName = `/aws/lambda/${functionName}`;
  }

  #awsRequestId: string | undefined;

  /** Made on first read: the receiver never reads it, and a UUID per request is not free. */
  public get awsRequestId(): string {
    this.#awsRequestId ??= randomUUID();
    return this.#awsRequestId;
  }

  public getRemainingTimeInMillis(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  public done(): void {}
  public fail(): void {}
  public succeed(): void {}
}
