import { describe, expect, it } from 'vitest';
import { normaliseRecords } from '../../../../shared/sync/engine/normalise.ts';
import { fromSlackMember } from '../../../../shared/sync/engine/vendors/slack.ts';
import { slackMember } from './fixtures.ts';

describe('Function: normaliseRecords', () => {
  it('keeps the records that normalise and lists the others as failures, with their id when readable', () => {
    // Prepare
    const raws = [structuredClone(slackMember), { id: 'U0BROKEN', name: 42 }, 'not a record'];

    // Act
    const batch = normaliseRecords(raws, fromSlackMember);

    // Assess
    expect(batch.records.map((record) => record.external_id)).toEqual(['W012A3CDE']);
    expect(batch.failures).toEqual([
      {
        external_id: 'U0BROKEN',
        message: expect.stringMatching(/^Slack member U0BROKEN is malformed: name: /),
      },
      { external_id: null, message: expect.stringMatching(/^Slack member is malformed: \(record\): /) },
    ]);
  });

  it('lets an unexpected error through', () => {
    // Act
    const act = () =>
      normaliseRecords([{}], () => {
        throw new TypeError('bug');
      });

    // Assess
    expect(act).toThrow(TypeError);
  });
});
