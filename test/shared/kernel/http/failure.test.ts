import { describe, expect, it } from 'vitest';
import {
  AuthExpiredError,
  CircuitOpenError,
  PermanentError,
  RetryableError,
} from '../../../../shared/kernel/errors.ts';
import { classifyResponse, classifyThrown, outOfTime } from '../../../../shared/kernel/http/failure.ts';
import { T0 } from '../fake-time.ts';

const context = { attempts: 2, now: T0 };

const networkError = (code: string): TypeError => {
  const cause = Object.assign(new Error('socket trouble'), { code });
  return new TypeError('fetch failed', { cause });
};

describe('Function: classifyResponse', () => {
  it('returns nothing for a 2xx', () => {
    // Assess
    expect(classifyResponse(204, new Headers(), context)).toBeNull();
  });

  it.each([
    [408, 'request_timeout'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [503, 'server_error'],
  ])('classifies %i as retryable %s', (status, code) => {
    // Act
    const error = classifyResponse(status, new Headers(), context);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error?.reason.code).toBe(code);
  });

  it.each([
    [400, 'client_error'],
    [404, 'client_error'],
    [422, 'client_error'],
    [302, 'unexpected_redirect'],
  ])('classifies %i as permanent %s', (status, code) => {
    // Act
    const error = classifyResponse(status, new Headers(), context);

    // Assess
    expect(error).toBeInstanceOf(PermanentError);
    expect(error?.reason.code).toBe(code);
  });

  it('classifies 401 as an expired credential, permanent once it escapes the client', () => {
    // Act
    const error = classifyResponse(401, new Headers(), context);

    // Assess
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error?.name).toBe('AuthExpiredError');
  });

  it('attaches a DLQ-ready reason in snake_case with an ISO-8601 UTC time', () => {
    // Act
    const error = classifyResponse(400, new Headers(), context);

    // Assess
    expect(error?.reason).toEqual({
      code: 'client_error',
      message: 'destination answered HTTP 400',
      attempts: 2,
      last_status: 400,
      failed_at: '2025-01-01T00:00:00.000Z',
    });
  });

  it('carries the wait a 429 asked for', () => {
    // Act
    const error = classifyResponse(429, new Headers({ 'retry-after': '4' }), context);

    // Assess
    expect(error?.retryAfterMs).toBe(4_000);
  });
});

describe('Function: classifyThrown', () => {
  it.each([
    ['an AbortSignal timeout', new DOMException('timed out', 'TimeoutError'), 'timeout'],
    ['an abort', new DOMException('aborted', 'AbortError'), 'timeout'],
    ['a connection reset', networkError('ECONNRESET'), 'connection_error'],
    ['a broken pipe', networkError('EPIPE'), 'connection_error'],
    ['a socket timeout', networkError('ETIMEDOUT'), 'timeout'],
    ['a DNS failure', networkError('ENOTFOUND'), 'dns_failure'],
    ['an undici socket error', networkError('UND_ERR_SOCKET'), 'connection_error'],
    ['an undici connect timeout', networkError('UND_ERR_CONNECT_TIMEOUT'), 'timeout'],
    [
      'a refused happy-eyeballs connect',
      new TypeError('fetch failed', {
        cause: new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]),
      }),
      'connection_error',
    ],
    ['a bare fetch failure', new TypeError('fetch failed'), 'connection_error'],
  ])('classifies %s as retryable', (_label, thrown, code) => {
    // Act
    const error = classifyThrown(thrown, context);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code, attempts: 2, last_status: null });
    expect(error.cause).toBe(thrown);
  });

  it('classifies an invalid request as permanent without quoting the URL', () => {
    // Prepare
    const thrown = new TypeError('Failed to parse URL from https://x.test/?token=secret', {
      cause: Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }),
    });

    // Act
    const error = classifyThrown(thrown, context);

    // Assess
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.reason.code).toBe('invalid_request');
    expect(error.message).toBe('request not sent: TypeError (ERR_INVALID_URL)');
  });

  it('classifies an undici argument error as permanent', () => {
    // Assess
    expect(classifyThrown(networkError('UND_ERR_INVALID_ARG'), context)).toBeInstanceOf(PermanentError);
  });

  it('passes a delivery error through unchanged', () => {
    // Prepare
    const open = new CircuitOpenError({
      code: 'circuit_open',
      message: 'shed',
      attempts: 0,
      lastStatus: null,
      failedAt: T0,
    });

    // Assess
    expect(classifyThrown(open, context)).toBe(open);
  });
});

describe('Function: outOfTime', () => {
  it('reports a retryable failure that says it ran out of time', () => {
    // Prepare
    const last = classifyResponse(503, new Headers({ 'retry-after': '9' }), context);

    // Act
    const error = outOfTime(last, { ...context, lastStatus: 503 });

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'out_of_time', attempts: 2, last_status: 503 });
    expect(error.message).toBe('retryable, out of time after 2 attempt(s): destination answered HTTP 503');
    expect(error.retryAfterMs).toBe(9_000);
    expect(error.cause).toBe(last);
  });
});
