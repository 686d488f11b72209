import { describe, expect, it, vi } from 'vitest';
import {
  AuthExpiredError,
  type OperationError,
  PermanentError,
  RetryableError,
} from '../../../../shared/kernel/errors.ts';
import { classifyResponse } from '../../../../shared/kernel/http/failure.ts';
import {
  type AnswerReader,
  RetryingFetch,
  type RetryingFetchCall,
} from '../../../../shared/kernel/http/retrying-fetch.ts';
import { RetryPolicy } from '../../../../shared/kernel/retry-policy.ts';
import { fakeTime } from '../fake-time.ts';
import { reply, useDestinations } from './fake-destination.ts';

const start = useDestinations();

/** Reads the body as text; a non-2xx status is the classified failure. */
const text: AnswerReader<string> = async (response, context) => {
  const error = classifyResponse(response.status, response.headers, context);
  return error === null ? { ok: true, value: await response.text() } : { ok: false, error };
};

/** A core on a fake clock whose sleeps are recorded, not waited; jitter draws mid-window. */
const setup = (policy = new RetryPolicy({ random: () => 0.5 })) => {
  const time = fakeTime();
  return { core: new RetryingFetch({ policy, clock: time.clock, sleep: time.sleep }), time };
};

const callTo = (
  url: string,
  overrides: Partial<RetryingFetchCall<string>> = {},
): RetryingFetchCall<string> => ({
  url,
  method: 'GET',
  headers: { authorization: 'Bearer stale' },
  read: text,
  maxAttempts: 4,
  perAttemptTimeoutMs: 5_000,
  ...overrides,
});

