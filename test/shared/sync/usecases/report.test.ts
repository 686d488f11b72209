import { describe, expect, it } from 'vitest';
import { type RunReport, reportRun } from '../../../../shared/sync/usecases/index.ts';
import type { ChildResult, StepOutcome } from '../../../../shared/sync/workflow/contract.ts';

const outcome = (
  sync_type: StepOutcome['sync_type'],
  status: StepOutcome['status'],
  error_message: string | null = null,
): StepOutcome => ({
  sync_type,
  status,
  counts: { processed: 10, created: 2, updated: 1, deleted: 0, failed: status === 'PARTIAL' ? 1 : 0 },
  error_message,
  started_at: '2026-11-22T21:00:00.000Z',
  completed_at: '2026-11-22T21:00:05.000Z',
});

const RESULTS: ChildResult[] = [
  {
    tenant_id: 'acme',
    system_type: 'SLACK',
    status: 'SUCCESS',
    outcomes: [outcome('users', 'SUCCESS'), outcome('teams', 'SUCCESS')],
    error_message: null,
  },
  {
    tenant_id: 'beta',
    system_type: 'TEAMS',
    status: 'FAILED',
    outcomes: [],
    error_message: 'States.TaskFailed: <boom>',
  },
  {
    tenant_id: 'zeta',
    system_type: 'LINE_WORKS',
    status: 'PARTIAL',
    outcomes: [outcome('users', 'PARTIAL', '1 of 10 record(s) failed')],
    error_message: null,
  },
];

const run = async (dry_run: boolean, recipients = ['ops@example.com']) => {
  const saved: RunReport[] = [];
  const sent: { to: readonly string[]; subject: string; html: string; text: string }[] = [];
  const output = await reportRun(
    { run_id: 'run-1', started_at: '2026-11-22T21:00:00.000Z', dry_run, results: RESULTS },
    {
      store: { save: async (r) => void saved.push(r) },
      mailer: { send: async (m) => void sent.push(m) },
      recipients,
      now: () => new Date('2026-11-22T21:10:00Z'),
    },
  );
  return { output, saved, sent };
};

describe('Function: reportRun', () => {
  it('aggregates the run, stores the report and mails operators, failures first', async () => {
    // Act
    const { output, saved, sent } = await run(false);

    // Assess
    expect(output).toEqual({
      run_id: 'run-1',
      status: 'PARTIAL',
      tenants: 3,
      failed: 1,
      partial: 1,
      emailed: true,
    });
    expect(saved).toHaveLength(1);
    const text = saved[0]!.rendered.text;
    expect(text.indexOf('beta')).toBeLessThan(text.indexOf('zeta'));
    expect(text.indexOf('zeta')).toBeLessThan(text.indexOf('acme'));
    expect(saved[0]!.rendered.html).toContain('&#60;boom&#62;');
    expect(JSON.parse(saved[0]!.rendered.json)).toMatchObject({ run_id: 'run-1', status: 'PARTIAL' });
    expect(sent).toEqual([
      { to: ['ops@example.com'], subject: saved[0]!.rendered.subject, html: saved[0]!.rendered.html, text },
    ]);
    expect(sent[0]!.subject).toMatch(/^\[tsunagi\] Sync run run-1: PARTIAL/);
  });

  it('stores but does not mail a dry run, nor without recipients', async () => {
    // Act
    const dry = await run(true);
    const nobody = await run(false, []);

    // Assess
    expect([dry.output.emailed, dry.sent.length, dry.saved.length]).toEqual([false, 0, 1]);
    expect(dry.saved[0]!.rendered.subject).toContain('dry run');
    expect([nobody.output.emailed, nobody.sent.length]).toEqual([false, 0]);
  });
});
