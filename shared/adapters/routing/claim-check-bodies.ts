import { describeError } from '../../kernel/errors.ts';
import { EventBodyInvalidError, EventBodyUnavailableError } from '../../routing/errors.ts';
import type { EventBodyReader } from '../../routing/ports.ts';
import type { ClaimCheckBody } from '../../webhooks/envelope.ts';
import { ClaimCheckInvalidError, type ClaimCheckReader } from '../delivery/s3-claim-check-reader.ts';

/**
 * The S3 claim-check reader as the router's body reader, its errors turned into the router's: a body that is
 * gone or altered is permanent (the record reaches the inbound DLQ), anything else is retried.
 */
export class ClaimCheckBodies implements EventBodyReader {
  public constructor(private readonly reader: ClaimCheckReader) {}

  public async read(reference: ClaimCheckBody['claim_check']): Promise<Buffer> {
    try {
      return await this.reader.read(reference);
    } catch (error) {
      if (error instanceof ClaimCheckInvalidError)
        throw new EventBodyInvalidError(error.message, { cause: error });
      throw new EventBodyUnavailableError(`claim-check unreadable: ${describeError(error)}`, {
        cause: error,
      });
    }
  }
}
