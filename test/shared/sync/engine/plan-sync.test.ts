import { describe, expect, it } from 'vitest';
import type { MappingBase } from '../../../../shared/sync/engine/mapping.ts';
import { normaliseRecords } from '../../../../shared/sync/engine/normalise.ts';
import { planGroupSync, planUserSync } from '../../../../shared/sync/engine/plan-sync.ts';
import { fromGraphChannel, fromGraphTeam } from '../../../../shared/sync/engine/vendors/msgraph.ts';
import { fromSlackMember } from '../../../../shared/sync/engine/vendors/slack.ts';
import { countWrites, type WritePlan } from '../../../../shared/sync/engine/write-plan.ts';
import {
  graphChannel,
  graphTeam,
  slackBotMember,
  slackbot,
  slackDeletedMember,
  slackMember,
} from './fixtures.ts';

const FIRST_RUN = new Date('2025-04-01T21:00:00.000Z');
const SECOND_RUN = new Date('2025-04-02T21:00:00.000Z');

// Stands in for the mapping table: applies a plan the way the adapter's batched puts would.
const apply = <M extends MappingBase>(stored: readonly M[], plan: WritePlan<M>): M[] => {
  const items = new Map(stored.map((item) => [item.mapping_id, item]));
  for (const write of plan.writes) items.set(write.mapping_id, structuredClone(write.item));
  return [...items.values()];
};

const slackPage = () =>
  normaliseRecords(
    [
      slackMember,
      slackBotMember,
      slackbot,
      slackDeletedMember,
      { ...slackMember, id: 'W0SECOND', name: 'venkman' },
    ],
    fromSlackMember,
  );

describe('Function: planUserSync', () => {
  const context = { tenant_id: 'acme', system_type: 'SLACK' } as const;
  const directory = new Map([['Spengler@Ghostbusters.example.com', 'internal-egon']]);

  it('creates mappings for people only, linked by e-mail, with counts for the history row', () => {
    // Act
    const result = planUserSync({
      context,
      stored: [],
      fetched: { ...slackPage(), complete: true },
      directory,
      now: FIRST_RUN,
    });

    // Assess
    expect(result.plan.writes.map((write) => [write.mapping_id, write.item.internal_user_id])).toEqual([
      ['acme#SLACK#W012A3CDE', 'internal-egon'],
      ['acme#SLACK#W0SECOND', 'internal-egon'],
    ]);
    expect(result.counts).toEqual({ processed: 5, created: 2, updated: 0, deleted: 0, failed: 0 });
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'duplicate_vendor_email',
      'duplicate_vendor_email',
    ]);
  });

  it('writes nothing on a second run with no upstream change', () => {
    // Prepare
    const first = planUserSync({
      context,
      stored: [],
      fetched: { ...slackPage(), complete: true },
      directory,
      now: FIRST_RUN,
    });
    const stored = apply([], first.plan);

    // Act
    const second = planUserSync({
      context,
      stored,
      fetched: { ...slackPage(), complete: true },
      directory,
      now: SECOND_RUN,
    });

    // Assess
    expect(countWrites(first.plan)).toBe(2);
    expect(countWrites(second.plan)).toBe(0);
    expect(second.counts).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });

  it('writes nothing on a later run after a deletion has been recorded', () => {
    // Prepare
    const first = planUserSync({
      context,
      stored: [],
      fetched: { ...slackPage(), complete: true },
      directory,
      now: FIRST_RUN,
    });
    const withoutSecond = normaliseRecords([slackMember], fromSlackMember);
    const deletion = planUserSync({
      context,
      stored: apply([], first.plan),
      fetched: { ...withoutSecond, complete: true },
      directory,
      now: SECOND_RUN,
    });

    // Act
    const again = planUserSync({
      context,
      stored: apply(apply([], first.plan), deletion.plan),
      fetched: { ...withoutSecond, complete: true },
      directory,
      now: SECOND_RUN,
    });

    // Assess
    expect(deletion.counts.deleted).toBe(1);
    expect(countWrites(again.plan)).toBe(0);
  });

  it('relinks a mapping when an internal user with its e-mail appears, though the vendor did not change', () => {
    // Prepare
    const first = planUserSync({
      context,
      stored: [],
      fetched: { ...slackPage(), complete: true },
      directory: new Map(),
      now: FIRST_RUN,
    });

    // Act
    const second = planUserSync({
      context,
      stored: apply([], first.plan),
      fetched: { ...slackPage(), complete: true },
      directory,
      now: SECOND_RUN,
    });

    // Assess
    expect(second.plan.writes.map((write) => [write.op, write.item.internal_user_id])).toEqual([
      ['update', 'internal-egon'],
      ['update', 'internal-egon'],
    ]);
  });

  it('counts records that failed to normalise as failures', () => {
    // Prepare
    const fetched = { ...normaliseRecords([slackMember, { id: 'U0BAD' }], fromSlackMember), complete: true };

    // Act
    const result = planUserSync({ context, stored: [], fetched, directory, now: FIRST_RUN });

    // Assess
    expect(result.counts).toMatchObject({ processed: 2, created: 1, failed: 1 });
    expect(result.failure_messages).toEqual([expect.stringMatching(/^Slack member U0BAD is malformed/)]);
  });
});

describe('Function: planGroupSync', () => {
  const context = { tenant_id: 'acme', system_type: 'TEAMS' } as const;
  const teamsFetch = () => {
    const teams = normaliseRecords([graphTeam], fromGraphTeam);
    const channels = normaliseRecords([graphChannel], (raw) => fromGraphChannel(raw, graphTeam.id));
    return { records: [...teams.records, ...channels.records], failures: [], complete: true };
  };

  it('writes teams and channels once, then nothing on a second run with no upstream change', () => {
    // Prepare
    const first = planGroupSync({ context, stored: [], fetched: teamsFetch(), now: FIRST_RUN });

    // Act
    const second = planGroupSync({
      context,
      stored: apply([], first.plan),
      fetched: teamsFetch(),
      now: SECOND_RUN,
    });

    // Assess
    expect(first.plan.writes.map((write) => write.mapping_id)).toEqual([
      'acme#TEAMS#group#172b0cce-e65d-44ce-9a49-91d9f2e8493a',
      'acme#TEAMS#group#172b0cce-e65d-44ce-9a49-91d9f2e8493a/19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2',
    ]);
    expect(countWrites(second.plan)).toBe(0);
  });
});
