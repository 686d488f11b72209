import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { isInTenantNamespace, tenantSecretNamespace } from '../../shared/kernel/secret-names.ts';
import type { SecretStore } from '../../shared/kernel/secret-store.ts';
import { conventionalSecretName, type SecretTarget } from '../../shared/ops/secrets/secret-targets.ts';
import { defaultLocalSecretsFile, LOCAL_SECRET_PREFIX } from '../local/local-secrets.ts';
import { UsageError } from './cli.ts';
import { DEPLOYED_STAGES } from './target.ts';

/** Where `ops secrets` works: the secret's name and the store holding it (the local file, or a stage's). */
export interface Context {
  readonly name: string;
  readonly target: string;
  readonly local: boolean;
  /** `--local` or `--stage <s>`, for the commands a message suggests. */
  readonly where: string;
  readonly store: SecretStore;
}

export type Values = { readonly [K in string]?: string | boolean };

const shownPath = (file: string): string =>
  relative(process.cwd(), file).startsWith('..') ? file : `./${relative(process.cwd(), file)}`;

/** `--name`, checked against the tenant's namespace; the conventional name otherwise. */
const nameOf = (values: Values, prefix: string, tenant: string, target: SecretTarget): string => {
  const given = values.name as string | undefined;
  if (given === undefined) return conventionalSecretName(prefix, tenant, target);
  if (target.kind === 'webhook') {
    throw new UsageError('--name is for route and integration secrets; webhook secrets have fixed names');
  }
  if (!isInTenantNamespace(given, prefix, tenant)) {
    throw new UsageError(`--name: "${given}" is outside ${tenantSecretNamespace(prefix, tenant)}`);
  }
  return given;
};

/** The store and secret name that `--local` (with `--secrets-file`) or `--stage` (with `--region`) point at. */
export const openStore = async (values: Values, tenant: string, target: SecretTarget): Promise<Context> => {
  const { local, stage } = values;
  if (local && stage !== undefined)
    throw new UsageError('--local and --stage are mutually exclusive; give one');
  if (!local && stage === undefined) throw new UsageError('say where: --local or --stage <dev|stg|prod>');
  if (values['secrets-file'] !== undefined && !local)
    throw new UsageError('--secrets-file only goes with --local');
  if (local) {
    const file = (values['secrets-file'] as string | undefined) ?? defaultLocalSecretsFile();
    if (!existsSync(file)) {
      throw new UsageError(
        `no local secrets file at ${shownPath(file)}: start local mode first (npm start, with the same PORT or ` +
          'LOCAL_STATE_DIR), or name one with --secrets-file or LOCAL_SECRETS_FILE',
      );
    }
    const prefix = process.env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX;
    const { FileSecretStore } = await import('../../shared/adapters/kernel/file-secret-store.ts');
    return {
      name: nameOf(values, prefix, tenant, target),
      target: `local (${shownPath(file)})`,
      local: true,
      where: '--local',
      store: new FileSecretStore(file),
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
  const { SecretsManagerSecretStore } = await import(
    '../../shared/adapters/kernel/secrets-manager-secret-store.ts'
  );
  return {
    name: nameOf(values, secretPrefix, tenant, target),
    target: `stage ${String(stage)} (${region})`,
    local: false,
    where: `--stage ${String(stage)}`,
    // An operator acts on what is stored now: no cache.
    store: new SecretsManagerSecretStore(new SecretsManagerClient({ region, maxAttempts: 3 }), {
      cacheSeconds: 0,
    }),
  };
};
