/** Errors of the operator use cases; the CLI and the console map them by class, never by message. */

/** What was asked for does not exist (a queue, a tenant, an event, a report, a running move task). */
export class NotFoundError extends Error {
  public override readonly name: string = 'NotFoundError';
}

/** A queue the target never has: local mode runs without it, so asking for it is no failure of the platform. */
export class NotInLocalModeError extends NotFoundError {
  public override readonly name = 'NotInLocalModeError';
}

/** The request cannot be carried out as given (e.g. a DLQ with several source queues and no destination). */
export class OpsInputError extends Error {
  public override readonly name = 'OpsInputError';
}
