import { describe, expect, it } from 'vitest';
import { deliver } from '../../../../shared/delivery/worker/deliver.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import { deliveryMessage } from '../destinations/fixtures.ts';
import { deliveryInput, httpTo, workerSetup } from './fakes.ts';

const start = useDestinations();

describe('Function: deliver (at most once per delivery id)', () => {
  it('calls the destination once when the same message arrives twice', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, log } = workerSetup();
    const body = JSON.stringify(deliveryMessage(httpTo(server.url)));

    // Act
    const first = await deliver(deliveryInput(body, 1), deps);
    const second = await deliver(deliveryInput(body, 2), deps);

    // Assess
    expect(server.received).toHaveLength(1);
    expect(first).toMatchObject({ status: 'delivered', replayed: false });
    expect(second).toMatchObject({ status: 'delivered', replayed: true, result: { attempts: 1 } });
    expect(log.deliveries.map((record) => [record.attempts, record.receive_count])).toEqual([
      [1, 1],
      [0, 2],
    ]);
  });

  it('retries later, without a second call, while the same delivery is in flight elsewhere', async () => {
    // Prepare
    const server = await start((_request, response) => {
      setTimeout(() => response.writeHead(200).end(), 150);
    });
    const { deps, log } = workerSetup();
    const body = JSON.stringify(deliveryMessage(httpTo(server.url)));

    // Act
    const [first, second] = await Promise.all([
      deliver(deliveryInput(body), deps),
      deliver(deliveryInput(body), deps),
    ]);

    // Assess
    expect([first.status, second.status].sort()).toEqual(['delivered', 'in_progress']);
    expect(server.received).toHaveLength(1);
    expect(log.deliveries).toHaveLength(1);
  });

  it('runs again after a failed run, since failures are not remembered', async () => {
    // Prepare
    const server = await start(reply(400), reply(200));
    const { deps } = workerSetup();
    const body = JSON.stringify(deliveryMessage(httpTo(server.url)));

    // Act
    const first = await deliver(deliveryInput(body), deps);
    const redriven = await deliver(deliveryInput(body), deps);

    // Assess
    expect([first.status, redriven.status]).toEqual(['failed_permanent', 'delivered']);
    expect(server.received).toHaveLength(2);
  });
});
