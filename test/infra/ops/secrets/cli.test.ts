import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SECRETS_FILE, LocalSecrets } from '../../../../infra/local/local-secrets.ts';
import { fingerprint } from '../../../../shared/ops/secrets/signing-secret-list.ts';
import { type OpsResult, runOps } from '../run-ops.ts';

const dir = mkdtempSync(join(tmpdir(), 'ops-secrets-cli-'));
const file = join(dir, 'secrets.json');
const env = { LOCAL_SECRETS_FILE: file };
const secretsOf = (tenant: string, provider: 'generic' | 'stripe' | 'standard') =>
  LocalSecrets.load(file).secretsFor(tenant, provider);

/** Like runOps, with something written to standard input (a pipe, not a terminal). */
const runOpsWithInput = (args: readonly string[], input: string): Promise<OpsResult> =>
  runOps(args, env, input);

/** Every secret in the file; none may ever appear in output without --reveal. */
const allValues = (): string[] => {
  const secrets = LocalSecrets.load(file);
  return secrets
    .tenants()
    .flatMap((t) =>
      (['generic', 'stripe', 'standard'] as const).flatMap((p) => [...secrets.secretsFor(t, p)]),
    );
};
const expectNoSecrets = (result: OpsResult) => {
  for (const value of allValues()) {
    expect(result.stdout).not.toContain(value);
    expect(result.stderr).not.toContain(value);
  }
};

describe('npm run ops -- secrets', () => {
  beforeEach(() => copyFileSync(DEMO_SECRETS_FILE, file));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the commands in the top-level help and prints each command’s help', async () => {
    const [top, rotate] = await Promise.all([runOps(['--help']), runOps(['secrets', 'rotate', '--help'])]);
    expect(top.stdout).toContain('secrets rotate <tenant> <target>');
    expect(rotate.status).toBe(0);
    expect(rotate.stdout).toMatch(/--from-stdin[\s\S]*--generate[\s\S]*--dry-run[\s\S]*--yes/);
  });

  it('shows fingerprints and counts only, as JSON', async () => {
    const result = await runOps(['secrets', 'show', 'acme', 'generic', '--local', '--json'], env);
    expect(result.status, result.stderr).toBe(0);
    const shown = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({
      name: 'tsunagi/local/acme/webhooks/generic',
      count: 2,
      fingerprints: secretsOf('acme', 'generic').map(fingerprint),
    });
    expect(shown.lastChanged).toMatch(/^\d{4}-\d\d-\d\dT/);
    expectNoSecrets(result);
  });

  it('refuses to change without --yes when nobody can confirm (exit 3), and changes nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const result = await runOps(['secrets', 'rotate', 'acme', 'generic', '--local', '--generate'], env);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('--yes');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expectNoSecrets(result);
  });

  it('dry-runs with counts and fingerprints, writing nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const result = await runOps(
      ['secrets', 'retire', 'acme', 'generic', '--local', '--dry-run', '--json'],
      env,
    );
    expect(result.status, result.stderr).toBe(0);
    const [current, previous] = secretsOf('acme', 'generic');
    expect(JSON.parse(result.stdout)).toMatchObject({
      dryRun: true,
      applied: false,
      after: { count: 1, fingerprints: [fingerprint(current!)] },
      dropped: [fingerprint(previous!)],
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('puts a secret from stdin, never printing it; refuses a second put, suggesting rotate', async () => {
    const value = 'whsec_cli_test_value_0123456789';
    const put = await runOpsWithInput(
      ['secrets', 'put', 'newco', 'stripe', '--local', '--from-stdin', '--yes'],
      `${value}\n`,
    );
    expect(put.status, put.stderr).toBe(0);
    expect(secretsOf('newco', 'stripe')).toEqual([value]);
    expect(put.stdout + put.stderr).not.toContain(value);
    expect(put.stdout).toContain(fingerprint(value));
    const again = await runOpsWithInput(
      ['secrets', 'put', 'newco', 'stripe', '--local', '--from-stdin', '--yes'],
      'whsec_other\n',
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('secrets rotate');
  });

  it('rotates with a generated secret, capping the list at 3 with a warning', async () => {
    const r1 = await runOps(['secrets', 'rotate', 'acme', 'standard', '--local', '--generate', '--yes'], env);
    expect(r1.status, r1.stderr).toBe(0);
    const r2 = await runOps(['secrets', 'rotate', 'acme', 'standard', '--local', '--generate', '--yes'], env);
    expect(r2.status, r2.stderr).toBe(0);
    expect(r2.stdout).toContain('warning: at most 3');
    const list = secretsOf('acme', 'standard');
    expect(list).toHaveLength(3);
    expect(list[0]).toMatch(/^whsec_/);
    expectNoSecrets(r1);
    expectNoSecrets(r2);
  });

  it('refuses generation for stripe and a value given as an argument (exit 2)', async () => {
    const [stripe, argument] = await Promise.all([
      runOps(['secrets', 'rotate', 'acme', 'stripe', '--local', '--generate', '--yes'], env),
      runOps(['secrets', 'put', 'newco', 'generic', 'whsec_value', '--local', '--yes'], env),
    ]);
    expect(stripe.status).toBe(2);
    expect(stripe.stderr).toContain('--from-stdin');
    expect(argument.status).toBe(2);
  });

  it('refuses to retire when only one secret is listed', async () => {
    const result = await runOps(['secrets', 'retire', 'globex', 'generic', '--local', '--yes'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nothing to retire');
  });

  it('reveals values only with --reveal, and without a terminal only with --yes', async () => {
    const [refused, revealed] = await Promise.all([
      runOps(['secrets', 'show', 'acme', 'generic', '--local', '--reveal'], env),
      runOps(['secrets', 'show', 'acme', 'generic', '--local', '--reveal', '--yes', '--json'], env),
    ]);
    expect(refused.status).toBe(2);
    expectNoSecrets(refused);
    expect(revealed.status, revealed.stderr).toBe(0);
    expect(JSON.parse(revealed.stdout).secrets).toEqual(secretsOf('acme', 'generic'));
  });

  it('asks for a target and refuses unknown stages, tenants and providers (exit 2)', async () => {
    const results = await Promise.all([
      runOps(['secrets', 'show', 'acme', 'generic'], env),
      runOps(['secrets', 'show', 'acme', 'generic', '--stage', 'qa'], env),
      runOps(['secrets', 'show', 'ACME', 'generic', '--local'], env),
      runOps(['secrets', 'show', 'acme', 'paypal', '--local'], env),
    ]);
    expect(results.map((r) => r.status)).toEqual([2, 2, 2, 2]);
  });
});
