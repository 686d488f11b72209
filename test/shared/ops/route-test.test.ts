import { describe, expect, it } from 'vitest';
import type { RoutedEvent, RoutedEventReader } from '../../../shared/delivery/delivery-log.ts';
import { NotFoundError, OpsInputError } from '../../../shared/ops/errors.ts';
import { type RouteTestPorts, testRoute } from '../../../shared/ops/route-test.ts';
import type { Route, Tenant } from '../../../shared/tenants/tenant-file.ts';
import { MemoryTenantDirectory } from '../routing/fakes.ts';

const NOW = new Date('2026-12-01T09:00:00.000Z');

const shopifyOrder = {
  id: 1042,
  name: '#1042',
  total_price: '12000',
  currency: 'JPY',
  line_items: [{ sku: 'TEA-1', quantity: 2 }],
};

const routes: Route[] = [
  {
    route_id: 'jp-orders-to-erp',
    match: {
      provider: 'shopify',
      event_type: 'orders/*',
      filter: { headers: { 'x-shopify-shop-domain': [{ suffix: '-jp.myshopify.com' }] } },
    },
    transform: '{"order_id": data.id, "total": $number(data.total_price)}',
    destination: {
      type: 'http',
      url: 'https://erp.acme.example/orders',
      signing_secret_name: 'tsunagi/local/acme/routes/jp-orders-to-erp',
      headers: { 'X-Acme-Source': 'tsunagi' },
    },
    enabled: true,
  },
  {
    route_id: 'orders-to-chat',
    match: { provider: 'shopify', event_type: 'orders/paid' },
    transform: '"Order " & data.name & " paid <!here>"',
    destination: { type: 'chat', system: 'SLACK', channel_id: 'C0ACMEOPS', message_template: 'x' },
    enabled: true,
  },
  {
    route_id: 'orders-by-mail',
    match: { provider: 'shopify', event_type: 'orders/paid' },
    destination: {
      type: 'email',
      to: ['sales@acme.example'],
      subject_template: 'Order {{data.name}}',
      template: 'Total {{data.total_price}} {{data.currency}}',
    },
    enabled: true,
  },
  {
    route_id: 'broken-transform',
    match: { provider: 'shopify', event_type: '*' },
    transform: '$number(data.currency)',
    destination: {
      type: 'http',
      url: 'https://erp.acme.example/x',
      signing_secret_name: 'tsunagi/local/acme/routes/x',
    },
    enabled: true,
  },
];

const acme: Tenant = { tenant_id: 'acme', name: 'Acme', status: 'active', integrations: [], routes };

const noEvents: RoutedEventReader = { getRoutedEvent: async () => null };

const ports = (events: RoutedEventReader = noEvents, tenants: Tenant[] = [acme]): RouteTestPorts => ({
  target: { label: 'local (test)', stage: 'local' },
  directory: new MemoryTenantDirectory(tenants),
  events,
  defaultFrom: 'tsunagi-local@tsunagi.example',
  now: () => NOW,
});

const file = (fields: Record<string, unknown>) => ({
  kind: 'file' as const,
  name: 'order.json',
  text: JSON.stringify(fields),
});

const paidOrder = (shop = 'acme-jp.myshopify.com') =>
  file({
    provider: 'shopify',
    type: 'orders/paid',
    headers: { 'X-Shopify-Shop-Domain': shop },
    data: shopifyOrder,
  });

