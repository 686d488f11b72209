import { type CircuitBreaker, CircuitBreakerRegistry } from '../circuit-breaker.ts';
import { type Clock, realSleep, type Sleep, systemClock } from '../clock.ts';
import { AuthExpiredError, OperationError, RetryableError } from '../errors.ts';
import type { RetryPolicy } from '../retry-policy.ts';
import { type AttemptContext, classifyThrown, type FailureContext, outOfTime } from './failure.ts';

/** What an answer means to the caller: a value, or the failure it is. */
export type AnswerReading<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly error: OperationError };

/** Reads one answer, body included, within the attempt's time; a throw counts as the attempt's failure. */
export type AnswerReader<A> = (response: Response, context: AttemptContext) => Promise<AnswerReading<A>>;

/** Waits for a rate-limit token before an attempt, or throws to shed it. */
export type RateGate = (deadline: number, context: Omit<FailureContext, 'now'>) => Promise<void>;

/** How a call refreshes refused credentials: at most once, then the attempt is repeated at once. */
export interface AuthRefresh {
  /** Fresh credential headers, merged over the call's (case-insensitively). */
  readonly refresh: () => Promise<Record<string, string>>;
  /**
   * `true`: a refresh that throws is classified like a failed attempt (a network error is retryable). Otherwise
   * its error passes through as it is, for callers whose refresh throws their own errors.
   */
  readonly classifyRefreshFailure?: boolean;
  /** What a 401 to the refreshed credentials becomes; by default that 401's own `AuthExpiredError`. */
  readonly refusedAfterRefresh?: (error: AuthExpiredError, context: FailureContext) => OperationError;
}

/** A destination's wait longer than `maxMs` is not sat through: the call throws what `handOff` makes of it. */
export interface LongWaitHandOff {
  readonly maxMs: number;
  readonly handOff: (error: RetryableError, waitMs: number, context: FailureContext) => OperationError;
}

/** One retried call. Only the request, the reader and the bounds are required. */
export interface RetryingFetchCall<A> {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array | null;
  readonly read: AnswerReader<A>;
  /** Attempts, the first included. */
  readonly maxAttempts: number;
  readonly perAttemptTimeoutMs: number;
  /** Epoch ms by which the call must be over; none by default. */
  readonly deadline?: number;
  /** Keys the circuit breaker (one per destination); without it the call has none. */
  readonly breakerKey?: string;
  readonly rateGate?: RateGate;
  readonly auth?: AuthRefresh;
  /** Adds the caller's context (which call of which system) to an attempt's failure; classes stay the same. */
  readonly describeFailure?: (error: OperationError) => OperationError;
  /** Whether a retryable failure may be repeated (a call that may already have been applied: only a 429). */
  readonly mayRepeat?: (error: RetryableError) => boolean;
  /** Added to every wait the far end asks for: timers fire early, and arriving before the reset earns a 429. */
  readonly retryAfterMarginMs?: number;
  readonly longWait?: LongWaitHandOff;
}

/** A call's value and what it took. */
export interface RetryingFetchResult<A> {
  readonly value: A;
  readonly attempts: number;
  readonly latenciesMs: number[];
}

/** Collaborators of the core; all default to real ones. */
export interface RetryingFetchDeps {
  readonly policy: RetryPolicy;
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly breakers?: CircuitBreakerRegistry;
}

type Outcome<A> = AnswerReading<A> & { readonly status: number | null };

interface CallState {
  attempts: number;
  lastStatus: number | null;
  lastError: OperationError | null;
  refreshed: boolean;
  readonly headers: Headers;
  readonly latencies: number[];
}

/**
 * The one retrying HTTP exchange of the platform, which the delivery client and sync's vendor client build on:
 * per-attempt timeouts inside a deadline, a breaker and a rate-limit gate per attempt, the failure classified
 * (`failure.ts`), backoff with full jitter per the `RetryPolicy` honouring Retry-After, and one auth refresh.
 * Redirects are never followed: they would replay a signed request, or a bearer token, somewhere unconfigured.
 */
export class RetryingFetch {
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly policy: RetryPolicy;
  private readonly breakers: CircuitBreakerRegistry;

  public constructor(deps: RetryingFetchDeps) {
    const fetchImpl = deps.fetch ?? globalThis.fetch;
    // Called detached from its owner, which some fetch implementations refuse.
    this.fetchImpl = (input, init) => fetchImpl(input, init);
    this.clock = deps.clock ?? systemClock;
    this.sleep = deps.sleep ?? realSleep;
    this.policy = deps.policy;
    this.breakers = deps.breakers ?? new CircuitBreakerRegistry({ clock: this.clock });
  }

  /** The value the reader made of the first good answer; throws the classified failure when there is none. */
  public async run<A>(call: RetryingFetchCall<A>): Promise<RetryingFetchResult<A>> {
    const state: CallState = {
      attempts: 0,
      lastStatus: null,
      lastError: null,
      refreshed: false,
      headers: new Headers(call.headers),
      latencies: [],
    };
    try {
      for (;;) {
        const outcome = await this.attemptOnce(call, state);
        if (outcome.ok)
          return { value: outcome.value, attempts: state.attempts, latenciesMs: state.latencies };
        // The retry after a refresh is immediate and always allowed: the stale token was ours, not a fault.
        if (await this.refreshAuth(outcome.error, call, state)) continue;
        await this.backOff(call.describeFailure?.(outcome.error) ?? outcome.error, call, state);
      }
    } catch (error) {
      // A failed call's attempts took time too; the delivery log shows it (a timeout, a slow 503).
      if (error instanceof OperationError) error.latenciesMs = [...state.latencies];
      throw error;
    }
  }

