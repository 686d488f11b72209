import { relative } from 'node:path';
import type { SecretStore } from '../../shared/kernel/secret-store.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { signingSecretName } from '../../shared/webhooks/signing-secrets.ts';
import { defaultLocalSecretsFile, LOCAL_SECRET_PREFIX } from '../local/local-secrets.ts';
import { UsageError } from './cli.ts';
import { DEPLOYED_STAGES } from './target.ts';

/** Where `ops secrets` works: the secret's name and the store holding it (the local file, or a stage's). */
export interface Context {
  readonly name: string;
  readonly provider: ProviderId;
  readonly target: string;
  readonly store: SecretStore;
}

export type Values = { readonly [K in string]?: string | boolean };

/** The store and secret name that `--local` (with `--secrets-file`) or `--stage` (with `--region`) point at. */
export const openStore = async (values: Values, tenant: string, provider: ProviderId): Promise<Context> => {
  const { local, stage } = values;
  if (local && stage !== undefined)
    throw new UsageError('--local and --stage are mutually exclusive; give one');
  if (!local && stage === undefined) throw new UsageError('say where: --local or --stage <dev|stg|prod>');
  if (values['secrets-file'] !== undefined && !local)
    throw new UsageError('--secrets-file only goes with --local');
  if (local) {
    const file = (values['secrets-file'] as string | undefined) ?? defaultLocalSecretsFile();
    const prefix = process.env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX;
    const { FileSecretStore } = await import('../../shared/adapters/kernel/file-secret-store.ts');
    const shown = relative(process.cwd(), file).startsWith('..')
      ? file
      : `./${relative(process.cwd(), file)}`;
    return {
      name: signingSecretName(prefix, tenant, provider),
      provider,
      target: `local (${shown})`,
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
    name: signingSecretName(secretPrefix, tenant, provider),
    provider,
    target: `stage ${String(stage)} (${region})`,
    // An operator acts on what is stored now: no cache.
    store: new SecretsManagerSecretStore(new SecretsManagerClient({ region, maxAttempts: 3 }), {
      cacheSeconds: 0,
    }),
  };
};
