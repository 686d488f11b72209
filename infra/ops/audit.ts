import { listAudit } from '../../shared/ops/audit.ts';
import { parseSince } from '../../shared/ops/dlq-message.ts';
import type { AuditListOutput } from '../../shared/ops/schemas.ts';
import {
  COMMON_HELP,
  COMMON_OPTIONS,
  parseCommand,
  printJson,
  TARGET_HELP,
  TARGET_OPTIONS,
  UsageError,
} from './cli.ts';
import { openOpsContext, SQS_TARGET_HELP, SQS_TARGET_OPTIONS } from './dlq-context.ts';
import { explainUnreachable } from './target.ts';

export const AUDIT_LIST_USAGE = `Usage: npm run ops -- audit list (--local | --stage <s>) [--since <time>] [options]

The operators' audit trail of the target (tsunagi-<stage>-ops-audit), oldest first: who redrove, archived or
cancelled what, when, with which filters, the counts and the outcome.

Options:
  --since <time>            only records at or after: ISO-8601, or 30m, 2h, 7d back from now
${TARGET_HELP}
${SQS_TARGET_HELP}
${COMMON_HELP}`;

export const auditList = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, {
    ...COMMON_OPTIONS,
    ...TARGET_OPTIONS,
    ...SQS_TARGET_OPTIONS,
    since: { type: 'string' },
  });
  if (values.help) return console.log(AUDIT_LIST_USAGE);
  if (positionals.length > 0) throw new UsageError(`audit list takes no arguments\n\n${AUDIT_LIST_USAGE}`);
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (since === null)
    throw new UsageError(`--since: "${values.since}" is neither ISO-8601 nor like 30m, 2h, 7d`);
  const ctx = openOpsContext(values);
  let output: AuditListOutput;
  try {
    output = await listAudit(ctx, { since }).catch((error: unknown) => {
      throw explainUnreachable(error, ctx.target);
    });
  } finally {
    ctx.close();
  }
  if (values.json) return printJson(output);
  if (output.records.length === 0) return console.log(`no audit records on ${output.target}`);
  for (const record of output.records) {
    const filters =
      Object.entries(record.filters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || 'no filter';
    const counts = Object.entries(record.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `${record.at}  ${record.who}  ${record.command} ${record.queue}  [${filters}]  ${counts}  → ${record.outcome}`,
    );
  }
};
