import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { DeliveryResult } from '../../delivery/destinations/types.ts';
import {
  DEFAULT_RETRY_SCHEDULES,
  maxHorizonMs,
  type RetrySchedule,
} from '../../delivery/schedule/retry-schedule.ts';
import { DeliveryInProgressError, type DeliveryOnce } from '../../delivery/worker/ports.ts';
import { KeyedIdempotency } from '../kernel/keyed-idempotency.ts';

/**
 * How long a delivered delivery id is remembered: longer than any retry schedule can run (the longest default,
 * http's, is at most 90.7 h with jitter) plus a day. A duplicate of a re-enqueued delivery (a worker that died
 * between re-enqueueing and answering its batch) can still be on its way that late, and must find the
 * delivery done rather than send it again.
 */
export const idempotencySecondsFor = (schedules: readonly RetrySchedule[]): number =>
  Math.ceil(Math.max(0, ...schedules.map(maxHorizonMs)) / 1000) + 24 * 3600;

/** The idempotency period of the default schedules. */
export const DELIVERY_IDEMPOTENCY_SECONDS = idempotencySecondsFor(Object.values(DEFAULT_RETRY_SCHEDULES));

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
