import type { Clock } from '../../../kernel/clock.ts';
import type { OutboundHttpClient } from '../../../kernel/http/outbound-client.ts';
import type { SecretUpdater, TenantSecrets } from '../secrets.ts';
import { LineWorksSender, LineWorksTokenProvider } from './lineworks.ts';
import { TeamsSender } from './msgraph.ts';
import { GraphTokenProvider } from './msgraph-tokens.ts';
import { SlackSender, SlackTokenProvider } from './slack.ts';
import type { TokenRefreshObserver } from './token-provider.ts';
import type { ChatSenderRegistry } from './types.ts';

/** API and token endpoints per system (config, so local fakes can stand in). */
export interface ChatEndpoints {
  readonly slackApiBaseUrl: string;
  readonly graphApiBaseUrl: string;
  readonly graphLoginBaseUrl: string;
  readonly lineWorksApiBaseUrl: string;
  readonly lineWorksAuthBaseUrl: string;
}

/** What the chat senders are built from. */
export interface ChatSendersDeps {
  readonly client: OutboundHttpClient;
  readonly secrets: TenantSecrets;
  /** Stores refresh tokens the vendor rotates on use (Microsoft's). */
  readonly secretUpdater: SecretUpdater;
  readonly tokenObserver: TokenRefreshObserver;
  readonly clock: Clock;
  readonly perAttemptTimeoutMs: number;
}

/** One sender per chat system, each with its own token provider. */
export const buildChatSenders = (deps: ChatSendersDeps, endpoints: ChatEndpoints): ChatSenderRegistry => {
  const { client, secrets, clock, perAttemptTimeoutMs } = deps;
  const options = (baseUrl: string) => ({ baseUrl, perAttemptTimeoutMs });
  return {
    SLACK: new SlackSender(
      client,
      new SlackTokenProvider(secrets, clock),
      options(endpoints.slackApiBaseUrl),
      clock,
    ),
    TEAMS: new TeamsSender(
      client,
      new GraphTokenProvider(
        { client, secrets, updater: deps.secretUpdater, observer: deps.tokenObserver, clock },
        { loginBaseUrl: endpoints.graphLoginBaseUrl, perAttemptTimeoutMs },
      ),
      options(endpoints.graphApiBaseUrl),
    ),
    LINE_WORKS: new LineWorksSender(
      client,
      new LineWorksTokenProvider(
        client,
        secrets,
        { authBaseUrl: endpoints.lineWorksAuthBaseUrl, perAttemptTimeoutMs },
        clock,
      ),
      options(endpoints.lineWorksApiBaseUrl),
      clock,
    ),
  } satisfies ChatSenderRegistry;
};
