import { existsSync } from 'node:fs';
import type { SecretStore } from '../../shared/kernel/secret-store.ts';
import { targetWords } from '../../shared/ops/secrets/secret-targets.ts';
import type { SecretCheckResult, SecretWarning } from '../../shared/ops/tenant-secrets-check.ts';
import { defaultLocalSecretsFile } from '../local/local-secrets.ts';
import type { Target } from './target.ts';

/**
 * `tenants apply` looks up the secrets a tenant file names where the target keeps them (the local instance's
 * secrets file, or the stage's Secrets Manager) and warns about missing or unusable ones, with the command
 * that creates each. Nothing here refuses the apply.
 */

/** The target's secret store for reading (local mode without a secrets file yet: one that says so). */
export const secretStoreOf = async (target: Target): Promise<Pick<SecretStore, 'read'>> => {
  if (target.stage === 'local') {
    const file = defaultLocalSecretsFile();
    if (!existsSync(file)) {
      return {
        read: () =>
          Promise.reject(
            new Error(`no local secrets file at ${file} (is local mode started with this PORT?)`),
          ),
      };
    }
    const { FileSecretStore } = await import('../../shared/adapters/kernel/file-secret-store.ts');
    return new FileSecretStore(file);
  }
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { SecretsManagerSecretStore } = await import(
    '../../shared/adapters/kernel/secrets-manager-secret-store.ts'
  );
  return new SecretsManagerSecretStore(new SecretsManagerClient({ region: target.region, maxAttempts: 3 }), {
    cacheSeconds: 0,
  });
};

const fixOf = (warning: SecretWarning, where: string): string => {
  const words = targetWords(warning.target);
  const name = warning.conventional ? '' : ` --name ${warning.name}`;
  const verb = warning.problem === 'missing' ? 'put' : 'rotate';
  const value = warning.target.kind === 'route' ? '--generate' : '< creds.json';
  return `npm run ops -- secrets ${verb} ${warning.tenantId} ${words}${name} ${value} ${where} --yes`;
};

/** One line per warning, each with the command that fixes it. */
export const renderSecretWarnings = (check: SecretCheckResult | undefined, where: string): string[] => {
  if (check === undefined) return [];
  const lines = check.warnings.map(
    (warning) =>
      `warning: ${targetWords(warning.target)} of ${warning.tenantId}: secret ${warning.name} ${warning.detail}; ` +
      `until it is fixed its ${warning.target.kind === 'route' ? 'deliveries fail' : 'sync and chat routes fail'}. ` +
      `Fix: ${fixOf(warning, where)}`,
  );
  if (check.unchecked !== null)
    lines.push(`warning: the secrets the file names were not checked: ${check.unchecked}`);
  return lines;
};
