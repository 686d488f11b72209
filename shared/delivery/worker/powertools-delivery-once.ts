import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { DeliveryResult } from '../destinations/types.ts';
import { DeliveryInProgressError, type DeliveryOnce } from './ports.ts';

/**
 * Fixed rather than Powertools' default (the Lambda function name), which CDK generates and changes when the
 * function is replaced: every stored key would silently stop matching.
 */
const KEY_PREFIX = 'delivery-worker#delivery';

/**
 * How long a delivered delivery id is remembered. Duplicates arrive within minutes (SQS at-least-once, a
 * router retry re-enqueueing a batch); a day covers them with a wide margin at one small item each.
 */
export const DELIVERY_IDEMPOTENCY_SECONDS = 24 * 3600;

interface KeyedInput {
  readonly delivery_id: string;
}

/**
 * `DeliveryOnce` on Powertools idempotency (`makeIdempotent`), keyed on the delivery id. The persistence
 * layer is injected: `DynamoDBPersistenceLayer` in the Lambda, an in-memory one in unit tests.
 */
export class PowertoolsDeliveryOnce implements DeliveryOnce {
  private readonly config: IdempotencyConfig;
  private readonly idempotent: (
    input: KeyedInput,
    work: () => Promise<DeliveryResult>,
  ) => Promise<DeliveryResult>;

  public constructor(
    persistenceStore: BasePersistenceLayer,
    expiresAfterSeconds = DELIVERY_IDEMPOTENCY_SECONDS,
  ) {
    this.config = new IdempotencyConfig({
      eventKeyJmesPath: 'delivery_id',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds,
    });
    // The work travels as a second argument: only the first one is hashed into the key.
    const runWork = async (_input: KeyedInput, work: () => Promise<DeliveryResult>) => work();
    this.idempotent = makeIdempotent(runWork, {
      persistenceStore,
      config: this.config,
      keyPrefix: KEY_PREFIX,
    });
  }

  /** Call once per invocation: an in-progress record then expires with the invocation, not the whole window. */
  public registerLambdaContext(context: Context): void {
    this.config.registerLambdaContext(context);
  }

  public async runOnce(
    deliveryId: string,
    work: () => Promise<DeliveryResult>,
  ): Promise<{ result: DeliveryResult; replayed: boolean }> {
    let ran = false;
    try {
      const result = await this.idempotent({ delivery_id: deliveryId }, () => {
        ran = true;
        return work();
      });
      return { result, replayed: !ran };
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new DeliveryInProgressError(`delivery ${deliveryId} is in progress elsewhere`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
