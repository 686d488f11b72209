import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/faults-destination.ts';
import { type DynamoThrottleProxy, startDynamoThrottleProxy } from './support/faults-dynamo-proxy.ts';
import { settle } from './support/faults-settle.ts';
import { type FaultWorld, startFaultWorld } from './support/faults-world.ts';

const ROUTE = 'throttled';
const EVENTS = 6;
/** The router's idempotency records carry this prefix; the worker's carry `delivery-worker#delivery`. */
const ROUTER_KEY = 'event-router#provider-event';

describe('Fault: DynamoDB throttles the event router', () => {
  let proxy: DynamoThrottleProxy;
  let world: FaultWorld;

  beforeAll(async () => {
    proxy = await startDynamoThrottleProxy();
    world = await startFaultWorld({
      routes: [ROUTE],
      // A record the router gave back is retried in seconds; each routing here takes well under one.
      inboundVisibilitySeconds: 4,
      platform: { consumerEnv: { AWS_ENDPOINT_URL_DYNAMODB: proxy.url } },
    });
    proxy.setTarget(world.platform.dynamoEndpoint);
    world.destination.on(`/${ROUTE}`, () => ok);
  });

  afterAll(async () => {
    await world?.stop();
    await proxy?.stop();
  });

  it('retries throttled reads and writes and routes and delivers each event exactly once', async () => {
    // Prepare: the SDK makes 3 attempts, so a rule of 3 outlasts them and fails the record back to SQS; a
    // rule of 2 is absorbed by the SDK's own retries. Each hits a different step of the routing.
    const tenantTable = world.platform.tables.tenantData;
    const logTable = world.platform.tables.deliveryLog;
    proxy.throttle([
      {
        name: 'claim the provider event',
        times: 4,
        matches: (r) => r.operation === 'PutItem' && r.text.includes(ROUTER_KEY),
      },
      { name: 'read the tenant routes', times: 3, matches: (r) => r.tableName === tenantTable },
      {
        // After the delivery messages are sent: the retry sends them again, and the worker must absorb that.
        name: 'record the routing',
        times: 3,
        matches: (r) => r.tableName === logTable && r.operation === 'PutItem' && r.text.includes('"ROUTING"'),
      },
      {
        name: 'complete the claim',
        times: 2,
        matches: (r) => r.operation === 'UpdateItem' && r.text.includes(ROUTER_KEY),
      },
    ]);

    // Act
    const responses = await Promise.all(
      Array.from({ length: EVENTS }, () => world.send(world.webhook(`${ROUTE}.created`))),
    );
    for (const response of responses) expect(response.status, response.text).toBe(202);
    const eventIds = responses.map((r) => r.eventId!);
    const { delivered, deadLettered } = await settle(world, eventIds, ROUTE);

    // Assess: every throttle was served, and nothing was lost or doubled because of it.
    expect(proxy.throttled()).toEqual({
      'claim the provider event': 4,
      'read the tenant routes': 3,
      'record the routing': 3,
      'complete the claim': 2,
    });
    expect(deadLettered.size).toBe(0);
    expect(delivered.size).toBe(EVENTS);
    for (const eventId of eventIds) {
      const { routing } = await world.journey(eventId);
      expect(routing).toMatchObject({ event_id: eventId, route_ids: [ROUTE], duplicate_of: null });
      expect(world.destination.sideEffects(`${eventId}:${ROUTE}`), eventId).toBe(1);
    }
    expect(world.destination.requests(`/${ROUTE}`)).toHaveLength(EVENTS);
    expect(await world.depth(world.platform.queueUrls.inboundDlq)).toBe(0);
  });
});