  /** One attempt through the breaker and the rate gate; keeps the call's and the breaker's books. */
  private async attemptOnce<A>(call: RetryingFetchCall<A>, state: CallState): Promise<Outcome<A>> {
    const { breaker, timeoutMs } = await this.takeSlot(call, state);
    state.attempts += 1;
    const started = this.clock();
    const outcome = await this.exchange(call, state, timeoutMs);
    state.latencies.push(this.clock() - started);
    state.lastStatus = outcome.status;
    if (outcome.ok) breaker?.recordSuccess();
    else if (outcome.error instanceof RetryableError) breaker?.recordFailure(outcome.error.reason);
    else breaker?.release();
    if (!outcome.ok) state.lastError = outcome.error;
    return outcome;
  }

  /** Deadline → breaker → rate gate: the admitted breaker and the time the attempt may take. */
  private async takeSlot(call: RetryingFetchCall<unknown>, state: CallState) {
    const deadline = call.deadline ?? Number.POSITIVE_INFINITY;
    if (deadline <= this.clock()) throw outOfTime(state.lastError, this.context(state));
    const breaker: CircuitBreaker | null =
      call.breakerKey === undefined ? null : this.breakers.get(call.breakerKey);
    breaker?.admit(state);
    try {
      await call.rateGate?.(deadline, state);
      const leftMs = deadline - this.clock();
      // The backoff was planned to leave this much, but a sleep or a rate-limit wait can overshoot: an attempt
      // cut off this short would likely reach the far end and lose its answer, and the next receive repeat it.
      if (leftMs < this.policy.minAttemptMs) throw outOfTime(state.lastError, this.context(state));
      return { breaker, timeoutMs: Math.min(call.perAttemptTimeoutMs, leftMs) };
    } catch (error) {
      // An admitted half-open probe that never ran must not hold the probe slot.
      breaker?.release();
      throw error;
    }
  }

  /** One request and its reading, with the whole exchange (body included) bounded by `timeoutMs`. */
  private async exchange<A>(call: RetryingFetchCall<A>, state: CallState, timeoutMs: number) {
    try {
      const response = await this.fetchImpl(call.url, {
        method: call.method,
        headers: state.headers,
        body: call.body ?? null,
        // Bounds the body too: the signal aborts the stream mid-read.
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      const reading = await call.read(response, this.attemptContext(state));
      return { ...reading, status: response.status } satisfies Outcome<A>;
    } catch (error) {
      const failure = classifyThrown(error, this.attemptContext(state));
      return { ok: false, error: failure, status: null } satisfies Outcome<A>;
    }
  }

  /** On a 401: refresh once and report that the call should go on, or throw what a second 401 means. */
  private async refreshAuth(error: OperationError, call: RetryingFetchCall<unknown>, state: CallState) {
    const { auth } = call;
    if (!(error instanceof AuthExpiredError) || auth === undefined) return false;
    if (state.refreshed) {
      if (auth.refusedAfterRefresh) throw auth.refusedAfterRefresh(error, this.context(state));
      return false;
    }
    state.refreshed = true;
    try {
      const fresh = await auth.refresh();
      // Headers.set is case-insensitive, so `authorization` replaces `Authorization` instead of joining it.
      for (const [name, value] of Object.entries(fresh)) state.headers.set(name, value);
    } catch (refreshError) {
      throw auth.classifyRefreshFailure ? classifyThrown(refreshError, this.context(state)) : refreshError;
    }
    return true;
  }

  /** Waits before the next attempt, or throws the failure when there is none (permanent, exhausted, no time). */
  private async backOff(error: OperationError, call: RetryingFetchCall<unknown>, state: CallState) {
    if (!(error instanceof RetryableError)) throw error;
    if (call.mayRepeat && !call.mayRepeat(error)) throw error;
    const retryAfterMs =
      error.retryAfterMs === null ? null : error.retryAfterMs + (call.retryAfterMarginMs ?? 0);
    if (retryAfterMs !== null && call.longWait && retryAfterMs > call.longWait.maxMs) {
      throw call.longWait.handOff(error, retryAfterMs, this.context(state));
    }
    const decision = this.policy.decide({
      attempt: state.attempts,
      maxAttempts: call.maxAttempts,
      retryAfterMs,
      now: this.clock(),
      deadline: call.deadline ?? Number.POSITIVE_INFINITY,
    });
    // A wait too long to sit through here (`wait_too_long`) leaves with the failure, Retry-After and all.
    if (!decision.retry) {
      throw decision.reason === 'out_of_time' ? outOfTime(error, this.context(state)) : error;
    }
    await this.sleep(decision.delayMs);
  }

  private attemptContext(state: CallState): AttemptContext {
    return { attempts: state.attempts, now: this.clock() };
  }

  private context(state: CallState): FailureContext {
    return { attempts: state.attempts, lastStatus: state.lastStatus, now: this.clock() };
  }
}
