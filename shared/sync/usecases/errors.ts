/** The sync use cases' own failures; callers branch on them by `instanceof`. */

/** The integration's credential secret does not exist: the tenant must connect the system again. */
export class CredentialMissingError extends Error {
  public override readonly name = 'CredentialMissingError';
}

/** The secret changed between our read and our rotation: someone else rotated or reconnected meanwhile. */
export class CredentialConflictError extends Error {
  public override readonly name = 'CredentialConflictError';
}

/** The secret's value is not the credentials shape the system needs (never echoes the value). */
export class CredentialFormatError extends Error {
  public override readonly name = 'CredentialFormatError';
}

/** The tenant has no integration for the system (removed since the run was planned) or it names a foreign secret. */
export class IntegrationMissingError extends Error {
  public override readonly name = 'IntegrationMissingError';
}

/**
 * The run id was planned before: a repeated delivery of the same scheduled time. Its name is the Lambda
 * `errorType` the state machine matches (`RUN_ALREADY_PLANNED_ERROR`), so it must not change.
 */
export class SyncRunAlreadyPlannedError extends Error {
  public override readonly name = 'SyncRunAlreadyPlannedError';
}
