import type { Clock } from '../../../kernel/clock.ts';
import { AuthExpiredError, OperationError } from '../../../kernel/errors.ts';
import type { OutboundHttpClient, OutboundResponse } from '../../../kernel/http/outbound-client.ts';
import { trimBase } from '../../../kernel/http/url.ts';
import { parseRetryAfter } from '../../../kernel/retry-policy.ts';
import {
  SLACK_ACCESS_LOST_ERRORS,
  SLACK_MAX_TEXT_LENGTH,
  SLACK_RATE_LIMIT_ERRORS,
  SLACK_SERVER_ERRORS,
  SLACK_TOKEN_ERRORS,
  slackErrorCode,
} from '../../../vendors/slack/index.ts';
import { deliveryHeaders } from '../event-payload.ts';
import { permanent, retryable, withEarlierAttempts } from '../failures.ts';
import { secretValue, type TenantSecrets } from '../secrets.ts';
import type { DeliveryResult } from '../types.ts';
import type { TokenContext, TokenProvider } from './token-provider.ts';
import { type ChatPost, type ChatSender, type ChatSenderOptions, chatDestinationId } from './types.ts';

/**
 * Slack bot tokens are read from the integration's secret (`{"bot_token": "xoxb-…"}` or the bare token). The
 * daily sync rotates them, so a refresh re-reads the secret past its cache.
 */
export class SlackTokenProvider implements TokenProvider {
  public constructor(
    private readonly secrets: TenantSecrets,
    private readonly clock: Clock,
  ) {}

  public async getToken({ tenantId, integration }: TokenContext, refresh: boolean): Promise<string> {
    const reference = integration.credentials_secret_arn_or_name;
    const value = await this.secrets.read(tenantId, reference, refresh);
    const token = secretValue(value, ['bot_token', 'access_token', 'token']);
    if (token === null)
      throw permanent('invalid_request', `secret ${reference} holds no Slack bot token`, this.clock());
    return token;
  }
}

// A bad token is refreshed once (the secret re-read); access the workspace withdrew fails after that refresh.
const AUTH_ERRORS = new Set([...SLACK_TOKEN_ERRORS, ...SLACK_ACCESS_LOST_ERRORS]);
// `invalid_response`: the answer was not JSON at all, which a proxy or an outage in front of Slack produces.
const SERVER_ERRORS = new Set([...SLACK_SERVER_ERRORS, 'invalid_response']);

/** Slack's `error` field, or null for `ok: true`. Only a known-shaped code is kept: it ends up in logs. */
export const slackError = (body: string): string | null => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'invalid_response';
  }
  return slackErrorCode(parsed);
};

const resultOf = (responses: readonly OutboundResponse[]): DeliveryResult => ({
  attempts: responses.reduce((sum, response) => sum + response.attempts, 0),
  latencies_ms: responses.flatMap((response) => response.latencies_ms),
  last_status: responses.at(-1)?.status ?? null,
  history: responses.flatMap((response) => response.history),
});

/** `chat.postMessage` with the tenant's bot token; Slack's 200-with-error answers classified like statuses. */
export class SlackSender implements ChatSender {
  public readonly escaping = 'slack';
  public readonly maxTextLength = SLACK_MAX_TEXT_LENGTH;

  public constructor(
    private readonly client: OutboundHttpClient,
    private readonly tokens: TokenProvider,
    private readonly options: ChatSenderOptions,
    private readonly clock: Clock,
  ) {}

  public async post(post: ChatPost): Promise<DeliveryResult> {
    const state = { refreshed: false };
    const refreshAuth = async () => {
      state.refreshed = true;
      return this.authorization(post, true);
    };
    const first = await this.call(post, await this.authorization(post, false), refreshAuth);
    const error = slackError(first.body);
    if (error === null) return resultOf([first]);
    if (!AUTH_ERRORS.has(error) || state.refreshed) throw this.failure(error, [first]);
    // The client refreshes on a 401 status; Slack's 200 `invalid_auth` needs the same single refresh here.
    let second: OutboundResponse;
    try {
      second = await this.call(post, await refreshAuth(), undefined);
    } catch (failure) {
      throw failure instanceof OperationError ? withEarlierAttempts(failure, first.attempts) : failure;
    }
    const secondError = slackError(second.body);
    if (secondError === null) return resultOf([first, second]);
    throw this.failure(secondError, [first, second]);
  }

  private async authorization(post: ChatPost, refresh: boolean): Promise<Record<string, string>> {
    const { tenantId, deadline } = post.context;
    const token = await this.tokens.getToken({ tenantId, integration: post.integration, deadline }, refresh);
    return { authorization: `Bearer ${token}` };
  }

  private call(
    post: ChatPost,
    authorization: Record<string, string>,
    refreshAuth: (() => Promise<Record<string, string>>) | undefined,
  ): Promise<OutboundResponse> {
    const { context } = post;
    return this.client.send(
      {
        destinationId: chatDestinationId('SLACK', context.tenantId),
        kind: 'chat',
        url: `${trimBase(this.options.baseUrl)}/chat.postMessage`,
        method: 'POST',
        headers: {
          ...deliveryHeaders(context.deliveryId, context.traceId),
          ...authorization,
          'content-type': 'application/json; charset=utf-8',
        },
        // No unfurling: a link in a provider payload must not make Slack fetch it and post a preview.
        body: JSON.stringify({
          channel: post.channelId,
          text: post.text,
          unfurl_links: false,
          unfurl_media: false,
        }),
      },
      { deadline: context.deadline, perAttemptTimeoutMs: this.options.perAttemptTimeoutMs, refreshAuth },
    );
  }

  private failure(error: string, responses: readonly OutboundResponse[]): OperationError {
    const now = this.clock();
    const { attempts, last_status: lastStatus } = resultOf(responses);
    const message = `slack chat.postMessage: ${error}`;
    const at = { attempts, lastStatus };
    if (AUTH_ERRORS.has(error))
      return new AuthExpiredError({ code: 'auth_expired', message, failedAt: now, ...at });
    if (SLACK_RATE_LIMIT_ERRORS.has(error)) {
      const retryAfterMs = parseRetryAfter(new Headers(responses.at(-1)?.headers ?? {}), now);
      return retryable('rate_limited', message, now, { ...at, retryAfterMs });
    }
    if (SERVER_ERRORS.has(error)) return retryable('server_error', message, now, at);
    return permanent('client_error', message, now, at);
  }
}
