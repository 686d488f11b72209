import type * as z from 'zod';
import {
  AuthExpiredError,
  type Clock,
  classifyResponse,
  classifyThrown,
  type OperationError,
  type Random,
  RetryableError,
  RetryPolicy,
  readTruncatedText,
  realSleep,
  type Sleep,
  systemClock,
  systemRandom,
} from '../../kernel/index.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';
import {
  AuthRevokedError,
  inCallContext,
  RateLimitWaitRequiredError,
  VendorResponseError,
} from './errors.ts';
import { type PaceSlot, RatePacer } from './rate-limits.ts';

/** Seed policy for sync calls: 30 s per attempt. */
export const DEFAULT_SYNC_TIMEOUT_MS = 30_000;
/** Seed policy: 3 retries after the first attempt. */
export const DEFAULT_SYNC_RETRIES = 3;
/** Longer waits go back to the state machine's Wait state instead of idling in a Lambda. */
export const DEFAULT_MAX_IN_LAMBDA_WAIT_MS = 10_000;
/** A page is JSON we must parse whole (the delivery client's 64 KiB cut would break it); this bounds a hostile one. */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;
/** Timers may fire a millisecond or so early against the wall clock; arriving before the reset earns another 429. */
const RETRY_AFTER_MARGIN_MS = 2;

/** One answer, as a vendor's error reader sees it. */
export interface VendorAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed body, `undefined` when it is not JSON. */
  readonly json: unknown;
  readonly attempts: number;
  readonly now: number;
}

/** A vendor's reading of its own error bodies (Slack: `ok:false` with HTTP 200); `null` defers to the status. */
export type VendorErrorReader = (answer: VendorAnswer, label: string) => OperationError | null;

/** One call to a vendor. */
export interface SyncRequest {
  readonly url: string;
  /** Names the call in messages (`users.list`), never the URL: URLs may carry cursors and ids. */
  readonly label: string;
  readonly method?: 'GET' | 'POST';
  /** Sent as `application/x-www-form-urlencoded`, as every OAuth token endpoint expects. */
  readonly form?: Readonly<Record<string, string>>;
  readonly pace?: readonly PaceSlot[];
  /**
   * `false` when a repeat could find the first one already applied (a rotating refresh token): only a 429, which
   * the vendor certainly did not process, is retried then.
   */
  readonly idempotent?: boolean;
}

/** The bearer token of a listing; replaced in place when the vendor refuses it and a refresh is possible. */
export interface TokenHolder {
  current: string;
  readonly refresh?: () => Promise<string>;
}

/** Collaborators and bounds of a vendor client; all but `system` and `readError` have defaults. */
export interface SyncHttpOptions {
  readonly system: ChatSystem;
  readonly readError: VendorErrorReader;
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly random?: Random;
  readonly retryPolicy?: RetryPolicy;
  readonly pacer?: RatePacer;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly maxInLambdaWaitMs?: number;
}

type Outcome =
  | { readonly ok: true; readonly json: unknown }
  | { readonly ok: false; readonly error: OperationError };

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Calls one vendor with the delivery toolkit's pieces: token-bucket pacing per quota, 30 s timeouts, retries with
 * backoff and full jitter, Retry-After / rateLimit-reset honoured (or handed to the state machine when long), one
 * token refresh on a refusal, and a zod check of what came back.
 */
export class SyncHttp {
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly policy: RetryPolicy;
  private readonly pacer: RatePacer;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxInLambdaWaitMs: number;

  public constructor(private readonly options: SyncHttpOptions) {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.fetchImpl = (input, init) => fetchImpl(input, init);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.policy = options.retryPolicy ?? new RetryPolicy({ random: options.random ?? systemRandom });
    this.pacer = options.pacer ?? new RatePacer({ clock: this.clock, sleep: this.sleep });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_SYNC_RETRIES;
    this.maxInLambdaWaitMs = options.maxInLambdaWaitMs ?? DEFAULT_MAX_IN_LAMBDA_WAIT_MS;
  }

