import { describe, expect, it } from 'vitest';
import {
  SLACK_ACCESS_LOST_ERRORS,
  SLACK_GRANT_ERRORS,
  SLACK_RATE_LIMIT_ERRORS,
  SLACK_SERVER_ERRORS,
  SLACK_TOKEN_ERRORS,
  SlackMemberSchema,
  slackErrorCode,
} from '../../../../shared/vendors/slack/index.ts';

describe('Function: slackErrorCode', () => {
  it.each([
    ['ok: true', { ok: true, channel: 'C1' }, null],
    ['a documented code', { ok: false, error: 'channel_not_found' }, 'channel_not_found'],
    ['a code of another shape', { ok: false, error: 'Bearer xoxb-123 refused' }, 'unknown_error'],
    ['no code at all', { ok: false }, 'unknown_error'],
    ['an answer that is not an object', 'ok', 'unknown_error'],
    ['null', null, 'unknown_error'],
  ])('reads %s', (_label, answer, expected) => {
    // Act
    const code = slackErrorCode(answer);

    // Assess
    expect(code).toBe(expected);
  });
});

describe('Const: Slack error families', () => {
  it('puts each code in one family only', () => {
    // Prepare
    const families = [
      SLACK_TOKEN_ERRORS,
      SLACK_ACCESS_LOST_ERRORS,
      SLACK_GRANT_ERRORS,
      SLACK_RATE_LIMIT_ERRORS,
      SLACK_SERVER_ERRORS,
    ];

    // Act
    const all = families.flatMap((family) => [...family]);

    // Assess
    expect(new Set(all).size).toBe(all.length);
    expect(SLACK_TOKEN_ERRORS.has('invalid_auth')).toBe(true);
    expect(SLACK_RATE_LIMIT_ERRORS.has('ratelimited')).toBe(true);
  });
});

describe('Schema: SlackMemberSchema', () => {
  it('accepts a member with null optional fields and keeps fields it does not know', () => {
    // Prepare
    const raw = { id: 'U1', name: null, real_name: null, profile: null, is_restricted: true };

    // Act
    const member = SlackMemberSchema.parse(raw);

    // Assess
    expect(member).toEqual(raw);
  });

  it('refuses a member without an id', () => {
    // Act
    const parsed = SlackMemberSchema.safeParse({ name: 'alice' });

    // Assess
    expect(parsed.success).toBe(false);
  });
});
