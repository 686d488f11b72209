import { describe, expect, it } from 'vitest';
import { planRun, SyncRunAlreadyPlannedError } from '../../../../shared/sync/usecases/index.ts';
import { SyncItemSchema, SyncRunInputSchema } from '../../../../shared/sync/workflow/contract.ts';
import type { TenantProfile } from '../../../../shared/tenants/tenant-file.ts';

const tenant = (
  tenant_id: string,
  systems: TenantProfile['integrations'][number]['system'][],
  status: TenantProfile['status'] = 'active',
): TenantProfile => ({
  tenant_id,
  name: tenant_id,
  status,
  integrations: systems.map((system) => ({
    system,
    credentials_secret_arn_or_name: `tsunagi/${tenant_id}/${system}`,
    settings: {},
  })),
});

const TENANTS = [
  tenant('acme', ['SLACK', 'TEAMS']),
  tenant('globex', ['LINE_WORKS']),
  tenant('idle', ['SLACK'], 'suspended'),
  tenant('empty', []),
];

const plan = async (input: Record<string, unknown>, existing = new Set<string>()) => {
  const written: { key: string; body: string }[] = [];
  const output = await planRun(SyncRunInputSchema.parse({ run_id: 'run-1', ...input }), {
    tenants: { listTenants: async () => TENANTS },
    blobs: {
      bucket: 'sync-bucket',
      put: async () => {},
      putIfAbsent: async (key, body) => {
        if (written.some((w) => w.key === key) || existing.has(key)) return false;
        written.push({ key, body });
        return true;
      },
    },
    now: () => new Date('2026-11-22T21:00:00Z'),
  });
  const items = written[0]!.body
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => SyncItemSchema.parse(JSON.parse(line)));
  return { output, items, written };
};

describe('Function: planRun', () => {
  it('plans active tenants × integrated systems as JSON lines', async () => {
    // Act
    const { output, items, written } = await plan({});

    // Assess
    expect(items.map((i) => `${i.tenant_id}:${i.system_type}`)).toEqual([
      'acme:SLACK',
      'acme:TEAMS',
      'globex:LINE_WORKS',
    ]);
    expect(items[0]).toEqual({
      run_id: 'run-1',
      tenant_id: 'acme',
      system_type: 'SLACK',
      sync_types: ['users', 'teams', 'notifications'],
      dry_run: false,
      force_refresh: false,
      batch_size: 100,
    });
    expect(output).toEqual({
      run_id: 'run-1',
      started_at: '2026-11-22T21:00:00.000Z',
      items: { bucket: 'sync-bucket', key: 'runs/run-1/items.jsonl' },
      item_count: 3,
    });
    expect(written).toHaveLength(1);
  });

  it('applies the tenant, system and sync type filters and passes the options on', async () => {
    // Act
    const { items } = await plan({
      tenant_id: 'acme',
      system_type: 'TEAMS',
      sync_type: 'users',
      dry_run: true,
      force_refresh: true,
      batch_size: 50,
    });

    // Assess
    expect(items).toEqual([
      {
        run_id: 'run-1',
        tenant_id: 'acme',
        system_type: 'TEAMS',
        sync_types: ['users'],
        dry_run: true,
        force_refresh: true,
        batch_size: 50,
      },
    ]);
  });

  it('refuses to plan a run id twice, so a repeated schedule delivery cannot sync again', async () => {
    // Act
    const again = plan({}, new Set(['runs/run-1/items.jsonl']));

    // Assess
    await expect(again).rejects.toBeInstanceOf(SyncRunAlreadyPlannedError);
    await expect(again).rejects.toThrow('run run-1 was already planned');
  });

  it('writes an empty plan for a suspended or unknown tenant', async () => {
    // Act
    const { output } = await plan({ tenant_id: 'idle' });

    // Assess
    expect(output.item_count).toBe(0);
  });
});
