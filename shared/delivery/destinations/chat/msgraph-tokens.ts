import type { Clock } from '../../../kernel/clock.ts';
import { describeError } from '../../../kernel/errors.ts';
import type { OutboundHttpClient } from '../../../kernel/http/outbound-client.ts';
import { CHANNEL_MESSAGE_SCOPE, graphTokenUrl } from '../../../vendors/msgraph/index.ts';
import { permanent } from '../failures.ts';
import { type SecretUpdater, secretFields, type TenantSecrets } from '../secrets.ts';
import {
  type FetchedToken,
  GrantRefusedError,
  requestToken,
  TokenCache,
  type TokenContext,
  type TokenProvider,
  type TokenRefreshObserver,
} from './token-provider.ts';

/** Where Graph tokens come from. */
export interface GraphTokenOptions {
  /** `https://login.microsoftonline.com` in AWS; a fake locally. */
  readonly loginBaseUrl: string;
  readonly perAttemptTimeoutMs: number;
}

/** What the Graph token provider is built from. */
export interface GraphTokenDeps {
  readonly client: OutboundHttpClient;
  readonly secrets: TenantSecrets;
  /** Stores the refresh token Microsoft returns with every redemption. */
  readonly updater: SecretUpdater;
  readonly observer: TokenRefreshObserver;
  readonly clock: Clock;
}

/** The integration secret's field holding the delegated refresh token. */
export const MESSAGING_REFRESH_TOKEN = 'messaging_refresh_token';

interface GraphAccount {
  readonly azureTenant: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

const stringField = (fields: Record<string, unknown> | null, name: string): string | null => {
  const value = fields?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

const notConnected = (tenantId: string): string =>
  `TEAMS integration of ${tenantId} has no ${MESSAGING_REFRESH_TOKEN}: Graph accepts channel messages only ` +
  'with the delegated ChannelMessage.Send permission, never with the app-only token. Sign in once as the ' +
  'notifying account, consent to "ChannelMessage.Send offline_access", and store its refresh token as ' +
  `${MESSAGING_REFRESH_TOKEN} in the integration secret`;

const REVOKED =
  `the tenant revoked the consent or the notifying account's sign-in expired; consent again and store the ` +
  `new refresh token as ${MESSAGING_REFRESH_TOKEN}`;

/**
 * The SecretString with the messaging refresh token `redeemed` replaced by `next`, every other field kept; null
 * when the secret no longer holds `redeemed` (another worker stored its own, or an operator reconnected).
 */
export const withRotatedRefreshToken = (current: string, redeemed: string, next: string): string | null => {
  const fields = secretFields(current);
  if (fields === null || fields[MESSAGING_REFRESH_TOKEN] !== redeemed) return null;
  return JSON.stringify({ ...fields, [MESSAGING_REFRESH_TOKEN]: next });
};

/**
 * Delegated Graph tokens for channel messages, redeemed from a refresh token (`grant_type=refresh_token`) by
 * the confidential client. The secret holds `client_id`, `client_secret` and `messaging_refresh_token`; the
 * Azure AD tenant is the integration setting `azure_tenant_id` (or the secret's `tenant_id`). Microsoft returns
 * a new refresh token each time: it is written back to the secret, and a failed write only loses the newer
 * token (the redeemed one stays valid for its lifetime), so it is reported, never fatal.
 */
export class GraphTokenProvider implements TokenProvider {
  private readonly cache: TokenCache;

  public constructor(
    private readonly deps: GraphTokenDeps,
    private readonly options: GraphTokenOptions,
  ) {
    this.cache = new TokenCache(deps.clock);
  }

  public getToken(context: TokenContext, refresh: boolean): Promise<string> {
    const reference = context.integration.credentials_secret_arn_or_name;
    return this.cache.get(`${context.tenantId}:${reference}`, refresh, () => this.fetch(context, refresh));
  }

  private async fetch(context: TokenContext, refresh: boolean): Promise<FetchedToken> {
    const { tenantId, integration } = context;
    const secret = integration.credentials_secret_arn_or_name;
    const account = this.accountOf(context, await this.deps.secrets.read(tenantId, secret, refresh));
    let grant: FetchedToken;
    try {
      grant = await this.redeem(account, context);
    } catch (error) {
      if (error instanceof GrantRefusedError)
        this.deps.observer.grantRefused({ tenantId, system: 'TEAMS', secret });
      throw error;
    }
    if (grant.refreshToken !== undefined && grant.refreshToken !== account.refreshToken) {
      await this.store(tenantId, secret, account.refreshToken, grant.refreshToken);
    }
    return grant;
  }

  /** The refresh-token grant of the confidential client, for the channel-message scopes. */
  private redeem(account: GraphAccount, { tenantId, deadline }: TokenContext): Promise<FetchedToken> {
    return requestToken(
      this.deps.client,
      {
        destinationId: `token:TEAMS:${tenantId}`,
        url: graphTokenUrl(this.options.loginBaseUrl, account.azureTenant),
        form: {
          grant_type: 'refresh_token',
          client_id: account.clientId,
          client_secret: account.clientSecret,
          refresh_token: account.refreshToken,
          scope: CHANNEL_MESSAGE_SCOPE,
        },
        deadline,
        perAttemptTimeoutMs: this.options.perAttemptTimeoutMs,
        label: `TEAMS messaging token for ${tenantId}`,
        onInvalidGrant: REVOKED,
      },
      this.deps.clock,
    );
  }

  private accountOf({ tenantId, integration }: TokenContext, value: string): GraphAccount {
    const fields = secretFields(value);
    const setting = integration.settings.azure_tenant_id;
    const azureTenant = typeof setting === 'string' ? setting : stringField(fields, 'tenant_id');
    const clientId = stringField(fields, 'client_id');
    const clientSecret = stringField(fields, 'client_secret');
    if (azureTenant === null || clientId === null || clientSecret === null) {
      const message = `TEAMS integration of ${tenantId} needs client_id, client_secret and azure_tenant_id`;
      throw permanent('invalid_request', message, this.deps.clock());
    }
    const refreshToken = stringField(fields, MESSAGING_REFRESH_TOKEN);
    if (refreshToken === null)
      throw permanent('teams_messaging_not_connected', notConnected(tenantId), this.deps.clock());
    return { azureTenant, clientId, clientSecret, refreshToken };
  }

  private async store(tenantId: string, secret: string, redeemed: string, next: string): Promise<void> {
    try {
      await this.deps.updater.update(secret, (current) => withRotatedRefreshToken(current, redeemed, next));
    } catch (error) {
      // A parse error's message quotes the text it failed on, which may be the secret: its name only.
      const reason = error instanceof SyntaxError ? error.name : describeError(error);
      this.deps.observer.rotationNotStored({ tenantId, system: 'TEAMS', secret, reason });
    }
  }
}
