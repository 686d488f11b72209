import type { Route } from '../../shared/tenants/tenant-file.ts';
import type { EventEnvelope } from '../../shared/webhooks/envelope.ts';

/** A Stripe `charge.succeeded` event padded to `bytes` with metadata and line items, as large events are. */
export const stripeChargeBody = (bytes: number): string => {
  const event = {
    id: 'evt_3QbenchChargeSucceeded',
    object: 'event',
    api_version: '2024-06-20',
    created: 1_764_547_200,
    type: 'charge.succeeded',
    livemode: true,
    data: {
      object: {
        id: 'ch_3QbenchCharge',
        object: 'charge',
        amount: 12_800,
        currency: 'jpy',
        status: 'succeeded',
        paid: true,
        customer: 'cus_bench',
        description: 'Order #1042 from the JP store',
        billing_details: { address: { country: 'JP', city: 'Tokyo' }, email: 'buyer@example.jp' },
        payment_method_details: { type: 'card', card: { brand: 'visa', country: 'JP', last4: '4242' } },
        metadata: {} as Record<string, string>,
        lines: [] as { sku: string; quantity: number; amount: number }[],
      },
    },
  };
  const object = event.data.object;
  for (let i = 0; JSON.stringify(event).length < bytes; i++) {
    if (i % 2 === 0) object.metadata[`note_${i}`] = `value ${i} ${'x'.repeat(40)}`;
    else object.lines.push({ sku: `SKU-${i}`, quantity: (i % 5) + 1, amount: 100 * i });
  }
  return JSON.stringify(event);
};

/** The envelope of an inline body, as the router receives it. */
export const benchEnvelope = (body: string): EventEnvelope => ({
  version: 1,
  event_id: 'evt_01941f29-7c00-7abc-8def-0123456789ab',
  provider: 'stripe',
  tenant_id: 'acme',
  provider_event_id: 'evt_3QbenchChargeSucceeded',
  event_type: 'charge.succeeded',
  received_at: '2026-12-01T00:00:00.000Z',
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  content_type: 'application/json',
  headers: { 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
  body: { encoding: 'utf8', data: body },
});

// Ten filter shapes, each over the payload's own fields, cycled with different values over 100 routes.
const FILTERS: readonly ((i: number) => Record<string, unknown>)[] = [
  (i) => ({ data: { data: { object: { currency: ['jpy'], amount: [{ numeric: ['>=', i * 500] }] } } } }),
  (i) => ({
    data: { data: { object: { billing_details: { address: { country: [i % 2 ? 'JP' : 'US'] } } } } },
  }),
  (i) => ({ data: { data: { object: { description: [{ prefix: `Order #${i}` }] } } } }),
  (i) => ({ data: { data: { object: { status: [{ 'anything-but': ['failed', `s${i}`] }] } } } }),
  (i) => ({ data: { data: { object: { metadata: { [`note_${i * 2}`]: [{ exists: true }] } } } } }),
  (i) => ({
    data: {
      data: {
        object: {
          payment_method_details: { card: { brand: [{ 'equals-ignore-case': i % 3 ? 'VISA' : 'AMEX' }] } },
        },
      },
    },
  }),
  (i) => ({ data: { data: { object: { lines: { sku: [`SKU-${i}`] } } } } }),
  (i) => ({
    $or: [
      { data: { livemode: [false] } },
      { data: { data: { object: { amount: [{ numeric: ['>', i, '<=', 50_000] }] } } } },
    ],
  }),
  (i) => ({ headers: { 'user-agent': [{ wildcard: `Stripe/${i % 2}.*` }] } }),
  (i) => ({
    type: ['charge.succeeded'],
    data: { data: { object: { customer: [{ suffix: `_${i}` }, 'cus_bench'] } } },
  }),
];

/** A tenant's 100 routes, every one a candidate for the event (so every filter is evaluated). */
export const filteredRoutes = (count = 100): Route[] =>
  Array.from({ length: count }, (_, i) => ({
    route_id: `route-${i}`,
    match: {
      provider: 'stripe',
      event_type: i % 2 ? 'charge.*' : '*',
      filter: FILTERS[i % FILTERS.length]!(i),
    },
    destination: {
      type: 'http',
      url: `https://erp.acme.example/hooks/${i}`,
      signing_secret_name: `tsunagi/prod/acme/routes/route-${i}`,
    },
    enabled: true,
  }));

/** A Shopify `orders/paid` route document with five line items. */
export const shopifyOrderDocument = () => ({
  event_id: 'evt_01941f29-7c00-7abc-8def-0123456789ab',
  type: 'orders/paid',
  provider: 'shopify',
  tenant_id: 'acme',
  provider_event_id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
  received_at: '2026-12-01T00:00:00.000Z',
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  headers: { 'x-shopify-shop-domain': 'acme-jp.myshopify.com', 'x-shopify-topic': 'orders/paid' },
  data: {
    id: 820_982_911_946,
    name: '#1042',
    email: 'buyer@example.jp',
    created_at: '2026-12-01T08:59:00+09:00',
    currency: 'JPY',
    total_price: '12800',
    subtotal_price: '11636',
    total_tax: '1164',
    financial_status: 'paid',
    customer: { id: 115_310_627_314, first_name: 'Hanako', last_name: 'Yamada' },
    shipping_address: { country_code: 'JP', province: 'Tokyo', city: 'Shibuya', zip: '150-0001' },
    line_items: Array.from({ length: 5 }, (_, i) => ({
      id: 866_550_311_766 + i,
      sku: `TEA-${i}`,
      title: `Sencha ${i}`,
      quantity: i + 1,
      price: String(1200 + i * 100),
    })),
  },
});

/** A typical reshaping: the fields an ERP wants, totals as numbers, line items mapped. */
export const TYPICAL_TRANSFORM = `{
  "order_id": data.name,
  "shop": headers."x-shopify-shop-domain",
  "paid_at": data.created_at,
  "currency": data.currency,
  "total": $number(data.total_price),
  "tax": $number(data.total_tax),
  "customer": data.customer.(first_name & " " & last_name),
  "ship_to": data.shipping_address.(country_code & "-" & province),
  "items": [data.line_items.{ "sku": sku, "qty": quantity, "amount": $number(price) * quantity }]
}`;
