import { CircuitBreakerRegistry } from '../circuit-breaker.ts';
import { type Clock, type Random, realSleep, type Sleep, systemClock, systemRandom } from '../clock.ts';
import { AuthExpiredError, OperationError, RetryableError } from '../errors.ts';
import { RateLimiter } from '../rate-limiter.ts';
import { type DestinationKind, RetryPolicy } from '../retry-policy.ts';
import { classifyResponse, classifyThrown, type FailureContext, outOfTime } from './failure.ts';
import { discardBody, readTruncatedText } from './response-body.ts';

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

type AttemptOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: string;
    }
  | { readonly ok: false; readonly error: OperationError; readonly status: number | null };

interface SendState {
  attempts: number;
  lastStatus: number | null;
  lastError: OperationError | null;
  headers: Headers;
  refreshed: boolean;
  readonly latencies: number[];
}

/**
 * Sends a request with per-attempt timeouts, backoff with full jitter, Retry-After, one auth refresh, a
 * breaker and a rate limit per destination, all inside a deadline. Throws a classified `OperationError`.
 */
export class OutboundHttpClient {
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly policy: RetryPolicy;
  private readonly breakers: CircuitBreakerRegistry;
  private readonly limiter: RateLimiter;

  public constructor(deps: OutboundHttpClientDeps = {}) {
    const fetchImpl = deps.fetch ?? globalThis.fetch;
    // Called detached from its owner, which some fetch implementations refuse.
    this.fetchImpl = (input, init) => fetchImpl(input, init);
    this.clock = deps.clock ?? systemClock;
    this.sleep = deps.sleep ?? realSleep;
    this.policy = deps.policy ?? new RetryPolicy({ random: deps.random ?? systemRandom });
    this.breakers = deps.breakers ?? new CircuitBreakerRegistry({ clock: this.clock });
    this.limiter = deps.limiter ?? new RateLimiter({ clock: this.clock, sleep: this.sleep });
  }

  /** Delivers `request`, retrying what may succeed; resolves on 2xx, throws the classified failure otherwise. */
  public async send(request: OutboundRequest, options: SendOptions): Promise<OutboundResponse> {
    const maxAttempts = options.maxAttempts ?? this.policy.maxAttempts(request.kind);
    const state: SendState = {
      attempts: 0,
      lastStatus: null,
      lastError: null,
      headers: new Headers(request.headers),
      refreshed: false,
      latencies: [],
    };
    try {
      for (;;) {
        const outcome = await this.attemptOnce(request, options, state);
        if (outcome.ok) {
          const { status, headers, body } = outcome;
          return { status, headers, body, attempts: state.attempts, latencies_ms: state.latencies };
        }
        // The retry after a refresh is immediate and always allowed: the stale token was ours, not a fault.
        if (await this.refreshAuth(outcome.error, options, state)) continue;
        await this.backOff(outcome.error, maxAttempts, options.deadline, state);
      }
    } catch (error) {
      // A failed delivery's attempts took time too; the delivery log shows it (a timeout, a slow 503).
      if (error instanceof OperationError) error.latenciesMs = [...state.latencies];
      throw error;
    }
  }

  /** One attempt through the breaker and the rate limit; keeps the send's and the breaker's books. */
  private async attemptOnce(
    request: OutboundRequest,
    options: SendOptions,
    state: SendState,
  ): Promise<AttemptOutcome> {
    const { breaker, timeoutMs } = await this.takeSlot(request, options, state);
    state.attempts += 1;
    const started = this.clock();
    const outcome = await this.exchange(request, state, timeoutMs, options.answerStatuses ?? []);
    state.latencies.push(this.clock() - started);
    state.lastStatus = outcome.status;
    if (outcome.ok) breaker.recordSuccess();
    else if (outcome.error instanceof RetryableError) breaker.recordFailure(outcome.error.reason);
    else breaker.release();
    if (!outcome.ok) state.lastError = outcome.error;
    return outcome;
  }

  /** Deadline → breaker → token: the admitted breaker and the time the attempt may take. */
  private async takeSlot(request: OutboundRequest, options: SendOptions, state: SendState) {
    if (options.deadline <= this.clock()) throw outOfTime(state.lastError, this.context(state));
    const breaker = this.breakers.get(request.destinationId);
    breaker.admit(state);
    try {
      await this.limiter.acquire(request.destinationId, options.deadline, state);
      const perAttemptMs = options.perAttemptTimeoutMs ?? DEFAULT_PER_ATTEMPT_TIMEOUT_MS;
      const leftMs = options.deadline - this.clock();
      // The backoff was planned to leave this much, but a sleep or a rate-limit wait can overshoot: an attempt
      // cut off this short would likely reach the far end and lose its answer, and the next receive repeat it.
      if (leftMs < this.policy.minAttemptMs) throw outOfTime(state.lastError, this.context(state));
      const timeoutMs = Math.min(perAttemptMs, leftMs);
      return { breaker, timeoutMs };
    } catch (error) {
      // An admitted half-open probe that never ran must not hold the probe slot.
      breaker.release();
      throw error;
    }
  }

  /** One request and its answer, with the whole exchange (body included) bounded by `timeoutMs`. */
  private async exchange(
    request: OutboundRequest,
    state: SendState,
    timeoutMs: number,
    answerStatuses: readonly number[],
  ): Promise<AttemptOutcome> {
    try {
      const response = await this.fetchImpl(request.url, {
        method: request.method,
        headers: state.headers,
        body: request.body ?? null,
        signal: AbortSignal.timeout(timeoutMs),
        // Following a redirect would replay a signed POST to a place the tenant never configured.
        redirect: 'manual',
      });
      const error = classifyResponse(response.status, response.headers, this.attemptContext(state));
      if (error !== null && !answerStatuses.includes(response.status)) {
        await discardBody(response);
        return { ok: false, error, status: response.status };
      }
      const body = await readTruncatedText(response);
      return { ok: true, status: response.status, headers: Object.fromEntries(response.headers), body };
    } catch (error) {
      return { ok: false, error: classifyThrown(error, this.attemptContext(state)), status: null };
    }
  }

  /** On the first 401 with a refresher: merge fresh credentials and report that the send should go on. */
  private async refreshAuth(error: OperationError, options: SendOptions, state: SendState): Promise<boolean> {
    if (!(error instanceof AuthExpiredError) || options.refreshAuth === undefined || state.refreshed) {
      return false;
    }
    state.refreshed = true;
    try {
      const fresh = await options.refreshAuth();
      // Headers.set is case-insensitive, so `authorization` replaces `Authorization` instead of joining it.
      for (const [name, value] of Object.entries(fresh)) state.headers.set(name, value);
    } catch (refreshError) {
      throw classifyThrown(refreshError, this.context(state));
    }
    return true;
  }

  /** Waits before the next attempt, or throws the failure when there is none (permanent, exhausted, no time). */
  private async backOff(error: OperationError, maxAttempts: number, deadline: number, state: SendState) {
    if (!(error instanceof RetryableError)) throw error;
    const { retryAfterMs } = error;
    const decision = this.policy.decide({
      attempt: state.attempts,
      maxAttempts,
      retryAfterMs,
      now: this.clock(),
      deadline,
    });
    if (!decision.retry) {
      throw decision.reason === 'out_of_time' ? outOfTime(error, this.context(state)) : error;
    }
    await this.sleep(decision.delayMs);
  }

  private attemptContext(state: SendState) {
    return { attempts: state.attempts, now: this.clock() };
  }

  private context(state: SendState): FailureContext {
    return { attempts: state.attempts, lastStatus: state.lastStatus, now: this.clock() };
  }
}
