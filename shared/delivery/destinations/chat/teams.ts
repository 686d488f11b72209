import type { OutboundHttpClient } from '../../../kernel/http/outbound-client.ts';
import type { DeliveryResult } from '../types.ts';
import { postWithBearer, trimBase } from './bearer-post.ts';
import type { TokenProvider } from './token-provider.ts';
import type { ChatPost, ChatSender, ChatSenderOptions } from './types.ts';

/** `<team id>/<channel id>` as routes write it (the schema has checked the shape). */
export const splitTeamsChannel = (channelId: string): { teamId: string; channelId: string } => {
  const slash = channelId.indexOf('/');
  return { teamId: channelId.slice(0, slash), channelId: channelId.slice(slash + 1) };
};

/**
 * A channel message through Graph `POST /v1.0/teams/{team-id}/channels/{channel-id}/messages`, with a delegated
 * token (graph-tokens.ts): Graph refuses application-only tokens here outside a message import.
 */
export class TeamsSender implements ChatSender {
  public readonly escaping = 'none';
  /** Teams refuses messages over about 28 KB. */
  public readonly maxTextLength = 28_000;

  public constructor(
    private readonly client: OutboundHttpClient,
    private readonly tokens: TokenProvider,
    private readonly options: ChatSenderOptions,
  ) {}

  public post(post: ChatPost): Promise<DeliveryResult> {
    const { teamId, channelId } = splitTeamsChannel(post.channelId);
    const path = `/v1.0/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/messages`;
    return postWithBearer(this.client, this.tokens, {
      system: 'TEAMS',
      url: `${trimBase(this.options.baseUrl)}${path}`,
      // Plain text: Teams would render HTML in an `html` body, and the text carries payload values.
      body: { body: { contentType: 'text', content: post.text } },
      post,
      perAttemptTimeoutMs: this.options.perAttemptTimeoutMs,
    });
  }
}
