/** The tenant master data's error classes; callers branch on them by `instanceof`. */

/** One problem in a tenant file: where it is (`tenants[0].routes[2].destination.url`) and what is wrong. */
export interface TenantFileIssue {
  readonly path: string;
  readonly message: string;
}

/** A tenant file that cannot be applied; lists every problem at once, one `path: message` per line. */
export class TenantFileValidationError extends Error {
  public override readonly name = 'TenantFileValidationError';
  public constructor(
    public readonly issues: readonly TenantFileIssue[],
    options?: ErrorOptions,
  ) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    super(`the tenant file has ${issues.length} problem(s):\n${lines.join('\n')}`, options);
  }
}

/** A stored tenant item that does not decode: written by something other than the tenant writer, or corrupt. */
export class TenantDataError extends Error {
  public override readonly name = 'TenantDataError';
}

/** A tenant's items changed between the plan and the write (another apply ran); re-running converges. */
export class TenantApplyConflictError extends Error {
  public override readonly name = 'TenantApplyConflictError';
}