describe('Function: testRoute', () => {
  it('matches and shows the exact signed http request the destination would get, transformed', async () => {
    // Act
    const report = await testRoute(ports(), {
      tenantId: 'acme',
      routeId: 'jp-orders-to-erp',
      event: paidOrder(),
    });

    // Assess
    expect(report.result.matched).toBe(true);
    expect(report.result.failed_condition).toBeNull();
    expect(report.destination).toBe('POST https://erp.acme.example/orders');
    const eventId = report.event.payload.event_id;
    expect(report.result.request).toEqual({
      headers: {
        'x-acme-source': 'tsunagi',
        'idempotency-key': `${eventId}:jp-orders-to-erp`,
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
        'user-agent': 'tsunagi-delivery/1',
        'content-type': 'application/json',
        'webhook-id': eventId,
        'webhook-timestamp': String(NOW.getTime() / 1000),
        'webhook-signature': 'v1,<signed at delivery with tsunagi/local/acme/routes/jp-orders-to-erp>',
      },
      body: { order_id: 1042, total: 12000 },
    });
  });

  it('does not match and names the failed filter condition', async () => {
    const report = await testRoute(ports(), {
      tenantId: 'acme',
      routeId: 'jp-orders-to-erp',
      event: paidOrder('acme-us.myshopify.com'),
    });
    expect(report.result).toEqual({
      matched: false,
      failed_condition:
        'match.filter: headers.x-shopify-shop-domain does not match [{"suffix":"-jp.myshopify.com"}] (the field is present)',
      request: null,
    });
  });

  it('names the provider or event type when they do not fit', async () => {
    const github = file({ provider: 'github', type: 'push', data: {} });
    const refunded = file({ provider: 'shopify', type: 'refunds/create', data: {} });
    const byProvider = await testRoute(ports(), {
      tenantId: 'acme',
      routeId: 'orders-by-mail',
      event: github,
    });
    const byType = await testRoute(ports(), { tenantId: 'acme', routeId: 'orders-by-mail', event: refunded });
    expect(byProvider.result.failed_condition).toBe('match.provider: the route takes shopify events');
    expect(byType.result.failed_condition).toBe(
      'match.event_type: "refunds/create" does not fit "orders/paid"',
    );
  });

  it('previews chat text and email the way the worker renders them', async () => {
    const chat = await testRoute(ports(), {
      tenantId: 'acme',
      routeId: 'orders-to-chat',
      event: paidOrder(),
    });
    expect(chat.result.request).toEqual({
      headers: { system: 'SLACK', channel_id: 'C0ACMEOPS' },
      body: 'Order #1042 paid &lt;!here&gt;',
    });
    const mail = await testRoute(ports(), {
      tenantId: 'acme',
      routeId: 'orders-by-mail',
      event: paidOrder(),
    });
    expect(mail.result.request).toEqual({
      headers: { from: 'tsunagi-local@tsunagi.example', to: 'sales@acme.example', subject: 'Order #1042' },
      body: { text: 'Total 12000 JPY', html: null },
    });
  });

  it('reports a matching route whose transform fails, with the error the delivery would dead-letter with', async () => {
    const report = await testRoute(ports(), {
      tenantId: 'acme',
      routeId: 'broken-transform',
      event: paidOrder(),
    });
    expect(report.result).toEqual({ matched: true, failed_condition: null, request: null });
    expect(report.transform_error).toBe(
      'failed: the transform failed: D3030 at 8: Unable to cast value to a number: <value>',
    );
  });

  it('replays an event the router kept, and refuses another tenant’s event', async () => {
    // Prepare
    const routed = (tenantId: string): RoutedEvent => ({
      routing: {
        event_id: 'evt_routed',
        tenant_id: tenantId,
        provider: 'shopify',
        provider_event_id: 'wh_1',
        event_type: 'orders/paid',
        trace_id: 'a'.repeat(32),
        received_at: '2026-12-01T08:00:00.000Z',
        routed_at: '2026-12-01T08:00:00.020Z',
        route_ids: [],
        duplicate_of: null,
      },
      copy: {
        content_type: 'application/json',
        headers: { 'x-shopify-shop-domain': 'acme-jp.myshopify.com' },
        body: { encoding: 'utf8', data: JSON.stringify(shopifyOrder) },
      },
    });
    const reader = (tenantId: string): RoutedEventReader => ({
      getRoutedEvent: async () => routed(tenantId),
    });
    const event = { kind: 'event_id' as const, eventId: 'evt_routed' };

    // Act
    const report = await testRoute(ports(reader('acme')), {
      tenantId: 'acme',
      routeId: 'jp-orders-to-erp',
      event,
    });

    // Assess
    expect(report.result.matched).toBe(true);
    expect(report.result.request?.headers['webhook-id']).toBe('evt_routed');
    expect(report.event.from).toBe('delivery log');
    await expect(
      testRoute(ports(reader('globex')), { tenantId: 'acme', routeId: 'jp-orders-to-erp', event }),
    ).rejects.toBeInstanceOf(OpsInputError);
  });

  it('refuses what cannot be read: unknown tenant, route, event id, a body not kept, a bad file', async () => {
    const event = paidOrder();
    await expect(testRoute(ports(), { tenantId: 'ghost', routeId: 'x', event })).rejects.toThrow(
      NotFoundError,
    );
    await expect(testRoute(ports(), { tenantId: 'acme', routeId: 'nope', event })).rejects.toThrow(
      'tenant acme has no route "nope"',
    );
    const unknown = { kind: 'event_id' as const, eventId: 'evt_none' };
    await expect(
      testRoute(ports(), { tenantId: 'acme', routeId: 'orders-by-mail', event: unknown }),
    ).rejects.toThrow(NotFoundError);
    const bare: RoutedEventReader = {
      getRoutedEvent: async () => ({
        routing: { tenant_id: 'acme', provider: 'shopify' } as RoutedEvent['routing'],
        copy: null,
      }),
    };
    await expect(
      testRoute(ports(bare), { tenantId: 'acme', routeId: 'orders-by-mail', event: unknown }),
    ).rejects.toThrow(/its body was not kept/);
    const bad = { kind: 'file' as const, name: 'x.json', text: '{"provider": "nope"}' };
    await expect(
      testRoute(ports(), { tenantId: 'acme', routeId: 'orders-by-mail', event: bad }),
    ).rejects.toThrow(OpsInputError);
  });
});
