import { matchEventPattern } from './filters/match-pattern.ts';
import { type PatternCache, sharedPatternCache } from './filters/pattern-cache.ts';
import { EventPatternError } from './filters/pattern-types.ts';
import { matchesEventType, type RoutableEvent } from './match-routes.ts';
import type { Route } from './tenant-file.ts';

/** Why a route did not take an event. */
export type RouteMissReason = 'disabled' | 'provider' | 'event_type' | 'filter' | 'filter_invalid';

/** One route that did not match, and why (as the routing record keeps it; plain JSON). */
export interface RouteMiss {
  readonly route_id: string;
  readonly reason: RouteMissReason;
  /** What failed: the pattern that did not fit, or the filter condition; null for a disabled route. */
  readonly detail: string | null;
}

/** The routes an event goes to, in declared order, and every other route with its reason. */
export interface RouteSelection<R> {
  readonly matched: R[];
  readonly missed: RouteMiss[];
}

type Selectable = Pick<Route, 'route_id' | 'match' | 'enabled'>;

const headMiss = (route: Selectable, event: RoutableEvent): RouteMiss | null => {
  if (!route.enabled) return { route_id: route.route_id, reason: 'disabled', detail: null };
  if (route.match.provider !== '*' && route.match.provider !== event.provider) {
    return {
      route_id: route.route_id,
      reason: 'provider',
      detail: `the route takes ${route.match.provider} events`,
    };
  }
  if (!matchesEventType(route.match.event_type, event.event_type)) {
    return {
      route_id: route.route_id,
      reason: 'event_type',
      detail: `${event.event_type === null ? 'no event type' : `"${event.event_type}"`} does not fit "${route.match.event_type}"`,
    };
  }
  return null;
};

const filterMiss = (route: Selectable, document: unknown, cache: PatternCache): RouteMiss | null => {
  const filter = route.match.filter;
  if (filter === undefined) return null;
  const compiled = cache.get(filter);
  if (compiled instanceof EventPatternError) {
    return { route_id: route.route_id, reason: 'filter_invalid', detail: compiled.message };
  }
  const result = matchEventPattern(compiled, document);
  return result.matched
    ? null
    : { route_id: route.route_id, reason: 'filter', detail: result.failedCondition };
};

/**
 * Selects the routes an event goes to: enabled, provider and event type fitting, and the route's
 * `match.filter` (if any) matching the route document. The document is asked for once, and only when a
 * candidate has a filter, so events of routes without filters never have their bodies read or parsed. A
 * stored filter that does not compile never matches (fail closed) and is reported as `filter_invalid`.
 */
export const selectRoutes = async <R extends Selectable>(
  routes: readonly R[],
  event: RoutableEvent,
  document: () => Promise<unknown>,
  cache: PatternCache = sharedPatternCache,
): Promise<RouteSelection<R>> => {
  const misses = routes.map((route) => headMiss(route, event));
  const filtered = routes.some((route, i) => misses[i] === null && route.match.filter !== undefined);
  // Awaited once, before the loop: evaluating a hundred filters then costs no asynchronous hop each.
  const doc = filtered ? await document() : undefined;
  const matched: R[] = [];
  const missed: RouteMiss[] = [];
  routes.forEach((route, i) => {
    const miss = misses[i] ?? filterMiss(route, doc, cache);
    if (miss) missed.push(miss);
    else matched.push(route);
  });
  return { matched, missed };
};
