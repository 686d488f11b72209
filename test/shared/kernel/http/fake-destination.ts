import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { OutboundRequest } from '../../../../shared/kernel/http/outbound-client.ts';

/** What a fake destination saw of one request. */
export interface ReceivedRequest {
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** How a fake destination answers one request. */
export type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 that answers from a script. */
export interface FakeDestination {
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Answers with a status, headers and body. */
export const reply =
  (status: number, headers: Record<string, string> = {}, body = ''): Behaviour =>
  (_request, response) => {
    response.writeHead(status, headers).end(body);
  };

/** Never answers: the client's timeout must end the attempt. */
export const hang: Behaviour = () => undefined;

/** Drops the connection without a response, as a crashing or resetting server does. */
export const reset: Behaviour = (request) => {
  request.socket.destroy();
};

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/** Starts a destination that answers request n with `script[n]`, repeating the last behaviour after that. */
export const startDestination = async (...script: Behaviour[]): Promise<FakeDestination> => {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const behaviour = script[Math.min(received.length, script.length - 1)] ?? reply(200);
      received.push({
        method: request.method ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      behaviour(request, response);
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        // Keep-alive sockets and hung requests would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A URL on a port nothing listens on (a server bound it, then went away). */
export const refusedUrl = async (): Promise<string> => {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
};

/** Starts destinations for the current test file and closes each one after its test. */
export const useDestinations = (): ((...script: Behaviour[]) => Promise<FakeDestination>) => {
  const open: FakeDestination[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((destination) => destination.close()));
  });
  return async (...script) => {
    const destination = await startDestination(...script);
    open.push(destination);
    return destination;
  };
};

/** A typical signed-webhook delivery to `url`. */
export const deliveryTo = (url: string, overrides: Partial<OutboundRequest> = {}): OutboundRequest => ({
  destinationId: 'tenant-a:route-1',
  kind: 'http',
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'idempotency-key': 'evt_1:route-1' },
  body: '{"event_id":"evt_1"}',
  ...overrides,
});
