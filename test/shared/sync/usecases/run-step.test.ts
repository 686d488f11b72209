import { describe, expect, it } from 'vitest';
import { runStep, type SyncStepDeps, toChildResult } from '../../../../shared/sync/usecases/index.ts';
import { type ChildState, SYNC_STEPS } from '../../../../shared/sync/workflow/contract.ts';
import { channel, fakeDeps, itemOf, stateOf, user } from './fakes.ts';

/** Runs the whole child as the state machine would, re-running a step after each wait. */
const runChild = async (state: ChildState, deps: SyncStepDeps) => {
  let current = state;
  let waits = 0;
  for (const step of SYNC_STEPS) {
    for (;;) {
      current = (await runStep(step, current, deps)).state;
      if (current.wait_seconds === null) break;
      waits++;
    }
  }
  return { state: current, waits };
};

const seed = (setup: ReturnType<typeof fakeDeps>) => {
  setup.vendor.users = [user('U1'), user('U2'), user('U3'), user('B1', { is_bot: true })];
  setup.vendor.groups = [channel('C1'), channel('C2')];
  setup.targets.set('t1', {
    target_id: 't1',
    system_type: 'SLACK',
    kind: 'channel',
    external_id: 'C1',
    name_snapshot: 'old-name',
    alert_types: ['incident'],
    status: 'ok',
    broken_reason: null,
  });
};

