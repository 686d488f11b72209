import { describe, expect, it } from 'vitest';
import type { ConsoleRequest } from '../../../shared/console/http.ts';
import { CSRF_HEADER, handleConsoleRequest, ROUTES } from '../../../shared/console/router.ts';
import { csrfTokenFor } from '../../../shared/console/tokens.ts';
import { ACME_OPERATOR, consoleFakes, OPERATOR, VIEWER } from './console-fakes.ts';

// Every route with hostile path segments, query values and bodies, as every kind of caller: the console API
// answers each with its own 4xx (or a 200 where the input is merely odd), never a 5xx.
const SEGMENTS = [
  'x',
  '..',
  '%2e%2e',
  '<script>',
  "' OR 1=1 --",
  'a'.repeat(300),
  '%00',
  'evt_1',
  'acme',
  'delivery-dlq',
];
const QUERY_VALUES = [
  '',
  ' ',
  '-1',
  '1e9',
  'NaN',
  '[]',
  '{"a":1}',
  'yesterday',
  '2026-13-45T99:99:99Z',
  '\u0000',
  'a'.repeat(5000),
];
const QUERY_KEYS = [
  'limit',
  'cursor',
  'since',
  'until',
  'status',
  'tenant_id',
  'provider',
  'event_type',
  'command',
  'system_type',
];
const BODIES = [
  null,
  '',
  'null',
  '[]',
  '"text"',
  '{',
  '{"rate":"fast"}',
  '{"message_ids":[1,2]}',
  '{"since":"soon"}',
  '{"tenant_id":"../x"}',
  '{"confirmation":"1.2.3"}',
  JSON.stringify({ confirmation: `${Date.now() + 60_000}.forged` }),
];

const fill = (pattern: string, segment: string) =>
  pattern.replace(/:[a-zA-Z]+/g, encodeURIComponent(segment));

describe('Function: handleConsoleRequest (bad input)', () => {
  it('never answers 5xx to hostile paths, queries or bodies on any route, for any caller', async () => {
    // Prepare
    const { ports } = consoleFakes();
    const requests: { request: ConsoleRequest; who: typeof OPERATOR }[] = [];
    for (const route of ROUTES) {
      for (const who of [OPERATOR, VIEWER, ACME_OPERATOR]) {
        const headers = { [CSRF_HEADER]: csrfTokenFor(ports.signingKey, who.id) };
        for (const segment of SEGMENTS) {
          requests.push({
            who,
            request: {
              method: route.method,
              path: fill(route.pattern, segment),
              query: {},
              headers,
              body: null,
            },
          });
        }
        // The role changes no parsing: queries (read by GET routes) are swept for an operator and a scoped one.
        for (const key of who === VIEWER || route.method === 'POST' ? [] : QUERY_KEYS) {
          for (const value of QUERY_VALUES) {
            requests.push({
              who,
              request: {
                method: route.method,
                path: fill(route.pattern, 'delivery-dlq'),
                query: { [key]: value },
                headers,
                body: null,
              },
            });
          }
        }
        if (route.method === 'POST') {
          for (const body of BODIES) {
            requests.push({
              who,
              request: {
                method: 'POST',
                path: fill(route.pattern, 'delivery-dlq'),
                query: {},
                headers,
                body,
              },
            });
          }
        }
      }
    }

    // Act
    const failures: string[] = [];
    for (const { request, who } of requests) {
      const answer = await handleConsoleRequest(request, who, ports);
      if (answer.status >= 500)
        failures.push(
          `${request.method} ${request.path} ${JSON.stringify(request.query)} ${request.body}: ${answer.status} ${answer.body}`,
        );
    }

    // Assess
    expect(requests.length).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });
});
