import { type Random, systemRandom } from './clock.ts';

/** The kinds of destination a route can deliver to. */
export type DestinationKind = 'http' | 'email' | 'chat';

/** Attempts (first try included) per destination kind; email follows the seed policy's 3. */
export const DEFAULT_ATTEMPTS = { http: 4, email: 3, chat: 4 } as const satisfies Record<
  DestinationKind,
  number
>;

/** Seed policy: 1 s, 2 s, 4 s… before jitter. */
export const DEFAULT_BASE_DELAY_MS = 1_000;
/** Never more than 30 s between two attempts, whatever the exponent says. */
export const DEFAULT_MAX_DELAY_MS = 30_000;
/** An attempt with less time than this left before the deadline cannot plausibly succeed, so it is not made. */
export const DEFAULT_MIN_ATTEMPT_MS = 250;
/** Time kept back from the Lambda's remaining time to record the outcome and answer the batch. */
export const DEFAULT_SAFETY_MARGIN_MS = 3_000;

/** Settings of a retry policy; every field has a default. */
export interface RetryPolicyOptions {
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly minAttemptMs?: number;
  /**
   * The longest wait sat through before a retry (a `Retry-After` included); a longer one is not waited for, so
   * the caller can hand it to something that waits without billing (a queue's delay). Default: no bound.
   */
  readonly maxWaitMs?: number;
  readonly attempts?: Partial<Record<DestinationKind, number>>;
  readonly random?: Random;
}

/** What to do after a retryable failure. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: 'attempts_exhausted' | 'out_of_time' | 'wait_too_long' };

/** The facts a retry decision is made from. */
export interface RetryInput {
  /** Attempts made so far (1 after the first failure). */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The destination's own `Retry-After` / `rateLimit-reset`, in ms, or `null`. */
  readonly retryAfterMs: number | null;
  readonly now: number;
  /** Epoch ms by which everything must be over. */
  readonly deadline: number;
}

/** Exponential backoff with full jitter, bounded by attempts per kind and by a deadline. */
export class RetryPolicy {
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  /** Less time than this left before the deadline and no attempt is started. */
  public readonly minAttemptMs: number;
  private readonly attempts: Record<DestinationKind, number>;
  private readonly random: Random;
  private readonly maxWaitMs: number;

  public constructor(options: RetryPolicyOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.minAttemptMs = options.minAttemptMs ?? DEFAULT_MIN_ATTEMPT_MS;
    this.maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    this.attempts = { ...DEFAULT_ATTEMPTS, ...options.attempts };
    this.random = options.random ?? systemRandom;
  }

  /** How many attempts a destination of this kind gets within one invocation. */
  public maxAttempts(kind: DestinationKind): number {
    return this.attempts[kind];
  }

  /** The upper bound of the wait before retry number `retryIndex` (0-based): min(max, base · 2^i). */
  public ceilingMs(retryIndex: number): number {
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** retryIndex);
  }

  /**
   * Whether and how long to wait before the next attempt. Full jitter spreads retries of many records over the
   * whole window; a destination's own Retry-After is a floor. A wait that would leave too little time for the
   * attempt after it is not taken at all.
   */
  public decide(input: RetryInput): RetryDecision {
    if (input.attempt >= input.maxAttempts) return { retry: false, reason: 'attempts_exhausted' };
    const jitterMs = Math.floor(this.random() * this.ceilingMs(input.attempt - 1));
    const delayMs = Math.max(jitterMs, input.retryAfterMs ?? 0);
    if (delayMs > this.maxWaitMs) return { retry: false, reason: 'wait_too_long' };
    if (input.now + delayMs + this.minAttemptMs > input.deadline)
      return { retry: false, reason: 'out_of_time' };
    return { retry: true, delayMs };
  }
}

/** The deadline for a record: the Lambda's remaining time minus a margin to record the outcome. */
export const deadlineFromRemaining = (
  now: number,
  remainingMs: number,
  safetyMarginMs: number = DEFAULT_SAFETY_MARGIN_MS,
): number => now + remainingMs - safetyMarginMs;

const DELTA_SECONDS = /^\d+(\.\d+)?$/;

/** Delta seconds, or for `Retry-After` an HTTP-date; `null` when absent or unreadable. */
const parseWait = (value: string | null, now: number, allowDate: boolean): number | null => {
  if (value === null) return null;
  const trimmed = value.trim();
  if (DELTA_SECONDS.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // Checked after the digits: Date.parse would read a bare "1" as the year 2001.
  const at = allowDate ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
};

/**
 * How long the destination asked us to wait, in ms: `Retry-After` (seconds or HTTP-date) and LINE WORKS'
 * `rateLimit-reset` (seconds). When both are present the longer wins, since both must be honoured.
 */
export const parseRetryAfter = (headers: Headers, now: number): number | null => {
  const waits = [
    parseWait(headers.get('retry-after'), now, true),
    parseWait(headers.get('ratelimit-reset'), now, false),
  ].filter((wait): wait is number => wait !== null);
  return waits.length === 0 ? null : Math.max(...waits);
};
