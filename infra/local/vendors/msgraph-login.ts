import type { FakeRequest, FakeResponse } from '../fakes/fake-server.ts';
import { waitSeconds } from './gate.ts';
import type { FakeTenantData } from './seed.ts';
import { FakeTokenBook, type RefreshGrant } from './tokens.ts';
import { argumentsOf, basicCredentials, type VendorAnswer, type VendorContext } from './vendor-kit.ts';

/**
 * The Microsoft identity platform's v2 token endpoint `/{tenant}/oauth2/v2.0/token`, as Graph's callers use it:
 * - `client_credentials` with `scope=https://graph.microsoft.com/.default`: an application-only token (the
 *   daily sync's reads);
 * - `refresh_token`: a delegated token for the scopes the notifying account consented to
 *   (`ChannelMessage.Send offline_access`), and a NEW refresh token each time; earlier refresh tokens keep
 *   working, as Microsoft's do. An unknown refresh token, one of another directory, or a scope beyond the
 *   consent is `invalid_grant`, in the AADSTS error shape.
 * Both grants belong to one confidential client, so both check its id and secret.
 */

/** The one multi-tenant app registration every fake tenant consented to. */
export const FAKE_GRAPH_APP = {
  clientId: '5f0c6a3e-1d2b-4c8e-9f7a-0b1c2d3e4f50',
  clientSecret: 'fake-graph-client-secret',
};

const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
const APP_SCOPE = `${GRAPH_RESOURCE}.default`;
/** What each tenant's notifying account consented to, once, for the app. */
export const FAKE_MESSAGING_CONSENT = ['ChannelMessage.Send', 'offline_access'] as const;
/** OpenID scopes any sign-in may ask for; they add nothing to an access token. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const ACCESS_LIFETIME_S = 3_599;

const aadError = (status: number, error: string, code: number, description: string): FakeResponse => ({
  status,
  body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code] },
});

/** The refusals of the token endpoint, as Microsoft words them. */
const REFUSED = {
  notConsented: aadError(
    400,
    'invalid_grant',
    65001,
    'The user or administrator has not consented to use the application.',
  ),
  invalidAppScope: aadError(400, 'invalid_scope', 1002012, 'The provided scope is invalid.'),
  noScope: aadError(
    400,
    'invalid_request',
    900144,
    "The request body must contain the following parameter: 'scope'.",
  ),
  noResourceScope: aadError(
    400,
    'invalid_scope',
    70011,
    "The provided value for the input parameter 'scope' is not valid.",
  ),
  badRefreshToken: aadError(
    400,
    'invalid_grant',
    9002313,
    'Invalid request. The provided refresh token is malformed or not valid.',
  ),
} as const;

/** `https://graph.microsoft.com/ChannelMessage.Send` → `ChannelMessage.Send`; other resources stay whole. */
const shortScope = (scope: string): string =>
  scope.startsWith(GRAPH_RESOURCE) ? scope.slice(GRAPH_RESOURCE.length) : scope;

/** The token endpoint of the fake Graph. */
export class FakeGraphLogin {
  public readonly tokens = new FakeTokenBook({
    access: 'eyJ0eXAiOiJKV1QifQ.fake-graph',
    refresh: '1.AXoA-fake-graph-rt',
  });
  private readonly byDirectory = new Map<string, FakeTenantData>();
  /** Each tenant's refresh token from its notifying account's one consent. */
  private readonly consented = new Map<string, string>();

  public constructor(private readonly context: VendorContext) {
    for (const tenant of context.tenants.values()) {
      this.byDirectory.set(tenant.msgraph.tenantId, tenant);
      this.consented.set(tenant.id, this.tokens.addRefresh(tenant.id, FAKE_MESSAGING_CONSENT.join(' ')));
    }
  }

  /** The refresh token the notifying account's consent issued for `tenantId` (what an operator stores). */
  public messagingRefreshToken(tenantId: string): string {
    const token = this.consented.get(tenantId);
    if (token === undefined) throw new Error(`no fake Graph tenant for tenant ${tenantId}`);
    return token;
  }

