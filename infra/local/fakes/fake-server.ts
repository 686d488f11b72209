import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The small HTTP server every local fake is built on: the whole body read, one handler, JSON answers.
 * Fakes stand in for third parties (a tenant backend, Slack, an email API), so they are deliberately
 * simple and strict: they check what the real service would check and record what they were sent.
 */

export interface FakeRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface FakeServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  readonly name: string;
  readonly handler: FakeHandler;
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const flatHeaders = (req: IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

export const startFakeServer = async (options: FakeServerOptions): Promise<FakeServer> => {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    readBody(req)
      .then((body) =>
        options.handler({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: flatHeaders(req),
          body,
        }),
      )
      .then(
        ({ status, body, headers }) => {
          const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
          const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
          res.writeHead(status, { ...(text ? { 'content-type': type } : {}), ...headers }).end(text);
        },
        (error: unknown) => {
          console.error(`[fake ${options.name}] failed to answer`, error);
          if (!res.headersSent) res.writeHead(500).end();
        },
      );
  });
  const port = await listen(server, options.port, host);
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Delivery clients keep sockets alive; without this `close` would wait for them.
        server.closeAllConnections();
      }),
  };
};

/** Parses a JSON body, or undefined when it is not JSON (a fake records what it got either way). */
export const parseJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};

/** The token of an `Authorization: Bearer <token>` header, or null. */
export const bearerToken = (headers: Readonly<Record<string, string>>): string | null => {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1] ?? null;
};

export const notFound: FakeResponse = { status: 404, body: { error: 'not_found' } };
