import type { SlackCredentials } from '../../../shared/sync/connectors/index.ts';
import { SLACK_ACCESS_TOKEN_LIFETIME_S, SLACK_MAX_LIMIT } from '../../../shared/vendors/slack/index.ts';
import { bearerToken, type FakeRequest, type FakeResponse } from '../fakes/fake-server.ts';
import { waitSeconds } from './gate.ts';
import type { FakeTenantData } from './seed.ts';
import { FakeTokenBook } from './tokens.ts';
import {
  argumentsOf,
  basicCredentials,
  decodeCursor,
  encodeCursor,
  slice,
  type VendorAnswer,
  type VendorContext,
} from './vendor-kit.ts';

/**
 * Slack's Web API as sync uses it: `users.list`, `conversations.list` and token rotation through
 * `oauth.v2.access`. Errors come as HTTP 200 `{ ok: false, error }` like Slack's; a real 429 carries
 * `Retry-After` in seconds (fractional when time-scaled).
 */

/** The one Slack app every fake workspace installed. */
export const FAKE_SLACK_APP = { clientId: '1111111111.2222222222', clientSecret: 'fake-slack-client-secret' };

const LIST_METHODS = ['users.list', 'conversations.list'] as const;
type ListMethod = (typeof LIST_METHODS)[number];

const slackError = (error: string, status = 200): FakeResponse => ({ status, body: { ok: false, error } });

/** Slack clamps `limit` instead of refusing it. */
const limitOf = (value: string | null): number => {
  const limit = Number(value ?? '100');
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, SLACK_MAX_LIMIT) : 100;
};

/** The fake Slack: one workspace per seeded tenant. */
export class FakeSlack {
  private readonly tokens = new FakeTokenBook({ access: 'xoxe.xoxb-1', refresh: 'xoxe-1' });

  public constructor(private readonly context: VendorContext) {
    for (const tenant of context.tenants.values()) this.tokens.rotateRefresh(tenant.id);
  }

  /** The workspace's credentials as they stand now (the refresh token changes on every rotation). */
  public credentials(tenantId: string): SlackCredentials {
    const refreshToken = this.tokens.currentRefreshOf(tenantId);
    if (refreshToken === undefined) throw new Error(`no fake Slack workspace for tenant ${tenantId}`);
    return { ...FAKE_SLACK_APP, refreshToken };
  }

  /** The `expire_tokens` fault. */
  public expireTokens(tenantId: string): void {
    this.tokens.expireAll(tenantId);
  }

