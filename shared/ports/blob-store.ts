/** Stores large bodies (claim-check); rejects with `DurabilityError` when the object was not stored. */
export interface BlobStore {
  readonly bucket: string;
  put(key: string, bytes: Buffer, contentType: string | null): Promise<void>;
}
