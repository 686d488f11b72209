import { describe, expect, it } from 'vitest';
import { TenantFileValidationError } from '../../../shared/tenants/errors.ts';
import { parseTenantFileText, validateTenantFileFor } from '../../../shared/tenants/validate-tenant-file.ts';

/** Two tenants, `acme` and `acme-b` (whose id begins with acme's), each naming the other's secrets. */
const crossed = () => ({
  tenants: [
    {
      tenant_id: 'acme',
      name: 'Acme',
      status: 'active',
      integrations: [
        { system: 'SLACK', credentials_secret_arn_or_name: 'tsunagi/stg/acme-b/integrations/slack' },
      ],
      routes: [
        {
          route_id: 'to-backend',
          match: { provider: 'generic', event_type: '*' },
          destination: {
            type: 'http',
            url: 'https://acme.example/hooks',
            signing_secret_name: 'tsunagi/stg/acme-b/routes/to-backend',
          },
        },
      ],
    },
    {
      tenant_id: 'acme-b',
      name: 'Acme B',
      status: 'active',
      routes: [
        {
          route_id: 'to-backend',
          match: { provider: 'generic', event_type: '*' },
          destination: {
            type: 'http',
            url: 'https://b.example/hooks',
            signing_secret_name: 'tsunagi/stg/acme/routes/to-backend',
          },
        },
        {
          route_id: 'own',
          match: { provider: 'generic', event_type: '*' },
          destination: {
            type: 'http',
            url: 'https://b.example/own',
            signing_secret_name: 'tsunagi/stg/acme-b/routes/own',
          },
        },
      ],
    },
  ],
});

describe('Function: validateTenantFileFor (secret namespace)', () => {
  it("reports every reference to another tenant's secrets, whole segments compared", () => {
    // Act
    const result = validateTenantFileFor(crossed(), { secretPrefix: 'tsunagi/stg' });

    // Assess
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((issue) => issue.path)).toEqual([
      'tenants[0].integrations[0].credentials_secret_arn_or_name',
      'tenants[0].routes[0].destination.signing_secret_name',
      'tenants[1].routes[0].destination.signing_secret_name',
    ]);
    expect(issues[1]!.message).toMatch(
      /outside tsunagi\/stg\/acme\/.*tsunagi\/stg\/acme\/routes\/to-backend/,
    );
    expect(issues[2]!.message).toMatch(/outside tsunagi\/stg\/acme-b\//);
  });

  it('accepts the same file for no target, and a file whose secrets are its own', () => {
    // Prepare
    const own = crossed();
    own.tenants[0]!.integrations![0]!.credentials_secret_arn_or_name = 'tsunagi/stg/acme/integrations/slack';
    own.tenants[0]!.routes[0]!.destination.signing_secret_name = 'tsunagi/stg/acme/routes/to-backend';
    own.tenants[1]!.routes[0]!.destination.signing_secret_name =
      'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:tsunagi/stg/acme-b/routes/to-backend-AbCdEf';

    // Act / Assess
    expect(validateTenantFileFor(crossed(), {}).ok).toBe(true);
    expect(validateTenantFileFor(own, { secretPrefix: 'tsunagi/stg' }).ok).toBe(true);
  });

  it('lists namespace problems together with the rest of the file', () => {
    // Prepare
    const file = crossed();
    (file.tenants[1] as { name: string }).name = '';

    // Act
    let error: unknown;
    try {
      parseTenantFileText(JSON.stringify(file), { secretPrefix: 'tsunagi/stg' });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(TenantFileValidationError);
    const paths = (error as TenantFileValidationError).issues.map((issue) => issue.path);
    expect(paths).toContain('tenants[1].name');
    expect(paths).toHaveLength(4);
  });

  it('refuses the stage prefix of another stage', () => {
    const result = validateTenantFileFor(crossed(), { secretPrefix: 'tsunagi/prod' });
    expect(result.ok ? 0 : result.issues.length).toBe(4);
  });
});
