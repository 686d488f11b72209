import { describe, expect, it } from 'vitest';
import { CircuitBreakerRegistry } from '../../../../shared/kernel/circuit-breaker.ts';
import { CircuitOpenError, RetryableError } from '../../../../shared/kernel/errors.ts';
import { OutboundHttpClient } from '../../../../shared/kernel/http/outbound-client.ts';
import { RateLimiter } from '../../../../shared/kernel/rate-limiter.ts';
import { fakeTime } from '../fake-time.ts';
import { deliveryTo, reply, useDestinations } from './fake-destination.ts';

const start = useDestinations();

/** A client on a fake clock with its breakers exposed; jitter draws the top of the window. */
const setup = (random = 0.999) => {
  const time = fakeTime();
  const breakers = new CircuitBreakerRegistry({ clock: time.clock });
  const client = new OutboundHttpClient({
    clock: time.clock,
    sleep: time.sleep,
    random: () => random,
    breakers,
  });
  return { client, time, breakers };
};

describe('Class: OutboundHttpClient (resilience)', () => {
  it('opens the breaker after five failures, sheds without calling, then closes on a good probe', async () => {
    // Prepare
    const server = await start(reply(503), reply(503), reply(503), reply(503), reply(503), reply(200));
    const { client, time, breakers } = setup();
    const options = () => ({ deadline: time.clock() + 600_000, maxAttempts: 5 });
    await client.send(deliveryTo(server.url), options()).catch(() => undefined);

    // Act
    const shed = await client.send(deliveryTo(server.url), options()).catch((e) => e);
    const receivedWhileOpen = server.received.length;
    time.advance(30_000);
    const probe = await client.send(deliveryTo(server.url), options());

    // Assess
    expect(shed).toBeInstanceOf(CircuitOpenError);
    expect(shed.reason).toMatchObject({ code: 'circuit_open', attempts: 0 });
    expect(receivedWhileOpen).toBe(5);
    expect(probe).toMatchObject({ status: 200, attempts: 1 });
    expect(server.received).toHaveLength(6);
    expect(breakers.get('tenant-a:route-1').state).toBe('closed');
  });

  it('slows a destination down by itself when it answers 429', async () => {
    // Prepare
    const server = await start(reply(429), reply(200));
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { ratePerSecond: 10, burst: 10 }, ...time });
    const client = new OutboundHttpClient({ ...time, random: () => 0, limiter });

    // Act
    const response = await client.send(deliveryTo(server.url), {
      deadline: time.clock() + 60_000,
      maxAttempts: 2,
    });

    // Assess
    expect(response).toMatchObject({ status: 200, attempts: 2 });
    expect(limiter.rateOf('tenant-a:route-1')).toBeLessThan(10);
  });

  it('restarts a destination slowly when a probe closes its breaker, so a held backlog drains ramped', async () => {
    // Prepare
    const server = await start(reply(503), reply(503), reply(503), reply(503), reply(503), reply(200));
    const time = fakeTime();
    const breakers = new CircuitBreakerRegistry({ clock: time.clock });
    const limiter = new RateLimiter({ limits: { ratePerSecond: 16, burst: 16 }, ...time });
    const client = new OutboundHttpClient({ ...time, random: () => 0, breakers, limiter });
    const options = () => ({ deadline: time.clock() + 600_000, maxAttempts: 5 });
    await client.send(deliveryTo(server.url), options()).catch(() => undefined);
    const whileFailing = limiter.rateOf('tenant-a:route-1');

    // Act
    time.advance(30_000);
    await client.send(deliveryTo(server.url), options());

    // Assess
    expect(whileFailing).toBe(16);
    expect(limiter.rateOf('tenant-a:route-1')).toBe(1);
    time.advance(4 * 60_000);
    expect(limiter.rateOf('tenant-a:route-1')).toBe(16);
  });

  it('stops retrying as soon as the breaker opens mid-send', async () => {
    // Prepare
    const server = await start(reply(500));
    const time = fakeTime();
    const breakers = new CircuitBreakerRegistry({ failureThreshold: 2, clock: time.clock });
    const client = new OutboundHttpClient({ ...time, random: () => 0, breakers });

    // Act
    const error = await client
      .send(deliveryTo(server.url), { deadline: time.clock() + 60_000, maxAttempts: 4 })
      .catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error.reason).toMatchObject({ attempts: 2, last_status: 500 });
    expect(server.received).toHaveLength(2);
  });

  it('does not count a 400 against the destination', async () => {
    // Prepare
    const server = await start(reply(400));
    const { client, time, breakers } = setup();

    // Act
    for (let i = 0; i < 6; i += 1) {
      await client.send(deliveryTo(server.url), { deadline: time.clock() + 60_000 }).catch(() => undefined);
    }

    // Assess
    expect(breakers.get('tenant-a:route-1').state).toBe('closed');
    expect(server.received).toHaveLength(6);
  });

  it('stops early with a retryable out-of-time error when the next wait would pass the deadline', async () => {
    // Prepare
    const server = await start(reply(500));
    const { client, time } = setup();

    // Act
    const error = await client
      .send(deliveryTo(server.url), { deadline: time.clock() + 2_500, maxAttempts: 10 })
      .catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'out_of_time', attempts: 2, last_status: 500 });
    expect(error.message).toContain('retryable, out of time');
    expect(time.sleeps).toEqual([999]);
    expect(server.received).toHaveLength(2);
  });

  it('calls nothing when the deadline has already passed', async () => {
    // Prepare
    const server = await start(reply(200));
    const { client, time } = setup();

    // Act
    const error = await client.send(deliveryTo(server.url), { deadline: time.clock() }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'out_of_time', attempts: 0 });
    expect(server.received).toHaveLength(0);
  });

  it('paces ten sends to one destination at five a second', async () => {
    // Prepare
    const server = await start(reply(200));
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { ratePerSecond: 5, burst: 1 }, ...time });
    const client = new OutboundHttpClient({ ...time, limiter });

    // Act
    for (let i = 0; i < 10; i += 1) {
      await client.send(deliveryTo(server.url), { deadline: time.clock() + 60_000 });
    }

    // Assess
    expect(time.sleeps).toEqual(Array(9).fill(200));
    expect(server.received).toHaveLength(10);
  });
});
