import { randomBytes, randomUUID } from 'node:crypto';
import { LINE_WORKS_BOT_ID_HEADER } from '../../shared/vendors/lineworks/bot-callbacks.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';

/**
 * One realistic webhook per provider, shaped like the provider's documented examples, so the demo shows
 * what each provider really sends (and the receiver is exercised on the real shapes).
 */

export interface DemoPayload {
  readonly body: Buffer;
  readonly contentType: string;
  /** Unsigned provider headers (event type, delivery id, user agent). */
  readonly headers: Record<string, string>;
  /** What the platform should record as the event type; used in the demo's table. */
  readonly eventType: string;
}

const JSON_TYPE = 'application/json';
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const alnum = (length: number): string =>
  randomBytes(length)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, length);

const jsonPayload = (
  value: unknown,
  eventType: string,
  headers: Record<string, string> = {},
): DemoPayload => ({
  body: Buffer.from(JSON.stringify(value)),
  contentType: JSON_TYPE,
  headers,
  eventType,
});

type PayloadBuilder = (context: { tenantId: string; secret: string; now: Date }) => DemoPayload;

/** Builders for every provider; a missing provider is a compile error. */
export const demoPayloads = {
  generic: ({ now }) =>
    jsonPayload(
      {
        id: 'ord_1001',
        type: 'order.created',
        created_at: now.toISOString(),
        data: { amount: 4200, currency: 'JPY' },
      },
      'order.created',
      { 'x-event-id': `ord_${hex(6)}`, 'x-event-type': 'order.created' },
    ),

  standard: ({ now }) =>
    jsonPayload(
      {
        type: 'invoice.paid',
        timestamp: now.toISOString(),
        data: { invoice_id: `inv_${hex(6)}`, total: 9800 },
      },
      'invoice.paid',
    ),

  stripe: ({ now }) =>
    jsonPayload(
      {
        id: `evt_${alnum(24)}`,
        object: 'event',
        api_version: '2024-06-20',
        created: Math.floor(now.getTime() / 1000),
        type: 'payment_intent.succeeded',
        livemode: false,
        pending_webhooks: 1,
        request: { id: `req_${alnum(14)}`, idempotency_key: randomUUID() },
        data: {
          object: {
            id: `pi_${alnum(24)}`,
            object: 'payment_intent',
            amount: 2000,
            amount_received: 2000,
            currency: 'jpy',
            status: 'succeeded',
            payment_method_types: ['card'],
          },
        },
      },
      'payment_intent.succeeded',
      { 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
    ),

  github: () =>
    jsonPayload(
      {
        ref: 'refs/heads/main',
        before: hex(20),
        after: hex(20),
        repository: { id: 1296269, name: 'hello-world', full_name: 'acme/hello-world', private: true },
        pusher: { name: 'octocat', email: 'octocat@example.com' },
        commits: [{ id: hex(20), message: 'Fix the flux capacitor', author: { name: 'Octo Cat' } }],
      },
      'push',
      {
        'x-github-event': 'push',
        'x-github-delivery': randomUUID(),
        'x-github-hook-id': '292430182',
        'user-agent': 'GitHub-Hookshot/044aadd',
      },
    ),

  slack: ({ now }) =>
    jsonPayload(
      {
        token: 'deprecated-verification-token',
        team_id: 'T0001ACME',
        api_app_id: 'A0TSUNAGI',
        event: { type: 'message', channel: 'C0GENERAL', user: 'U0ALICE', text: 'Deploy finished', ts: '1.0' },
        type: 'event_callback',
        event_id: `Ev${alnum(9).toUpperCase()}`,
        event_time: Math.floor(now.getTime() / 1000),
      },
      'message',
      { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' },
    ),

  shopify: ({ tenantId, now }) =>
    jsonPayload(
      {
        id: 820982911946154500,
        email: 'jon@example.com',
        created_at: now.toISOString(),
        currency: 'JPY',
        total_price: '5980',
        line_items: [{ id: 866550311766439000, title: 'Tea set', quantity: 1, price: '5980' }],
      },
      'orders/create',
      {
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': `${tenantId}-demo.myshopify.com`,
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-event-id': randomUUID(),
        'x-shopify-api-version': '2024-07',
        'x-shopify-triggered-at': now.toISOString(),
      },
    ),

  line: ({ now }) =>
    jsonPayload(
      {
        destination: `U${hex(16)}`,
        events: [
          {
            type: 'message',
            message: {
              type: 'text',
              id: '468789577898262530',
              quoteToken: alnum(20),
              text: 'こんにちは、つなぎ！',
            },
            webhookEventId: `01H${alnum(23).toUpperCase()}`,
            deliveryContext: { isRedelivery: false },
            timestamp: now.getTime(),
            source: { type: 'user', userId: `U${hex(16)}` },
            replyToken: hex(16),
            mode: 'active',
          },
        ],
      },
      'message',
      { 'user-agent': 'LineBotWebhook/2.0' },
    ),

  lineworks: ({ now }) =>
    jsonPayload(
      {
        type: 'message',
        source: { userId: randomUUID(), channelId: randomUUID(), domainId: 10000001 },
        issuedTime: now.toISOString(),
        content: { type: 'text', text: '会議室の予約をお願いします' },
      },
      'message',
      { [LINE_WORKS_BOT_ID_HEADER]: '2000001' },
    ),

  twilio: () => {
    const sid = `SM${hex(16)}`;
    const form = new URLSearchParams({
      ToCountry: 'JP',
      SmsMessageSid: sid,
      NumMedia: '0',
      SmsSid: sid,
      SmsStatus: 'received',
      Body: 'Is my order on its way?',
      To: '+815012345678',
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: `AC${hex(16)}`,
      From: '+819012345678',
      ApiVersion: '2010-04-01',
    });
    return {
      body: Buffer.from(form.toString()),
      contentType: 'application/x-www-form-urlencoded',
      headers: { 'i-twilio-idempotency-token': randomUUID(), 'user-agent': 'TwilioProxy/1.1' },
      eventType: 'message',
    };
  },

  msgraph: ({ secret, now }) =>
    jsonPayload(
      {
        value: [
          {
            subscriptionId: randomUUID(),
            subscriptionExpirationDateTime: new Date(now.getTime() + 3600_000).toISOString(),
            changeType: 'created',
            resource: "teams('19:acme')/channels('19:general')/messages('1616990032035')",
            resourceData: { '@odata.type': '#Microsoft.Graph.chatMessage', id: '1616990032035' },
            // Graph echoes the clientState given at subscription time; the receiver checks it.
            clientState: secret,
            tenantId: randomUUID(),
          },
        ],
      },
      'created',
    ),
} satisfies Record<ProviderId, PayloadBuilder>;
