import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../shared/adapters/kernel/file-secret-store.ts';
import { generateSigningSecret } from '../../../shared/ops/secrets/signing-secret-list.ts';
import { checkTenantSecrets } from '../../../shared/ops/tenant-secrets-check.ts';
import { parseTenantFileText } from '../../../shared/tenants/validate-tenant-file.ts';

const PREFIX = 'tsunagi/local';
const http = (route_id: string, signing_secret_name: string) => ({
  route_id,
  enabled: true,
  match: { provider: 'generic', event_type: '*' },
  destination: { type: 'http', url: 'http://127.0.0.1:1/hook', signing_secret_name },
});
const file = parseTenantFileText(
  JSON.stringify({
    tenants: [
      {
        tenant_id: 'newco',
        name: 'New Co',
        status: 'active',
        integrations: [
          { system: 'SLACK', credentials_secret_arn_or_name: `${PREFIX}/newco/integrations/slack` },
        ],
        routes: [
          http('good', `${PREFIX}/newco/routes/good`),
          http('missing', `${PREFIX}/newco/routes/missing`),
          http('custom', `${PREFIX}/newco/custom-name`),
          http('broken', `${PREFIX}/newco/routes/broken`),
        ],
      },
    ],
  }),
  { secretPrefix: PREFIX },
);

describe('Module: tenant-secrets-check (local secrets file)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tenant-secrets-check-'));
    path = join(dir, 'secrets.json');
    writeFileSync(
      path,
      JSON.stringify({
        [`${PREFIX}/newco/routes/good`]: JSON.stringify({
          signingSecrets: [generateSigningSecret('standard')],
        }),
        [`${PREFIX}/newco/routes/broken`]: 'not-a-standard-webhooks-secret',
        [`${PREFIX}/newco/integrations/slack`]: JSON.stringify({ client_id: 'c' }),
      }),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('warns about each missing or unusable route and integration secret, in file order', async () => {
    const result = await checkTenantSecrets(new FileSecretStore(path), file, PREFIX);
    expect(result.unchecked).toBeNull();
    expect(result.warnings.map((w) => [w.name, w.problem, w.conventional])).toEqual([
      [`${PREFIX}/newco/routes/missing`, 'missing', true],
      [`${PREFIX}/newco/custom-name`, 'missing', false],
      [`${PREFIX}/newco/routes/broken`, 'unusable', true],
      [`${PREFIX}/newco/integrations/slack`, 'unusable', true],
    ]);
    expect(result.warnings.at(-1)?.detail).toContain('client_secret: is required');
  });

  it('reports a store it cannot read as unchecked rather than failing', async () => {
    const result = await checkTenantSecrets(new FileSecretStore(join(dir, 'absent.json')), file, PREFIX);
    expect(result.unchecked).toMatch(/absent\.json/);
  });
});
