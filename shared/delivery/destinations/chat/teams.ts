import type { OutboundHttpClient } from '../../outbound-client.ts';
import type { Clock } from '../../runtime.ts';
import { permanent } from '../failures.ts';
import { secretFields, type TenantSecrets } from '../secrets.ts';
import type { DeliveryResult } from '../types.ts';
import { postWithBearer, trimBase } from './bearer-post.ts';
import { requestToken, TokenCache, type TokenContext, type TokenProvider } from './token-provider.ts';
import type { ChatPost, ChatSender, ChatSenderOptions } from './types.ts';

/** Where Graph tokens come from. */
export interface GraphTokenOptions {
  /** `https://login.microsoftonline.com` in AWS; a fake locally. */
  readonly loginBaseUrl: string;
  readonly perAttemptTimeoutMs: number;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

const stringField = (fields: Record<string, unknown> | null, name: string): string | null => {
  const value = fields?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

/**
 * Client-credentials tokens for Microsoft Graph. The secret holds `{"client_id", "client_secret"}` and the
 * Azure AD tenant is the integration setting `azure_tenant_id` (or the secret's `tenant_id`). Graph has no
 * refresh token: a refresh requests a new token (re-reading the secret, which may have been rotated).
 */
export class GraphTokenProvider implements TokenProvider {
  private readonly cache: TokenCache;

  public constructor(
    private readonly client: OutboundHttpClient,
    private readonly secrets: TenantSecrets,
    private readonly options: GraphTokenOptions,
    private readonly clock: Clock,
  ) {
    this.cache = new TokenCache(clock);
  }

  public getToken({ tenantId, integration, deadline }: TokenContext, refresh: boolean): Promise<string> {
    const reference = integration.credentials_secret_arn_or_name;
    return this.cache.get(`${tenantId}:${reference}`, refresh, async () => {
      const fields = secretFields(await this.secrets.read(tenantId, reference, refresh));
      const setting = integration.settings.azure_tenant_id;
      const azureTenant = typeof setting === 'string' ? setting : stringField(fields, 'tenant_id');
      const clientId = stringField(fields, 'client_id');
      const clientSecret = stringField(fields, 'client_secret');
      if (azureTenant === null || clientId === null || clientSecret === null) {
        const message = `TEAMS integration of ${tenantId} needs client_id, client_secret and azure_tenant_id`;
        throw permanent('invalid_request', message, this.clock());
      }
      return requestToken(
        this.client,
        {
          destinationId: `token:TEAMS:${tenantId}`,
          url: `${trimBase(this.options.loginBaseUrl)}/${encodeURIComponent(azureTenant)}/oauth2/v2.0/token`,
          form: {
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
            scope: GRAPH_SCOPE,
          },
          deadline,
          perAttemptTimeoutMs: this.options.perAttemptTimeoutMs,
          label: `TEAMS token for ${tenantId}`,
        },
        this.clock,
      );
    });
  }
}

/** `<team id>/<channel id>` as routes write it (the schema has checked the shape). */
export const splitTeamsChannel = (channelId: string): { teamId: string; channelId: string } => {
  const slash = channelId.indexOf('/');
  return { teamId: channelId.slice(0, slash), channelId: channelId.slice(slash + 1) };
};

/** A channel message through Graph `POST /v1.0/teams/{team-id}/channels/{channel-id}/messages`. */
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
