import { describe, expect, it } from 'vitest';
import { renderApplyResult, summarizeApply, type TenantDiff } from '../../../shared/tenants/apply-result.ts';

const tenants: TenantDiff[] = [
  {
    tenantId: 'acme',
    action: 'update',
    items: [
      { kind: 'tenant', id: 'acme', action: 'unchanged', changes: [] },
      {
        kind: 'route',
        id: 'payments',
        action: 'update',
        changes: [{ path: 'destination.url', before: 'https://a.example', after: 'https://b.example' }],
      },
      { kind: 'route', id: 'new-one', action: 'create', changes: [] },
      { kind: 'route', id: 'old-one', action: 'delete', changes: [] },
      { kind: 'route', id: 'same', action: 'unchanged', changes: [] },
    ],
  },
  {
    tenantId: 'beta',
    action: 'unchanged',
    items: [{ kind: 'tenant', id: 'beta', action: 'unchanged', changes: [] }],
  },
];

describe('Function: summarizeApply', () => {
  it('counts items by action', () => {
    expect(summarizeApply(tenants, true)).toMatchObject({
      dryRun: true,
      created: 1,
      updated: 1,
      deleted: 1,
      unchanged: 3,
    });
  });
});

describe('Function: renderApplyResult', () => {
  it('prints each tenant, its changed items and field changes, then the totals of a dry run', () => {
    expect(renderApplyResult(summarizeApply(tenants, true))).toBe(
      [
        'tenant acme: update',
        '  ~ route payments',
        '      destination.url: "https://a.example" -> "https://b.example"',
        '  + route new-one',
        '  - route old-one',
        '  = 2 unchanged',
        'tenant beta: unchanged',
        'Dry run, nothing written: 1 to create, 1 to update, 1 to delete, 3 unchanged.',
      ].join('\n'),
    );
  });

  it('prints what was applied and shortens long values', () => {
    // Prepare
    const long = 'x'.repeat(200);
    const result = summarizeApply(
      [
        {
          tenantId: 'acme',
          action: 'update',
          items: [
            {
              kind: 'route',
              id: 'r',
              action: 'update',
              changes: [{ path: 'template', before: long, after: undefined }],
            },
          ],
        },
      ],
      false,
    );

    // Act
    const text = renderApplyResult(result);

    // Assess
    expect(text).toContain(`template: "${'x'.repeat(76)}... -> (none)`);
    expect(text.endsWith('Applied: 0 created, 1 updated, 0 deleted, 0 unchanged.')).toBe(true);
  });
});
