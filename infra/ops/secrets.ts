import { readFileSync } from 'node:fs';
import {
  changeSigningSecrets,
  ROUTE_SECRET_FORMAT,
  type SigningSecretFormat,
  type SigningSecretRequest,
  showSigningSecrets,
  WEBHOOK_SECRET_FORMAT,
} from '../../shared/ops/secrets/manage-signing-secrets.ts';
import { assertRouteSecret } from '../../shared/ops/secrets/route-signing-secrets.ts';
import type { SecretTarget } from '../../shared/ops/secrets/secret-targets.ts';
import {
  describeChange,
  generateSigningSecret,
  normalizeSecretInput,
  renderSecretList,
  type SecretChange,
  SecretPlanError,
  summarize,
} from '../../shared/ops/secrets/signing-secret-list.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { CHANGE_OPTIONS, confirm, NotFoundError, parseCommand, printJson, UsageError } from './cli.ts';
import { parseSecretTarget } from './secrets-args.ts';
import { explain } from './secrets-errors.ts';
import { type Context, openStore, type Values } from './secrets-target.ts';
import { SECRETS_OPTIONS, SECRETS_USAGE, type SecretsAction, VALUE_OPTIONS } from './secrets-usage.ts';

/**
 * `ops secrets put|rotate|retire|show <tenant> [webhook] <provider> | route <route id> | integration <SYSTEM>`:
 * a tenant's webhook signing secrets, a route's delivery signing secrets, or a chat system's integration
 * credentials (secrets-integration.ts), in Secrets Manager (`--stage`) or the local secrets file (`--local`).
 * Values are never arguments, never logged, and printed only with --reveal; everything else shows counts and
 * fingerprints (first 8 hex of SHA-256).
 */

const GENERATED_NOTE = 'the new fingerprint is of a sample generated secret; the real run generates another';

/** Parsed `ops secrets <action>` arguments; null for --help. */
export interface ParsedSecretsArgs {
  readonly values: Values;
  readonly tenant: string;
  readonly target: SecretTarget;
}

const parse = (action: SecretsAction, args: string[]): ParsedSecretsArgs | null => {
  const options =
    action === 'show'
      ? { ...SECRETS_OPTIONS, yes: CHANGE_OPTIONS.yes }
      : action === 'retire'
        ? { ...SECRETS_OPTIONS, ...CHANGE_OPTIONS }
        : { ...SECRETS_OPTIONS, ...CHANGE_OPTIONS, ...VALUE_OPTIONS };
  const { values, positionals } = parseCommand(args, options);
  const all = values as Values;
  if (all.help) return null;
  const { tenant, target } = parseSecretTarget(positionals, SECRETS_USAGE[action]);
  if (all.reveal && !process.stdout.isTTY && !all.yes) {
    throw new UsageError(
      '--reveal prints secret values: only to a terminal, or add --yes to print them anyway',
    );
  }
  return { values: all, tenant, target };
};

/** Webhook providers and routes keep a list of signing secrets; the provider decides the format. */
const listProvider = (target: SecretTarget): ProviderId =>
  target.kind === 'webhook' ? target.provider : 'standard';

const newSecret = (values: Values, target: SecretTarget): string => {
  if (values['from-stdin'] && values.generate) throw new UsageError('give one of --from-stdin or --generate');
  const provider = listProvider(target);
  let secret: string;
  if (values.generate) secret = generateSigningSecret(provider);
  else if (values['from-stdin']) secret = normalizeSecretInput(provider, readFileSync(0, 'utf8'));
  else throw new UsageError('the new secret comes from --from-stdin or --generate (never from an argument)');
  return target.kind === 'route' ? assertRouteSecret(secret) : secret;
};

const formatOf = (target: SecretTarget): SigningSecretFormat =>
  target.kind === 'route' ? ROUTE_SECRET_FORMAT : WEBHOOK_SECRET_FORMAT;

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

const change = async (action: Exclude<SecretsAction, 'show'>, args: string[]): Promise<void> => {
  const parsed = parse(action, args);
  if (!parsed) return console.log(SECRETS_USAGE[action]);
  const { values, tenant, target } = parsed;
  if (target.kind === 'integration') {
    const { changeIntegration } = await import('./secrets-integration.ts');
    return changeIntegration(action, values, tenant, target);
  }
  const ctx = await openStore(values, tenant, target);
  // The new value first: a refused generation or bad input should fail before anything is read remotely.
  let secret: string | undefined;
  try {
    secret = action === 'retire' ? undefined : newSecret(values, target);
  } catch (error) {
    if (error instanceof SecretPlanError) throw new UsageError(error.message);
    throw error;
  }
  const request: SigningSecretRequest = action === 'retire' ? { action } : { action, secret: secret! };
  const dryRun = (values['dry-run'] as boolean | undefined) ?? false;
  let plan: SecretChange;
  try {
    ({ change: plan } = await changeSigningSecrets(ctx.store, ctx.name, request, {
      format: formatOf(target),
      dryRun,
      confirm: async (change) => {
        if (!values.json) console.error(`${renderChange(ctx, change, false)}\n`);
        await confirm({
          yes: (values.yes as boolean | undefined) ?? false,
          question: `${action[0]!.toUpperCase()}${action.slice(1)} ${ctx.name} on ${ctx.target}?`,
        });
      },
    }));
  } catch (error) {
    return explain(error);
  }
  printChange({ ctx, values, action, target, plan, secret, done: !dryRun });
};

interface ChangeOutcome {
  readonly ctx: Context;
  readonly values: Values;
  readonly action: Exclude<SecretsAction, 'show'>;
  readonly target: SecretTarget;
  readonly plan: SecretChange;
  readonly secret: string | undefined;
  readonly done: boolean;
}

const printChange = ({ ctx, values, action, target, plan, secret, done }: ChangeOutcome): void => {
  if (values.json) {
    printJson({
      target: ctx.target,
      name: ctx.name,
      dryRun: !done,
      applied: done,
      ...describeChange(plan),
      ...(values.generate && !done ? { note: GENERATED_NOTE } : {}),
      // A dry run's generated value is never stored: revealing it would only mislead.
      ...(values.reveal && secret !== undefined && done ? { secret } : {}),
    });
    return;
  }
  if (!done) {
    console.log(`${renderChange(ctx, plan, false)}${values.generate ? `\nnote: ${GENERATED_NOTE}` : ''}`);
    return;
  }
  console.log(renderChange(ctx, plan, true));
  if (values.reveal && secret !== undefined) console.log(`new current secret: ${secret}`);
  if (action !== 'retire') {
    const who = target.kind === 'route' ? 'the receiving server (it verifies with it)' : 'the sender';
    console.log(
      `next: configure ${who} with the new secret${values.reveal || secret === undefined ? '' : ' (print it with "secrets show --reveal")'}` +
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
  const { values, tenant, target } = parsed;
  if (target.kind === 'integration') {
    const { showIntegration } = await import('./secrets-integration.ts');
    return showIntegration(values, tenant, target);
  }
  const ctx = await openStore(values, tenant, target);
  const stored = await showSigningSecrets(ctx.store, ctx.name, formatOf(target));
  if (!stored)
    throw new NotFoundError(`no secret ${ctx.name} on ${ctx.target}; create it with "secrets put"`);
  const lastChanged = lastChangedOf(stored.lastChanged);
  if (values.json) {
    printJson({
      target: ctx.target,
      name: ctx.name,
      ...summarize(stored.secrets),
      lastChanged,
      ...(values.reveal ? { secrets: stored.secrets } : {}),
    });
    return;
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
