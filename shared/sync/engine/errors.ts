/** The sync engine's error classes; callers branch on them by `instanceof`. */

/**
 * A raw vendor record that does not have the documented shape. `externalId` is set when the record still
 * carries a readable id, so the diff can keep (and flag) that one mapping instead of deleting it.
 */
export class VendorRecordError extends Error {
  public override readonly name = 'VendorRecordError';
  public constructor(
    message: string,
    public readonly externalId: string | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
