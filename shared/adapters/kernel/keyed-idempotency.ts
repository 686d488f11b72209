import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';

export interface KeyedIdempotencyOptions {
  /** `DynamoDBPersistenceLayer` in Lambda, an in-memory layer in unit tests. */
  readonly persistenceStore: BasePersistenceLayer;
  /**
   * Fixed rather than Powertools' default (the Lambda function name), which CDK generates and changes when the
   * function is replaced: every stored key would silently stop matching.
   */
  readonly keyPrefix: string;
  readonly expiresAfterSeconds: number;
}

interface KeyedInput {
  readonly key: string;
}

/**
 * Runs work at most once per key on Powertools idempotency. Semantics, as Powertools implements them: an
 * in-progress record is written with a conditional put before the work runs; the work's result completes it;
 * throwing work deletes it so a retry runs again; a completed record returns the stored result.
 */
export class KeyedIdempotency<T> {
  private readonly config: IdempotencyConfig;
  private readonly idempotent: (input: KeyedInput, work: () => Promise<T>) => Promise<T>;

  public constructor(options: KeyedIdempotencyOptions) {
    this.config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: options.expiresAfterSeconds,
    });
    // The work travels as a second argument: only the first one is hashed into the record id.
    const runWork = async (_input: KeyedInput, work: () => Promise<T>) => work();
    this.idempotent = makeIdempotent(runWork, {
      persistenceStore: options.persistenceStore,
      config: this.config,
      keyPrefix: options.keyPrefix,
    });
  }

  /**
   * Call once per invocation: an in-progress record then expires with the invocation, so a run killed by a
   * timeout blocks its key only until then, not for the whole window.
   */
  public registerLambdaContext(context: Context): void {
    this.config.registerLambdaContext(context);
  }

  /**
   * The work's result, or the stored one, and whether the work ran now. A concurrent run of the same key
   * rejects with the error `inProgress` builds.
   */
  public async run(
    key: string,
    work: () => Promise<T>,
    inProgress: (cause: Error) => Error,
  ): Promise<{ result: T; ran: boolean }> {
    let ran = false;
    try {
      const result = await this.idempotent({ key }, () => {
        ran = true;
        return work();
      });
      return { result, ran };
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) throw inProgress(error);
      throw error;
    }
  }
}
