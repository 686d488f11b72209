/** Audit table keys: pk `AUDIT#<stage>`, sk `<ISO time>#<record id>` (time order within a stage). */
export const OPS_AUDIT_KEYS = { partition: 'pk', sort: 'sk' } as const;

/** `tsunagi-<stage>-ops-audit`: the stack, local mode and the CLI agree on it. */
export const opsAuditTableName = (stage: string): string => `tsunagi-${stage}-ops-audit`;
