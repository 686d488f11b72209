import type * as z from 'zod';
import {
  type AnswerReading,
  type AttemptContext,
  type AuthRefresh,
  type Clock,
  classifyResponse,
  type OperationError,
  type Random,
  RetryingFetch,
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

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Calls one vendor on the kernel's retrying core (`retrying-fetch.ts`): token-bucket pacing per quota, 30 s
 * timeouts, retries with backoff and full jitter, Retry-After / rateLimit-reset honoured (or handed to the state
 * machine when long), one token refresh on a refusal, and a zod check of what came back.
 */
export class SyncHttp {
  private readonly core: RetryingFetch;
  private readonly clock: Clock;
  private readonly pacer: RatePacer;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxInLambdaWaitMs: number;

  public constructor(private readonly options: SyncHttpOptions) {
    this.clock = options.clock ?? systemClock;
    const sleep = options.sleep ?? realSleep;
    const policy = options.retryPolicy ?? new RetryPolicy({ random: options.random ?? systemRandom });
    this.core = new RetryingFetch({ fetch: options.fetch, clock: this.clock, sleep, policy });
    this.pacer = options.pacer ?? new RatePacer({ clock: this.clock, sleep });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_SYNC_RETRIES;
    this.maxInLambdaWaitMs = options.maxInLambdaWaitMs ?? DEFAULT_MAX_IN_LAMBDA_WAIT_MS;
  }

  /** The parsed answer to `request`; throws a classified, contextualised error when there is none. */
  public async call<T>(request: SyncRequest, schema: z.ZodType<T>, token?: TokenHolder): Promise<T> {
    const prefix = `${this.options.system} ${request.label}`;
    const { value, attempts } = await this.core.run({
      url: request.url,
      method: request.method ?? 'GET',
      headers: this.headersOf(request, token),
      body: request.form === undefined ? null : new URLSearchParams(request.form).toString(),
      read: (response, context) => this.readAnswer(request, response, context),
      maxAttempts: this.retries + 1,
      perAttemptTimeoutMs: this.timeoutMs,
      rateGate: () => this.pacer.acquire(this.options.system, request.pace ?? [], this.maxInLambdaWaitMs),
      ...(token === undefined ? {} : this.authOf(token)),
      describeFailure: (error) => inCallContext(error, prefix),
      // A repeat could find the first call applied; a 429 the vendor certainly did not process.
      mayRepeat: (error) => request.idempotent !== false || error.reason.code === 'rate_limited',
      retryAfterMarginMs: RETRY_AFTER_MARGIN_MS,
      longWait: {
        maxMs: this.maxInLambdaWaitMs,
        handOff: (error, waitMs, context) =>
          new RateLimitWaitRequiredError({
            ...this.failure(context.attempts, error.reason.last_status),
            waitMs,
            cause: error,
          }),
      },
    });
    return this.parse(schema, value, request.label, attempts);
  }

  private headersOf(request: SyncRequest, token: TokenHolder | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token.current}`;
    if (request.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    return headers;
  }

  /** One refresh on a refusal (the stale token was ours, not the vendor's fault); a second refusal is final. */
  private authOf(token: TokenHolder): { auth?: AuthRefresh } {
    const { refresh } = token;
    if (refresh === undefined) return {};
    return {
      auth: {
        refresh: async () => {
          token.current = await refresh();
          return { authorization: `Bearer ${token.current}` };
        },
        refusedAfterRefresh: (error, context) => this.refusedAfterRefresh(error, context.attempts),
      },
    };
  }

  /** The whole page as JSON, read through the vendor's own error reader before the status decides. */
  private async readAnswer(
    request: SyncRequest,
    response: Response,
    context: AttemptContext,
  ): Promise<AnswerReading<unknown>> {
    const text = await readTruncatedText(response, MAX_PAGE_BYTES);
    if (Buffer.byteLength(text) >= MAX_PAGE_BYTES)
      return { ok: false, error: this.tooLarge(request, context.attempts) };
    const { status, headers } = response;
    const json = parseJson(text);
    const error =
      this.options.readError({ status, headers, json, ...context }, request.label) ??
      classifyResponse(status, headers, context);
    return error === null ? { ok: true, value: json } : { ok: false, error };
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