  /** The parsed answer to `request`; throws a classified, contextualised error when there is none. */
  public async call<T>(request: SyncRequest, schema: z.ZodType<T>, token?: TokenHolder): Promise<T> {
    const prefix = `${this.options.system} ${request.label}`;
    let attempts = 0;
    let refreshed = false;
    for (;;) {
      await this.pacer.acquire(this.options.system, request.pace ?? [], this.maxInLambdaWaitMs);
      attempts += 1;
      const outcome = await this.attempt(request, token, attempts);
      if (outcome.ok) return this.parse(schema, outcome.json, request.label, attempts);
      const { error } = outcome;
      if (error instanceof AuthExpiredError && token !== undefined) {
        if (refreshed) throw this.refusedAfterRefresh(error, attempts);
        if (token.refresh !== undefined) {
          // The stale token was ours, not the vendor's fault: retry at once, without backoff.
          refreshed = true;
          token.current = await token.refresh();
          continue;
        }
      }
      await this.backOff(inCallContext(error, prefix), request, attempts);
    }
  }

  private async attempt(
    request: SyncRequest,
    token: TokenHolder | undefined,
    attempts: number,
  ): Promise<Outcome> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token.current}`;
    if (request.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    try {
      const response = await this.fetchImpl(request.url, {
        method: request.method ?? 'GET',
        headers,
        body: request.form === undefined ? null : new URLSearchParams(request.form).toString(),
        // Bounds the body too: the signal aborts the stream mid-read.
        signal: AbortSignal.timeout(this.timeoutMs),
        // A redirect would carry the bearer token somewhere nobody configured.
        redirect: 'manual',
      });
      const text = await readTruncatedText(response, MAX_PAGE_BYTES);
      if (Buffer.byteLength(text) >= MAX_PAGE_BYTES)
        return { ok: false, error: this.tooLarge(request, attempts) };
      const { status, headers: answered } = response;
      const context = { attempts, now: this.clock() };
      const json = parseJson(text);
      const error =
        this.options.readError({ status, headers: answered, json, ...context }, request.label) ??
        classifyResponse(status, answered, context);
      return error === null ? { ok: true, json } : { ok: false, error };
    } catch (error) {
      return { ok: false, error: classifyThrown(error, { attempts, now: this.clock() }) };
    }
  }

  /** Waits before the next attempt, or throws when there is none (permanent, exhausted, or a long wait). */
  private async backOff(error: OperationError, request: SyncRequest, attempts: number): Promise<void> {
    if (!(error instanceof RetryableError)) throw error;
    if (request.idempotent === false && error.reason.code !== 'rate_limited') throw error;
    const retryAfterMs = error.retryAfterMs === null ? null : error.retryAfterMs + RETRY_AFTER_MARGIN_MS;
    if (retryAfterMs !== null && retryAfterMs > this.maxInLambdaWaitMs) {
      const failure = this.failure(attempts, error.reason.last_status);
      throw new RateLimitWaitRequiredError({ ...failure, waitMs: retryAfterMs, cause: error });
    }
    const decision = this.policy.decide({
      attempt: attempts,
      maxAttempts: this.retries + 1,
      retryAfterMs,
      now: this.clock(),
      deadline: Number.POSITIVE_INFINITY,
    });
    if (!decision.retry) throw error;
    await this.sleep(decision.delayMs);
  }

  private parse<T>(schema: z.ZodType<T>, json: unknown, label: string, attempts: number): T {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    // Paths and zod's messages only: values are people's names and e-mails.
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
    const message = `${label} answered an unexpected shape: ${issues.join('; ')}`;
    throw new VendorResponseError({ ...this.failure(attempts, 200), message });
  }

  private refusedAfterRefresh(error: OperationError, attempts: number): AuthRevokedError {
    const message = 'the vendor refused a freshly refreshed access token; reconnect the integration';
    return new AuthRevokedError({
      ...this.failure(attempts, error.reason.last_status),
      message,
      cause: error,
    });
  }

  private tooLarge(request: SyncRequest, attempts: number): VendorResponseError {
    const message = `${request.label} answered more than ${MAX_PAGE_BYTES} bytes; lower the page size`;
    return new VendorResponseError({ ...this.failure(attempts, null), message });
  }

  private failure(attempts: number, lastStatus: number | null) {
    return { system: this.options.system, attempts, lastStatus, failedAt: this.clock() };
  }
}
