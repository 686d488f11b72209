import type { OutboundHttpClient } from '../../../kernel/http/outbound-client.ts';
import { trimBase } from '../../../kernel/http/url.ts';
import {
  channelMessagesPath,
  splitTeamsChannel,
  TEAMS_MAX_TEXT_LENGTH,
} from '../../../vendors/msgraph/index.ts';
import type { DeliveryResult } from '../types.ts';
import { postWithBearer } from './bearer-post.ts';
import type { TokenProvider } from './token-provider.ts';
import type { ChatPost, ChatSender, ChatSenderOptions } from './types.ts';

/**
 * A channel message through Graph `POST /v1.0/teams/{team-id}/channels/{channel-id}/messages`, with a delegated
 * token (msgraph-tokens.ts): Graph refuses application-only tokens here outside a message import.
 */
export class TeamsSender implements ChatSender {
  public readonly escaping = 'none';
  public readonly maxTextLength = TEAMS_MAX_TEXT_LENGTH;

  public constructor(
    private readonly client: OutboundHttpClient,
    private readonly tokens: TokenProvider,
    private readonly options: ChatSenderOptions,
  ) {}

  public post(post: ChatPost): Promise<DeliveryResult> {
    const { teamId, channelId } = splitTeamsChannel(post.channelId);
    return postWithBearer(this.client, this.tokens, {
      system: 'TEAMS',
      url: `${trimBase(this.options.baseUrl)}${channelMessagesPath(teamId, channelId)}`,
      // Plain text: Teams would render HTML in an `html` body, and the text carries payload values.
      body: { body: { contentType: 'text', content: post.text } },
      post,
      perAttemptTimeoutMs: this.options.perAttemptTimeoutMs,
    });
  }
}
