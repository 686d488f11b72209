import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../shared/tenants/filters/compile-pattern.ts';
import { matchEventPattern } from '../../../shared/tenants/filters/match-pattern.ts';
import { compileTransform } from '../../../shared/tenants/transforms/compile-transform.ts';
import { runTransform } from '../../../shared/tenants/transforms/run-transform.ts';

// The examples of README's "Filters and transforms", run on route documents as the router builds them, so
// the documentation cannot drift from what the evaluator does.

const doc = (provider: string, type: string, data: unknown, headers: Record<string, string> = {}) => ({
  event_id: 'evt_01941f29-7c00-7abc-8def-0123456789ab',
  type,
  provider,
  tenant_id: 'acme',
  provider_event_id: 'p-1',
  received_at: '2026-12-01T00:00:00.000Z',
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  data,
  headers,
});

const matches = (filter: unknown, document: unknown) =>
  matchEventPattern(compileEventPattern(filter), document).matched;
const transform = (expression: string, document: unknown) =>
  runTransform(compileTransform(expression), document);

describe('README examples', () => {
  it('Stripe: charges of ¥10,000 or more, reshaped for an ERP', async () => {
    const filter = {
      data: { data: { object: { currency: ['jpy'], amount: [{ numeric: ['>=', 10000] }], paid: [true] } } },
    };
    const charge = (amount: number, currency = 'jpy') =>
      doc('stripe', 'charge.succeeded', {
        id: 'evt_1Q',
        type: 'charge.succeeded',
        data: {
          object: {
            id: 'ch_1',
            amount,
            currency,
            paid: true,
            customer: 'cus_9',
            metadata: { order_id: '1042' },
          },
        },
      });
    expect(matches(filter, charge(12_800))).toBe(true);
    expect(matches(filter, charge(9_999))).toBe(false);
    expect(matches(filter, charge(12_800, 'usd'))).toBe(false);
    const expression =
      '{"charge_id": data.data.object.id, "order_id": data.data.object.metadata.order_id, "amount_jpy": data.data.object.amount, "customer": data.data.object.customer}';
    expect(await transform(expression, charge(12_800))).toEqual({
      charge_id: 'ch_1',
      order_id: '1042',
      amount_jpy: 12_800,
      customer: 'cus_9',
    });
  });

  it('GitHub: pushes to main that no bot made, as a Slack line', async () => {
    const filter = {
      headers: { 'x-github-event': ['push'] },
      data: { ref: ['refs/heads/main'], sender: { type: [{ 'anything-but': 'Bot' }] } },
    };
    const push = (ref: string, senderType = 'User') =>
      doc(
        'github',
        'push',
        {
          ref,
          repository: { full_name: 'acme/shop' },
          pusher: { name: 'octocat' },
          sender: { login: 'octocat', type: senderType },
          commits: [{ id: 'a1' }, { id: 'b2' }],
          head_commit: { message: 'Fix checkout\n\nLonger text' },
        },
        { 'x-github-event': 'push' },
      );
    expect(matches(filter, push('refs/heads/main'))).toBe(true);
    expect(matches(filter, push('refs/heads/feature'))).toBe(false);
    expect(matches(filter, push('refs/heads/main', 'Bot'))).toBe(false);
    const expression =
      'data.pusher.name & " pushed " & $count(data.commits) & " commit(s) to " & data.repository.full_name & ": " & $substringBefore(data.head_commit.message, "\\n")';
    expect(await transform(expression, push('refs/heads/main'))).toBe(
      'octocat pushed 2 commit(s) to acme/shop: Fix checkout',
    );
  });

  it('Shopify: paid orders of the JP store, with their lines', async () => {
    const filter = {
      headers: { 'x-shopify-shop-domain': ['acme-jp.myshopify.com'] },
      data: { financial_status: ['paid'], line_items: { sku: [{ prefix: 'TEA-' }] } },
    };
    const order = (shop: string, skus: string[]) =>
      doc(
        'shopify',
        'orders/paid',
        {
          id: 820982911946154500,
          name: '#1042',
          financial_status: 'paid',
          total_price: '12800',
          currency: 'JPY',
          line_items: skus.map((sku, i) => ({ sku, quantity: i + 1, price: '1200' })),
        },
        { 'x-shopify-shop-domain': shop },
      );
    expect(matches(filter, order('acme-jp.myshopify.com', ['CUP-1', 'TEA-2']))).toBe(true);
    expect(matches(filter, order('acme-jp.myshopify.com', ['CUP-1']))).toBe(false);
    expect(matches(filter, order('acme-us.myshopify.com', ['TEA-2']))).toBe(false);
    const expression =
      '{"order": data.name, "total": $number(data.total_price), "lines": [data.line_items.{"sku": sku, "qty": quantity}]}';
    expect(await transform(expression, order('acme-jp.myshopify.com', ['TEA-2']))).toEqual({
      order: '#1042',
      total: 12800,
      lines: [{ sku: 'TEA-2', qty: 1 }],
    });
  });

  it('Slack: people’s messages in one channel, as email variables', async () => {
    const filter = {
      data: {
        event: {
          type: ['message'],
          channel: ['C0ACMEOPS'],
          bot_id: [{ exists: false }],
          subtype: [{ exists: false }],
        },
      },
    };
    const message = (extra: Record<string, unknown> = {}) =>
      doc('slack', 'message', {
        type: 'event_callback',
        team_id: 'T0ACME',
        event: {
          type: 'message',
          channel: 'C0ACMEOPS',
          user: 'U123',
          text: 'Deploy done',
          ts: '1764547200.000100',
          ...extra,
        },
      });
    expect(matches(filter, message())).toBe(true);
    expect(matches(filter, message({ bot_id: 'B1' }))).toBe(false);
    expect(matches(filter, message({ subtype: 'channel_join' }))).toBe(false);
    expect(matches(filter, message({ channel: 'C0OTHER' }))).toBe(false);
    const expression =
      '{"who": data.event.user, "said": data.event.text, "at": $fromMillis($number(data.event.ts) * 1000)}';
    expect(await transform(expression, message())).toEqual({
      who: 'U123',
      said: 'Deploy done',
      at: '2025-12-01T00:00:00.000Z',
    });
  });
});
