/**
 * Endpoint health: one record per destination (tenant × route), moved by the outcomes of its attempts.
 * healthy → failing (after `failingAfter` consecutive failures) → disabled (failing for `disableAfterMs`
 * without a single success, or at once on 410 Gone); a success makes it healthy again. Each state change yields
 * exactly one notification, so an endpoint that fails a thousand times tells its owner once.
 */

export type EndpointStatus = 'healthy' | 'failing' | 'disabled';

/** Why a destination is disabled. */
export type DisabledReason = 'automatic' | 'gone' | 'manual';

/** The stored record (snake_case, ISO-8601 UTC, explicit nulls). */
export interface EndpointHealth {
  readonly tenant_id: string;
  readonly route_id: string;
  readonly status: EndpointStatus;
  /** The first failure of the current run of failures, or null. */
  readonly failing_since: string | null;
  readonly consecutive_failures: number;
  readonly last_error: string | null;
  readonly last_failure_at: string | null;
  readonly last_success_at: string | null;
  readonly disabled_at: string | null;
  readonly disabled_reason: DisabledReason | null;
  readonly updated_at: string;
}

/** The operational events a state change sends to operators and to the tenant. */
export type EndpointNotificationType = 'endpoint.failing' | 'endpoint.disabled' | 'endpoint.recovered';

/** When health changes state. */
export interface HealthPolicy {
  /** Consecutive failures that make a healthy destination failing (and notify). */
  readonly failingAfter: number;
  /** How long a destination may fail without one success before it is disabled. */
  readonly disableAfterMs: number;
}

/** Five days, as the endpoints users compare us with allow; stages may shorten it (dev). */
export const DEFAULT_HEALTH_POLICY = {
  failingAfter: 3,
  disableAfterMs: 5 * 24 * 3_600_000,
} as const satisfies HealthPolicy;

/** The outcome of one attempt, as health sees it. */
export type AttemptOutcome =
  | { readonly ok: true; readonly at: number }
  | { readonly ok: false; readonly at: number; readonly error: string; readonly gone: boolean };

/** A health record's next state and the notifications its change calls for. */
export interface HealthChange {
  readonly health: EndpointHealth;
  readonly notifications: readonly EndpointNotificationType[];
}

/** The record of a destination never seen before. */
export const initialHealth = (tenantId: string, routeId: string, now: number): EndpointHealth => ({
  tenant_id: tenantId,
  route_id: routeId,
  status: 'healthy',
  failing_since: null,
  consecutive_failures: 0,
  last_error: null,
  last_failure_at: null,
  last_success_at: null,
  disabled_at: null,
  disabled_reason: null,
  updated_at: new Date(now).toISOString(),
});

const iso = (ms: number): string => new Date(ms).toISOString();

const succeeded = (health: EndpointHealth, at: number): HealthChange => ({
  health: {
    ...health,
    status: 'healthy',
    failing_since: null,
    consecutive_failures: 0,
    last_success_at: iso(at),
    disabled_at: null,
    disabled_reason: null,
    updated_at: iso(at),
  },
  // Recovery is news only to someone who was told it was failing.
  notifications: health.status === 'healthy' ? [] : ['endpoint.recovered'],
});

const failed = (
  health: EndpointHealth,
  outcome: Extract<AttemptOutcome, { ok: false }>,
  policy: HealthPolicy,
): HealthChange => {
  const failingSince = health.failing_since ?? iso(outcome.at);
  const next: EndpointHealth = {
    ...health,
    failing_since: failingSince,
    consecutive_failures: health.consecutive_failures + 1,
    last_error: outcome.error,
    last_failure_at: iso(outcome.at),
    updated_at: iso(outcome.at),
  };
  if (health.status === 'disabled') return { health: next, notifications: [] };
  const expired = outcome.at - Date.parse(failingSince) >= policy.disableAfterMs;
  if (outcome.gone || expired) {
    const disabled = {
      ...next,
      status: 'disabled',
      disabled_at: iso(outcome.at),
      disabled_reason: outcome.gone ? 'gone' : 'automatic',
    } as const;
    // A destination disabled straight from healthy still says both, so the owner sees why.
    const notifications: EndpointNotificationType[] =
      health.status === 'healthy' ? ['endpoint.failing', 'endpoint.disabled'] : ['endpoint.disabled'];
    return { health: disabled, notifications };
  }
  if (health.status === 'healthy' && next.consecutive_failures >= policy.failingAfter) {
    return { health: { ...next, status: 'failing' }, notifications: ['endpoint.failing'] };
  }
  return { health: next, notifications: [] };
};

/**
 * Applies attempt outcomes, oldest first, and collects the notifications of every state change. A manual
 * disable is the operator's: no outcome re-enables it (only `enableEndpoint` does).
 */
export const applyOutcomes = (
  health: EndpointHealth,
  outcomes: readonly AttemptOutcome[],
  policy: HealthPolicy,
): HealthChange => {
  let current = health;
  const notifications: EndpointNotificationType[] = [];
  for (const outcome of [...outcomes].sort((a, b) => a.at - b.at)) {
    if (current.disabled_reason === 'manual') break;
    const change = outcome.ok ? succeeded(current, outcome.at) : failed(current, outcome, policy);
    current = change.health;
    notifications.push(...change.notifications);
  }
  return { health: current, notifications };
};

/** An operator's disable: held from now on, whatever the outcomes say. */
export const disableEndpoint = (health: EndpointHealth, now: number): HealthChange => ({
  health: {
    ...health,
    status: 'disabled',
    disabled_at: iso(now),
    disabled_reason: 'manual',
    updated_at: iso(now),
  },
  notifications: health.status === 'disabled' ? [] : ['endpoint.disabled'],
});

/**
 * An operator's enable: healthy with a clean slate, so the held backlog gets a fresh disable period. It sends
 * nothing itself: the operator knows, and if the destination still fails, `endpoint.failing` follows.
 */
export const enableEndpoint = (health: EndpointHealth, now: number): HealthChange => ({
  health: {
    ...health,
    status: 'healthy',
    failing_since: null,
    consecutive_failures: 0,
    disabled_at: null,
    disabled_reason: null,
    updated_at: iso(now),
  },
  notifications: [],
});
