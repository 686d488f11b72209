import type { DeliveryMessage } from '../../../../shared/delivery/delivery-message.ts';
import type {
  TokenEvent,
  TokenRefreshObserver,
} from '../../../../shared/delivery/destinations/chat/token-provider.ts';
import { buildEventPayload } from '../../../../shared/delivery/destinations/event-payload.ts';
import { buildOutboundRuntime } from '../../../../shared/delivery/destinations/registry.ts';
import type { DeliveryContext } from '../../../../shared/delivery/destinations/types.ts';
import {
  SecretConflictError,
  SecretExistsError,
  type SecretGetOptions,
  SecretMissingError,
  type SecretStore,
  type StoredSecret,
} from '../../../../shared/kernel/secret-store.ts';
import type { Destination } from '../../../../shared/tenants/destinations.ts';
import type { TenantDirectory } from '../../../../shared/tenants/ports.ts';
import type { TenantProfile } from '../../../../shared/tenants/tenant-file.ts';
import type { EventEnvelope } from '../../../../shared/webhooks/envelope.ts';
import { fakeTime } from '../../kernel/fake-time.ts';

/** The secret prefix of these tests; tenant secrets live under `tsunagi/test/<tenant>/`. */
export const SECRET_PREFIX = 'tsunagi/test';
/** The Standard Webhooks spec's published test secret. */
export const ROUTE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const ROUTE_SECRET_NAME = `${SECRET_PREFIX}/acme/routes/payments-to-backend`;
export const EVENT_ID = 'evt_01941f29-7c00-7abc-8def-0123456789ab';
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A Stripe-like envelope with an inline JSON body; tests clone and edit it. */
export const envelope = (overrides: Partial<EventEnvelope> = {}): EventEnvelope => ({
  version: 1,
  event_id: EVENT_ID,
  provider: 'stripe',
  tenant_id: 'acme',
  provider_event_id: 'evt_1Pq',
  event_type: 'payment_intent.succeeded',
  received_at: '2025-01-01T09:30:00Z',
  trace_id: TRACE_ID,
  content_type: 'application/json',
  headers: { 'stripe-signature': 't=1,v1=abc' },
  body: { encoding: 'utf8', data: '{"id":"pi_1","amount":1200,"customer":null,"note":"<b>hi</b>"}' },
  ...overrides,
});

/** A delivery message of `destination` for `event`. */
export const deliveryMessage = (
  destination: Destination,
  event: EventEnvelope = envelope(),
  routeId = 'payments-to-backend',
): DeliveryMessage => ({
  version: 1,
  delivery_id: `${event.event_id}:${routeId}`,
  route_id: routeId,
  destination,
  event,
});

/** The context a destination gets for `event`, with a deadline a minute after `now`. */
export const deliveryContext = (
  now: number,
  event: EventEnvelope = envelope(),
  routeId = 'payments-to-backend',
): DeliveryContext => ({
  deliveryId: `${event.event_id}:${routeId}`,
  routeId,
  tenantId: event.tenant_id,
  traceId: event.trace_id,
  payload: buildEventPayload(event, Buffer.from('data' in event.body ? event.body.data : '', 'utf8')),
  deadline: now + 60_000,
});

/**
 * The secret store in memory; records every cached read, so tests can see refreshes (`forceFetch`), and every
 * write. `failing` breaks reads through the cache, `failingWrites` breaks writes.
 */
export class MemorySecrets implements SecretStore {
  public readonly reads: { name: string; forceFetch: boolean }[] = [];
  public readonly writes: { name: string; value: string }[] = [];
  public failing = false;
  public failingWrites = false;
  private readonly versions = new Map<string, number>();

  public constructor(public readonly values: Map<string, string> = new Map()) {}

  public async get(name: string, options: SecretGetOptions = {}): Promise<string | null> {
    this.reads.push({ name, forceFetch: options.forceFetch ?? false });
    if (this.failing) throw new Error('secrets manager down');
    return this.values.get(name) ?? null;
  }

  public async read(name: string): Promise<StoredSecret | null> {
    const value = this.values.get(name);
    return value === undefined ? null : { value, version: this.versionOf(name), lastChanged: null };
  }

  public async write(name: string, value: string, expectedVersion: string | null): Promise<string> {
    if (this.failingWrites) throw new Error('AccessDeniedException: not authorized to PutSecretValue');
    const exists = this.values.has(name);
    if (expectedVersion === null && exists) throw new SecretExistsError(`secret ${name} already exists`);
    if (expectedVersion !== null && !exists) throw new SecretMissingError(`secret ${name} does not exist`);
    if (expectedVersion !== null && expectedVersion !== this.versionOf(name)) {
      throw new SecretConflictError(`secret ${name} changed since it was read`);
    }
    this.values.set(name, value);
    this.versions.set(name, (this.versions.get(name) ?? 0) + 1);
    this.writes.push({ name, value });
    return this.versionOf(name);
  }

  private versionOf(name: string): string {
    return `v${this.versions.get(name) ?? 0}`;
  }
}

/** Records the token trouble the providers report. */
export class RecordingTokenObserver implements TokenRefreshObserver {
  public readonly refused: TokenEvent[] = [];
  public readonly notStored: (TokenEvent & { readonly reason: string })[] = [];

  public grantRefused(event: TokenEvent): void {
    this.refused.push(event);
  }

  public rotationNotStored(event: TokenEvent & { readonly reason: string }): void {
    this.notStored.push(event);
  }
}

/** A tenant directory holding the given tenants. */
export const directoryOf = (...tenants: TenantProfile[]): TenantDirectory => ({
  getTenant: async (tenantId) => tenants.find((tenant) => tenant.tenant_id === tenantId) ?? null,
  getRoutes: async () => [],
});

/** The outbound machinery on a fake clock starting now (signatures must verify against real time). */
export const fastRuntime = () => {
  const time = fakeTime(Date.now());
  const runtime = buildOutboundRuntime({ clock: time.clock, sleep: time.sleep, random: () => 0.5 });
  return { time, runtime };
};
