import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleRequest } from '../../../shared/console/http.ts';
import type { ConsolePorts } from '../../../shared/console/ports.ts';
import type { Principal } from '../../../shared/console/principal.ts';
import { handleConsoleRequest } from '../../../shared/console/router.ts';
import { buildConsoleAssets, type ConsolePageConfig, pageCsp } from '../../console/assets.ts';

/**
 * The operator console in local mode: its pages and its API on 127.0.0.1 only (never another interface), no
 * sign-in (the person at the keyboard is an operator of every tenant), and a Host check so that a web page
 * elsewhere cannot reach it through DNS rebinding.
 */

export const LOCAL_CONSOLE_PORT = 3001;
const HOST = '127.0.0.1';
const MAX_BODY = 64 * 1024;

export interface LocalConsoleOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The ports for this instance; `allowedOrigins` and `signingKey` are filled in once the port is known. */
  readonly ports: (self: { origins: string[]; signingKey: Buffer }) => ConsolePorts;
  /**
   * Who calls: by default the local operator. Tests pass a stand-in of the token check (bearer tokens they
   * made up mapped to principals) to drive viewers and tenant-scoped people through the same server.
   */
  readonly authenticate?: (authorization: string | undefined) => Principal | null;
}

export interface LocalConsole {
  readonly url: string;
  stop(): Promise<void>;
}

export const localOperator = (name: string): Principal => ({
  id: 'local',
  name,
  role: 'operator',
  tenant: null,
});

const readBody = (request: IncomingMessage): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : null));
    request.on('error', reject);
  });

const send = (
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
) => {
  response.writeHead(status, headers);
  response.end(body);
};

export const startLocalConsole = async (options: LocalConsoleOptions): Promise<LocalConsole> => {
  const assets = buildConsoleAssets();
  const signingKey = randomBytes(32);
  let ports: ConsolePorts | undefined;
  let allowedHosts: string[] = [];
  const authenticate = options.authenticate ?? (() => localOperator('local operator'));
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://local');
      if (!allowedHosts.includes(request.headers.host ?? '')) {
        return send(
          response,
          421,
          { 'content-type': 'text/plain' },
          'this console answers only at 127.0.0.1',
        );
      }
      if (url.pathname.startsWith('/api/')) {
        const body = await readBody(request);
        const consoleRequest: ConsoleRequest = {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams.entries()),
          headers: Object.fromEntries(
            Object.entries(request.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
          ),
          body,
        };
        const answer = await handleConsoleRequest(
          consoleRequest,
          authenticate(request.headers.authorization),
          ports!,
        );
        return send(response, answer.status, { ...answer.headers }, answer.body);
      }
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return send(response, 405, { allow: 'GET', 'content-type': 'text/plain' }, 'method not allowed');
      const path = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
      if (path === 'config.json') {
        const config: ConsolePageConfig = { apiBase: '', auth: null, stage: 'local' };
        return send(
          response,
          200,
          { 'content-type': 'application/json', 'cache-control': 'no-store' },
          JSON.stringify(config),
        );
      }
      const asset = assets.get(path);
      if (!asset) return send(response, 404, { 'content-type': 'text/plain' }, 'not found');
      return send(
        response,
        200,
        {
          'content-type': asset.contentType,
          'content-security-policy': pageCsp(),
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        },
        asset.body,
      );
    })().catch((error: unknown) => {
      const status = (error as { status?: number }).status ?? 500;
      if (!response.headersSent)
        send(
          response,
          status,
          { 'content-type': 'text/plain' },
          status === 413 ? 'body too large' : 'failed',
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;
  allowedHosts = [`${HOST}:${port}`, `localhost:${port}`];
  ports = options.ports({ origins: [origin, `http://localhost:${port}`], signingKey });
  return {
    url: `${origin}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
