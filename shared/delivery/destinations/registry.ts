import { CircuitBreakerRegistry } from '../../kernel/circuit-breaker.ts';
import { type Clock, realSleep, systemClock } from '../../kernel/clock.ts';
import { OutboundHttpClient, type OutboundHttpClientDeps } from '../../kernel/http/outbound-client.ts';
import { RateLimiter } from '../../kernel/rate-limiter.ts';
import type { Destination } from '../../tenants/destinations.ts';
import type { TenantDirectory } from '../../tenants/ports.ts';
import { ChatDestinationAdapter } from './chat/chat.ts';
import { buildChatSenders, type ChatEndpoints } from './chat/registry.ts';
import type { TokenRefreshObserver } from './chat/token-provider.ts';
import { DeliveryTransforms } from './delivery-transforms.ts';
import { DestinationLimits } from './destination-limits.ts';
import { EmailDestinationAdapter } from './email.ts';
import type { SesSender } from './email-message.ts';
import { HttpDestinationAdapter } from './http.ts';
import { type SecondaryEmailConfig, SecondaryEmailSender } from './secondary-email.ts';
import { type SecretReader, type SecretUpdater, TenantSecrets } from './secrets.ts';
import type { DeliveryContext, DeliveryResult, DestinationRegistry } from './types.ts';

/** Settings of the destinations, from the worker's environment. */
export interface DestinationsConfig extends ChatEndpoints {
  /** Tenant secrets must live under `{secretPrefix}/{tenantId}/`. */
  readonly secretPrefix: string;
  readonly emailFrom: string;
  readonly secondaryEmail: SecondaryEmailConfig | null;
  readonly perAttemptTimeoutMs: number;
}

/** The outbound machinery every destination shares: one breaker and one token bucket per destination id. */
export interface OutboundRuntime {
  readonly client: OutboundHttpClient;
  readonly breakers: CircuitBreakerRegistry;
  readonly limits: DestinationLimits;
  readonly clock: Clock;
}

/** Builds the outbound client with per-destination rate limits learned from routes. */
export const buildOutboundRuntime = (
  deps: Omit<OutboundHttpClientDeps, 'breakers' | 'limiter'> & {
    readonly breakerCoolDownMs?: number;
    /** The longest wait for a rate-limit token; a longer one is shed. Default: up to the deadline. */
    readonly limiterMaxWaitMs?: number;
  } = {},
) => {
  const clock = deps.clock ?? systemClock;
  const limits = new DestinationLimits();
  const breakers = new CircuitBreakerRegistry({ clock, coolDownMs: deps.breakerCoolDownMs });
  const limiter = new RateLimiter({
    clock,
    sleep: deps.sleep ?? realSleep,
    limitsFor: limits.limitsFor,
    maxWaitMs: deps.limiterMaxWaitMs,
  });
  const client = new OutboundHttpClient({ ...deps, clock, breakers, limiter });
  return { client, breakers, limits, clock } satisfies OutboundRuntime;
};

/** Ports and clients the destinations call. */
export interface DestinationsDeps {
  readonly runtime: OutboundRuntime;
  readonly secrets: SecretReader;
  /** Writes rotated refresh tokens back to tenants' integration secrets. */
  readonly secretUpdater: SecretUpdater;
  readonly tokenObserver: TokenRefreshObserver;
  readonly tenants: TenantDirectory;
  readonly ses: SesSender;
}

/** One adapter per destination type (`http`, `email`, `chat`). */
export const buildDestinations = (
  deps: DestinationsDeps,
  config: DestinationsConfig,
): DestinationRegistry => {
  const { client, breakers, limits, clock } = deps.runtime;
  const { perAttemptTimeoutMs } = config;
  const tenantSecrets = new TenantSecrets(deps.secrets, config.secretPrefix, clock);
  const transforms = new DeliveryTransforms({ tenants: deps.tenants, clock });
  const secondary =
    config.secondaryEmail === null
      ? null
      : new SecondaryEmailSender(client, deps.secrets, config.secondaryEmail, clock);
  const senders = buildChatSenders(
    {
      client,
      secrets: tenantSecrets,
      secretUpdater: deps.secretUpdater,
      tokenObserver: deps.tokenObserver,
      clock,
      perAttemptTimeoutMs,
    },
    config,
  );
  return {
    http: new HttpDestinationAdapter({
      client,
      secrets: tenantSecrets,
      limits,
      clock,
      perAttemptTimeoutMs,
      transforms,
    }),
    email: new EmailDestinationAdapter({
      ses: deps.ses,
      secondary,
      breakers,
      clock,
      defaultFrom: config.emailFrom,
      perAttemptTimeoutMs,
      transforms,
    }),
    chat: new ChatDestinationAdapter({ tenants: deps.tenants, senders, clock, transforms }),
  } satisfies DestinationRegistry;
};

/**
 * Delivers through the adapter registered for the destination's type. A switch rather than an indexed
 * lookup, so each call is checked against its own adapter's type (no cast) and a new type fails to compile.
 */
export const deliverTo = (
  registry: DestinationRegistry,
  destination: Destination,
  context: DeliveryContext,
): Promise<DeliveryResult> => {
  switch (destination.type) {
    case 'http':
      return registry.http.deliver(destination, context);
    case 'email':
      return registry.email.deliver(destination, context);
    case 'chat':
      return registry.chat.deliver(destination, context);
  }
};
