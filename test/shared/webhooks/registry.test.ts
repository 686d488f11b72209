import { describe, expect, it } from 'vitest';
import { PROVIDER_IDS } from '../../../shared/webhooks/provider-ids.ts';
import { getScheme, webhookSchemes } from '../../../shared/webhooks/registry.ts';

const SIGNATURE_HEADERS = [
  'x-signature',
  'webhook-signature',
  'svix-signature',
  'stripe-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-slack-signature',
  'x-shopify-hmac-sha256',
  'shopify-hmac-sha256',
  'x-line-signature',
  'x-works-signature',
  'x-twilio-signature',
];

describe('Registry: webhookSchemes', () => {
  it.each(PROVIDER_IDS)('registers a scheme whose id is %s', (id) => {
    // Act
    const scheme = getScheme(id);

    // Assess
    expect(scheme.id).toBe(id);
    expect(webhookSchemes[id]).toBe(scheme);
  });

  it('registers no scheme beyond the provider ids', () => {
    // Assess
    expect(Object.keys(webhookSchemes).sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it.each(PROVIDER_IDS)('captures only lower-case, non-signature headers for %s', (id) => {
    // Prepare
    const captured = getScheme(id).capturedHeaders;

    // Assess
    for (const name of captured) {
      expect(name).toBe(name.toLowerCase());
      expect(SIGNATURE_HEADERS).not.toContain(name);
      expect(name).not.toMatch(/signature|hmac/);
    }
  });
});
