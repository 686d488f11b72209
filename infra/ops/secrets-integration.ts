import { readFileSync } from 'node:fs';
import {
  type CredentialsCheck,
  checkIntegrationCredentials,
} from '../../shared/ops/secrets/integration-credentials.ts';
import {
  changeIntegrationSecret,
  type IntegrationChange,
  showIntegrationSecret,
} from '../../shared/ops/secrets/manage-integration-secrets.ts';
import type { SecretTarget } from '../../shared/ops/secrets/secret-targets.ts';
import { confirm, NotFoundError, printJson, UsageError } from './cli.ts';
import { explain } from './secrets-errors.ts';
import { type Context, openStore, type Values } from './secrets-target.ts';
import type { SecretsAction } from './secrets-usage.ts';

/**
 * `ops secrets put|rotate|show <tenant> integration <SYSTEM>`: a chat system's credentials, one JSON object
 * read from standard input and checked against what the daily sync and chat routes need before it is written.
 * Output names fields with fingerprints of their values, never a value (unless `show --reveal`).
 */

type IntegrationTarget = Extract<SecretTarget, { kind: 'integration' }>;

const renderFields = (fields: CredentialsCheck['fields'] | null): string =>
  fields === null || fields.length === 0
    ? '  (none)'
    : fields.map((field) => `  ${field.name.padEnd(24)} ${field.fingerprint}`).join('\n');

const renderChange = (ctx: Context, change: IntegrationChange, done: boolean): string =>
  [
    `${done ? 'Done' : 'Would'}: ${change.action === 'put' ? 'create' : 'replace'} ${ctx.name} on ${ctx.target}`,
    'before:',
    renderFields(change.before),
    'after:',
    renderFields(change.after),
    ...change.warnings.map((warning) => `warning: ${warning}`),
  ].join('\n');

const readCredentials = (values: Values): string => {
  if (values.generate) {
    throw new UsageError(
      'integration credentials are issued by the vendor: pipe them in as JSON, not --generate',
    );
  }
  if (process.stdin.isTTY) {
    throw new UsageError(
      'pipe the credentials JSON on standard input, e.g. "… integration SLACK < creds.json"',
    );
  }
  const text = readFileSync(0, 'utf8').trim();
  if (text === '')
    throw new UsageError('standard input was empty; expected the credentials as one JSON object');
  return text;
};

export const changeIntegration = async (
  action: Exclude<SecretsAction, 'show'>,
  values: Values,
  tenant: string,
  target: IntegrationTarget,
): Promise<void> => {
  if (action === 'retire') {
    throw new UsageError(
      'integration credentials are one value, not a list: "secrets rotate" replaces them; nothing to retire',
    );
  }
  const value = readCredentials(values);
  // Bad credentials are bad input: refused before any store is opened.
  const { problems } = checkIntegrationCredentials(target.system, value);
  if (problems.length > 0) {
    throw new UsageError(
      `these ${target.system} credentials cannot be used: ${problems.join('; ')} (nothing was written)`,
    );
  }
  const ctx = await openStore(values, tenant, target);
  const dryRun = (values['dry-run'] as boolean | undefined) ?? false;
  let result: Awaited<ReturnType<typeof changeIntegrationSecret>>;
  try {
    result = await changeIntegrationSecret(
      ctx.store,
      { name: ctx.name, system: target.system, action, value },
      {
        dryRun,
        confirm: async (change) => {
          if (!values.json) console.error(`${renderChange(ctx, change, false)}\n`);
          await confirm({
            yes: (values.yes as boolean | undefined) ?? false,
            question: `${action === 'put' ? 'Create' : 'Replace'} ${ctx.name} on ${ctx.target}?`,
          });
        },
      },
    );
  } catch (error) {
    return explain(error);
  }
  if (values.json) {
    printJson({
      target: ctx.target,
      name: ctx.name,
      system: target.system,
      dryRun,
      applied: result.applied,
      action,
      before: result.change.before,
      after: result.change.after,
      warnings: result.change.warnings,
    });
    return;
  }
  console.log(renderChange(ctx, result.change, result.applied));
};

export const showIntegration = async (values: Values, tenant: string, target: IntegrationTarget) => {
  const ctx = await openStore(values, tenant, target);
  const stored = await showIntegrationSecret(ctx.store, ctx.name, target.system);
  if (!stored) {
    throw new NotFoundError(
      `no secret ${ctx.name} on ${ctx.target}; create it with ` +
        `"secrets put ${tenant} integration ${target.system} ${ctx.where} --yes < creds.json"`,
    );
  }
  const lastChanged = stored.lastChanged ? stored.lastChanged.toISOString() : null;
  const revealed = values.reveal ? (await ctx.store.read(ctx.name))?.value : undefined;
  if (values.json) {
    printJson({
      target: ctx.target,
      name: ctx.name,
      system: target.system,
      fields: stored.check.fields,
      problems: stored.check.problems,
      warnings: stored.check.warnings,
      lastChanged,
      ...(revealed === undefined ? {} : { value: revealed }),
    });
    return;
  }
  console.log(
    [
      `${ctx.name} on ${ctx.target}`,
      'fields (fingerprints of their values):',
      renderFields(stored.check.fields),
      ...stored.check.problems.map((problem) => `problem: ${problem}`),
      ...stored.check.warnings.map((warning) => `warning: ${warning}`),
      `last changed: ${lastChanged ?? 'unknown'}`,
      ...(revealed === undefined ? [] : ['value:', `  ${revealed}`]),
    ].join('\n'),
  );
};
