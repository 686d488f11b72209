import type { Clock } from '../../kernel/clock.ts';
import { describeError } from '../../kernel/errors.ts';
import {
  type AttemptOutcome,
  applyOutcomes,
  type EndpointHealth,
  type HealthPolicy,
} from './endpoint-health.ts';
import type { EndpointHealthStore, EndpointNotification, EndpointNotifier, EndpointRef } from './ports.ts';

/** What the monitor needs. */
export interface HealthMonitorDeps {
  readonly store: EndpointHealthStore;
  readonly notifier: EndpointNotifier;
  readonly policy: HealthPolicy;
  readonly clock: Clock;
  /** How long a read health record is trusted before it is read again (a disable reaches every worker in it). */
  readonly cacheMs: number;
  /** Told when the store or the notifier failed; delivery goes on regardless. */
  readonly onError?: (what: string, error: unknown) => void;
}

/** A state change the monitor stored, for telemetry. */
export interface HealthTransition {
  readonly ref: EndpointRef;
  readonly health: EndpointHealth;
  readonly notifications: readonly EndpointNotification[];
}

const keyOf = (ref: EndpointRef): string => `${ref.tenantId}/${ref.routeId}`;

/**
 * The worker's view of endpoint health. Before an attempt it answers "is this destination disabled?" from a
 * short cache; attempts' outcomes are collected and applied once per destination per batch (`flush`), so a
 * healthy destination that keeps succeeding costs no write at all, and a failing one one read-and-write per
 * batch rather than per event. Health is advisory for delivery: when the store cannot be read, the delivery is
 * attempted (an unreachable health table must not stop a healthy endpoint's traffic).
 */
export class HealthMonitor {
  private readonly cache = new Map<string, { health: EndpointHealth | null; readAt: number }>();
  private readonly pending = new Map<string, { ref: EndpointRef; outcomes: AttemptOutcome[] }>();

  public constructor(private readonly deps: HealthMonitorDeps) {}

  /** The destination's health, from the cache when it is fresh enough; null when never recorded. */
  public async healthOf(ref: EndpointRef): Promise<EndpointHealth | null> {
    const cached = this.cache.get(keyOf(ref));
    if (cached && this.deps.clock() - cached.readAt < this.deps.cacheMs) return cached.health;
    return this.fresh(ref);
  }

  /** Reads the record now, bypassing the cache (a drain right after an enable must see it). */
  public async fresh(ref: EndpointRef): Promise<EndpointHealth | null> {
    try {
      const health = await this.deps.store.get(ref);
      this.cache.set(keyOf(ref), { health, readAt: this.deps.clock() });
      return health;
    } catch (error) {
      this.deps.onError?.('endpoint health could not be read', error);
      return this.cache.get(keyOf(ref))?.health ?? null;
    }
  }

  public async isDisabled(ref: EndpointRef): Promise<boolean> {
    return (await this.healthOf(ref))?.status === 'disabled';
  }

  /** Notes an attempt's outcome; it is stored at the next `flush`. */
  public record(ref: EndpointRef, outcome: AttemptOutcome): void {
    const key = keyOf(ref);
    const entry = this.pending.get(key) ?? { ref, outcomes: [] };
    entry.outcomes.push(outcome);
    this.pending.set(key, entry);
  }

  /** Stores what `record` collected, one update per destination, and sends each state change's notifications. */
  public async flush(): Promise<HealthTransition[]> {
    const batch = [...this.pending.values()];
    this.pending.clear();
    const transitions = await Promise.all(batch.map((entry) => this.apply(entry.ref, entry.outcomes)));
    return transitions.filter((transition): transition is HealthTransition => transition !== null);
  }

  private async apply(ref: EndpointRef, outcomes: AttemptOutcome[]): Promise<HealthTransition | null> {
    const known = this.cache.get(keyOf(ref));
    const clean =
      known?.health == null || (known.health.status === 'healthy' && known.health.consecutive_failures === 0);
    // Successes on a destination known to be healthy change nothing worth a write.
    if (clean && outcomes.every((outcome) => outcome.ok)) return null;
    try {
      const change = await this.deps.store.update(ref, (current) =>
        applyOutcomes(current, outcomes, this.deps.policy),
      );
      this.cache.set(keyOf(ref), { health: change.health, readAt: this.deps.clock() });
      const at = new Date(this.deps.clock()).toISOString();
      const notifications = change.notifications.map((type) => ({ type, health: change.health, at }));
      for (const notification of notifications) {
        try {
          await this.deps.notifier.notify(notification);
        } catch (error) {
          this.deps.onError?.(`${notification.type} could not be sent`, error);
        }
      }
      return { ref, health: change.health, notifications };
    } catch (error) {
      this.deps.onError?.(`endpoint health could not be updated: ${describeError(error)}`, error);
      return null;
    }
  }
}
