import { describe, expect, it } from 'vitest';
import {
  botChannelMessagePath,
  LINE_WORKS_AUTH_BASE_URL,
  LineWorksGroupSchema,
  lineWorksErrorCode,
  lineWorksTokenUrl,
} from '../../../../shared/vendors/lineworks/index.ts';

describe('Function: lineWorksTokenUrl', () => {
  it('is the authorization server base plus /oauth2/v2.0/token, with the base trimmed', () => {
    // Act / Assess
    expect(lineWorksTokenUrl(LINE_WORKS_AUTH_BASE_URL)).toBe(
      'https://auth.worksmobile.com/oauth2/v2.0/token',
    );
    expect(lineWorksTokenUrl('http://127.0.0.1:9402//')).toBe('http://127.0.0.1:9402/oauth2/v2.0/token');
  });
});

describe('Function: botChannelMessagePath', () => {
  it('encodes the bot and the channel', () => {
    // Act / Assess
    expect(botChannelMessagePath('2000001', 'a/b')).toBe('/v1.0/bots/2000001/channels/a%2Fb/messages');
  });
});

describe('Function: lineWorksErrorCode', () => {
  it.each([
    ['a refusal', { code: 'FORBIDDEN', description: 'no scope' }, 'FORBIDDEN'],
    ['a success answer', { users: [] }, null],
    ['no JSON', undefined, null],
  ])('reads %s', (_label, answer, expected) => {
    // Act / Assess
    expect(lineWorksErrorCode(answer)).toBe(expected);
  });
});

describe('Schema: LineWorksGroupSchema', () => {
  it('accepts a group without a name at the wire level (sync refuses it when it normalises)', () => {
    // Act
    const parsed = LineWorksGroupSchema.safeParse({ groupId: 'g1', groupName: null });

    // Assess
    expect(parsed.success).toBe(true);
  });
});
