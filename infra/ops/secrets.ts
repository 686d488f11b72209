import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  describeChange,
  generateSigningSecret,
  normalizeSecretInput,
  planPut,
  planRetire,
  planRotate,
  renderSecretList,
  type SecretChange,
  SecretPlanError,
  summarize,
} from '../../shared/ops/secrets/signing-secret-list.ts';
import {
  type OpsSecretStore,
  SecretExistsError,
  SecretMissingError,
} from '../../shared/ops/secrets/store.ts';
import {
  isProviderId,
  isTenantId,
  PROVIDER_IDS,
  type ProviderId,
} from '../../shared/webhooks/provider-ids.ts';
import { signingSecretName } from '../../shared/webhooks/signing-secrets.ts';
import { defaultLocalSecretsFile, LOCAL_SECRET_PREFIX } from '../local/local-secrets.ts';
import { CHANGE_OPTIONS, confirm, NotFoundError, parseCommand, printJson, UsageError } from './cli.ts';
import { SECRETS_OPTIONS, SECRETS_USAGE, type SecretsAction, VALUE_OPTIONS } from './secrets-usage.ts';
import { DEPLOYED_STAGES } from './target.ts';

/**
 * `ops secrets put|rotate|retire|show <tenant> <provider>`: a tenant × provider's webhook signing secrets in
 * Secrets Manager (`--stage`) or the local secrets file (`--local`). Values are never arguments, never logged,
 * and printed only with --reveal; everything else shows counts and fingerprints (first 8 hex of SHA-256).
 */

const GENERATED_NOTE = 'the new fingerprint is of a sample generated secret; the real run generates another';

interface Context {
  readonly name: string;
  readonly provider: ProviderId;
  readonly target: string;
  readonly store: OpsSecretStore;
}

type Values = { readonly [K in string]?: string | boolean };

const openStore = async (values: Values, tenant: string, provider: ProviderId): Promise<Context> => {
  const { local, stage } = values;
  if (local && stage !== undefined)
    throw new UsageError('--local and --stage are mutually exclusive; give one');
  if (!local && stage === undefined) throw new UsageError('say where: --local or --stage <dev|stg|prod>');
  if (values['secrets-file'] !== undefined && !local)
    throw new UsageError('--secrets-file only goes with --local');
  if (local) {
    const file = (values['secrets-file'] as string | undefined) ?? defaultLocalSecretsFile();
    const prefix = process.env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX;
    const { FileOpsSecretStore } = await import('../../shared/adapters/ops/file-ops-secret-store.ts');
    const shown = relative(process.cwd(), file).startsWith('..')
      ? file
      : `./${relative(process.cwd(), file)}`;
    return {
      name: signingSecretName(prefix, tenant, provider),
      provider,
      target: `local (${shown})`,
      store: new FileOpsSecretStore(file),
    };
  }
  if (!(DEPLOYED_STAGES as readonly string[]).includes(stage as string)) {
    throw new UsageError(`unknown stage "${String(stage)}"; one of ${DEPLOYED_STAGES.join(', ')}`);
  }
  const region =
    (values.region as string | undefined) ??
    process.env.AWS_REGION ??
    process.env.AWS_DEFAULT_REGION ??
    'ap-northeast-1';
  // The stage config is the one place the prefix is set (it loads the CDK library, hence only here).
  const { getStageConfig } = await import('../config/stages.ts');
  const { secretPrefix } = getStageConfig(stage as string);
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { SecretsManagerOpsSecretStore } = await import(
    '../../shared/adapters/ops/secrets-manager-ops-secret-store.ts'
  );
  return {
    name: signingSecretName(secretPrefix, tenant, provider),
    provider,
    target: `stage ${String(stage)} (${region})`,
    store: new SecretsManagerOpsSecretStore(
      new SecretsManagerClient({ region, maxAttempts: 3 }),
      `Secrets Manager (${region})`,
    ),
  };
};

const parse = (action: SecretsAction, args: string[]) => {
  const options =
    action === 'show'
      ? { ...SECRETS_OPTIONS, yes: CHANGE_OPTIONS.yes }
      : action === 'retire'
        ? { ...SECRETS_OPTIONS, ...CHANGE_OPTIONS }
        : { ...SECRETS_OPTIONS, ...CHANGE_OPTIONS, ...VALUE_OPTIONS };
  const { values, positionals } = parseCommand(args, options);
  const all = values as Values;
  if (all.help) return null;
  const [tenant, provider, ...extra] = positionals;
  if (!tenant || !provider || extra.length > 0) {
    throw new UsageError(`expected <tenant> <provider>\n\n${SECRETS_USAGE[action]}`);
  }
  if (!isTenantId(tenant)) throw new UsageError(`"${tenant}" is not a tenant id ([a-z0-9][a-z0-9-]{0,62})`);
  if (!isProviderId(provider)) {
    throw new UsageError(`unknown provider "${provider}"; one of ${PROVIDER_IDS.join(', ')}`);
  }
  if (all.reveal && !process.stdout.isTTY && !all.yes) {
    throw new UsageError(
      '--reveal prints secret values: only to a terminal, or add --yes to print them anyway',
    );
  }
  return { values: all, tenant, provider };
};

const newSecret = (values: Values, provider: ProviderId): string => {
  if (values['from-stdin'] && values.generate) throw new UsageError('give one of --from-stdin or --generate');
  if (values.generate) return generateSigningSecret(provider);
  if (values['from-stdin']) return normalizeSecretInput(provider, readFileSync(0, 'utf8'));
  throw new UsageError('the new secret comes from --from-stdin or --generate (never from an argument)');
};

