import { gzipSync } from 'node:zlib';
import type { RawRequest } from './bad-input-http.ts';
import {
  addHeaders,
  type BadInputCase,
  type CaseContext,
  expectHeader,
  headerOf,
  json,
  pathOf,
  signed,
  toTarget,
  unsigned,
  withHeaders,
} from './bad-input-requests.ts';

/**
 * Requests that are wrong before any signature is looked at: tenant ids, paths, methods, sizes, encodings,
 * injection strings, and messages that are not valid HTTP at all.
 */

/** The receiver's body limit for this suite (`MAX_BODY_BYTES`), small so that oversized cases stay fast. */
export const MAX_BODY_BYTES = 64 * 1024;

const signedTo = (tenantSegment: string) => (c: CaseContext) =>
  toTarget(signed(c, 'generic'), pathOf('generic', tenantSegment));

const tenantCase = (name: string, tenantSegment: string): BadInputCase => ({
  name: `tenant id: ${name}`,
  expected: 401,
  request: signedTo(tenantSegment),
});

const pathCase = (name: string, target: string, method = 'POST'): BadInputCase => ({
  name: `path: ${name}`,
  expected: 404,
  request: (c) => ({ ...toTarget(signed(c, 'generic'), target), method }),
});

const methodCase = (method: string): BadInputCase => ({
  name: `method: ${method} on a webhook path`,
  expected: 405,
  request: (c) => ({
    ...unsigned(c, 'generic'),
    method,
    body: method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : Buffer.from('{}'),
  }),
  check: expectHeader('allow', 'POST'),
});

const over = (bytes = MAX_BODY_BYTES + 1) => Buffer.alloc(bytes, 0x61);

const withManyHeaders = (request: RawRequest, count: number): RawRequest =>
  addHeaders(
    request,
    Array.from({ length: count }, (_, i) => [`x-filler-${i}`, 'v'] as const),
  );

