import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitBreakerRegistry } from '../../../shared/kernel/circuit-breaker.ts';
import { CircuitOpenError, RetryableError } from '../../../shared/kernel/errors.ts';
import { fakeTime } from './fake-time.ts';

const failTimes = (breaker: CircuitBreaker, times: number): void => {
  for (let i = 0; i < times; i += 1) {
    breaker.admit();
    breaker.recordFailure();
  }
};

const shed = (breaker: CircuitBreaker): unknown => {
  try {
    breaker.admit({ attempts: 2, lastStatus: 503 });
    return null;
  } catch (error) {
    return error;
  }
};

describe('Class: CircuitBreaker', () => {
  it('starts closed and admits calls', () => {
    // Prepare
    const breaker = new CircuitBreaker('dest-1');

    // Act
    breaker.admit();

    // Assess
    expect(breaker.state).toBe('closed');
  });

  it('opens after five consecutive failures', () => {
    // Prepare
    const breaker = new CircuitBreaker('dest-1', { clock: fakeTime().clock });

    // Act
    failTimes(breaker, 4);
    const afterFour = breaker.state;
    failTimes(breaker, 1);

    // Assess
    expect(afterFour).toBe('closed');
    expect(breaker.state).toBe('open');
  });

  it('names the last failure in the reason of the calls it sheds', () => {
    // Prepare
    const breaker = new CircuitBreaker('dest-1', { clock: fakeTime().clock });
    failTimes(breaker, 4);
    breaker.admit();
    breaker.recordFailure({ code: 'server_error', message: 'destination answered HTTP 503' });

    // Act
    const error = shed(breaker);

    // Assess: an operator filtering dead letters on server_error finds the ones the open circuit shed too.
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect((error as CircuitOpenError).reason).toMatchObject({
      code: 'circuit_open',
      message:
        'circuit open after 5 consecutive failures (last: server_error: destination answered HTTP 503); call shed',
    });
  });

  it('starts counting again after a success', () => {
    // Prepare
    const breaker = new CircuitBreaker('dest-1', { clock: fakeTime().clock });

    // Act
    failTimes(breaker, 4);
    breaker.recordSuccess();
    failTimes(breaker, 4);

    // Assess
    expect(breaker.state).toBe('closed');
  });

  it('does not count calls released as neutral, such as a 400', () => {
    // Prepare
    const breaker = new CircuitBreaker('dest-1', { failureThreshold: 2, clock: fakeTime().clock });

    // Act
    for (let i = 0; i < 10; i += 1) {
      breaker.admit();
      breaker.release();
    }

    // Assess
    expect(breaker.state).toBe('closed');
  });

  it('sheds calls with a retryable CircuitOpenError for the cool-down', () => {
    // Prepare
    const time = fakeTime();
    const breaker = new CircuitBreaker('dest-1', { clock: time.clock });
    failTimes(breaker, 5);
    time.advance(10_000);

    // Act
    const error = shed(breaker);

    // Assess
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as CircuitOpenError).reason).toMatchObject({
      code: 'circuit_open',
      attempts: 2,
      last_status: 503,
    });
    expect((error as CircuitOpenError).retryAfterMs).toBe(20_000);
  });

  it('lets exactly one probe through once half-open', () => {
    // Prepare
    const time = fakeTime();
    const breaker = new CircuitBreaker('dest-1', { clock: time.clock });
    failTimes(breaker, 5);
    time.advance(30_000);

    // Act
    const state = breaker.state;
    const probe = shed(breaker);
    const second = shed(breaker);

    // Assess
    expect(state).toBe('half_open');
    expect(probe).toBeNull();
    expect(second).toBeInstanceOf(CircuitOpenError);
  });

  it('closes when the probe succeeds', () => {
    // Prepare
    const time = fakeTime();
    const breaker = new CircuitBreaker('dest-1', { clock: time.clock });
    failTimes(breaker, 5);
    time.advance(30_000);
    breaker.admit();

    // Act
    breaker.recordSuccess();

    // Assess
    expect(breaker.state).toBe('closed');
    expect(shed(breaker)).toBeNull();
  });

  it('re-opens for a full cool-down when the probe fails', () => {
    // Prepare
    const time = fakeTime();
    const breaker = new CircuitBreaker('dest-1', { clock: time.clock });
    failTimes(breaker, 5);
    time.advance(30_000);
    breaker.admit();

    // Act
    breaker.recordFailure();
    time.advance(29_999);

    // Assess
    expect(breaker.state).toBe('open');
    time.advance(1);
    expect(breaker.state).toBe('half_open');
  });

  it('frees the probe slot when the probe is released or never reports back', () => {
    // Prepare
    const time = fakeTime();
    const breaker = new CircuitBreaker('dest-1', { clock: time.clock });
    failTimes(breaker, 5);
    time.advance(30_000);

    // Act
    breaker.admit();
    breaker.release();
    const afterRelease = shed(breaker);
    time.advance(30_000);
    const afterSilence = shed(breaker);

    // Assess
    expect(afterRelease).toBeNull();
    expect(afterSilence).toBeNull();
  });
});

describe('Class: CircuitBreakerRegistry', () => {
  it('keeps one breaker per destination', () => {
    // Prepare
    const registry = new CircuitBreakerRegistry({ failureThreshold: 1, clock: fakeTime().clock });

    // Act
    registry.get('a').recordFailure();

    // Assess
    expect(registry.get('a')).toBe(registry.get('a'));
    expect(registry.get('a').state).toBe('open');
    expect(registry.get('b').state).toBe('closed');
  });

  it('forgets the least recently used destination beyond its size', () => {
    // Prepare
    const registry = new CircuitBreakerRegistry({ maxKeys: 2 });
    const a = registry.get('a');
    registry.get('b');

    // Act
    registry.get('a');
    registry.get('c');

    // Assess
    expect(registry.size).toBe(2);
    expect(registry.get('a')).toBe(a);
  });
});
