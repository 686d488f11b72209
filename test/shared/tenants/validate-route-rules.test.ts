import { describe, expect, it } from 'vitest';
import { parseTenantFile, validateTenantFile } from '../../../shared/tenants/validate-tenant-file.ts';
import { validTenantFile } from './tenant-file-fixture.ts';

const issuesOf = (input: unknown) => {
  const result = validateTenantFile(input);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
};

describe('Function: validateTenantFile — filters and transforms', () => {
  it('accepts and keeps a route with a filter and a transform', () => {
    // Prepare
    const file = validTenantFile();
    const route = file.tenants[0].routes[0];
    route.match.filter = {
      data: { data: { object: { currency: ['jpy'], amount: [{ numeric: ['>=', 10000] }] } } },
    };
    route.transform = '{"payment": data.data.object.id}';

    // Act
    const parsed = parseTenantFile(file);

    // Assess
    expect(parsed.tenants[0]!.routes[0]!.match.filter).toEqual(route.match.filter);
    expect(parsed.tenants[0]!.routes[0]!.transform).toBe(route.transform);
  });

  it('reports every filter and transform problem at once with its path, next to the other problems', () => {
    // Prepare
    const file = validTenantFile();
    const [first, second] = file.tenants[0].routes;
    first.match.filter = { data: { amount: [{ numeric: ['>=', 'ten'] }], state: [] } };
    first.transform = '{"a": }';
    second.match.filter = { $or: [{ a: ['x'] }] };
    second.transform = '$eval("1")';
    second.destination.to = ['not-an-email'];

    // Act
    const issues = issuesOf(file);

    // Assess
    expect(issues).toEqual([
      'tenants[0].routes[1].destination.to[0]: must be an email address',
      'tenants[0].routes[0].match.filter.data.amount[0].numeric: numeric takes [op, number] or [">"|">=", low, "<"|"<=", high] with op one of = < <= > >=',
      'tenants[0].routes[0].match.filter.data.state: must list at least one value or operator',
      'tenants[0].routes[0].transform: is not valid JSONata: S0211 at 7: The symbol "}" cannot be used as a unary operator',
      'tenants[0].routes[1].match.filter.$or: $or takes a list of at least two pattern objects',
      'tenants[0].routes[1].transform: $eval is not allowed',
    ]);
  });

  it('refuses a filter or a transform of the wrong type once, through the schema', () => {
    const file = validTenantFile();
    file.tenants[0].routes[0].match.filter = ['jpy'];
    file.tenants[0].routes[0].transform = { a: 1 };
    expect(issuesOf(file)).toEqual([
      'tenants[0].routes[0].match.filter: must be an object (an EventBridge event pattern)',
      'tenants[0].routes[0].transform: must be a string (a JSONata expression)',
    ]);
  });

  it('refuses too large and too deep filters and expressions with a clear message', () => {
    const file = validTenantFile();
    let deep: Record<string, unknown> = { leaf: ['x'] };
    for (let i = 0; i < 12; i++) deep = { [`k${i}`]: deep };
    file.tenants[0].routes[0].match.filter = deep;
    file.tenants[0].routes[0].transform = `${'('.repeat(80)}1${')'.repeat(80)}`;
    file.tenants[0].routes[1].match.filter = { a: ['x'.repeat(5000)] };
    file.tenants[0].routes[1].transform = 'x'.repeat(9000);
    const issues = issuesOf(file);
    expect(issues).toHaveLength(4);
    expect(issues[0]).toMatch(
      /^tenants\[0\]\.routes\[0\]\.match\.filter\.k11\.k10\.k9.*: nests deeper than 10 levels$/,
    );
    expect(issues[1]).toBe('tenants[0].routes[0].transform: nests deeper than 64 levels');
    expect(issues[2]).toBe('tenants[0].routes[1].match.filter: is 5010 characters as JSON; at most 4096');
    expect(issues[3]).toBe('tenants[0].routes[1].transform: is 9000 characters; at most 8192');
  });
});