export const requestCases: readonly BadInputCase[] = [
  tenantCase('unknown tenant initech', 'initech'),
  tenantCase('upper case', 'ACME'),
  tenantCase('raw ".." segment', '..'),
  tenantCase('percent-encoded ".."', '%2e%2e'),
  tenantCase('"../globex" with an encoded slash', '..%2Fglobex'),
  tenantCase('encoded slashes pointing at another secret name', 'acme%2Fwebhooks%2Fgeneric'),
  tenantCase('63 characters, well-formed but unknown', 'a'.repeat(63)),
  tenantCase('64 characters', 'a'.repeat(64)),
  tenantCase('4 KiB', 'a'.repeat(4096)),
  tenantCase('leading hyphen', '-acme'),
  tenantCase('encoded trailing newline', 'acme%0A'),
  tenantCase('encoded NUL byte', 'acme%00'),
  tenantCase('full-width letters', encodeURIComponent('ａｃｍｅ')),
  tenantCase('SQL injection', encodeURIComponent("acme' OR '1'='1")),
  tenantCase('undecodable escape', 'acme%ZZ'),
  tenantCase('percent-encoded byte that is not UTF-8', 'acme%FF'),
  pathCase('unknown provider', pathOf('paypal')),
  pathCase('provider in upper case', pathOf('GENERIC')),
  pathCase('provider "__proto__"', pathOf('__proto__')),
  pathCase('provider "constructor"', pathOf('constructor')),
  pathCase('empty provider segment', '/webhooks//acme'),
  pathCase('extra segment after the tenant', `${pathOf('generic')}/extra`),
  pathCase('raw ".." between provider and tenant', '/webhooks/generic/../stripe/acme'),
  pathCase('tenant segment missing', '/webhooks/generic'),
  pathCase('double leading slash', `/${pathOf('generic')}`),
  pathCase('absolute-form target on another host', `http://evil.example${pathOf('generic')}`),
  pathCase('asterisk-form target', '*', 'OPTIONS'),
  pathCase('undecodable escape in the provider', pathOf('gen%ZZ')),
  pathCase('GET on an unknown provider', pathOf('paypal'), 'GET'),
  {
    name: 'path: provider with script markup is not reflected',
    expected: 404,
    request: (c) => toTarget(signed(c, 'generic'), pathOf('%3Cscript%3Ealert(1)%3C%2Fscript%3E')),
    check: (response) => (response.body.toString().includes('script') ? 'the provider was reflected' : null),
  },
  ...['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'].map(methodCase),
  {
    name: 'method: PUT with a valid signature',
    expected: 405,
    request: (c) => ({ ...signed(c, 'generic'), method: 'PUT' }),
    check: expectHeader('allow', 'POST'),
  },
  {
    name: 'size: signed body one byte over the limit',
    expected: 413,
    request: (c) => signed(c, 'generic', { body: over(), contentType: 'application/octet-stream' }),
  },
  {
    name: 'size: unsigned body over the limit to an invalid tenant id',
    expected: 413,
    request: (c) => toTarget({ ...unsigned(c, 'generic'), body: over() }, pathOf('generic', 'ACME')),
  },
  {
    name: 'size: chunked body over the limit, no Content-Length',
    expected: 413,
    request: (c) => ({
      ...signed(c, 'generic', { body: over(), contentType: 'text/plain' }),
      chunkBytes: 8192,
    }),
  },
  {
    name: 'size: 8 KiB signature header',
    expected: 401,
    request: (c) => withHeaders(signed(c, 'generic'), { 'x-signature': 'f'.repeat(8192) }),
  },
  {
    name: 'size: 500 extra headers',
    expected: 401,
    request: (c) => withManyHeaders(unsigned(c, 'generic'), 500),
  },
  {
    name: 'body: empty and unsigned',
    expected: 401,
    request: (c) => unsigned(c, 'generic', Buffer.alloc(0)),
  },
  {
    name: 'body: gzip bytes signed over the uncompressed text',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'generic');
      return withHeaders({ ...request, body: gzipSync(request.body) }, { 'content-encoding': 'gzip' });
    },
  },
  {
    name: 'body: bytes that are not UTF-8 under a forged signature',
    expected: 401,
    request: (c) =>
      withHeaders(unsigned(c, 'generic', Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff])), {
        'content-type': 'text/plain; charset=utf-8',
        'x-timestamp': String(c.nowSeconds),
        'x-signature': 'ab'.repeat(32),
      }),
  },
  {
    name: 'body: chunked, signed over other bytes',
    expected: 401,
    request: (c) => ({ ...signed(c, 'generic'), body: json({ chunked: true }), chunkBytes: 3 }),
  },
  {
    name: 'header: valid signature sent only as a chunked trailer',
    expected: 401,
    request: (c) => {
      const request = signed(c, 'generic');
      const signature = headerOf(request, 'x-signature');
      const moved = withHeaders(request, { 'x-signature': null, trailer: 'x-signature' });
      return { ...moved, chunkBytes: 16, trailers: [['x-signature', signature]] };
    },
  },
  {
    name: 'header: encoded CR LF in the query string',
    expected: 401,
    request: (c) => toTarget(unsigned(c, 'generic'), `${pathOf('generic')}?a=%0D%0ASet-Cookie:%20x=1`),
    check: (response) => (response.headers['set-cookie'] === undefined ? null : 'a header was injected'),
  },
  {
    name: 'header: script markup in the event type, unsigned',
    expected: 401,
    request: (c) => withHeaders(unsigned(c, 'generic'), { 'x-event-type': '<script>alert(1)</script>' }),
  },
  {
    name: 'header: "__proto__", "constructor" and "toString" as header names',
    expected: 401,
    request: (c) =>
      addHeaders(unsigned(c, 'generic'), [
        ['__proto__', '{"polluted":1}'],
        ['constructor', 'x'],
        ['toString', 'x'],
      ]),
  },
  {
    name: 'header: Latin-1 bytes in the signature',
    expected: 401,
    request: (c) => withHeaders(signed(c, 'generic'), { 'x-signature': '\xff\xfe'.repeat(32) }),
  },
  {
    name: 'header: SQL injection as the signature and timestamp',
    expected: 401,
    request: (c) =>
      withHeaders(signed(c, 'generic'), { 'x-signature': "' OR 1=1 --", 'x-timestamp': '0 OR 1=1' }),
  },
];
