import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../infra/local/sync/asl.ts';
import {
  LOCAL_SYNC_FUNCTION_ARNS,
  renderTenantSyncDefinition,
} from '../../../../infra/local/sync/definition.ts';
import { runLocalExecution } from '../../../../infra/local/sync/step-functions-runner.ts';
import type {
  ChildState,
  StepOutcome,
  SyncItem,
  SyncReportInput,
  SyncStepInput,
} from '../../../../shared/sync/workflow/contract.ts';

/**
 * The deployed definition (rendered from the CDK chain) run locally with stub functions that honour the
 * contract: proves the transform and the runner fit the real shape, independently of the real functions.
 */

const TENANTS = ['acme', 'globex', 'initech'];
const now = () => new Date().toISOString();

const items = (runId: string): SyncItem[] =>
  TENANTS.map((tenant_id) => ({
    run_id: runId,
    tenant_id,
    system_type: 'SLACK',
    sync_types: ['users', 'teams', 'notifications'],
    dry_run: false,
    force_refresh: false,
    batch_size: 100,
  }));

const outcome = (sync_type: StepOutcome['sync_type']): StepOutcome => ({
  sync_type,
  status: 'SUCCESS',
  counts: { processed: 1, created: 1, updated: 0, deleted: 0, failed: 0 },
  error_message: null,
  started_at: now(),
  completed_at: now(),
});

const lambdas = (waited: string[], report: (input: SyncReportInput) => void) => ({
  [LOCAL_SYNC_FUNCTION_ARNS.plan]: async (input: { run_id: string }) => ({
    run_id: input.run_id,
    started_at: now(),
    items: { bucket: 'sync', key: `runs/${input.run_id}/items.jsonl` },
    item_count: TENANTS.length,
  }),
  [LOCAL_SYNC_FUNCTION_ARNS.step]: async ({ step, state }: SyncStepInput): Promise<ChildState> => {
    const base = { ...state, wait_seconds: null, fatal_error: state.fatal_error ?? null };
    if (step === 'token' && state.item.tenant_id === 'globex')
      throw new Error('invalid_grant: token revoked');
    // initech asks once for a rate-limit wait before its users, as a 429 with a long reset would.
    if (step === 'users' && state.item.tenant_id === 'initech' && !waited.includes('initech')) {
      waited.push('initech');
      return { ...base, wait_seconds: 30 };
    }
    if (step === 'token' || step === 'history') return base;
    return { ...base, outcomes: [...state.outcomes, outcome(step)] };
  },
  [LOCAL_SYNC_FUNCTION_ARNS.report]: async (input: SyncReportInput) => {
    report(input);
    return { run_id: input.run_id, status: 'PARTIAL', tenants: 3, failed: 1, partial: 0, emailed: false };
  },
});

describe('the real tenant-sync definition, run locally with stub functions', () => {
  it('fans out over the plan, waits in the Wait state, and turns a failing tenant into a FAILED result', async () => {
    const definition = renderTenantSyncDefinition();
    const waited: string[] = [];
    let reportInput: SyncReportInput | undefined;
    const waitOverrides = Object.fromEntries(
      ['Token', 'Users', 'Teams', 'Notifications', 'History'].map((s) => [`Wait before ${s}`, 1]),
    );
    const result = await runLocalExecution({
      definition,
      input: { run_id: 'stub-run' },
      name: 'stub-run',
      lambdas: lambdas(waited, (input) => {
        reportInput = input;
      }),
      readItems: async () => items('stub-run') as unknown as Json[],
      waitTimeOverrides: waitOverrides,
    });
    expect(result.error).toBeNull();
    expect(result.status).toBe('SUCCEEDED');
    expect(waited).toEqual(['initech']);
    expect(result.events.some((e) => e.type === 'StateEntered' && e.state === 'Wait before Users')).toBe(
      true,
    );
    // aws-local-stepfunctions ignores the Map's ResultWriter: the results arrive inline.
    const results = reportInput!.results;
    if (!Array.isArray(results)) throw new Error('expected the inline results');
    const byTenant = Object.fromEntries(results.map((r) => [r.tenant_id, r]));
    expect(byTenant.acme!.status).toBe('SUCCESS');
    expect(byTenant.initech!.status).toBe('SUCCESS');
    expect(byTenant.globex!.status).toBe('FAILED');
    expect(byTenant.globex!.error_message).toMatch(/invalid_grant/);
    expect(reportInput!.dry_run).toBe(false);
  });
});
