import { type Clock, systemClock } from './clock.ts';
import { CircuitOpenError } from './errors.ts';
import type { FailureContext } from './http/failure.ts';
import { LruMap } from './lru-map.ts';

/** closed: calls flow; open: calls are shed; half_open: one probe decides. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** Settings of a breaker; every field has a default. */
export interface CircuitBreakerOptions {
  /** Consecutive retryable failures that open the circuit. */
  readonly failureThreshold?: number;
  /** How long an open circuit sheds calls before it lets a probe through. */
  readonly coolDownMs?: number;
  readonly clock?: Clock;
}

/** Five consecutive retryable failures open the circuit… */
export const DEFAULT_FAILURE_THRESHOLD = 5;
/** …for 30 s before a probe is let through. */
export const DEFAULT_COOL_DOWN_MS = 30_000;

const NO_CONTEXT = { attempts: 0, lastStatus: null } as const;

/**
 * A breaker for one destination. Callers report only what says something about the destination's health:
 * retryable failures count, successes close, and anything else (a 400 is the caller's fault) is neutral.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private readonly clock: Clock;
  private consecutiveFailures = 0;
  /** What the last counted failure was, so a shed call says why the circuit opened. */
  private lastFailure: string | null = null;
  private openedAt: number | null = null;
  private probeStartedAt: number | null = null;

  public constructor(
    public readonly key: string,
    options: CircuitBreakerOptions = {},
  ) {
    this.failureThreshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    this.coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
    this.clock = options.clock ?? systemClock;
  }

  /** The state now; an open circuit becomes half-open by itself once the cool-down has passed. */
  public get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.clock() - this.openedAt >= this.coolDownMs ? 'half_open' : 'open';
  }

  /** Lets a call through or throws `CircuitOpenError`; half-open admits exactly one probe at a time. */
  public admit(context: Omit<FailureContext, 'now'> = NO_CONTEXT): void {
    const now = this.clock();
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half_open' && !this.probeInFlight(now)) {
      this.probeStartedAt = now;
      return;
    }
    throw new CircuitOpenError({
      code: 'circuit_open',
      message:
        `circuit ${state} after ${this.consecutiveFailures} consecutive failures` +
        `${this.lastFailure ? ` (last: ${this.lastFailure})` : ''}; call shed`,
      attempts: context.attempts,
      lastStatus: context.lastStatus,
      failedAt: now,
      retryAfterMs: state === 'open' ? (this.openedAt ?? now) + this.coolDownMs - now : null,
    });
  }

  /** The destination answered well: close the circuit. True when it was open (a probe succeeded). */
  public recordSuccess(): boolean {
    const recovered = this.openedAt !== null;
    this.consecutiveFailures = 0;
    this.lastFailure = null;
    this.openedAt = null;
    this.probeStartedAt = null;
    return recovered;
  }

  /**
   * A retryable failure: count it, and open (or, after a failed probe, re-open) the circuit. `cause` (e.g.
   * `server_error: destination answered HTTP 503`) is carried into the reason of the calls the circuit sheds,
   * so a dead letter shed by an open circuit still names the failure an operator filters on.
   */
  public recordFailure(cause?: { readonly code: string; readonly message: string }): void {
    const now = this.clock();
    this.consecutiveFailures += 1;
    if (cause) this.lastFailure = `${cause.code}: ${cause.message}`;
    this.probeStartedAt = null;
    if (this.openedAt !== null || this.consecutiveFailures >= this.failureThreshold) this.openedAt = now;
  }

  /** An admitted call ended without saying anything about the destination: free the probe slot. */
  public release(): void {
    this.probeStartedAt = null;
  }

  /** A probe that never reported back (its caller crashed) must not block the circuit forever. */
  private probeInFlight(now: number): boolean {
    return this.probeStartedAt !== null && now - this.probeStartedAt < this.coolDownMs;
  }
}

/** Settings of a registry: the breakers' settings plus how many destinations to remember. */
export interface CircuitBreakerRegistryOptions extends CircuitBreakerOptions {
  readonly maxKeys?: number;
}

/** Destinations remembered per Lambda instance; the least recently used beyond this start over closed. */
export const DEFAULT_MAX_BREAKERS = 1_000;

/** One breaker per destination id, bounded in number. */
export class CircuitBreakerRegistry {
  private readonly breakers: LruMap<CircuitBreaker>;

  public constructor(private readonly options: CircuitBreakerRegistryOptions = {}) {
    this.breakers = new LruMap(options.maxKeys ?? DEFAULT_MAX_BREAKERS);
  }

  /** The breaker of a destination, created closed on first use. */
  public get(key: string): CircuitBreaker {
    return this.breakers.getOrCreate(key, () => new CircuitBreaker(key, this.options));
  }

  /** How many breakers are held. */
  public get size(): number {
    return this.breakers.size;
  }
}
