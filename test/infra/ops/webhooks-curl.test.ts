import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SECRETS_FILE, LocalSecrets } from '../../../infra/local/local-secrets.ts';
import { getScheme } from '../../../shared/webhooks/registry.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const ops = (...args: string[]) =>
  spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'infra/ops/main.ts'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', LOCAL_SECRETS_FILE: DEMO_SECRETS_FILE },
  });

describe('CLI: ops webhooks curl', () => {
  it('prints a request that the provider scheme verifies with the tenant secret', () => {
    // Act
    const result = ops(
      'webhooks',
      'curl',
      'stripe',
      'acme',
      '--json',
      '--base-url',
      'https://hooks.example.com',
    );

    // Assess
    expect(result.status).toBe(0);
    const request = JSON.parse(result.stdout) as {
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(request.url).toBe('https://hooks.example.com/webhooks/stripe/acme');
    const secrets = LocalSecrets.load(DEMO_SECRETS_FILE).secretsFor('acme', 'stripe');
    expect(() =>
      getScheme('stripe').verify(
        {
          body: Buffer.from(request.body),
          headers: request.headers,
          rawQueryString: '',
          publicUrl: request.url,
          nowSeconds: Math.floor(Date.now() / 1000),
        },
        secrets,
      ),
    ).not.toThrow();
  });

  it('exits 2 with a clear message for a bad tenant id or an unknown command', () => {
    // Act
    const badTenant = ops('webhooks', 'curl', 'stripe', 'ACME');
    const unknown = ops('nope');

    // Assess
    expect(badTenant.status).toBe(2);
    expect(badTenant.stderr).toContain('"ACME" is not a tenant id');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
  });

  it('prints usage with --help', () => {
    expect(ops('--help').stdout).toContain('webhooks curl <provider> <tenantId>');
  });
});
