import { CircuitBreakerRegistry } from '../circuit-breaker.ts';
import { type Clock, type Random, realSleep, type Sleep, systemClock, systemRandom } from '../clock.ts';
import { RateLimiter } from '../rate-limiter.ts';
import { type DestinationKind, RetryPolicy } from '../retry-policy.ts';
import { classifyResponse } from './failure.ts';
import { discardBody, readTruncatedText } from './response-body.ts';
import { type AnswerReader, RetryingFetch } from './retrying-fetch.ts';

/** One outbound call to a destination. */
export interface OutboundRequest {
  /** Keys the breaker and the rate limit: one broken destination must not affect the others. */
  readonly destinationId: string;
  readonly kind: DestinationKind;
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array | null;
}

/** Bounds of one send. */
export interface SendOptions {
  /** Epoch ms by which the send must be over (see `deadlineFromRemaining`). */
  readonly deadline: number;
  readonly perAttemptTimeoutMs?: number;
  /** Overrides the policy's attempts for the request's kind. */
  readonly maxAttempts?: number;
  /** Fresh credential headers after a 401; called at most once per send. */
  readonly refreshAuth?: () => Promise<Record<string, string>>;
  /**
   * Statuses returned as answers rather than thrown as failures, body included: an OAuth token endpoint
   * explains a refused grant in the body of its 400 or 401, and only the body tells a revoked grant apart.
   */
  readonly answerStatuses?: readonly number[];
}

/** A delivered request. */
export interface OutboundResponse {
  readonly status: number;
  readonly attempts: number;
  readonly latencies_ms: number[];
  readonly headers: Record<string, string>;
  /** UTF-8 text, cut at 64 KiB. */
  readonly body: string;
}

/** Collaborators of the client; all default to real ones. */
export interface OutboundHttpClientDeps {
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly random?: Random;
  readonly policy?: RetryPolicy;
  readonly breakers?: CircuitBreakerRegistry;
  readonly limiter?: RateLimiter;
}

/** Ten seconds per attempt, the seed policy's email timeout. */
export const DEFAULT_PER_ATTEMPT_TIMEOUT_MS = 10_000;

type Answer = Pick<OutboundResponse, 'status' | 'headers' | 'body'>;

/**
 * A destination's answer: a failure status is dropped unread (the connection goes back to the pool), unless the
 * caller asked for it as an answer; anything else is kept as text for the delivery log.
 */
const readAnswer =
  (answerStatuses: readonly number[]): AnswerReader<Answer> =>
  async (response, context) => {
    const error = classifyResponse(response.status, response.headers, context);
    if (error !== null && !answerStatuses.includes(response.status)) {
      await discardBody(response);
      return { ok: false, error };
    }
    const body = await readTruncatedText(response);
    return {
      ok: true,
      value: { status: response.status, headers: Object.fromEntries(response.headers), body },
    };
  };

/**
 * Sends a request to a destination on the retrying core (`retrying-fetch.ts`): per-attempt timeouts, backoff with
 * full jitter, Retry-After, one auth refresh, a breaker and a rate limit per destination, all inside a deadline.
 * Throws a classified `OperationError`.
 */
export class OutboundHttpClient {
  private readonly core: RetryingFetch;
  private readonly policy: RetryPolicy;
  private readonly limiter: RateLimiter;

  public constructor(deps: OutboundHttpClientDeps = {}) {
    const clock = deps.clock ?? systemClock;
    const sleep = deps.sleep ?? realSleep;
    this.policy = deps.policy ?? new RetryPolicy({ random: deps.random ?? systemRandom });
    this.limiter = deps.limiter ?? new RateLimiter({ clock, sleep });
    const breakers = deps.breakers ?? new CircuitBreakerRegistry({ clock });
    this.core = new RetryingFetch({ fetch: deps.fetch, clock, sleep, policy: this.policy, breakers });
  }

  /** Delivers `request`, retrying what may succeed; resolves on 2xx, throws the classified failure otherwise. */
  public async send(request: OutboundRequest, options: SendOptions): Promise<OutboundResponse> {
    const { destinationId } = request;
    const { refreshAuth } = options;
    const { value, attempts, latenciesMs } = await this.core.run({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      read: readAnswer(options.answerStatuses ?? []),
      maxAttempts: options.maxAttempts ?? this.policy.maxAttempts(request.kind),
      perAttemptTimeoutMs: options.perAttemptTimeoutMs ?? DEFAULT_PER_ATTEMPT_TIMEOUT_MS,
      deadline: options.deadline,
      breakerKey: destinationId,
      rateGate: (deadline, context) => this.limiter.acquire(destinationId, deadline, context),
      ...(refreshAuth === undefined ? {} : { auth: { refresh: refreshAuth, classifyRefreshFailure: true } }),
    });
    return { ...value, attempts, latencies_ms: latenciesMs };
  }
}
