import { describe, expect, it } from 'vitest';
import {
  channelMessagesPath,
  GRAPH_LOGIN_BASE_URL,
  graphErrorCode,
  graphTokenUrl,
  splitTeamsChannel,
  teamsChannelId,
} from '../../../../shared/vendors/msgraph/index.ts';

describe('Function: graphTokenUrl', () => {
  it('puts the directory in the path, encoded, with the base trimmed', () => {
    // Act
    const real = graphTokenUrl(GRAPH_LOGIN_BASE_URL, 'contoso.onmicrosoft.com');
    const fake = graphTokenUrl('http://127.0.0.1:9400/', 'a/b');

    // Assess
    expect(real).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    expect(fake).toBe('http://127.0.0.1:9400/a%2Fb/oauth2/v2.0/token');
  });
});

describe('Function: teamsChannelId', () => {
  it('round-trips through splitTeamsChannel, whatever the channel id holds', () => {
    // Prepare
    const teamId = '2f0c7a4e-1111-4d2b-9c3e-000000000001';
    const channelId = '19:abc/def@thread.tacv2';

    // Act
    const split = splitTeamsChannel(teamsChannelId(teamId, channelId));

    // Assess
    expect(split).toEqual({ teamId, channelId });
  });

  it('encodes both halves in the messages path', () => {
    // Act
    const path = channelMessagesPath('t 1', '19:a@thread.tacv2');

    // Assess
    expect(path).toBe('/v1.0/teams/t%201/channels/19%3Aa%40thread.tacv2/messages');
  });
});

describe('Function: graphErrorCode', () => {
  it.each([
    ['an error with a code', { error: { code: 'Forbidden', message: 'no' } }, 'Forbidden'],
    ['an error without a code', { error: { message: 'no' } }, null],
    ['a success answer', { value: [] }, null],
    ['no JSON', null, null],
  ])('reads %s', (_label, answer, expected) => {
    // Act / Assess
    expect(graphErrorCode(answer)).toBe(expected);
  });
});
