import type { ClaimCheckReader, ClaimCheckReference } from '../../delivery/worker/ports.ts';
import { describeError, PermanentError, RetryableError } from '../../kernel/errors.ts';
import { ClaimCheckInvalidError, type ClaimCheckReader as S3Reader } from './s3-claim-check-reader.ts';

/**
 * The S3 claim-check reader, its errors translated into the worker's retry decisions: a body that is gone or
 * altered will never come back (permanent, DLQ at once); anything else may pass (retryable).
 */
export class ClassifiedClaimCheckReader implements ClaimCheckReader {
  public constructor(private readonly reader: S3Reader) {}

  public async read(reference: ClaimCheckReference): Promise<Buffer> {
    try {
      return await this.reader.read(reference);
    } catch (error) {
      const failure = { attempts: 0, lastStatus: null, failedAt: Date.now(), cause: error };
      if (error instanceof ClaimCheckInvalidError) {
        throw new PermanentError({ ...failure, code: 'validation_error', message: error.message });
      }
      throw new RetryableError({
        ...failure,
        code: 'connection_error',
        message: `claim-check unreadable: ${describeError(error)}`,
      });
    }
  }
}
