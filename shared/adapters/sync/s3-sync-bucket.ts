import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BlobWriter } from '../../sync/usecases/ports.ts';

/** The sync bucket: plan JSONL and run reports (written here, read back by `sync report` and local mode). */
export class S3SyncBucket implements BlobWriter {
  public constructor(
    private readonly client: S3Client,
    public readonly bucket: string,
  ) {}

  public async put(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: `${contentType}; charset=utf-8`,
      }),
    );
  }

  public async putIfAbsent(key: string, body: string, contentType: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: `${contentType}; charset=utf-8`,
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      // 412: the object exists; 409: a concurrent conditional write of the same key is in flight (it wins).
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || status === 409) return false;
      throw error;
    }
  }

  /** An object's text, or null when it does not exist. */
  public async get(key: string): Promise<string | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await answer.Body?.transformToString('utf-8')) ?? null;
    } catch (error) {
      if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return null;
      throw error;
    }
  }
}
