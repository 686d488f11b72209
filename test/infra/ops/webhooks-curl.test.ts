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

  it('gives a generic event a type (default ops.test, or --event-type) that the scheme reads', () => {
    const [byDefault, given] = [
      ops('webhooks', 'curl', 'generic', 'acme', '--json'),
      ops('webhooks', 'curl', 'generic', 'acme', '--json', '--event-type', 'order.created'),
    ];
    for (const [result, type] of [
      [byDefault, 'ops.test'],
      [given, 'order.created'],
    ] as const) {
      expect(result.status, result.stderr).toBe(0);
      const request = JSON.parse(result.stdout) as { headers: Record<string, string>; body: string };
      const facts = getScheme('generic').interpret({
        body: Buffer.from(request.body),
        headers: request.headers,
        rawQueryString: '',
        publicUrl: 'http://127.0.0.1/webhooks/generic/acme',
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      expect(facts).toMatchObject({ eventType: type });
    }
  });

  it('prints a group’s commands for "ops <group> --help"', () => {
    for (const group of ['webhooks', 'sync', 'dlq', 'tenants']) {
      const result = ops(group, '--help');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Usage: npm run ops -- ${group} <command>`);
      expect(result.stdout).toMatch(new RegExp(`\\n  ${group} \\w+`));
    }
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
