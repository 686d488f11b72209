import { type FakeServer, notFound, startFakeServer } from './fake-server.ts';

/**
 * Destinations that never accept, so the demo shows both ways into the delivery DLQ: 400 is a permanent
 * failure (the worker dead-letters it at once, with the reason), 503 is retryable (the worker retries, SQS
 * redelivers, and after maxReceiveCount the message lands in the DLQ).
 */

export interface FailingDestinationOptions {
  readonly port: number;
  readonly host?: string;
  readonly status: 400 | 503;
}

export interface FailedRequest {
  readonly received_at: string;
  readonly path: string;
  readonly webhook_id: string | null;
  readonly idempotency_key: string | null;
  readonly status: number;
}

export interface FailingDestination extends FakeServer {
  readonly status: number;
  received(): readonly FailedRequest[];
}

const ANSWERS = {
  400: { error: 'invalid_payload', message: 'this demo destination rejects every delivery' },
  503: { error: 'unavailable', message: 'this demo destination is down for good' },
} as const;

export const startFailingDestination = async (
  options: FailingDestinationOptions,
): Promise<FailingDestination> => {
  const received: FailedRequest[] = [];
  const server = await startFakeServer({
    name: `always-${options.status}`,
    port: options.port,
    host: options.host,
    handler: (request) => {
      if (request.method === 'GET' && request.path === '/received')
        return { status: 200, body: { received } };
      if (request.method !== 'POST') return notFound;
      received.push({
        received_at: new Date().toISOString(),
        path: request.path,
        webhook_id: request.headers['webhook-id'] ?? null,
        idempotency_key: request.headers['idempotency-key'] ?? null,
        status: options.status,
      });
      return { status: options.status, body: ANSWERS[options.status] };
    },
  });
  return { ...server, status: options.status, received: () => [...received] };
};
