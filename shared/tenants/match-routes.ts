import type { ProviderId } from '../webhooks/provider-ids.ts';
import type { Route, RouteMatch } from './tenant-file.ts';

/** What routing looks at in an event; `event_type` is null when the provider sent none. */
export interface RoutableEvent {
  readonly provider: ProviderId;
  readonly event_type: string | null;
}

/**
 * True when an event type fits a pattern: `*` alone fits everything (null included); otherwise `*` stands for
 * any run of characters, possibly empty, and everything else is compared exactly (case-sensitive).
 */
export const matchesEventType = (pattern: string, eventType: string | null): boolean => {
  if (pattern === '*') return true;
  if (eventType === null) return false;
  // Two pointers with backtracking to the last star: linear in practice, never the regex blow-up of `a*a*a*b`.
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < eventType.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === eventType[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
};

/** True when a route's match fits the event's provider and type. */
export const matchesEvent = (match: RouteMatch, event: RoutableEvent): boolean =>
  (match.provider === '*' || match.provider === event.provider) &&
  matchesEventType(match.event_type, event.event_type);

/** The enabled routes whose match fits the event, in the order the tenant declared them. */
export const matchRoutes = <R extends Pick<Route, 'match' | 'enabled'>>(
  routes: readonly R[],
  event: RoutableEvent,
): R[] => routes.filter((route) => route.enabled && matchesEvent(route.match, event));
