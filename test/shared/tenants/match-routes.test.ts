import { describe, expect, it } from 'vitest';
import { matchesEventType, matchRoutes } from '../../../shared/tenants/match-routes.ts';
import type { RouteMatch } from '../../../shared/tenants/tenant-file.ts';

describe('Function: matchesEventType', () => {
  it.each<[string, string | null, boolean]>([
    ['*', 'payment_intent.succeeded', true],
    ['*', '', true],
    ['*', null, true],
    ['payment_intent.succeeded', 'payment_intent.succeeded', true],
    ['payment_intent.succeeded', 'payment_intent.failed', false],
    ['payment_intent.succeeded', 'Payment_intent.succeeded', false],
    ['payment_intent.succeeded', 'payment_intent.succeeded.extra', false],
    ['payment_intent.*', 'payment_intent.succeeded', true],
    ['payment_intent.*', 'payment_intent.', true],
    ['payment_intent.*', 'payment_intent.a.b', true],
    ['payment_intent.*', 'payment_intent', false],
    ['payment_intent.*', 'payment_intentXsucceeded', false],
    ['payment_intent.*', 'charge.succeeded', false],
    ['payment_intent.*', null, false],
    ['*.succeeded', 'charge.succeeded', true],
    ['*.succeeded', 'charge.succeeded.late', false],
    ['*.succeeded', 'succeeded', false],
    ['pull_request*', 'pull_request', true],
    ['pull_request*', 'pull_request_review', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'acb', false],
    ['a*b*c', 'abcb', false],
    ['a*b*c', 'abcbc', true],
    ['**', 'anything', true],
    ['a**', 'a', true],
    ['orders/*', 'orders/create', true],
    ['.', 'x', false],
    ['exact', '', false],
    ['exact', null, false],
  ])('matches %j against %j: %s', (pattern, eventType, expected) => {
    expect(matchesEventType(pattern, eventType)).toBe(expected);
  });

  it('stays fast on patterns with many stars that cannot match', () => {
    // Prepare
    const pattern = `${'a*'.repeat(60)}b`;
    const eventType = 'a'.repeat(256);

    // Act
    const started = performance.now();
    const matched = matchesEventType(pattern, eventType);

    // Assess
    expect(matched).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('Function: matchRoutes', () => {
  const route = (route_id: string, match: RouteMatch, enabled = true) => ({ route_id, match, enabled });
  const routes = [
    route('all', { provider: '*', event_type: '*' }),
    route('stripe-payments', { provider: 'stripe', event_type: 'payment_intent.*' }),
    route('stripe-any', { provider: 'stripe', event_type: '*' }),
    route('disabled', { provider: '*', event_type: '*' }, false),
    route('github-push', { provider: 'github', event_type: 'push' }),
    route('typed-any-provider', { provider: '*', event_type: 'push' }),
  ];
  const ids = (matched: { route_id: string }[]) => matched.map((r) => r.route_id);

  it('returns the enabled matching routes in declared order', () => {
    expect(ids(matchRoutes(routes, { provider: 'stripe', event_type: 'payment_intent.created' }))).toEqual([
      'all',
      'stripe-payments',
      'stripe-any',
    ]);
  });

  it('matches the provider exactly', () => {
    expect(ids(matchRoutes(routes, { provider: 'github', event_type: 'push' }))).toEqual([
      'all',
      'github-push',
      'typed-any-provider',
    ]);
  });

  it('routes an event without a type only to routes matching every type', () => {
    expect(ids(matchRoutes(routes, { provider: 'stripe', event_type: null }))).toEqual(['all', 'stripe-any']);
  });

  it('never returns a disabled route', () => {
    expect(ids(matchRoutes([routes[3]!], { provider: 'generic', event_type: 'x' }))).toEqual([]);
  });

  it('returns nothing for no routes', () => {
    expect(matchRoutes([], { provider: 'generic', event_type: 'x' })).toEqual([]);
  });
});
