/** What a sync run reports without failing: each one names the records by external id, never by e-mail. */
export type SyncWarningCode =
  | 'duplicate_external_id'
  | 'unidentified_failure'
  | 'duplicate_vendor_email'
  | 'ambiguous_internal_email';

/** One warning for the run report. */
export interface SyncWarning {
  readonly code: SyncWarningCode;
  /** The record concerned, `null` when the warning is about the fetch as a whole. */
  readonly external_id: string | null;
  readonly message: string;
}
