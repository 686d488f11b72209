/** Names of sync runs and their Step Functions executions, shared by the schedule, the CLI and local mode. */

/** `manual-20261123T062400Z`: sortable, and a valid execution name (no colons). */
export const manualRunId = (now = new Date()): string =>
  `manual-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;

/** Execution names allow 1-80 of [A-Za-z0-9-_] and a few more; anything else becomes "-". */
export const executionNameFor = (runId: string): string => runId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
