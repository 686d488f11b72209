import { describe, expect, it } from 'vitest';
import { TenantFileValidationError } from '../../../shared/tenants/errors.ts';
import {
  formatIssuePath,
  parseTenantFile,
  parseTenantFileText,
  validateTenantFile,
} from '../../../shared/tenants/validate-tenant-file.ts';
import { type RawTenantFile, validTenantFile } from './tenant-file-fixture.ts';

type Raw = RawTenantFile;

const issuesOf = (input: unknown) => {
  const result = validateTenantFile(input);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.issues;
};

const route = (file: Raw, t: number, r: number) => file.tenants[t].routes[r];

describe('Function: validateTenantFile', () => {
  it('accepts a valid file and fills the defaults', () => {
    // Act
    const file = parseTenantFile(validTenantFile());

    // Assess
    expect(file.tenants.map((t) => t.tenant_id)).toEqual(['acme', 'beta-co']);
    expect(file.tenants[1]!.routes[0]!.enabled).toBe(true);
    expect(file.tenants[0]!.integrations[1]!.settings).toEqual({});
  });

  it.each<[string, (file: Raw) => void, string, string]>([
    [
      'a non-https url',
      (f) => {
        route(f, 0, 0).destination.url = 'http://billing.acme.example/hook';
      },
      'tenants[0].routes[0].destination.url',
      'must be https',
    ],
    [
      'an ftp url',
      (f) => {
        route(f, 0, 0).destination.url = 'ftp://billing.acme.example/';
      },
      'tenants[0].routes[0].destination.url',
      'must be https',
    ],
    [
      'a relative url',
      (f) => {
        route(f, 0, 0).destination.url = '/hook';
      },
      'tenants[0].routes[0].destination.url',
      'must be an absolute https URL',
    ],
    [
      'a url with credentials',
      (f) => {
        route(f, 0, 0).destination.url = 'https://u:p@acme.example/';
      },
      'tenants[0].routes[0].destination.url',
      'must not embed credentials',
    ],
    [
      'an upper-case tenant id',
      (f) => {
        f.tenants[0].tenant_id = 'Acme';
      },
      'tenants[0].tenant_id',
      'must be a lower-case tenant id',
    ],
    [
      'a tenant id with a slash',
      (f) => {
        f.tenants[0].tenant_id = 'acme/../other';
      },
      'tenants[0].tenant_id',
      'must be a lower-case tenant id',
    ],
    [
      'a missing name',
      (f) => {
        delete f.tenants[0].name;
      },
      'tenants[0].name',
      'is required',
    ],
    [
      'an unknown status',
      (f) => {
        f.tenants[0].status = 'paused';
      },
      'tenants[0].status',
      'must be one of "active", "suspended"',
    ],
    [
      'a misspelt field',
      (f) => {
        route(f, 0, 1).enabeld = false;
      },
      'tenants[0].routes[1]',
      'has unknown field "enabeld"',
    ],
    [
      'an unknown provider',
      (f) => {
        route(f, 0, 0).match.provider = 'paypal';
      },
      'tenants[0].routes[0].match.provider',
      'must be one of "generic"',
    ],
    [
      'an empty event type',
      (f) => {
        route(f, 0, 0).match.event_type = '';
      },
      'tenants[0].routes[0].match.event_type',
      'must not be empty',
    ],
    [
      'an event type with spaces',
      (f) => {
        route(f, 0, 0).match.event_type = 'payment intent';
      },
      'tenants[0].routes[0].match.event_type',
      'must not contain whitespace',
    ],
    [
      'an unknown destination type',
      (f) => {
        route(f, 0, 0).destination.type = 'sms';
      },
      'tenants[0].routes[0].destination.type',
      'must be one of "http", "email", "chat"',
    ],
    [
      'a route id with a colon',
      (f) => {
        route(f, 0, 0).route_id = 'a:b';
      },
      'tenants[0].routes[0].route_id',
      'must be 1-64 of a-z 0-9 _ -',
    ],
    [
      'a fractional timeout',
      (f) => {
        route(f, 0, 0).destination.timeout_ms = 1.5;
      },
      'tenants[0].routes[0].destination.timeout_ms',
      'must be a whole number',
    ],
    [
      'a timeout below 100 ms',
      (f) => {
        route(f, 0, 0).destination.timeout_ms = 10;
      },
      'tenants[0].routes[0].destination.timeout_ms',
      'must be at least 100',
    ],
    [
      'a zero rate limit',
      (f) => {
        route(f, 0, 0).destination.rate_limit_per_second = 0;
      },
      'tenants[0].routes[0].destination.rate_limit_per_second',
      'must be greater than 0',
    ],
    [
      'a reserved header',
      (f) => {
        route(f, 0, 0).destination.headers = { Authorization: 'x' };
      },
      'tenants[0].routes[0].destination.headers.Authorization',
      'is set by the platform',
    ],
    [
      'a webhook-signature header',
      (f) => {
        route(f, 0, 0).destination.headers = { 'Webhook-Signature': 'x' };
      },
      'tenants[0].routes[0].destination.headers["Webhook-Signature"]',
      'is set by the platform',
    ],
    [
      'a header value that is a token',
      (f) => {
        route(f, 0, 0).destination.headers = { 'X-Key': 'sk_live_51H8abcdefghijkl' };
      },
      'tenants[0].routes[0].destination.headers["X-Key"]',
      'looks like a secret value',
    ],
    [
      'a bad header name',
      (f) => {
        route(f, 0, 0).destination.headers = { 'X Key': 'v' };
      },
      'tenants[0].routes[0].destination.headers["X Key"]',
      'is not a valid HTTP header name',
    ],
    [
      'a bad recipient',
      (f) => {
        route(f, 0, 1).destination.to = ['billing@acme.example', 'nobody'];
      },
      'tenants[0].routes[1].destination.to[1]',
      'must be an email address',
    ],
    [
      'no recipients',
      (f) => {
        route(f, 0, 1).destination.to = [];
      },
      'tenants[0].routes[1].destination.to',
      'needs at least one recipient',
    ],
    [
      'a two-line subject',
      (f) => {
        route(f, 0, 1).destination.subject_template = 'a\nb';
      },
      'tenants[0].routes[1].destination.subject_template',
      'must be a single line',
    ],
    [
      'an empty template',
      (f) => {
        route(f, 0, 1).destination.template = '';
      },
      'tenants[0].routes[1].destination.template',
      'must not be empty',
    ],
    [
      'a Slack channel name instead of its id',
      (f) => {
        route(f, 0, 2).destination.channel_id = '#general';
      },
      'tenants[0].routes[2].destination.channel_id',
      'must be a Slack channel id',
    ],
    [
      'a Teams channel without its team',
      (f) => {
        route(f, 1, 0).destination.channel_id = '19:general@thread.tacv2';
      },
      'tenants[1].routes[0].destination.channel_id',
      'must be "<team id>/<channel id>"',
    ],
    [
      'a Slack token as credentials',
      (f) => {
        f.tenants[0].integrations[0].credentials_secret_arn_or_name =
          'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp';
      },
      'tenants[0].integrations[0].credentials_secret_arn_or_name',
      'looks like a secret value',
    ],
    [
      'a Slack user token as credentials',
      (f) => {
        f.tenants[0].integrations[0].credentials_secret_arn_or_name = 'xoxp-1234-5678-abcd';
      },
      'tenants[0].integrations[0].credentials_secret_arn_or_name',
      'looks like a secret value',
    ],
    [
      'a JWT as credentials',
      (f) => {
        f.tenants[0].integrations[1].credentials_secret_arn_or_name =
          'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
      },
      'tenants[0].integrations[1].credentials_secret_arn_or_name',
      'looks like a secret value',
    ],
    [
      'a Standard Webhooks secret as signing secret',
      (f) => {
        route(f, 0, 0).destination.signing_secret_name = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
      },
      'tenants[0].routes[0].destination.signing_secret_name',
      'looks like a secret value',
    ],
    [
      'a token in a setting',
      (f) => {
        f.tenants[0].integrations[0].settings = { bot_token: 'xoxb-1-2-abc' };
      },
      'tenants[0].integrations[0].settings.bot_token',
      'looks like a secret value',
    ],
    [
      'a secret name with spaces',
      (f) => {
        f.tenants[0].integrations[0].credentials_secret_arn_or_name = 'my secret';
      },
      'tenants[0].integrations[0].credentials_secret_arn_or_name',
      'must be a Secrets Manager secret name',
    ],
    [
      'a malformed ARN',
      (f) => {
        f.tenants[0].integrations[0].credentials_secret_arn_or_name = 'arn:aws:s3:::bucket';
      },
      'tenants[0].integrations[0].credentials_secret_arn_or_name',
      'or secret ARN',
    ],
    [
      'an unknown chat system',
      (f) => {
        route(f, 0, 2).destination.system = 'DISCORD';
      },
      'tenants[0].routes[2].destination.system',
      'must be one of "SLACK", "TEAMS", "LINE_WORKS"',
    ],
    [
      'no tenants',
      (f) => {
        f.tenants = [];
      },
      'tenants',
      'must list at least one tenant',
    ],
    [
      'tenants that are not a list',
      (f) => {
        f.tenants = {};
      },
      'tenants',
      'must be an array, got an object',
    ],
    [
      'a missing provider',
      (f) => {
        delete route(f, 0, 0).match.provider;
      },
      'tenants[0].routes[0].match.provider',
      'is required; must be one of',
    ],
    [
      'a missing destination type',
      (f) => {
        delete route(f, 0, 0).destination.type;
      },
      'tenants[0].routes[0].destination.type',
      'is required; must be one of "http", "email", "chat"',
    ],
    [
      'an unknown top-level field',
      (f) => {
        f.version = 2;
      },
      '(file)',
      'has unknown field "version"',
    ],
  ])('rejects %s with its path and a clear message', (_label, breakIt, path, message) => {
    // Prepare
    const file = validTenantFile();
    breakIt(file);

    // Act
    const issues = issuesOf(file);

    // Assess
    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('reports a duplicate tenant id at the later occurrence', () => {
    // Prepare
    const file: Raw = validTenantFile();
    file.tenants[1].tenant_id = 'acme';

    // Act & Assess
    expect(issuesOf(file)).toEqual([
      { path: 'tenants[1].tenant_id', message: 'duplicate tenant id "acme" (first at tenants[0])' },
    ]);
  });

  it('reports a duplicate route id within a tenant', () => {
    // Prepare
    const file: Raw = validTenantFile();
    route(file, 0, 2).route_id = 'payments-to-backend';

    // Act & Assess
    expect(issuesOf(file)).toEqual([
      {
        path: 'tenants[0].routes[2].route_id',
        message: 'duplicate route id "payments-to-backend" (first at tenants[0].routes[0])',
      },
    ]);
  });

  it('allows one route id in two tenants', () => {
    // Prepare
    const file: Raw = validTenantFile();
    route(file, 1, 0).route_id = 'payments-to-backend';

    // Act & Assess
    expect(validateTenantFile(file).ok).toBe(true);
  });

  it('reports two integrations for one system', () => {
    // Prepare
    const file: Raw = validTenantFile();
    file.tenants[0].integrations[1].system = 'SLACK';

    // Act & Assess
    expect(issuesOf(file)).toContainEqual({
      path: 'tenants[0].integrations[1].system',
      message: 'duplicate integration for "SLACK" (first at tenants[0].integrations[0])',
    });
  });

  it('reports a chat route to a system the tenant has no integration for', () => {
    // Prepare
    const file: Raw = validTenantFile();
    route(file, 0, 2).destination.system = 'LINE_WORKS';
    route(file, 0, 2).destination.channel_id = 'channel-1';

    // Act & Assess
    expect(issuesOf(file)).toEqual([
      {
        path: 'tenants[0].routes[2].destination.system',
        message: 'the tenant has no LINE_WORKS integration; add one to integrations',
      },
    ]);
  });

  it('reports every problem at once, consistency problems included', () => {
    // Prepare
    const file: Raw = validTenantFile();
    route(file, 0, 0).destination.url = 'http://billing.acme.example/';
    route(file, 0, 1).match = 'stripe';
    file.tenants[1].status = 42;
    file.tenants[1].tenant_id = 'acme';

    // Act
    const paths = issuesOf(file).map((issue) => issue.path);

    // Assess
    expect(paths).toEqual([
      'tenants[0].routes[0].destination.url',
      'tenants[0].routes[1].match',
      'tenants[1].status',
      'tenants[1].tenant_id',
    ]);
  });

  it('allows plain http to this machine for local mode', () => {
    // Prepare
    const file: Raw = validTenantFile();
    route(file, 0, 0).destination.url = 'http://127.0.0.1:4010/hook';
    route(file, 1, 0).destination = { ...route(file, 0, 0).destination, url: 'http://localhost:4010/hook' };

    // Act & Assess
    expect(validateTenantFile(file).ok).toBe(true);
  });

  it('lists every problem in the error message, one per line', () => {
    // Prepare
    const file: Raw = validTenantFile();
    route(file, 0, 0).destination.url = 'http://x.example/';
    delete file.tenants[1].name;

    // Act & Assess
    expect(() => parseTenantFile(file)).toThrowError(
      'the tenant file has 2 problem(s):\n' +
        '  tenants[0].routes[0].destination.url: must be https (plain http only for 127.0.0.1 or localhost)\n' +
        '  tenants[1].name: is required',
    );
  });
});

describe('Function: parseTenantFileText', () => {
  it('parses JSON text', () => {
    // Act
    const file = parseTenantFileText(JSON.stringify(validTenantFile()));

    // Assess
    expect(file.tenants).toHaveLength(2);
  });

  it('reports invalid JSON as a problem of the file', () => {
    // Act
    const error = (() => {
      try {
        parseTenantFileText('{"tenants": [');
      } catch (e) {
        return e;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(TenantFileValidationError);
    expect((error as TenantFileValidationError).issues).toEqual([
      { path: '(file)', message: expect.stringContaining('is not valid JSON') },
    ]);
  });
});

describe('Function: formatIssuePath', () => {
  it.each([
    [[], '(file)'],
    [['tenants', 0, 'routes', 2, 'destination', 'url'], 'tenants[0].routes[2].destination.url'],
    [['headers', 'X-Key'], 'headers["X-Key"]'],
  ])('formats %j as %s', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected);
  });
});
