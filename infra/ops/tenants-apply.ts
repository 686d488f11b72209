import { readFile } from 'node:fs/promises';
import {
  applyTenants,
  hasChanges,
  planTenantApply,
  type TenantApplyOutput,
  type TenantApplyPorts,
} from '../../shared/ops/tenants.ts';
import { renderApplyResult } from '../../shared/tenants/apply-result.ts';
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
import { renderSecretWarnings, secretStoreOf } from './tenants-secret-warnings.ts';

export const TENANTS_APPLY_USAGE = `Usage: npm run ops -- tenants apply <file> (--local | --stage <s>) [options]

Makes each tenant in <file> (JSON, see infra/local/demo-tenants.json) exactly as declared: its profile and
routes are created, updated or deleted; tenants the file does not name are left alone. The file is validated
first and every problem is listed (a route or integration secret outside <prefix>/<tenant>/ is one). The
changes are shown, then applied after you confirm. Each http route's signing secret and each integration's
credentials are looked up where the target keeps secrets: a missing or unusable one is a warning (with the
"ops secrets" command that creates it), never a refusal, so secrets may be created after the apply.

Options:
${TARGET_HELP}
  --dry-run                 show what would change and write nothing
  -y, --yes                 apply without asking (required when standard input is not a terminal)
  --actor <name>            recorded as the items' createdBy/updatedBy (default $USER)
${COMMON_HELP}`;

/**
 * The plan as the operator confirms it: the changes, then what applying will do. Nothing is written yet, but
 * this is no dry run either, so it does not say "Dry run" (the result, once applied, says "Applied").
 */
export const renderPlanToConfirm = (plan: TenantApplyOutput): string => {
  const lines = renderApplyResult(plan).split('\n').slice(0, -1);
  const { created, updated, deleted, unchanged } = plan;
  lines.push(
    `To apply: ${created} to create, ${updated} to update, ${deleted} to delete, ${unchanged} unchanged.`,
  );
  return lines.join('\n');
};

const print = (output: TenantApplyOutput, json: boolean, where: string): void => {
  if (json) {
    printJson(output);
    return;
  }
  console.log(renderApplyResult(output));
  for (const line of renderSecretWarnings(output.secretCheck, where)) console.log(line);
};

/** Plans (shown and confirmed unless --yes), then applies; a dry run or a plan without changes stops there. */
const apply = async (
  ports: TenantApplyPorts,
  fileText: string,
  options: { dryRun: boolean; yes: boolean; json: boolean },
): Promise<TenantApplyOutput> => {
  // Always plan first: the operator confirms exactly what will be written.
  const plan = await planTenantApply(ports, { fileText });
  if (options.dryRun || !hasChanges(plan)) return plan;
  if (!options.yes) {
    if (!options.json) console.error(`${renderPlanToConfirm(plan)}\n`);
    await confirm({ yes: false, question: `Apply these changes to ${ports.target.label}?` });
  }
  const applied = await applyTenants(ports, { fileText });
  return plan.secretCheck ? { ...applied, secretCheck: plan.secretCheck } : applied;
};

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
  const fileText = await readFile(file, 'utf8');
  // Loaded only now: the framework behind the writer takes about a second to load.
  const { MbcCqrsTenantWriter } = await import('../../shared/adapters/tenants/mbc-cqrs-tenant-writer.ts');
  const writer = await MbcCqrsTenantWriter.start(target.writerEnv(), { actor }).catch((error: unknown) => {
    throw explainUnreachable(error, target);
  });
  try {
    const options = {
      dryRun: values['dry-run'] === true,
      yes: values.yes === true,
      json: values.json === true,
    };
    const secretPrefix = await target.secretPrefix();
    const secrets = await secretStoreOf(target);
    const output = await apply({ target, writer, secretPrefix, secrets }, fileText, options).catch(
      (error: unknown) => {
        throw explainUnreachable(error, target);
      },
    );
    print(output, options.json, values.local ? '--local' : `--stage ${String(values.stage)}`);
  } finally {
    await writer.close();
  }
};
