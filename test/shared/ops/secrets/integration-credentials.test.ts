import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkIntegrationCredentials } from '../../../../shared/ops/secrets/integration-credentials.ts';
import { fingerprint } from '../../../../shared/ops/secrets/signing-secret-list.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

describe('Module: integration-credentials', () => {
  it('accepts Slack credentials the sync can use, warning when chat routes have no token yet', () => {
    const value = JSON.stringify({ client_id: 'c', client_secret: 's3cret', refresh_token: 'r' });
    const check = checkIntegrationCredentials('SLACK', value);
    expect(check.problems).toEqual([]);
    expect(check.warnings).toEqual([expect.stringContaining('no bot_token')]);
    expect(check.fields).toContainEqual({ name: 'client_secret', fingerprint: fingerprint('s3cret') });
    const withBot = checkIntegrationCredentials(
      'SLACK',
      JSON.stringify({ ...JSON.parse(value), bot_token: 'x' }),
    );
    expect(withBot.warnings).toEqual([]);
  });

  it('names missing and empty fields, never their values', () => {
    const check = checkIntegrationCredentials(
      'TEAMS',
      JSON.stringify({ tenant_id: 't', client_id: 'hidden-value', client_secret: '' }),
    );
    expect(check.problems).toEqual(['client_secret: must be a non-empty string']);
    expect(JSON.stringify(check)).not.toContain('hidden-value');
    expect(checkIntegrationCredentials('SLACK', '{}').problems).toContain('refresh_token: is required');
  });

  it('refuses what is not a JSON object', () => {
    expect(checkIntegrationCredentials('SLACK', 'xoxb-123').problems).toEqual([
      expect.stringContaining('not JSON'),
    ]);
    expect(checkIntegrationCredentials('SLACK', '[1]').problems).toEqual([
      expect.stringContaining('JSON object'),
    ]);
  });

  it('refuses a LINE WORKS key that cannot sign the service-account assertion, accepts one that can', () => {
    const base = { client_id: 'c', client_secret: 's', service_account: 'sa@example' };
    const bad = checkIntegrationCredentials(
      'LINE_WORKS',
      JSON.stringify({ ...base, private_key: 'not a key' }),
    );
    expect(bad.problems).toEqual([expect.stringContaining('private_key')]);
    const good = checkIntegrationCredentials('LINE_WORKS', JSON.stringify({ ...base, private_key: pem }));
    expect(good.problems).toEqual([]);
  });
});
