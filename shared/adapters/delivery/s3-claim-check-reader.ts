import { createHash, timingSafeEqual } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../../kernel/errors.ts';
import type { ClaimCheckBody } from '../../webhooks/envelope.ts';

/** Where a claim-checked body lives and what it must be: the envelope's `body.claim_check`. */
export type ClaimCheckReference = ClaimCheckBody['claim_check'];

/**
 * Reads claim-checked bodies for the delivery worker, and for the router when a route filter needs the body.
 * Resolves to the exact bytes the receiver stored; rejects with `ClaimCheckInvalidError` (permanent) or
 * `ClaimCheckUnavailableError` (retryable).
 */
export interface ClaimCheckReader {
  read(reference: ClaimCheckReference): Promise<Buffer>;
}

/** Why a claim-check cannot be honoured, ever. */
export type ClaimCheckProblem = 'foreign_bucket' | 'missing' | 'size_mismatch' | 'digest_mismatch';

/** The reference is wrong or the object is gone or altered: reading again will not help. */
export class ClaimCheckInvalidError extends Error {
  public override readonly name = 'ClaimCheckInvalidError';
  public constructor(
    public readonly problem: ClaimCheckProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** S3 could not be read right now (throttling, network, permissions being deployed): retry later. */
export class ClaimCheckUnavailableError extends Error {
  public override readonly name = 'ClaimCheckUnavailableError';
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const sameDigest = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * `ClaimCheckReader` on S3 GetObject. It reads only from the one claim-check bucket it is given, refuses an
 * object whose length differs from the reference before downloading it, and checks the SHA-256 the receiver
 * computed over the raw bytes, so a delivery never carries a body other than the one that was verified.
 */
export class S3ClaimCheckReader implements ClaimCheckReader {
  public constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  public async read(reference: ClaimCheckReference): Promise<Buffer> {
    const where = `s3://${reference.bucket}/${reference.key}`;
    if (reference.bucket !== this.bucket) {
      throw new ClaimCheckInvalidError('foreign_bucket', `${where} is not in the claim-check bucket`);
    }
    const bytes = await this.download(reference, where);
    if (bytes.length !== reference.size) {
      throw new ClaimCheckInvalidError(
        'size_mismatch',
        `${where} has ${bytes.length} bytes, expected ${reference.size}`,
      );
    }
    if (!sameDigest(sha256Hex(bytes), reference.sha256)) {
      throw new ClaimCheckInvalidError('digest_mismatch', `${where} does not match its SHA-256`);
    }
    return bytes;
  }

  private async download(reference: ClaimCheckReference, where: string): Promise<Buffer> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: reference.bucket, Key: reference.key }),
      );
      if (object.ContentLength !== undefined && object.ContentLength !== reference.size) {
        // Not downloaded: it is not the body we want and may be any size; destroying frees the socket.
        (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw new ClaimCheckInvalidError(
          'size_mismatch',
          `${where} has ${object.ContentLength} bytes, expected ${reference.size}`,
        );
      }
      if (!object.Body) throw new ClaimCheckUnavailableError(`${where}: GetObject returned no body`);
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof ClaimCheckInvalidError || error instanceof ClaimCheckUnavailableError) throw error;
      if (error instanceof NoSuchKey) {
        throw new ClaimCheckInvalidError('missing', `${where} does not exist`, { cause: error });
      }
      throw new ClaimCheckUnavailableError(`GetObject ${where} failed: ${describeError(error)}`, {
        cause: error,
      });
    }
  }
}
