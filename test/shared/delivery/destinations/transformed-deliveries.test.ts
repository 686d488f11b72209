import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DeliveryTransforms } from '../../../../shared/delivery/destinations/delivery-transforms.ts';
import { renderEmail } from '../../../../shared/delivery/destinations/email.ts';
import { HttpDestinationAdapter } from '../../../../shared/delivery/destinations/http.ts';
import { TenantSecrets } from '../../../../shared/delivery/destinations/secrets.ts';
import type { DeliveryContext } from '../../../../shared/delivery/destinations/types.ts';
import { PermanentError } from '../../../../shared/kernel/errors.ts';
import type { EmailDestination } from '../../../../shared/tenants/destinations.ts';
import type { TenantDirectory } from '../../../../shared/tenants/ports.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import { baseOf, chatDestination, chatSetup, json } from './chat/fixtures.ts';
import {
  deliveryContext,
  EVENT_ID,
  fastRuntime,
  MemorySecrets,
  ROUTE_SECRET,
  ROUTE_SECRET_NAME,
  SECRET_PREFIX,
} from './fixtures.ts';

const start = useDestinations();

const noRoutes: TenantDirectory = { getTenant: async () => null, getRoutes: async () => [] };
const transformsAt = (clock: () => number) => new DeliveryTransforms({ tenants: noRoutes, clock });

const withTransform = (context: DeliveryContext, transform: string): DeliveryContext => ({
  ...context,
  headers: {},
  transform,
});

const headersOf = (raw: Record<string, string | string[] | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, String(value)]));

describe('Destinations with a route transform', () => {
  it('posts the transform result as the http body, signed with Standard Webhooks', async () => {
    // Prepare
    const server = await start(reply(200));
    const { time, runtime } = fastRuntime();
    const secrets = new MemorySecrets(
      new Map([[ROUTE_SECRET_NAME, JSON.stringify({ signingSecrets: [ROUTE_SECRET] })]]),
    );
    const adapter = new HttpDestinationAdapter({
      client: runtime.client,
      secrets: new TenantSecrets(secrets, SECRET_PREFIX, time.clock),
      limits: runtime.limits,
      clock: time.clock,
      perAttemptTimeoutMs: 2_000,
      transforms: transformsAt(time.clock),
    });
    const context = withTransform(
      deliveryContext(time.clock()),
      '{"order_id": data.id, "total": data.amount}',
    );

    // Act
    await adapter.deliver({ type: 'http', url: server.url, signing_secret_name: ROUTE_SECRET_NAME }, context);

    // Assess
    const request = server.received[0]!;
    expect(JSON.parse(request.body)).toEqual({ order_id: 'pi_1', total: 1200 });
    expect(new Webhook(ROUTE_SECRET).verify(request.body, headersOf(request.headers))).toEqual({
      order_id: 'pi_1',
      total: 1200,
    });
    expect(request.headers['webhook-id']).toBe(EVENT_ID);
  });

  it('sends nothing and fails permanently when the transform fails', async () => {
    const server = await start(reply(200));
    const { time, runtime } = fastRuntime();
    const adapter = new HttpDestinationAdapter({
      client: runtime.client,
      secrets: new TenantSecrets(new MemorySecrets(new Map()), SECRET_PREFIX, time.clock),
      limits: runtime.limits,
      clock: time.clock,
      perAttemptTimeoutMs: 2_000,
      transforms: transformsAt(time.clock),
    });
    const failure = adapter.deliver(
      { type: 'http', url: server.url, signing_secret_name: ROUTE_SECRET_NAME },
      withTransform(deliveryContext(time.clock()), '$error("no order")'),
    );
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toMatchObject({ reason: { code: 'transform_failed', attempts: 0 } });
    expect(server.received).toEqual([]);
  });

  it('refuses a transform when the destination was built without transforms, rather than send the raw event', async () => {
    const server = await start(reply(200));
    const { time, runtime } = fastRuntime();
    const adapter = new HttpDestinationAdapter({
      client: runtime.client,
      secrets: new TenantSecrets(new MemorySecrets(new Map()), SECRET_PREFIX, time.clock),
      limits: runtime.limits,
      clock: time.clock,
      perAttemptTimeoutMs: 2_000,
    });
    await expect(
      adapter.deliver(
        { type: 'http', url: server.url, signing_secret_name: ROUTE_SECRET_NAME },
        withTransform(deliveryContext(time.clock()), 'data.id'),
      ),
    ).rejects.toMatchObject({ reason: { code: 'transform_failed' } });
    expect(server.received).toEqual([]);
  });

  it('renders email templates with the transform result’s fields on top of the usual variables', async () => {
    // Prepare
    const destination: EmailDestination = {
      type: 'email',
      to: ['erp@acme.example'],
      subject_template: 'Order {{order}} ({{event_id}})',
      template: 'Total {{total}}',
      html_template: '<p>{{note}}</p>',
    };
    const clock = () => Date.now();
    const context = withTransform(
      deliveryContext(clock()),
      '{"order": data.id, "total": data.amount & " JPY", "note": data.note}',
    );
    const output = await transformsAt(clock).outputFor(context);

    // Act
    const email = renderEmail(destination, context, 'noreply@tsunagi.example', output, clock);

    // Assess
    expect(email).toMatchObject({
      subject: `Order pi_1 (${EVENT_ID})`,
      text: 'Total 1200 JPY',
      html: '<p>&lt;b&gt;hi&lt;/b&gt;</p>',
    });
    expect(() =>
      renderEmail(destination, context, 'noreply@tsunagi.example', { value: 'text' }, clock),
    ).toThrow(/must produce an object/);
  });

  it('posts a transform’s text as the chat message, escaped for Slack so a payload cannot mention anyone', async () => {
    // Prepare
    const server = await start(json(200, { ok: true, ts: '1.0' }));
    const secret = 'tsunagi/test/acme/integrations/slack';
    const clock = () => Date.now();
    const { adapter, context } = chatSetup(
      { slack: `${baseOf(server.url)}/api` },
      [{ system: 'SLACK', credentials_secret_arn_or_name: secret, settings: {} }],
      { [secret]: '{"bot_token":"xoxb-1"}' },
      transformsAt(clock),
    );

    // Act
    await adapter.deliver(
      chatDestination('SLACK', 'C0ACMEOPS'),
      withTransform(context, '"Order " & data.id & " paid <!channel> " & data.note'),
    );

    // Assess
    expect(JSON.parse(server.received[0]!.body)).toMatchObject({
      text: 'Order pi_1 paid &lt;!channel&gt; &lt;b&gt;hi&lt;/b&gt;',
    });
  });
});
