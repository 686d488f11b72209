import type { RawResponse } from './bad-input-http.ts';
import {
  type BadInputCase,
  type CaseContext,
  expectHeader,
  json,
  OTHER_TENANT,
  pathOf,
  secretOf,
  signed,
  unsigned,
} from './bad-input-requests.ts';

/**
 * Graph notifications and validation handshakes (a forged clientState is 401; the validationToken is answered
 * only for a tenant with an msgraph secret, as plain text), and bodies that verify but do not parse in the
 * provider's own format (400).
 */

const graphBody = (...clientStates: string[]) =>
  json({ value: clientStates.map((clientState) => ({ changeType: 'created', clientState, resource: 'x' })) });

const graphHandshake = (c: CaseContext, token: string, tenant = 'acme', body: Buffer = Buffer.alloc(0)) => ({
  ...unsigned(c, 'msgraph', body),
  target: `${pathOf('msgraph', tenant)}?validationToken=${token}`,
});

const echoesPlainText = (expected: string) => (response: RawResponse) =>
  response.body.toString() !== expected
    ? `echoed ${JSON.stringify(response.body.toString())}`
    : (expectHeader('content-type', 'text/plain; charset=utf-8')(response) ??
      expectHeader('x-content-type-options', 'nosniff')(response));

const verified400 = (name: string, request: BadInputCase['request']): BadInputCase => ({
  name: `${name}, correctly signed`,
  expected: 400,
  request,
});

export const formatCases: readonly BadInputCase[] = [
  // msgraph: every notification's clientState must be a stored one
  {
    name: 'msgraph: unknown clientState',
    expected: 401,
    request: (c) => unsigned(c, 'msgraph', graphBody('guessed-client-state')),
  },
  {
    name: 'msgraph: one known clientState, one unknown',
    expected: 401,
    request: (c) => unsigned(c, 'msgraph', graphBody(secretOf(c, 'msgraph'), 'guessed-client-state')),
  },
  {
    name: 'msgraph: empty value list',
    expected: 401,
    request: (c) => unsigned(c, 'msgraph', json({ value: [] })),
  },
  {
    name: 'msgraph: body that is not JSON',
    expected: 401,
    request: (c) =>
      unsigned(c, 'msgraph', Buffer.from(`{"value":[{"clientState":"${secretOf(c, 'msgraph')}"`)),
  },
  {
    name: 'msgraph: body that is not UTF-8',
    expected: 401,
    request: (c) => {
      const [head = '', tail = ''] = graphBody(secretOf(c, 'msgraph')).toString().split('"x"');
      return unsigned(
        c,
        'msgraph',
        Buffer.concat([Buffer.from(`${head}"`), Buffer.from([0xff]), Buffer.from(`"${tail}`)]),
      );
    },
  },
  {
    name: "msgraph: globex's clientState sent to acme",
    expected: 401,
    request: (c) => unsigned(c, 'msgraph', graphBody(secretOf(c, 'msgraph', OTHER_TENANT))),
  },
  {
    name: 'msgraph: validationToken for an unknown tenant',
    expected: 401,
    request: (c) => graphHandshake(c, 'probe', 'initech'),
  },
  {
    name: 'msgraph: validationToken for an invalid tenant id',
    expected: 401,
    request: (c) => graphHandshake(c, 'probe', 'ACME'),
  },
  {
    name: 'msgraph: GET with a validationToken',
    expected: 405,
    request: (c) => ({ ...graphHandshake(c, 'probe'), method: 'GET' }),
    check: expectHeader('allow', 'POST'),
  },
  {
    name: 'msgraph: validationToken with script markup is echoed as plain text only',
    expected: 200,
    request: (c) => graphHandshake(c, '%3Cscript%3Ealert(1)%3C%2Fscript%3E'),
    check: echoesPlainText('<script>alert(1)</script>'),
  },
  {
    name: 'msgraph: validationToken with encoded CR LF stays in the body',
    expected: 200,
    request: (c) => graphHandshake(c, 'a%0D%0ASet-Cookie%3A%20session%3Dx'),
    check: (response) =>
      response.headers['set-cookie'] === undefined
        ? echoesPlainText('a\r\nSet-Cookie: session=x')(response)
        : 'a header was injected',
  },
  {
    name: 'msgraph: validationToken beside a forged notification answers the token only',
    expected: 200,
    request: (c) => graphHandshake(c, 'tok', 'acme', graphBody('guessed-client-state')),
    check: echoesPlainText('tok'),
  },
  // verified, but not the provider's format: 400
  verified400('slack: url_verification without a challenge', (c) =>
    signed(c, 'slack', { body: json({ token: 't', type: 'url_verification' }) }),
  ),
  verified400('slack: url_verification with a numeric challenge', (c) =>
    signed(c, 'slack', { body: json({ token: 't', type: 'url_verification', challenge: 42 }) }),
  ),
  verified400('slack: form body labelled as JSON', (c) =>
    signed(c, 'slack', { body: Buffer.from('command=%2Fdeploy&text=prod'), contentType: 'application/json' }),
  ),
  verified400('slack: form body with neither payload nor command', (c) =>
    signed(c, 'slack', { body: Buffer.from('text=hello'), contentType: 'application/x-www-form-urlencoded' }),
  ),
  verified400('line: events that is not a list', (c) =>
    signed(c, 'line', { body: json({ destination: 'U1', events: {} }) }),
  ),
  verified400('line: an event that is not an object', (c) =>
    signed(c, 'line', { body: json({ destination: 'U1', events: [1] }) }),
  ),
  verified400('github: body that is not JSON', (c) => signed(c, 'github', { body: Buffer.from('ref=main') })),
  verified400('github: form body without a payload field', (c) =>
    signed(c, 'github', { body: Buffer.from('ref=main'), contentType: 'application/x-www-form-urlencoded' }),
  ),
  verified400('shopify: body that is not JSON', (c) =>
    signed(c, 'shopify', { body: Buffer.from("'; DROP TABLE orders; --") }),
  ),
  verified400('stripe: empty body', (c) => signed(c, 'stripe', { body: Buffer.alloc(0) })),
  verified400('stripe: JSON null', (c) => signed(c, 'stripe', { body: Buffer.from('null') })),
  verified400('stripe: array nested 30 000 deep', (c) =>
    signed(c, 'stripe', { body: Buffer.from(`${'['.repeat(30_000)}${']'.repeat(30_000)}`) }),
  ),
  verified400('stripe: overlong UTF-8 encoding of "/"', (c) =>
    signed(c, 'stripe', {
      body: Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
    }),
  ),
  verified400('stripe: UTF-16LE JSON', (c) =>
    signed(c, 'stripe', {
      body: Buffer.from('{"id":"evt_1"}', 'utf16le'),
      contentType: 'application/json; charset=utf-16',
    }),
  ),
  verified400('lineworks: body that is not UTF-8', (c) =>
    signed(c, 'lineworks', { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
  ),
  verified400('twilio: JSON body matching bodySHA256 that is not JSON', (c) =>
    signed(c, 'twilio', { body: Buffer.from('MessageSid=SM1'), contentType: 'application/json' }),
  ),
];