const lastChangedOf = (date: Date | null) => (date ? date.toISOString() : null);

const renderChange = (ctx: Context, change: SecretChange, done: boolean): string => {
  const verb = { put: 'create', rotate: 'rotate', retire: 'retire the previous secrets of' }[change.action];
  const lines = [
    `${done ? 'Done' : 'Would'}: ${verb} ${ctx.name} on ${ctx.target}`,
    `before (${change.before.length}):`,
    renderSecretList(change.before),
    `after (${change.after.length}):`,
    renderSecretList(change.after),
  ];
  if (change.dropped.length > 0) lines.push(`no longer valid: ${describeChange(change).dropped.join(', ')}`);
  for (const warning of change.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
};

/** Store errors become plan errors the operator can act on; everything else stays as it is. */
const explain = (error: unknown): never => {
  if (error instanceof SecretPlanError) throw new Error(error.message, { cause: error });
  if (error instanceof SecretExistsError) {
    throw new Error(`${error.message} (changed meanwhile?); use "secrets rotate"`, { cause: error });
  }
  if (error instanceof SecretMissingError) {
    throw new Error(`${error.message} (deleted meanwhile?); use "secrets put"`, { cause: error });
  }
  throw error;
};

const change = async (action: Exclude<SecretsAction, 'show'>, args: string[]): Promise<void> => {
  const parsed = parse(action, args);
  if (!parsed) return console.log(SECRETS_USAGE[action]);
  const { values, tenant, provider } = parsed;
  const ctx = await openStore(values, tenant, provider);
  // The new value first: a refused generation or bad input should fail before anything is read remotely.
  let secret: string | undefined;
  try {
    secret = action === 'retire' ? undefined : newSecret(values, provider);
  } catch (error) {
    if (error instanceof SecretPlanError) throw new UsageError(error.message);
    throw error;
  }
  const current = await ctx.store.read(ctx.name);
  let plan: SecretChange;
  try {
    const existing = current?.secrets ?? null;
    plan =
      action === 'put'
        ? planPut(existing, secret!)
        : action === 'rotate'
          ? planRotate(existing, secret!)
          : planRetire(existing);
  } catch (error) {
    return explain(error);
  }
  const report = (done: boolean) => ({
    target: ctx.target,
    name: ctx.name,
    dryRun: !done,
    applied: done,
    ...describeChange(plan),
    ...(values.generate && !done ? { note: GENERATED_NOTE } : {}),
    // A dry run's generated value is never stored: revealing it would only mislead.
    ...(values.reveal && secret !== undefined && done ? { secret } : {}),
  });
  if (values['dry-run']) {
    if (values.json) printJson(report(false));
    else
      console.log(`${renderChange(ctx, plan, false)}${values.generate ? `\nnote: ${GENERATED_NOTE}` : ''}`);
    return;
  }
  if (!values.json) console.error(`${renderChange(ctx, plan, false)}\n`);
  await confirm({
    yes: (values.yes as boolean | undefined) ?? false,
    question: `${action[0]!.toUpperCase()}${action.slice(1)} ${ctx.name} on ${ctx.target}?`,
  });
  try {
    if (action === 'put') await ctx.store.create(ctx.name, plan.after);
    else await ctx.store.update(ctx.name, plan.after);
  } catch (error) {
    explain(error);
  }
  if (values.json) return printJson(report(true));
  console.log(renderChange(ctx, plan, true));
  if (values.reveal && secret !== undefined) console.log(`new current secret: ${secret}`);
  if (action !== 'retire') {
    console.log(
      `next: configure the sender with the new secret${values.reveal || secret === undefined ? '' : ' (print it with "secrets show --reveal")'}` +
        `${action === 'rotate' ? ', then "secrets retire"' : ''}`,
    );
  }
};

export const secretsPut = (args: string[]): Promise<void> => change('put', args);
export const secretsRotate = (args: string[]): Promise<void> => change('rotate', args);
export const secretsRetire = (args: string[]): Promise<void> => change('retire', args);

export const secretsShow = async (args: string[]): Promise<void> => {
  const parsed = parse('show', args);
  if (!parsed) return console.log(SECRETS_USAGE.show);
  const { values, tenant, provider } = parsed;
  const ctx = await openStore(values, tenant, provider);
  const stored = await ctx.store.read(ctx.name);
  if (!stored)
    throw new NotFoundError(`no secret ${ctx.name} on ${ctx.target}; create it with "secrets put"`);
  const lastChanged = lastChangedOf(stored.lastChanged);
  if (values.json) {
    return printJson({
      target: ctx.target,
      name: ctx.name,
      ...summarize(stored.secrets),
      lastChanged,
      ...(values.reveal ? { secrets: stored.secrets } : {}),
    });
  }
  console.log(
    [
      `${ctx.name} on ${ctx.target}`,
      `secrets: ${stored.secrets.length}${stored.secrets.length > 1 ? ' (rotation in progress: retire once the sender uses the current one)' : ''}`,
      renderSecretList(stored.secrets),
      `last changed: ${lastChanged ?? 'unknown'}`,
      ...(values.reveal ? ['values (current first):', ...stored.secrets.map((s) => `  ${s}`)] : []),
    ].join('\n'),
  );
};
