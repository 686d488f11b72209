import { hmac } from '../../shared/webhooks/crypto.ts';
import {
  type BadInputCase,
  type CaseContext,
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
 * Forgeries against GitHub, Slack, Shopify, LINE, LINE WORKS and Twilio, including Slack's url_verification and
 * LINE's Verify call without a valid signature: every request here is unauthentic, so the answer is the uniform
 * 401.
 */

const TEN_MINUTES = 600;

const twilioJson = (c: CaseContext) =>
  signed(c, 'twilio', {
    body: json({ MessageSid: 'SM1', SmsStatus: 'received' }),
    contentType: 'application/json',
  });

export const providerCases: readonly BadInputCase[] = [
  // github: X-Hub-Signature-256 "sha256=<hex>"
  {
    name: 'github: no X-Hub-Signature-256',
    expected: 401,
    request: (c) => unsigned(c, 'github'),
  },
  {
    name: 'github: a valid legacy SHA-1 X-Hub-Signature only',
    expected: 401,
    request: (c) => {
      const request = unsigned(c, 'github');
      const sha1 = hmac('sha1', secretOf(c, 'github'), [request.body], 'hex');
      return withHeaders(request, { 'x-hub-signature': `sha1=${sha1}` });
    },
  },
  {
    name: 'github: digest without the sha256= prefix',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'github');
      const digest = headerOf(request, 'x-hub-signature-256').replace(/^sha256=/, '');
      return withHeaders(request, { 'x-hub-signature-256': digest });
    },
  },
  {
    name: "github: signed with globex's secret, sent to acme",
    expected: 401,
    request: (c) => signed(c, 'github', { secret: secretOf(c, 'github', OTHER_TENANT) }),
  },
  // slack: X-Slack-Signature "v0=<hex>" over "v0:{timestamp}:{body}"
  {
    name: 'slack: url_verification without a signature',
    expected: 401,
    request: (c) =>
      unsigned(c, 'slack', json({ token: 't', challenge: 'ch4llenge', type: 'url_verification' })),
  },
  {
    name: 'slack: url_verification signed ten minutes ago',
    expected: 401,
    request: (c) =>
      signed(c, 'slack', {
        body: json({ token: 't', challenge: 'ch4llenge', type: 'url_verification' }),
        nowSeconds: c.nowSeconds - TEN_MINUTES,
      }),
  },
  {
    name: 'slack: v1= instead of v0=',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'slack');
      const value = headerOf(request, 'x-slack-signature').replace(/^v0=/, 'v1=');
      return withHeaders(request, { 'x-slack-signature': value });
    },
  },
  {
    name: 'slack: X-Slack-Request-Timestamp missing',
    expected: 401,
    request: (c) => withHeaders(signed(c, 'slack'), { 'x-slack-request-timestamp': null }),
  },
  // shopify: X-Shopify-Hmac-Sha256 (base64)
  {
    name: 'shopify: no HMAC header',
    expected: 401,
    request: (c) => unsigned(c, 'shopify'),
  },
  {
    name: 'shopify: the right digest in hex instead of base64',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'shopify');
      const hex = Buffer.from(headerOf(request, 'x-shopify-hmac-sha256'), 'base64').toString('hex');
      return withHeaders(request, { 'x-shopify-hmac-sha256': hex });
    },
  },
  {
    name: 'shopify: the right digest in unpadded base64url',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'shopify');
      const digest = Buffer.from(headerOf(request, 'x-shopify-hmac-sha256'), 'base64');
      return withHeaders(request, { 'x-shopify-hmac-sha256': digest.toString('base64url') });
    },
  },
  // line / lineworks: base64 HMAC-SHA256 of the body
  {
    name: 'line: Verify call (empty events) without a signature',
    expected: 401,
    request: (c) => unsigned(c, 'line', json({ destination: 'U1', events: [] })),
  },
  {
    name: 'line: LINE-signed request sent to the lineworks endpoint',
    expected: 401,
    request: (c) => toTarget(signed(c, 'line'), pathOf('lineworks')),
  },
  {
    name: "lineworks: signed with globex's bot secret, sent to acme",
    expected: 401,
    request: (c) => signed(c, 'lineworks', { secret: secretOf(c, 'lineworks', OTHER_TENANT) }),
  },
  {
    name: 'lineworks: valid signature with base64 appended',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'lineworks');
      return withHeaders(request, { 'x-works-signature': `${headerOf(request, 'x-works-signature')}AAAA` });
    },
  },
  // twilio: HMAC-SHA1 of the public URL (+ sorted form parameters, or bodySHA256 for JSON)
  {
    name: 'twilio: no X-Twilio-Signature',
    expected: 401,
    request: (c) => unsigned(c, 'twilio'),
  },
  {
    name: 'twilio: form parameter changed after signing',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'twilio');
      return { ...request, body: Buffer.from(request.body.toString().replace('Body=', 'Body=Refund+me+')) };
    },
  },
  {
    name: 'twilio: JSON body signed over the URL alone, without bodySHA256',
    expected: 401,
    request: (c) => {
      const request = unsigned(c, 'twilio', json({ MessageSid: 'SM1' }));
      const url = `${c.baseUrl}${request.target}`;
      const signature = hmac('sha1', secretOf(c, 'twilio'), [url], 'base64');
      return withHeaders(request, { 'content-type': 'application/json', 'x-twilio-signature': signature });
    },
  },
  {
    name: 'twilio: JSON body changed, bodySHA256 of the original',
    expected: 401,
    request: (c) => ({ ...twilioJson(c), body: json({ MessageSid: 'SM2', SmsStatus: 'received' }) }),
  },
  {
    name: 'twilio: signed for a spoofed Host',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'twilio', { signedBaseUrl: 'https://evil.example' });
      return { ...request, omitHost: true, headers: [['Host', 'evil.example'], ...request.headers] };
    },
  },
  {
    name: "twilio: signed for globex's URL with acme's token, sent to acme",
    expected: 401,
    request: (c) =>
      toTarget(
        signed(c, 'twilio', { tenantId: OTHER_TENANT, secret: secretOf(c, 'twilio') }),
        pathOf('twilio'),
      ),
  },
  {
    name: 'twilio: signed form body relabelled text/plain',
    expected: 401,
    request: (c) => withHeaders(signed(c, 'twilio'), { 'content-type': 'text/plain' }),
  },
  {
    name: 'twilio: unsigned form of one parameter repeated 21 000 times',
    expected: 401,
    request: (c) =>
      withHeaders(unsigned(c, 'twilio', Buffer.from('a=&'.repeat(21_000))), {
        'x-twilio-signature': 'forged',
      }),
  },
];