describe('Function: runStep', () => {
  it('syncs users, teams and notification targets and writes one history row per sync type', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);

    // Act
    const { state } = await runChild(stateOf(), setup.deps);

    // Assess
    expect(state.fatal_error).toBeNull();
    expect(state.outcomes.map((o) => [o.sync_type, o.status, o.counts.created, o.counts.updated])).toEqual([
      ['users', 'SUCCESS', 3, 0],
      ['teams', 'SUCCESS', 2, 0],
      ['notifications', 'SUCCESS', 0, 1],
    ]);
    expect(setup.mappings.users.get('acme#SLACK#U1')?.mapping.internal_user_id).toBe('internal-1');
    expect(setup.mappings.users.has('acme#SLACK#B1')).toBe(false);
    expect(setup.targets.get('t1')?.name_snapshot).toBe('channel-C1');
    expect(setup.history.map((row) => [row.sync_type, row.status])).toEqual([
      ['users', 'SUCCESS'],
      ['teams', 'SUCCESS'],
      ['notifications', 'SUCCESS'],
    ]);
    expect(toChildResult(state, new Date()).status).toBe('SUCCESS');
  });

  it('writes no mapping or target on a second run with no upstream change', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);
    await runChild(stateOf(), setup.deps);
    const mappingWrites = setup.mappings.writes;

    // Act
    const { state } = await runChild(stateOf(itemOf({ run_id: 'second' })), setup.deps);

    // Assess
    expect(setup.mappings.writes).toBe(mappingWrites);
    expect(state.outcomes.every((o) => o.counts.created + o.counts.updated + o.counts.deleted === 0)).toBe(
      true,
    );
  });

  it('computes the diff in a dry run but writes no mapping, target or history row', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);

    // Act
    const { state } = await runChild(stateOf(itemOf({ dry_run: true })), setup.deps);

    // Assess
    expect(state.outcomes.find((o) => o.sync_type === 'users')?.counts.created).toBe(3);
    expect(state.outcomes.find((o) => o.sync_type === 'notifications')?.counts.updated).toBe(1);
    expect(setup.writesSoFar()).toBe(0);
  });

  it('stores the rotated refresh token before the new access token is used', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);

    // Act
    await runStep('token', stateOf(), setup.deps);
    await runStep('users', stateOf(), setup.deps);

    // Assess
    expect(setup.journal).toEqual(['refresh → access-1', 'store refresh-1', 'list users with access-1']);
    expect(JSON.parse(setup.credentials.secrets.get('tsunagi/acme/slack')!.value)).toEqual({
      refresh_token: 'refresh-1',
    });
  });

  it('never uses an access token whose rotated refresh token could not be stored', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);
    setup.credentials.conflicts = 2;

    // Act
    const { state } = await runChild(stateOf(), setup.deps);

    // Assess
    expect(state.fatal_error).toMatch(/^token refresh failed: /);
    expect(setup.journal.some((line) => line.startsWith('list'))).toBe(false);
  });

  it('fails the child with a clear message on invalid_grant and records FAILED history rows', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);
    setup.vendor.revoked = true;

    // Act
    const token = await runStep('token', stateOf(), setup.deps);
    const { state } = await runChild(stateOf(), setup.deps);

    // Assess
    expect(token.token_failed).toBe(true);
    expect(state.fatal_error).toBe(
      'token refresh failed: AuthRevokedError: SLACK: oauth.v2.access answered invalid_grant',
    );
    expect(setup.mappings.writes).toBe(0);
    expect(setup.history.map((row) => [row.sync_type, row.status, row.error_message])).toEqual([
      ['users', 'FAILED', state.fatal_error],
      ['teams', 'FAILED', state.fatal_error],
      ['notifications', 'FAILED', state.fatal_error],
    ]);
    expect(toChildResult(state, new Date())).toMatchObject({
      status: 'FAILED',
      error_message: state.fatal_error,
    });
  });

  it('retries with the secret another run just rotated instead of failing on its invalid_grant', async () => {
    // Prepare
    const setup = fakeDeps();
    setup.vendor.live = 'refresh-9';
    setup.credentials.secrets.set('tsunagi/acme/slack', {
      value: JSON.stringify({ refresh_token: 'refresh-9' }),
      version: 2,
    });
    setup.credentials.stale = { value: JSON.stringify({ refresh_token: 'refresh-0' }), version: 1, reads: 1 };

    // Act
    const { state, token_failed } = await runStep('token', stateOf(), setup.deps);

    // Assess
    expect([state.fatal_error, token_failed]).toEqual([null, false]);
    expect(setup.journal).toEqual(['refresh → access-1', 'store refresh-1']);
  });

  it('asks for a Wait on a long rate-limit wait and re-runs the step without double counting', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);
    setup.vendor.rateLimitedListings = 1;
    const afterToken = (await runStep('token', stateOf(), setup.deps)).state;

    // Act
    const waiting = await runStep('users', afterToken, setup.deps);
    const resumed = await runStep('users', waiting.state, setup.deps);
    const again = await runStep('users', resumed.state, setup.deps);

    // Assess
    expect(waiting.state).toEqual({ ...afterToken, wait_seconds: 43 });
    expect(resumed.state.wait_seconds).toBeNull();
    expect(resumed.state.outcomes).toHaveLength(1);
    expect(resumed.state.outcomes[0]?.counts).toMatchObject({ processed: 4, created: 3 });
    expect(again.state.outcomes).toHaveLength(1);
    expect(again.written).toBe(0);
  });

  it('honours force_refresh by refreshing even with a cached token', async () => {
    // Prepare
    const setup = fakeDeps();
    await runStep('token', stateOf(), setup.deps);

    // Act
    await runStep('token', stateOf(), setup.deps);
    await runStep('token', stateOf(itemOf({ force_refresh: true })), setup.deps);

    // Assess
    expect(setup.vendor.refreshes).toBe(2);
  });

  it('reports broken notification targets without failing the sync', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);
    setup.vendor.groups = [channel('C2')];

    // Act
    const { state } = await runChild(stateOf(), setup.deps);

    // Assess
    const notifications = state.outcomes.find((o) => o.sync_type === 'notifications');
    expect(notifications?.status).toBe('SUCCESS');
    expect(notifications?.error_message).toBe(
      '1 broken notification target(s): channel old-name (C1): not_found',
    );
    expect(setup.targets.get('t1')).toMatchObject({ status: 'broken', broken_reason: 'not_found' });
  });

  it('runs only the requested sync type and never puts a token in the state', async () => {
    // Prepare
    const setup = fakeDeps();
    seed(setup);

    // Act
    const { state } = await runChild(stateOf(itemOf({ sync_types: ['teams'] })), setup.deps);

    // Assess
    expect(state.outcomes.map((o) => o.sync_type)).toEqual(['teams']);
    expect(setup.mappings.users.size).toBe(0);
    expect(JSON.stringify(state)).not.toMatch(/access-|refresh-/);
  });
});
