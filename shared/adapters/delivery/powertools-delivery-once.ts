import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { DeliveryResult } from '../../delivery/destinations/types.ts';
import { DeliveryInProgressError, type DeliveryOnce } from '../../delivery/worker/ports.ts';
import { KeyedIdempotency } from '../kernel/keyed-idempotency.ts';

/**
 * How long a delivered delivery id is remembered. Duplicates arrive within minutes (SQS at-least-once, a
 * router retry re-enqueueing a batch); a day covers them with a wide margin at one small item each.
 */
export const DELIVERY_IDEMPOTENCY_SECONDS = 24 * 3600;

/**
 * `DeliveryOnce` on Powertools idempotency, keyed on the delivery id. The persistence layer is injected:
 * `DynamoDBPersistenceLayer` in the Lambda, an in-memory one in unit tests.
 */
export class PowertoolsDeliveryOnce implements DeliveryOnce {
  private readonly once: KeyedIdempotency<DeliveryResult>;

  public constructor(
    persistenceStore: BasePersistenceLayer,
    expiresAfterSeconds = DELIVERY_IDEMPOTENCY_SECONDS,
  ) {
    this.once = new KeyedIdempotency({
      persistenceStore,
      keyPrefix: 'delivery-worker#delivery',
      expiresAfterSeconds,
    });
  }

  /** Call once per invocation: an in-progress record then expires with the invocation, not the whole window. */
  public registerLambdaContext(context: Context): void {
    this.once.registerLambdaContext(context);
  }

  public async runOnce(
    deliveryId: string,
    work: () => Promise<DeliveryResult>,
  ): Promise<{ result: DeliveryResult; replayed: boolean }> {
    const { result, ran } = await this.once.run(
      deliveryId,
      work,
      (cause) => new DeliveryInProgressError(`delivery ${deliveryId} is in progress elsewhere`, { cause }),
    );
    return { result, replayed: !ran };
  }
}
