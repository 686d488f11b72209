import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, ChecksumConstructor, HashConstructor, Provider } from '@smithy/types';
import { describeError } from '../../kernel/errors.ts';
import { DurabilityError } from '../../webhooks/errors.ts';
import type { BlobStore } from '../../webhooks/ports.ts';

export interface S3BlobStoreOptions {
  readonly bucket: string;
  readonly region: string;
  readonly credentials: Provider<AwsCredentialIdentity>;
  readonly sha256: ChecksumConstructor | HashConstructor;
  /** A custom endpoint (local stand-in); path-style addressing is used with it. */
  readonly endpoint?: string;
  readonly timeoutMs?: number;
}

/**
 * Writes claim-checked bodies with one SigV4-signed S3 PutObject.
 * It signs with the SDK's own signer and credential chain (taken from an existing client) rather than
 * bundling `@aws-sdk/client-s3`, which would add ~140 KB to the receiver for a call made only for bodies
 * above ~900 KiB.
 */
export class S3BlobStore implements BlobStore {
  public readonly bucket: string;
  private readonly signer: SignatureV4;
  private readonly base: URL;

  public constructor(private readonly options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.signer = new SignatureV4({
      service: 's3',
      region: options.region,
      credentials: options.credentials,
      sha256: options.sha256,
      uriEscapePath: false,
      applyChecksum: true,
    });
    this.base = new URL(
      options.endpoint
        ? `${options.endpoint.replace(/\/+$/, '')}/${options.bucket}/`
        : `https://${options.bucket}.s3.${options.region}.amazonaws.com/`,
    );
  }

  public async put(key: string, bytes: Buffer, contentType: string | null): Promise<void> {
    const url = new URL(key.split('/').map(encodeURIComponent).join('/'), this.base);
    const headers: Record<string, string> = {
      host: url.host,
      'content-type': contentType ?? 'application/octet-stream',
      'content-length': String(bytes.length),
    };
    try {
      const signed = await this.signer.sign({
        method: 'PUT',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers,
        body: bytes,
      });
      const response = await fetch(url, {
        method: 'PUT',
        headers: signed.headers,
        body: bytes,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      if (!response.ok) {
        throw new Error(`S3 answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      }
    } catch (error) {
      throw new DurabilityError(`PutObject ${key} failed: ${describeError(error)}`, { cause: error });
    }
  }
}
