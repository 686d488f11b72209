import { hmac } from '../../shared/webhooks/crypto.ts';
import {
  addHeaders,
  type BadInputCase,
  headerOf,
  json,
  OTHER_TENANT,
  pathOf,
  secretOf,
  signed,
  toTarget,
  unsigned,
  withHeaders,
} from './bad-input-requests.ts';

/**
 * Signatures and timestamps of the schemes that sign a timestamp (generic, standard, stripe): every request
 * here is unauthentic, so the contract's answer is the one uniform 401.
 */

const FORGED_HEX = 'ab'.repeat(32);
const TEN_MINUTES = 600;

export const signatureCases: readonly BadInputCase[] = [
  // generic: x-timestamp + hex HMAC-SHA256 over "{timestamp}.{body}"
  {
    name: 'generic: no signature headers',
    expected: 401,
    request: (c) => unsigned(c, 'generic'),
  },
  {
    name: 'generic: signed by a secret the tenant does not hold',
    expected: 401,
    request: (c) => signed(c, 'generic', { secret: 'not-a-secret-of-acme' }),
  },
  {
    name: 'generic: body changed after signing',
    expected: 401,
    request: (c) => ({ ...signed(c, 'generic'), body: json({ id: 'ord_1001', amount: 1 }) }),
  },
  {
    name: 'generic: timestamp ten minutes old',
    expected: 401,
    request: (c) => signed(c, 'generic', { nowSeconds: c.nowSeconds - TEN_MINUTES }),
  },
  {
    name: 'generic: timestamp ten minutes ahead',
    expected: 401,
    request: (c) => signed(c, 'generic', { nowSeconds: c.nowSeconds + TEN_MINUTES }),
  },
  {
    name: 'generic: timestamp in milliseconds, correctly signed',
    expected: 401,
    request: (c) => signed(c, 'generic', { nowSeconds: c.nowSeconds * 1000 }),
  },
  {
    name: 'generic: fractional timestamp, correctly signed',
    expected: 401,
    request: (c) => {
      const body = json({ id: 'ord_2' });
      const timestamp = `${c.nowSeconds}.5`;
      const signature = hmac('sha256', secretOf(c, 'generic'), [`${timestamp}.`, body], 'hex');
      return {
        ...unsigned(c, 'generic', body),
        headers: [
          ['x-timestamp', timestamp],
          ['x-signature', signature],
        ],
      };
    },
  },
  {
    name: 'generic: a forged x-signature repeated before the valid one',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'generic');
      return addHeaders(withHeaders(request, { 'x-signature': FORGED_HEX }), [
        ['x-signature', headerOf(request, 'x-signature')],
      ]);
    },
  },
  {
    name: 'generic: signed for acme, sent to globex',
    expected: 401,
    request: (c) => toTarget(signed(c, 'generic'), pathOf('generic', OTHER_TENANT)),
  },
  {
    name: "generic: signed with globex's secret, sent to acme",
    expected: 401,
    request: (c) => signed(c, 'generic', { secret: secretOf(c, 'generic', OTHER_TENANT) }),
  },
  {
    name: 'generic: signature and timestamp in the query string instead of headers',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'generic');
      const query = `x-signature=${headerOf(request, 'x-signature')}&x-timestamp=${c.nowSeconds}`;
      const moved = withHeaders(request, { 'x-signature': null, 'x-timestamp': null });
      return toTarget(moved, `${pathOf('generic')}?${query}`);
    },
  },
  // standard: webhook-id / webhook-timestamp / webhook-signature "v1,<base64>"
  {
    name: 'standard: no webhook-signature',
    expected: 401,
    request: (c) => withHeaders(signed(c, 'standard'), { 'webhook-signature': null }),
  },
  {
    name: 'standard: webhook-id changed after signing',
    expected: 401,
    request: (c) => withHeaders(signed(c, 'standard'), { 'webhook-id': 'msg_replayed' }),
  },
  {
    name: 'standard: only an unknown signature version (v1a)',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'standard');
      const value = headerOf(request, 'webhook-signature').replace(/^v1,/, 'v1a,');
      return withHeaders(request, { 'webhook-signature': value });
    },
  },
  {
    name: 'standard: signature without its "v1," prefix',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'standard');
      return withHeaders(request, { 'webhook-signature': headerOf(request, 'webhook-signature').slice(3) });
    },
  },
  {
    name: 'standard: webhook-timestamp ten minutes old',
    expected: 401,
    request: (c) => signed(c, 'standard', { nowSeconds: c.nowSeconds - TEN_MINUTES }),
  },
  {
    name: 'standard: webhook-* and svix-* header names mixed',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'standard');
      const signature = headerOf(request, 'webhook-signature');
      return withHeaders(request, { 'webhook-signature': null, 'svix-signature': signature });
    },
  },
  // stripe: Stripe-Signature "t=…,v1=…"
  {
    name: 'stripe: no Stripe-Signature',
    expected: 401,
    request: (c) => unsigned(c, 'stripe'),
  },
  {
    name: 'stripe: two t= values in Stripe-Signature',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'stripe');
      const value = `t=${c.nowSeconds - 1},${headerOf(request, 'stripe-signature')}`;
      return withHeaders(request, { 'stripe-signature': value });
    },
  },
  {
    name: 'stripe: only a v0= signature',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'stripe');
      const value = headerOf(request, 'stripe-signature').replace('v1=', 'v0=');
      return withHeaders(request, { 'stripe-signature': value });
    },
  },
  {
    name: 'stripe: t= an hour ahead, correctly signed',
    expected: 401,
    request: (c) => signed(c, 'stripe', { nowSeconds: c.nowSeconds + 3600 }),
  },
  {
    name: "stripe: signed with globex's whsec, sent to acme",
    expected: 401,
    request: (c) => signed(c, 'stripe', { secret: secretOf(c, 'stripe', OTHER_TENANT) }),
  },
  {
    name: 'stripe: 150 forged v1= entries',
    expected: 401,
    request: (c) => {
      const forged = Array.from({ length: 150 }, (_, i) => `v1=${i.toString(16).padStart(64, '0')}`);
      return withHeaders(unsigned(c, 'stripe'), { 'stripe-signature': `t=${c.nowSeconds},${forged}` });
    },
  },
];
