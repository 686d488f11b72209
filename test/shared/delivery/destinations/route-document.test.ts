import { describe, expect, it } from 'vitest';
import {
  buildRouteDocument,
  documentHeaders,
} from '../../../../shared/delivery/destinations/route-document.ts';
import type { EventEnvelope } from '../../../../shared/webhooks/envelope.ts';

const ENVELOPE: EventEnvelope = {
  version: 1,
  event_id: 'evt_1',
  provider: 'github',
  tenant_id: 'acme',
  provider_event_id: 'd-1',
  event_type: 'push',
  received_at: '2026-11-23T06:00:00.000Z',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  content_type: 'application/json',
  headers: { 'x-github-event': 'push', 'X-GitHub-Delivery': 'd-1' },
  body: { encoding: 'utf8', data: '{"ref":"refs/heads/main"}' },
};

describe('Function: buildRouteDocument', () => {
  it('is the outbound payload plus the captured headers, lower-case', () => {
    expect(buildRouteDocument(ENVELOPE, Buffer.from('{"ref":"refs/heads/main"}'))).toEqual({
      event_id: 'evt_1',
      type: 'push',
      provider: 'github',
      tenant_id: 'acme',
      provider_event_id: 'd-1',
      received_at: '2026-11-23T06:00:00.000Z',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      data: { ref: 'refs/heads/main' },
      headers: { 'x-github-event': 'push', 'x-github-delivery': 'd-1' },
    });
  });
});

describe('Function: documentHeaders', () => {
  it('leaves out every header that could carry a credential or a signature', () => {
    expect(
      documentHeaders({
        authorization: 'Bearer x',
        'proxy-authorization': 'x',
        'x-hub-signature-256': 'sha256=…',
        'stripe-signature': 't=1',
        'webhook-signature': 'v1,x',
        'x-shopify-hmac-sha256': 'x',
        cookie: 'a=b',
        'x-api-key': 'k',
        'x-slack-token': 't',
        'x-client-secret': 's',
        'x-shopify-topic': 'orders/paid',
        'user-agent': 'GitHub-Hookshot/1',
      }),
    ).toEqual({ 'x-shopify-topic': 'orders/paid', 'user-agent': 'GitHub-Hookshot/1' });
  });
});
