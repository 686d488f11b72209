import { createPrivateKey, sign } from 'node:crypto';
import type { Clock } from '../../../kernel/clock.ts';
import type { OutboundHttpClient } from '../../../kernel/http/outbound-client.ts';
import { permanent } from '../failures.ts';
import { secretFields, type TenantSecrets } from '../secrets.ts';
import type { DeliveryResult } from '../types.ts';
import { postWithBearer, trimBase } from './bearer-post.ts';
import { requestToken, TokenCache, type TokenContext, type TokenProvider } from './token-provider.ts';
import type { ChatPost, ChatSender, ChatSenderOptions } from './types.ts';

/** Where LINE WORKS tokens come from. */
export interface LineWorksTokenOptions {
  /** `https://auth.worksmobile.com` in AWS; a fake locally. */
  readonly authBaseUrl: string;
  readonly perAttemptTimeoutMs: number;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
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

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** The RS256 service-account assertion (`iss` client id, `sub` service account), or null for an unusable key. */
export const serviceAccountAssertion = (account: ServiceAccount, nowSeconds: number): string | null => {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const iat = Math.floor(nowSeconds);
  const claims = { iss: account.clientId, sub: account.serviceAccount, iat, exp: iat + ASSERTION_LIFETIME_S };
  const input = `${header}.${base64url(JSON.stringify(claims))}`;
  try {
    const key = createPrivateKey(account.privateKey);
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
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
      const assertion = account && serviceAccountAssertion(account, this.clock() / 1000);
      if (account === null || assertion === null) {
        const message = `LINE_WORKS integration of ${tenantId} needs client_id, client_secret, service_account and a PEM private_key`;
        throw permanent('invalid_request', message, this.clock());
      }
      const scope = integration.settings.scope;
      return requestToken(
        this.client,
        {
          destinationId: `token:LINE_WORKS:${tenantId}`,
          url: `${trimBase(this.options.authBaseUrl)}/oauth2/v2.0/token`,
          form: {
            assertion,
            grant_type: JWT_BEARER,
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
  /** LINE WORKS text messages hold at most 2,000 characters. */
  public readonly maxTextLength = 2_000;

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
    const path = `/v1.0/bots/${encodeURIComponent(String(botId))}/channels/${encodeURIComponent(post.channelId)}/messages`;
    return postWithBearer(this.client, this.tokens, {
      system: 'LINE_WORKS',
      url: `${trimBase(this.options.baseUrl)}${path}`,
      body: { content: { type: 'text', text: post.text } },
      post,
      perAttemptTimeoutMs: this.options.perAttemptTimeoutMs,
    });
  }
}