  /** Answers one request under `/api/`. */
  public async handle(request: FakeRequest): Promise<VendorAnswer> {
    const method = request.path.replace(/^\/api\//, '');
    if (method === 'oauth.v2.access') return this.rotate(request);
    if (!(LIST_METHODS as readonly string[]).includes(method)) {
      return { response: slackError('unknown_method', 404), tenant: null, method };
    }
    const args = argumentsOf(request);
    const presented = bearerToken(request.headers) ?? args.get('token');
    const auth = this.tokens.check(presented);
    if (auth.state === 'unknown') {
      return {
        response: slackError(presented === null ? 'not_authed' : 'invalid_auth'),
        tenant: null,
        method,
      };
    }
    if (auth.state === 'expired')
      return { response: slackError('token_expired'), tenant: auth.tenantId, method };
    const tenant = this.context.tenants.get(auth.tenantId) as FakeTenantData;
    const verdict = await this.context.gate.admit({
      vendor: 'slack',
      tenant: tenant.id,
      method,
      quotas: [{ scope: method, rule: this.context.limits.SLACK[method as ListMethod] }],
      throttled: this.throttled,
    });
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    const response = method === 'users.list' ? this.users(tenant, args) : this.channels(tenant, args);
    return { response, tenant: tenant.id, method };
  }

  private users(tenant: FakeTenantData, args: URLSearchParams): FakeResponse {
    return this.page(tenant.slack.members, 'members', 'users', args);
  }

  private channels(tenant: FakeTenantData, args: URLSearchParams): FakeResponse {
    const types = new Set((args.get('types') ?? 'public_channel').split(','));
    const excludeArchived = ['true', '1'].includes(args.get('exclude_archived') ?? '');
    const channels = tenant.slack.channels.filter(
      (channel) =>
        types.has(channel.is_private ? 'private_channel' : 'public_channel') &&
        !(excludeArchived && channel.is_archived),
    );
    return this.page(channels, 'channels', 'channels', args);
  }

  private page(items: readonly unknown[], key: string, prefix: string, args: URLSearchParams): FakeResponse {
    const cursor = args.get('cursor');
    const offset = cursor === null || cursor === '' ? 0 : decodeCursor(prefix, cursor);
    if (offset === null) return slackError('invalid_cursor');
    const { page, next } = slice(items, offset, limitOf(args.get('limit')));
    return {
      status: 200,
      body: {
        ok: true,
        [key]: page,
        cache_ts: Math.floor(Date.now() / 1000),
        response_metadata: { next_cursor: next === null ? '' : encodeCursor(prefix, next) },
      },
    };
  }

  /** Slack's 429: `Retry-After` in seconds and `ratelimited`. */
  private readonly throttled = (ms: number): FakeResponse => ({
    status: 429,
    headers: { 'Retry-After': waitSeconds(ms, this.context.timeScale) },
    body: { ok: false, error: 'ratelimited' },
  });

  /** The error `oauth.v2.access` answers for this request, or null when the client and grant are fine. */
  private refusal(request: FakeRequest, args: URLSearchParams, tenantId: string | null): string | null {
    const basic = basicCredentials(request);
    if (request.method !== 'POST') return 'invalid_request';
    if (args.get('grant_type') !== 'refresh_token') return 'unsupported_grant_type';
    if ((basic?.id ?? args.get('client_id')) !== FAKE_SLACK_APP.clientId) return 'invalid_client_id';
    if ((basic?.secret ?? args.get('client_secret')) !== FAKE_SLACK_APP.clientSecret)
      return 'bad_client_secret';
    if (tenantId === null || this.context.gate.grantRefused('slack', tenantId)) return 'invalid_grant';
    return null;
  }

  /** `oauth.v2.access` with `grant_type=refresh_token`: a new access token AND a new refresh token. */
  private async rotate(request: FakeRequest): Promise<VendorAnswer> {
    const method = 'oauth.v2.access';
    const args = argumentsOf(request);
    const tenantId = this.tokens.refreshTenant(args.get('refresh_token') ?? undefined);
    const refused = this.refusal(request, args, tenantId);
    if (refused !== null || tenantId === null) {
      return { response: slackError(refused ?? 'invalid_grant'), tenant: tenantId, method };
    }
    const gate = {
      vendor: 'slack',
      tenant: tenantId,
      method,
      quotas: [],
      throttled: this.throttled,
    } as const;
    const verdict = await this.context.gate.admit(gate, true);
    if (verdict !== null) return { ...verdict, tenant: tenantId, method };
    const tenant = this.context.tenants.get(tenantId) as FakeTenantData;
    const body = {
      ok: true,
      app_id: 'A0FAKEAPP',
      authed_user: { id: '' },
      scope: 'users:read,users:read.email,channels:read,groups:read',
      token_type: 'bot',
      access_token: this.tokens.issueAccess(tenantId, SLACK_ACCESS_TOKEN_LIFETIME_S * 1000),
      bot_user_id: 'U0FAKEBOT',
      refresh_token: this.tokens.rotateRefresh(tenantId),
      expires_in: SLACK_ACCESS_TOKEN_LIFETIME_S,
      team: { id: tenant.slack.teamId, name: tenant.id },
      enterprise: null,
      is_enterprise_install: false,
    };
    return { response: { status: 200, body }, tenant: tenantId, method };
  }
}
