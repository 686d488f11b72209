import type { ApplyResult } from '../../shared/tenants/apply-result.ts';
import {
  CHANGE_OPTIONS,
  COMMON_HELP,
  COMMON_OPTIONS,
  confirm,
  parseCommand,
  printJson,
  TARGET_HELP,
  TARGET_OPTIONS,
  UsageError,
} from './cli.ts';
import { explainUnreachable, resolveTarget } from './target.ts';

export const TENANTS_APPLY_USAGE = `Usage: npm run ops -- tenants apply <file> (--local | --stage <s>) [options]

Makes each tenant in <file> (JSON, see infra/local/demo-tenants.json) exactly as declared: its profile and
routes are created, updated or deleted; tenants the file does not name are left alone. The file is validated
first and every problem is listed. The changes are shown, then applied after you confirm.

Options:
${TARGET_HELP}
  --dry-run                 show what would change and write nothing
  -y, --yes                 apply without asking (required when standard input is not a terminal)
  --actor <name>            recorded as the items' createdBy/updatedBy (default $USER)
${COMMON_HELP}`;

const hasChanges = (result: ApplyResult): boolean => result.created + result.updated + result.deleted > 0;

export const tenantsApply = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, {
    ...COMMON_OPTIONS,
    ...TARGET_OPTIONS,
    ...CHANGE_OPTIONS,
    actor: { type: 'string' },
  });
  if (values.help) return console.log(TENANTS_APPLY_USAGE);
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError(`expected one <file>\n\n${TENANTS_APPLY_USAGE}`);
  const target = resolveTarget(values);
  const actor = values.actor ?? process.env.USER ?? 'tsunagi-ops';
  // Loaded only now: the framework behind the writer takes about a second to load.
  const { applyTenantFile, renderApplyResult } = await import(
    '../../shared/adapters/tenants/apply-tenant-file.ts'
  );
  const { MbcCqrsTenantWriter } = await import('../../shared/adapters/tenants/mbc-cqrs-tenant-writer.ts');
  const writer = await MbcCqrsTenantWriter.start(target.writerEnv(), { actor }).catch((error: unknown) => {
    throw explainUnreachable(error, target);
  });
  try {
    // Always plan first: the operator confirms exactly what will be written.
    const plan = await applyTenantFile(file, { dryRun: true, writer }).catch((error: unknown) => {
      throw explainUnreachable(error, target);
    });
    if (values['dry-run'] || !hasChanges(plan)) {
      if (values.json) printJson({ target: target.label, ...plan });
      else console.log(renderApplyResult(plan));
      return;
    }
    if (!values.json) console.error(`${renderApplyResult(plan)}\n`);
    await confirm({ yes: values.yes ?? false, question: `Apply these changes to ${target.label}?` });
    const result = await applyTenantFile(file, { dryRun: false, writer });
    if (values.json) printJson({ target: target.label, ...result });
    else console.log(renderApplyResult(result));
  } finally {
    await writer.close();
  }
};
