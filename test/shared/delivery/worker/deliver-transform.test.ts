import { describe, expect, it } from 'vitest';
import { deliver } from '../../../../shared/delivery/worker/deliver.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import { deliveryMessage } from '../destinations/fixtures.ts';
import { deliveryInput, httpTo, workerSetup } from './fakes.ts';

const start = useDestinations();

describe('Function: deliver — route transforms', () => {
  it('delivers the transform result of the message’s snapshot', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps } = workerSetup();
    const message = { ...deliveryMessage(httpTo(server.url)), transform: '{"id": data.id, "type": type}' };

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(message)), deps);

    // Assess
    expect(outcome).toMatchObject({ status: 'delivered' });
    expect(JSON.parse(server.received[0]!.body)).toEqual({ id: 'pi_1', type: 'payment_intent.succeeded' });
  });

  it('dead-letters a delivery whose transform fails at once, with the expression error, calling nobody', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, deadLetters, log } = workerSetup();
    const body = JSON.stringify({
      ...deliveryMessage(httpTo(server.url)),
      transform: '$error("no order id")',
    });

    // Act
    const outcome = await deliver(deliveryInput(body, 1), deps);

    // Assess
    expect(outcome).toMatchObject({
      status: 'failed_permanent',
      retry: false,
      reason: { code: 'transform_failed' },
    });
    expect(server.received).toEqual([]);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({
      body,
      attributes: {
        failure_code: 'transform_failed',
        failure_message: expect.stringContaining('no order id'),
        failure_attempts: '0',
      },
    });
    expect(log.deliveries[0]).toMatchObject({
      status: 'failed_permanent',
      last_error: { code: 'transform_failed' },
    });
  });
});
