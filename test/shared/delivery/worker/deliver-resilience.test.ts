import { describe, expect, it } from 'vitest';
import type { DestinationRegistry } from '../../../../shared/delivery/destinations/types.ts';
import { deliver } from '../../../../shared/delivery/worker/deliver.ts';
import { PermanentError } from '../../../../shared/kernel/errors.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import { deliveryMessage, envelope } from '../destinations/fixtures.ts';
import { deliveryInput, httpTo, workerSetup } from './fakes.ts';

const start = useDestinations();

describe('Function: deliver (when its collaborators fail)', () => {
  it('delivers a claim-checked body read from the claim-check store', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, claimChecks } = workerSetup();
    claimChecks.bodies.set('bodies/evt_1', Buffer.from('{"big":true}'));
    const claim = { bucket: 'claims', key: 'bodies/evt_1', size: 12, sha256: 'a'.repeat(64) };
    const message = deliveryMessage(httpTo(server.url), envelope({ body: { claim_check: claim } }));

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(message)), deps);

    // Assess
    expect(outcome.status).toBe('delivered');
    expect(JSON.parse(server.received[0]?.body ?? '').data).toEqual({ big: true });
  });

  it('dead-letters a claim-check that can never be read, and retries one that cannot be read now', async () => {
    // Prepare
    const gone = workerSetup();
    gone.claimChecks.fail = () =>
      new PermanentError({
        code: 'validation_error',
        message: 's3://claims/bodies/evt_1 does not exist',
        attempts: 0,
        lastStatus: null,
        failedAt: 0,
      });
    const slow = workerSetup();
    slow.claimChecks.fail = () => new Error('S3 timeout');
    const claim = { bucket: 'claims', key: 'bodies/evt_1', size: 12, sha256: 'a'.repeat(64) };
    const body = JSON.stringify(
      deliveryMessage(httpTo('https://example.invalid/'), envelope({ body: { claim_check: claim } })),
    );

    // Act
    const permanent = await deliver(deliveryInput(body), gone.deps);
    const retryable = await deliver(deliveryInput(body), slow.deps);

    // Assess
    expect(permanent).toMatchObject({ status: 'failed_permanent', reason: { code: 'validation_error' } });
    expect(retryable).toMatchObject({
      status: 'retrying',
      reason: { code: 'internal_error', message: 'Error: S3 timeout' },
    });
  });

  it('retries a permanent failure when the DLQ cannot take it, so nothing is lost', async () => {
    // Prepare
    const server = await start(reply(400));
    const { deps, deadLetters, log } = workerSetup();
    deadLetters.failing = true;

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(deliveryMessage(httpTo(server.url)))), deps);

    // Assess
    expect(outcome).toMatchObject({
      status: 'retrying',
      retry: true,
      reason: { code: 'client_error', message: expect.stringContaining('not dead-lettered') },
    });
    expect(log.deliveries[0]?.status).toBe('retrying');
  });

  it('keeps a delivery delivered when the delivery log cannot be written', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, log } = workerSetup();
    log.failing = true;

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(deliveryMessage(httpTo(server.url)))), deps);

    // Assess
    expect(outcome).toMatchObject({
      status: 'delivered',
      retry: false,
      logError: expect.stringContaining('Provisioned'),
    });
  });

  it('makes no call when the Lambda has no time left, and retries', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps } = workerSetup();

    // Act
    const outcome = await deliver(
      deliveryInput(JSON.stringify(deliveryMessage(httpTo(server.url))), 1, 2_000),
      deps,
    );

    // Assess
    expect(outcome).toMatchObject({ status: 'retrying', reason: { code: 'out_of_time' } });
    expect(server.received).toHaveLength(0);
  });

  it('retries an unexpected error with a generic reason', async () => {
    // Prepare
    const broken = {
      deliver: async () => {
        throw new TypeError('boom');
      },
    };
    const registry = { http: broken, email: broken, chat: broken } satisfies DestinationRegistry;
    const { deps } = workerSetup({ destinations: registry });

    // Act
    const outcome = await deliver(
      deliveryInput(JSON.stringify(deliveryMessage(httpTo('https://example.invalid/')))),
      deps,
    );

    // Assess
    expect(outcome).toMatchObject({
      status: 'retrying',
      reason: { code: 'internal_error', message: 'TypeError: boom' },
    });
  });
});