  /** Answers `POST /{directory}/oauth2/v2.0/token`. */
  public async handle(request: FakeRequest, directory: string): Promise<VendorAnswer> {
    const method = 'token';
    const tenant = this.byDirectory.get(directory);
    if (tenant === undefined) {
      const response = aadError(400, 'invalid_request', 90002, `Tenant '${directory}' not found.`);
      return { response, tenant: null, method };
    }
    const args = argumentsOf(request);
    const refused = this.clientRefusal(request, args) ?? this.grantRefusal(args, tenant);
    if (refused !== null) return { response: refused, tenant: tenant.id, method };
    const throttled = (ms: number) => ({
      ...aadError(429, 'temporarily_unavailable', 50196, 'Too many requests.'),
      headers: { 'Retry-After': waitSeconds(ms, this.context.timeScale) },
    });
    const gate = { vendor: 'msgraph', tenant: tenant.id, method, quotas: [], throttled } as const;
    const verdict = await this.context.gate.admit(gate, true);
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    const response =
      args.get('grant_type') === 'refresh_token' ? this.delegated(args, tenant) : this.appOnly(tenant);
    return { response, tenant: tenant.id, method };
  }

  /** The grant type and the confidential client's credentials (form fields or HTTP Basic). */
  private clientRefusal(request: FakeRequest, args: URLSearchParams): FakeResponse | null {
    const basic = basicCredentials(request);
    const grant = args.get('grant_type');
    if (grant !== 'client_credentials' && grant !== 'refresh_token') {
      return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    if ((basic?.id ?? args.get('client_id')) !== FAKE_GRAPH_APP.clientId) {
      return aadError(400, 'unauthorized_client', 700016, 'Application not found in the directory.');
    }
    if ((basic?.secret ?? args.get('client_secret')) !== FAKE_GRAPH_APP.clientSecret) {
      return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    }
    return null;
  }

  /** Why this grant is refused for `tenant`, or null. */
  private grantRefusal(args: URLSearchParams, tenant: FakeTenantData): FakeResponse | null {
    if (this.context.gate.grantRefused('msgraph', tenant.id)) return REFUSED.notConsented;
    const requested = (args.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
    if (args.get('grant_type') === 'client_credentials') {
      return requested.length === 1 && requested[0] === APP_SCOPE ? null : REFUSED.invalidAppScope;
    }
    if (requested.length === 0) return REFUSED.noScope;
    const scopes = requested.map(shortScope);
    if (scopes.every((s) => OIDC_SCOPES.has(s))) return REFUSED.noResourceScope;
    const grant = this.tokens.refreshGrant(args.get('refresh_token') ?? undefined);
    if (grant === null || grant.tenantId !== tenant.id) return REFUSED.badRefreshToken;
    const consented = scopes.every((s) => s === '.default' || grant.scopes.includes(s));
    return consented ? null : REFUSED.notConsented;
  }

  private appOnly(tenant: FakeTenantData): FakeResponse {
    const access_token = this.tokens.issueAccess(tenant.id, ACCESS_LIFETIME_S * 1000);
    const expiry = { expires_in: ACCESS_LIFETIME_S, ext_expires_in: ACCESS_LIFETIME_S };
    return { status: 200, body: { token_type: 'Bearer', ...expiry, access_token } };
  }

  /** A delegated token for the consented Graph scopes asked for, and a new refresh token. */
  private delegated(args: URLSearchParams, tenant: FakeTenantData): FakeResponse {
    const grant: RefreshGrant = this.tokens.refreshGrant(args.get('refresh_token') ?? undefined) ?? {
      tenantId: tenant.id,
      scopes: [],
    };
    const asked = (args.get('scope') ?? '').split(/\s+/).map(shortScope);
    const scopes = asked.includes('.default') ? grant.scopes : asked.filter((s) => grant.scopes.includes(s));
    const granted = scopes.filter((s) => !OIDC_SCOPES.has(s));
    const access_token = this.tokens.issueAccess(tenant.id, ACCESS_LIFETIME_S * 1000, granted.join(' '));
    const refresh_token = this.tokens.addRefresh(tenant.id, grant.scopes.join(' '));
    const expiry = { expires_in: ACCESS_LIFETIME_S, ext_expires_in: ACCESS_LIFETIME_S };
    const scope = granted.map((s) => `${GRAPH_RESOURCE}${s}`).join(' ');
    return { status: 200, body: { token_type: 'Bearer', scope, ...expiry, access_token, refresh_token } };
  }
}
