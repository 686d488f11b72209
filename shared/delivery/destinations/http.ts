import type { Clock } from '../../kernel/clock.ts';
import type { OutboundHttpClient } from '../../kernel/http/outbound-client.ts';
import type { HttpDestination } from '../../tenants/destinations.ts';
import { type DeliveryTransforms, transformOutput } from './delivery-transforms.ts';
import type { DestinationLimits } from './destination-limits.ts';
import { deliveryHeaders } from './event-payload.ts';
import { permanent } from './failures.ts';
import type { TenantSecrets } from './secrets.ts';
import { parseRouteSigningSecrets, resignStandardWebhook } from './standard-signature.ts';
import type { DeliveryContext, DeliveryResult, DestinationAdapter } from './types.ts';

/** What the HTTP destination is built from. */
export interface HttpDestinationDeps {
  readonly client: OutboundHttpClient;
  readonly secrets: TenantSecrets;
  readonly limits: DestinationLimits;
  readonly clock: Clock;
  /** Used when the route sets no `timeout_ms`. */
  readonly perAttemptTimeoutMs: number;
  /** Runs route transforms; without it a delivery with a transform fails permanently. */
  readonly transforms?: DeliveryTransforms;
}

/** Breaker and rate limit per route: one tenant endpoint failing or slow never holds back another. */
export const httpDestinationId = (context: DeliveryContext): string =>
  `http:${context.tenantId}:${context.routeId}`;

/**
 * A tenant's own endpoint: the event as snake_case JSON (or the route transform's result as JSON), re-signed
 * with Standard Webhooks under the route's secret (`webhook-id` = platform event id), with `Idempotency-Key`,
 * `traceparent` and the route's headers.
 */
export class HttpDestinationAdapter implements DestinationAdapter<HttpDestination> {
  public constructor(private readonly deps: HttpDestinationDeps) {}

  public async deliver(destination: HttpDestination, context: DeliveryContext): Promise<DeliveryResult> {
    const output = await transformOutput(this.deps.transforms, context, this.deps.clock);
    const body = Buffer.from(JSON.stringify(output === null ? context.payload : output.value), 'utf8');
    const signature = await this.sign(destination, context, body);
    const destinationId = httpDestinationId(context);
    if (destination.rate_limit_per_second !== undefined) {
      this.deps.limits.note(destinationId, destination.rate_limit_per_second);
    }
    const response = await this.deps.client.send(
      {
        destinationId,
        kind: 'http',
        url: destination.url,
        method: 'POST',
        // The route's own headers first: the schema forbids platform names, and ours win regardless.
        headers: {
          ...destination.headers,
          ...deliveryHeaders(context.deliveryId, context.traceId),
          'content-type': 'application/json',
          ...signature,
        },
        body,
      },
      {
        deadline: context.deadline,
        perAttemptTimeoutMs: destination.timeout_ms ?? this.deps.perAttemptTimeoutMs,
        // A 401 may mean the tenant rotated the secret (ours is cached) or our timestamp went stale in retries.
        refreshAuth: () => this.sign(destination, context, body, true),
      },
    );
    return { attempts: response.attempts, latencies_ms: response.latencies_ms, last_status: response.status };
  }

  private async sign(
    destination: HttpDestination,
    context: DeliveryContext,
    body: Buffer,
    forceFetch = false,
  ): Promise<Record<string, string>> {
    const { tenantId } = context;
    const value = await this.deps.secrets.read(tenantId, destination.signing_secret_name, forceFetch);
    const secrets = parseRouteSigningSecrets(value);
    const now = this.deps.clock();
    const unusable = () =>
      permanent(
        'invalid_request',
        `secret ${destination.signing_secret_name} holds no usable signing secret`,
        now,
      );
    if (secrets.length === 0) throw unusable();
    try {
      return resignStandardWebhook({ id: context.payload.event_id, body, secrets, nowSeconds: now / 1000 });
    } catch {
      // The scheme refuses a secret that is not base64; its message is not repeated, it could quote the value.
      throw unusable();
    }
  }
}
