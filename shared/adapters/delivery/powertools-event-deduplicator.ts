import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { EventInProgressError } from '../../routing/errors.ts';
import type { EventDeduplicator, RoutingSummary } from '../../routing/ports.ts';

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

/**
 * Fixed rather than Powertools' default (the Lambda function name), which CDK generates and changes when the
 * function is replaced: every stored key would silently stop matching.
 */
const KEY_PREFIX = 'event-router#provider-event';

interface KeyedInput {
  readonly key: string;
}

/**
 * `EventDeduplicator` on Powertools idempotency with its DynamoDB persistence layer. The key is hashed (md5)
 * into the record id; the stored response is the routing summary. Semantics, as Powertools implements them: an
 * in-progress record is written with a conditional put before the work runs; the work's result completes it; a
 * throwing work deletes it, so the retry of the SQS record runs again; a completed record returns its summary.
 */
export class PowertoolsEventDeduplicator implements EventDeduplicator {
  private readonly config: IdempotencyConfig;
  private readonly idempotent: (
    input: KeyedInput,
    work: () => Promise<RoutingSummary>,
  ) => Promise<RoutingSummary>;

  public constructor(options: PowertoolsEventDeduplicatorOptions) {
    this.config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: options.windowSeconds ?? DEDUPE_WINDOW_SECONDS,
    });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: options.tableName,
      awsSdkV3Client: options.client,
    });
    // The work travels as a second argument: only the first one is hashed into the key.
    const runWork = async (_input: KeyedInput, work: () => Promise<RoutingSummary>) => work();
    this.idempotent = makeIdempotent(runWork, {
      persistenceStore,
      config: this.config,
      keyPrefix: KEY_PREFIX,
    });
  }

  /**
   * Call once per invocation: an in-progress record then expires with the invocation, so a run killed by a
   * timeout blocks the event only until then, not for the whole dedupe window.
   */
  public registerLambdaContext(context: Context): void {
    this.config.registerLambdaContext(context);
  }

  public async runOnce(key: string, work: () => Promise<RoutingSummary>): Promise<RoutingSummary> {
    try {
      return await this.idempotent({ key }, work);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new EventInProgressError(`provider event ${key} is being routed by another invocation`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
