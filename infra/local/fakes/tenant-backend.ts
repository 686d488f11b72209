import { Webhook } from 'standardwebhooks';
import { type FakeServer, notFound, parseJson, startFakeServer } from './fake-server.ts';

/**
 * A tenant's own backend as local mode's demo routes reach it: it verifies the Standard Webhooks signature
 * with the route's secret (as a tenant following the spec would), fails the first N attempts of each
 * delivery with 503 so the worker's retries show, then accepts — or, with `failRate`, fails any later attempt
 * with 503 at that rate, as a flaky backend does under load. `GET /received` lists every attempt.
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
  /**
   * Share (0..1) of the attempts after the first `failFirst` answered 503 anyway. Default 0. Which ones is
   * decided by a seeded PRNG over the delivery and its attempt number, so a run is reproducible whatever
   * order concurrent deliveries arrive in.
   */
  readonly failRate?: number;
  /** Seed of the `failRate` choice. Default 1. */
  readonly failSeed?: number;
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
  const failRate = options.failRate ?? 0;
  if (!(failRate >= 0 && failRate <= 1))
    throw new RangeError(`failRate must be within 0..1, got ${failRate}`);
  const failsByChance = (delivery: string, attempt: number) =>
    failRate > 0 && uniform(`${options.failSeed ?? 1}:${delivery}:${attempt}`) < failRate;
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
      const transient = attempt <= failFirst || (delivery !== null && failsByChance(delivery, attempt));
      const status = !signatureValid ? 401 : transient ? 503 : 200;
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

/** A number in [0, 1) determined by `key`: FNV-1a seeds one mulberry32 step. */
export const uniform = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  let t = (hash + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