describe('Class: RetryingFetch', () => {
  it('retries without a deadline or a breaker until the reader accepts an answer', async () => {
    // Prepare
    const server = await start(reply(503), reply(200, {}, 'done'));
    const { core, time } = setup();

    // Act
    const result = await core.run(callTo(server.url));

    // Assess
    expect(result).toMatchObject({ value: 'done', attempts: 2 });
    expect(result.latenciesMs).toHaveLength(2);
    expect(time.sleeps).toEqual([500]);
  });

  it('retries what the reader itself calls a retryable failure', async () => {
    // Prepare: a vendor that reports its own overload inside an HTTP 200.
    const server = await start(reply(200, {}, 'busy'), reply(200, {}, 'ok'));
    const { core } = setup();
    const read: AnswerReader<string> = async (response, context) => {
      const body = await response.text();
      if (body !== 'busy') return { ok: true, value: body };
      const base = { attempts: context.attempts, lastStatus: 200, failedAt: context.now };
      return { ok: false, error: new RetryableError({ ...base, code: 'server_error', message: 'busy' }) };
    };

    // Act
    const result = await core.run({ ...callTo(server.url), read });

    // Assess
    expect(result).toMatchObject({ value: 'ok', attempts: 2 });
  });

  it('leaves at once with the Retry-After when the policy may not wait that long', async () => {
    // Prepare: the delivery worker's in-invocation policy, one immediate retry and no waiting.
    const server = await start(reply(429, { 'retry-after': '5' }), reply(200));
    const policy = new RetryPolicy({ baseDelayMs: 0, maxDelayMs: 0, maxWaitMs: 0, attempts: { http: 2 } });
    const { core, time } = setup(policy);

    // Act
    const error = await core.run(callTo(server.url, { maxAttempts: 2 })).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.retryAfterMs).toBe(5_000);
    expect(error.reason).toMatchObject({ code: 'rate_limited', attempts: 1, last_status: 429 });
    expect(server.received).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries a blip at once under that same policy', async () => {
    // Prepare
    const server = await start(reply(503), reply(200, {}, 'ok'));
    const policy = new RetryPolicy({ baseDelayMs: 0, maxDelayMs: 0, maxWaitMs: 0 });
    const { core, time } = setup(policy);

    // Act
    const result = await core.run(callTo(server.url, { maxAttempts: 2 }));

    // Assess
    expect(result).toMatchObject({ value: 'ok', attempts: 2 });
    expect(time.sleeps).toEqual([0]);
  });

  it('hands a long Retry-After, margin included, to the caller instead of sleeping', async () => {
    // Prepare
    const server = await start(reply(429, { 'retry-after': '20' }));
    const { core, time } = setup();
    const handOff = vi.fn((cause: RetryableError, waitMs: number) => {
      const base = { attempts: cause.reason.attempts, lastStatus: 429, failedAt: 0, cause };
      return new PermanentError({ ...base, code: 'rate_limited', message: `wait ${waitMs}` });
    });

    // Act
    const error = await core
      .run(callTo(server.url, { retryAfterMarginMs: 2, longWait: { maxMs: 10_000, handOff } }))
      .catch((e) => e);

    // Assess
    expect(error.message).toBe('wait 20002');
    expect(handOff).toHaveBeenCalledOnce();
    expect(server.received).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('waits a short Retry-After plus the margin', async () => {
    // Prepare
    const server = await start(reply(429, { 'retry-after': '1' }), reply(200));
    const { core, time } = setup(new RetryPolicy({ random: () => 0 }));
    const handOff = vi.fn();

    // Act
    await core.run(callTo(server.url, { retryAfterMarginMs: 2, longWait: { maxMs: 10_000, handOff } }));

    // Assess
    expect(time.sleeps).toEqual([1_002]);
    expect(handOff).not.toHaveBeenCalled();
  });

  it('repeats only what the caller allows, such as a 429 of a call that may have been applied', async () => {
    // Prepare
    const failing = await start(reply(503), reply(200));
    const limited = await start(reply(429), reply(200));
    const { core } = setup();
    const mayRepeat = (error: RetryableError) => error.reason.code === 'rate_limited';

    // Act
    const refused = await core.run(callTo(failing.url, { mayRepeat })).catch((e) => e);
    const repeated = await core.run(callTo(limited.url, { mayRepeat }));

    // Assess
    expect(refused).toBeInstanceOf(RetryableError);
    expect(failing.received).toHaveLength(1);
    expect(repeated.attempts).toBe(2);
  });

  it('throws the failure as the caller describes it, class unchanged', async () => {
    // Prepare
    const server = await start(reply(400));
    const { core } = setup();
    const describeFailure = (error: OperationError) =>
      new PermanentError({
        code: error.reason.code,
        message: `SLACK users.list: ${error.message}`,
        attempts: error.reason.attempts,
        lastStatus: error.reason.last_status,
        failedAt: 0,
      });

    // Act
    const error = await core.run(callTo(server.url, { describeFailure })).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('SLACK users.list: destination answered HTTP 400');
  });

  it('refreshes once on a 401 and maps a second 401 to what the caller says it means', async () => {
    // Prepare
    const server = await start(reply(401));
    const { core } = setup();
    const refresh = vi.fn(async () => ({ Authorization: 'Bearer fresh' }));
    const revoked = new PermanentError({
      code: 'auth_expired',
      message: 'reconnect',
      attempts: 2,
      lastStatus: 401,
      failedAt: 0,
    });
    const refusedAfterRefresh = vi.fn((_error: AuthExpiredError) => revoked);

    // Act
    const error = await core
      .run(callTo(server.url, { auth: { refresh, refusedAfterRefresh } }))
      .catch((e) => e);

    // Assess
    expect(error).toBe(revoked);
    expect(refresh).toHaveBeenCalledOnce();
    expect(refusedAfterRefresh.mock.calls[0]?.[0]).toBeInstanceOf(AuthExpiredError);
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it("passes a refresh's own error through unless asked to classify it", async () => {
    // Prepare
    const server = await start(reply(401));
    const { core } = setup();
    const own = new Error('the stored credential is gone');
    const refresh = async (): Promise<Record<string, string>> => {
      throw own;
    };

    // Act
    const passed = await core.run(callTo(server.url, { auth: { refresh } })).catch((e) => e);
    const classified = await core
      .run(callTo(server.url, { auth: { refresh, classifyRefreshFailure: true } }))
      .catch((e) => e);

    // Assess
    expect(passed).toBe(own);
    expect(classified).toBeInstanceOf(PermanentError);
    expect(classified.reason).toMatchObject({ code: 'invalid_request', attempts: 1, last_status: 401 });
  });

  it('asks the rate gate before every attempt, with the deadline and what happened so far', async () => {
    // Prepare
    const server = await start(reply(500), reply(200));
    const { core, time } = setup();
    const seen: unknown[] = [];
    const rateGate = async (deadline: number, context: { attempts: number; lastStatus: number | null }) => {
      seen.push({ deadline, attempts: context.attempts, lastStatus: context.lastStatus });
    };
    const deadline = time.clock() + 60_000;

    // Act
    await core.run(callTo(server.url, { rateGate, deadline }));

    // Assess
    expect(seen).toEqual([
      { deadline, attempts: 0, lastStatus: null },
      { deadline, attempts: 1, lastStatus: 500 },
    ]);
  });
});
