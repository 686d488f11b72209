import type { BadInputCase } from './bad-input-requests.ts';
import { pathOf } from './bad-input-requests.ts';

/**
 * Messages that are not valid HTTP, or exceed API Gateway's own limits. The layer in front of the receiver
 * refuses them with a 4xx of its own before any handler runs; a 5xx or a hang would be the failure.
 */

const rawCase = (
  name: string,
  expected: 400 | 413 | 417 | 431,
  raw: (authority: string) => string,
): BadInputCase => ({
  name: `http: ${name}`,
  expected,
  layer: 'http',
  request: (c) => ({
    method: 'POST',
    target: '/',
    headers: [],
    body: Buffer.alloc(0),
    raw: Buffer.from(raw(new URL(c.baseUrl).host), 'latin1'),
  }),
});

const start = (host: string, extra = '') =>
  `POST ${pathOf('generic')} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}`;

export const httpCases: readonly BadInputCase[] = [
  rawCase(
    'NUL byte in a header value',
    400,
    (h) => `${start(h, 'x-signature: a\0b\r\n')}Content-Length: 0\r\n\r\n`,
  ),
  rawCase(
    'bare CR in a header value',
    400,
    (h) => `${start(h, 'x-signature: a\rb\r\n')}Content-Length: 0\r\n\r\n`,
  ),
  rawCase(
    'HTTP/1.1 without Host',
    400,
    () => `POST ${pathOf('generic')} HTTP/1.1\r\nContent-Length: 0\r\n\r\n`,
  ),
  rawCase(
    'Content-Length and Transfer-Encoding together',
    400,
    (h) => `${start(h, 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n')}\r\n0\r\n\r\n`,
  ),
  rawCase(
    'two different Content-Length values',
    400,
    (h) => `${start(h, 'Content-Length: 1\r\nContent-Length: 2\r\n')}\r\nab`,
  ),
  rawCase('negative Content-Length', 400, (h) => `${start(h, 'Content-Length: -1\r\n')}\r\n`),
  rawCase(
    'chunk size that is not hex',
    400,
    (h) => `${start(h, 'Transfer-Encoding: chunked\r\n')}\r\nzz\r\nabc\r\n0\r\n\r\n`,
  ),
  rawCase(
    'raw byte 0xFF in the path',
    400,
    (h) => `POST /webhooks/generic/acme\xff HTTP/1.1\r\nHost: ${h}\r\nContent-Length: 0\r\n\r\n`,
  ),
  rawCase(
    'lower-case method',
    400,
    (h) => `post ${pathOf('generic')} HTTP/1.1\r\nHost: ${h}\r\nContent-Length: 0\r\n\r\n`,
  ),
  rawCase(
    '32 KiB header',
    431,
    (h) => `${start(h, `x-signature: ${'a'.repeat(32_768)}\r\n`)}Content-Length: 0\r\n\r\n`,
  ),
  rawCase(
    '20 KiB request target',
    431,
    (h) => `POST /webhooks/generic/${'a'.repeat(20_480)} HTTP/1.1\r\nHost: ${h}\r\n\r\n`,
  ),
  rawCase(
    "declared body over API Gateway's 10 MiB",
    413,
    (h) => `${start(h, 'Content-Length: 11534336\r\n')}\r\n{}`,
  ),
  rawCase(
    'Transfer-Encoding gzip without chunked',
    400,
    (h) => `${start(h, 'Transfer-Encoding: gzip\r\n')}\r\nabc`,
  ),
  rawCase(
    'chunk size beyond 64 bits',
    400,
    (h) => `${start(h, 'Transfer-Encoding: chunked\r\n')}\r\nffffffffffffffffff\r\nabc\r\n0\r\n\r\n`,
  ),
  rawCase(
    'Expect other than 100-continue',
    417,
    (h) => `${start(h, 'Expect: foo\r\nContent-Length: 2\r\n')}\r\n{}`,
  ),
];
