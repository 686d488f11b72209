import { Webhook } from 'standardwebhooks';
import { type FakeServer, notFound, parseJson, startFakeServer } from './fake-server.ts';

/**
 * A tenant's own backend as local mode's demo routes reach it: it verifies the Standard Webhooks signature
 * with the route's secret (as a tenant following the spec would), fails the first N attempts of each
 * delivery with 503 so the worker's retries show, then accepts. `GET /received` lists every attempt.
 * A delivery is known by its `Idempotency-Key` (`<event id>:<route id>`, stable across SQS receives), else
 * by its `webhook-id`.
 */

export interface ReceivedDelivery {
  readonly received_at: string;
  readonly path: string;
  readonly webhook_id: string | null;
  readonly idempotency_key: string | null;
  /** 1 for the first validly signed request of this delivery. */
  readonly attempt: number;
  readonly signature_valid: boolean;
  /** What the backend answered. */
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface FakeTenantBackendOptions {
  readonly port: number;
  readonly host?: string;
  /** Attempts of each delivery answered 503 before one is accepted. Default 2. */
  readonly failFirst?: number;
  /** The Standard Webhooks secrets (`whsec_…`, any may sign: rotation) of a request path; none answers 404. */
  readonly secretsFor: (path: string) => readonly string[];
}

export interface FakeTenantBackend extends FakeServer {
  received(): readonly ReceivedDelivery[];
}

export const startFakeTenantBackend = async (
  options: FakeTenantBackendOptions,
): Promise<FakeTenantBackend> => {
  const failFirst = options.failFirst ?? 2;
  const received: ReceivedDelivery[] = [];
  const attempts = new Map<string, number>();
  const server = await startFakeServer({
    name: 'tenant-backend',
    port: options.port,
    host: options.host,
    handler: (request) => {
      if (request.method === 'GET' && request.path === '/received')
        return { status: 200, body: { received } };
      if (request.method !== 'POST') return notFound;
      const secrets = options.secretsFor(request.path);
      if (secrets.length === 0) return notFound;
      const webhookId = request.headers['webhook-id'] ?? null;
      const idempotencyKey = request.headers['idempotency-key'] ?? null;
      const delivery = idempotencyKey ?? webhookId;
      const signatureValid = secrets.some((secret) => verifies(secret, request.body, request.headers));
      // Only a correctly signed request counts as an attempt: a forged one must not use up the failures.
      const attempt = signatureValid && delivery ? (attempts.get(delivery) ?? 0) + 1 : 0;
      if (attempt > 0 && delivery) attempts.set(delivery, attempt);
      const status = !signatureValid ? 401 : attempt <= failFirst ? 503 : 200;
      received.push({
        received_at: new Date().toISOString(),
        path: request.path,
        webhook_id: webhookId,
        idempotency_key: idempotencyKey,
        attempt,
        signature_valid: signatureValid,
        status,
        headers: request.headers,
        body: parseJson(request.body) ?? request.body.toString('utf8'),
      });
      if (status === 401) return { status, body: { error: 'invalid_signature' } };
      if (status === 503) return { status, body: { error: 'temporarily_unavailable', attempt } };
      return { status, body: { ok: true } };
    },
  });
  return { ...server, received: () => [...received] };
};

const verifies = (secret: string, body: Buffer, headers: Readonly<Record<string, string>>): boolean => {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
};
