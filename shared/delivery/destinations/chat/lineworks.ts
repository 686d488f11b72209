import type { Clock } from '../../../kernel/clock.ts';
import type { OutboundHttpClient } from '../../../kernel/http/outbound-client.ts';
import { trimBase } from '../../../kernel/http/url.ts';
import {
  botChannelMessagePath,
  JWT_BEARER_GRANT,
  LINE_WORKS_MAX_TEXT_LENGTH,
  lineWorksTokenUrl,
  serviceAccountAssertion,
} from '../../../vendors/lineworks/index.ts';
import { permanent } from '../failures.ts';
import { secretFields, type TenantSecrets } from '../secrets.ts';
import type { DeliveryResult } from '../types.ts';
import { postWithBearer } from './bearer-post.ts';
import { requestToken, TokenCache, type TokenContext, type TokenProvider } from './token-provider.ts';
import type { ChatPost, ChatSender, ChatSenderOptions } from './types.ts';

/** Where LINE WORKS tokens come from. */
export interface LineWorksTokenOptions {
  /** `https://auth.worksmobile.com` in AWS; a fake locally. */
  readonly authBaseUrl: string;
  readonly perAttemptTimeoutMs: number;
}

// The assertion lives an hour here: the token it buys is cached, and the assertion is spent on that call.
const ASSERTION_LIFETIME_S = 3_600;

interface ServiceAccount {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly serviceAccount: string;
  readonly privateKey: string;
}

const serviceAccountOf = (value: string): ServiceAccount | null => {
  const fields = secretFields(value) ?? {};
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  const account = {
    clientId: text('client_id'),
    clientSecret: text('client_secret'),
    serviceAccount: text('service_account'),
    privateKey: text('private_key'),
  };
  return Object.values(account).every((field) => field !== '') ? account : null;
};

/** The RS256 service-account assertion (`iss` client id, `sub` service account), or null for an unusable key. */
const assertionOf = (account: ServiceAccount, now: number): string | null => {
  try {
    return serviceAccountAssertion({ ...account, now, lifetimeS: ASSERTION_LIFETIME_S });
  } catch {
    return null;
  }
};

/**
 * LINE WORKS API 2.0 tokens from a service-account JWT. The secret holds `client_id`, `client_secret`,
 * `service_account` and `private_key` (PEM). A refresh makes a new grant, re-reading the secret.
 */
export class LineWorksTokenProvider implements TokenProvider {
  private readonly cache: TokenCache;

  public constructor(
    private readonly client: OutboundHttpClient,
    private readonly secrets: TenantSecrets,
    private readonly options: LineWorksTokenOptions,
    private readonly clock: Clock,
  ) {
    this.cache = new TokenCache(clock);
  }

  public getToken({ tenantId, integration, deadline }: TokenContext, refresh: boolean): Promise<string> {
    const reference = integration.credentials_secret_arn_or_name;
    return this.cache.get(`${tenantId}:${reference}`, refresh, async () => {
      const account = serviceAccountOf(await this.secrets.read(tenantId, reference, refresh));
      const assertion = account && assertionOf(account, this.clock());
      if (account === null || assertion === null) {
        const message = `LINE_WORKS integration of ${tenantId} needs client_id, client_secret, service_account and a PEM private_key`;
        throw permanent('invalid_request', message, this.clock());
      }
      const scope = integration.settings.scope;
      return requestToken(
        this.client,
        {
          destinationId: `token:LINE_WORKS:${tenantId}`,
          url: lineWorksTokenUrl(this.options.authBaseUrl),
          form: {
            assertion,
            grant_type: JWT_BEARER_GRANT,
            client_id: account.clientId,
            client_secret: account.clientSecret,
            scope: typeof scope === 'string' ? scope : 'bot',
          },
          deadline,
          perAttemptTimeoutMs: this.options.perAttemptTimeoutMs,
          label: `LINE_WORKS token for ${tenantId}`,
        },
        this.clock,
      );
    });
  }
}

/** A bot message through `POST /v1.0/bots/{botId}/channels/{channelId}/messages`; bot id from settings. */
export class LineWorksSender implements ChatSender {
  public readonly escaping = 'none';
  public readonly maxTextLength = LINE_WORKS_MAX_TEXT_LENGTH;

  public constructor(
    private readonly client: OutboundHttpClient,
    private readonly tokens: TokenProvider,
    private readonly options: ChatSenderOptions,
    private readonly clock: Clock,
  ) {}

  public async post(post: ChatPost): Promise<DeliveryResult> {
    const { context, integration } = post;
    const botId = integration.settings.bot_id;
    if (typeof botId !== 'string' && typeof botId !== 'number') {
      throw permanent(
        'invalid_request',
        `LINE_WORKS integration of ${context.tenantId} has no bot_id setting`,
        this.clock(),
      );
    }
    return postWithBearer(this.client, this.tokens, {
      system: 'LINE_WORKS',
      url: `${trimBase(this.options.baseUrl)}${botChannelMessagePath(String(botId), post.channelId)}`,
      body: { content: { type: 'text', text: post.text } },
      post,
      perAttemptTimeoutMs: this.options.perAttemptTimeoutMs,
    });
  }
}
