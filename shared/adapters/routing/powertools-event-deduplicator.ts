import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { EventInProgressError } from '../../routing/errors.ts';
import type { EventDeduplicator, RoutingSummary } from '../../routing/ports.ts';
import { KeyedIdempotency } from '../kernel/keyed-idempotency.ts';

/** The idempotency table and how long a provider event is remembered. */
export interface PowertoolsEventDeduplicatorOptions {
  readonly client: DynamoDBClient;
  /** `deliveryResourceNames(stage).idempotencyTable` (partition key `id`, TTL `expiration`). */
  readonly tableName: string;
  /** How long a provider event is remembered; default `DEDUPE_WINDOW_SECONDS`. */
  readonly windowSeconds?: number;
}

/**
 * Providers retry for up to about three days (Stripe's window is the longest of ours) and operators redeliver
 * by hand after that; a week covers both with margin, at one small item per event.
 */
export const DEDUPE_WINDOW_SECONDS = 7 * 24 * 3600;

/** `EventDeduplicator` on Powertools idempotency with its DynamoDB persistence layer; the stored result is the routing summary. */
export class PowertoolsEventDeduplicator implements EventDeduplicator {
  private readonly once: KeyedIdempotency<RoutingSummary>;

  public constructor(options: PowertoolsEventDeduplicatorOptions) {
    this.once = new KeyedIdempotency({
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: options.tableName,
        awsSdkV3Client: options.client,
      }),
      keyPrefix: 'event-router#provider-event',
      expiresAfterSeconds: options.windowSeconds ?? DEDUPE_WINDOW_SECONDS,
    });
  }

  /** Call once per invocation, so a run killed by a timeout blocks its event only until the invocation ends. */
  public registerLambdaContext(context: Context): void {
    this.once.registerLambdaContext(context);
  }

  public async runOnce(key: string, work: () => Promise<RoutingSummary>): Promise<RoutingSummary> {
    const { result } = await this.once.run(
      key,
      work,
      (cause) =>
        new EventInProgressError(`provider event ${key} is being routed by another invocation`, { cause }),
    );
    return result;
  }
}
