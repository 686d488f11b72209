import type { TeamsCredentials } from '../../../shared/sync/connectors/index.ts';
import { GRAPH_MAX_TOP } from '../../../shared/vendors/msgraph/index.ts';
import { bearerToken, type FakeRequest, type FakeResponse } from '../fakes/fake-server.ts';
import { type Quota, waitSeconds } from './gate.ts';
import { FAKE_GRAPH_APP, FakeGraphLogin } from './msgraph-login.ts';
import { FakeGraphChannelMessages, GRAPH_CHANNEL_MESSAGES_PATH, graphError } from './msgraph-messages.ts';
import type { FakeTenantData } from './seed.ts';
import {
  decodeCursor,
  encodeCursor,
  sizeOf,
  slice,
  type VendorAnswer,
  type VendorContext,
} from './vendor-kit.ts';

/**
 * Microsoft Graph as the Teams sync and the Teams chat destination use it: `/v1.0/users`, `/v1.0/teams` and
 * `/v1.0/teams/{id}/channels` for application-only tokens, paged by a full-URL `@odata.nextLink`; channel
 * messages (msgraph-messages.ts) for delegated tokens only. Throttling answers 429 with `Retry-After` and
 * `TooManyRequests`. The token endpoint is msgraph-login.ts; `GET /messages` lists what was posted.
 */

export { FAKE_GRAPH_APP } from './msgraph-login.ts';

const pick = (record: Record<string, unknown>, fields: readonly string[] | null): Record<string, unknown> =>
  fields === null ? record : Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));

/** The fake Graph: one Microsoft 365 tenant per seeded tenant. */
export class FakeGraph {
  private readonly login: FakeGraphLogin;
  public readonly messages: FakeGraphChannelMessages;

  public constructor(private readonly context: VendorContext) {
    this.login = new FakeGraphLogin(context);
    this.messages = new FakeGraphChannelMessages(context);
  }

  /** The tenant's app credentials for client-credentials tokens (the sync's; no refresh token). */
  public credentials(tenantId: string): TeamsCredentials {
    const tenant = this.context.tenants.get(tenantId);
    if (tenant === undefined) throw new Error(`no fake Graph tenant for tenant ${tenantId}`);
    return { tenantId: tenant.msgraph.tenantId, ...FAKE_GRAPH_APP };
  }

  /** The notifying account's delegated refresh token (`ChannelMessage.Send offline_access`) of a tenant. */
  public messagingRefreshToken(tenantId: string): string {
    return this.login.messagingRefreshToken(tenantId);
  }

  /** The `expire_tokens` fault. */
  public expireTokens(tenantId: string): void {
    this.login.tokens.expireAll(tenantId);
  }

  /** Answers one request. */
  public async handle(request: FakeRequest): Promise<VendorAnswer> {
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.path);
    if (token?.[1] !== undefined) return this.login.handle(request, decodeURIComponent(token[1]));
    if (request.method === 'GET' && request.path === '/messages') {
      return {
        response: { status: 200, body: { messages: this.messages.list() } },
        tenant: null,
        method: 'messages',
      };
    }
    const post = request.method === 'POST' ? GRAPH_CHANNEL_MESSAGES_PATH.exec(request.path) : null;
    const channels = /^\/v1\.0\/teams\/([^/]+)\/channels$/.exec(request.path);
    const method = post ? 'channelMessage' : channels ? 'channels' : request.path.replace(/^\/v1\.0\//, '');
    if (!post && !channels && method !== 'users' && method !== 'teams') {
      const response = graphError(400, 'BadRequest', 'Resource not found for the segment.');
      return { response, tenant: null, method };
    }
    const auth = this.login.tokens.check(bearerToken(request.headers));
    if (auth.state !== 'valid') {
      const expired = auth.state === 'expired';
      const why = expired
        ? 'Access token has expired or is not yet valid.'
        : 'Access token validation failure.';
      const response = graphError(401, 'InvalidAuthenticationToken', why);
      return { response, tenant: expired ? auth.tenantId : null, method };
    }
    const tenant = this.context.tenants.get(auth.tenantId) as FakeTenantData;
    if (post?.[1] !== undefined && post[2] !== undefined) {
      const where = { teamId: decodeURIComponent(post[1]), channelId: decodeURIComponent(post[2]) };
      return this.messages.post(request, tenant, where, auth.scopes);
    }
    // Delegated tokens carry only what the notifying account consented to: no directory reads.
    if (auth.scopes.length > 0) {
      const response = graphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
      return { response, tenant: tenant.id, method };
    }
    const teamId = channels?.[1] === undefined ? null : decodeURIComponent(channels[1]);
    return this.read(request, tenant, method, teamId);
  }

  /** An authenticated read, through faults and quotas. */
  private async read(request: FakeRequest, tenant: FakeTenantData, method: string, teamId: string | null) {
    const verdict = await this.context.gate.admit({
      vendor: 'msgraph',
      tenant: tenant.id,
      method,
      quotas: this.quotasOf(method, teamId),
      throttled: (ms) => ({
        ...graphError(429, 'TooManyRequests', 'Too many requests.'),
        headers: { 'Retry-After': waitSeconds(ms, this.context.timeScale) },
      }),
    });
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    const origin = `http://${request.headers.host ?? '127.0.0.1'}`;
    const teams = tenant.msgraph.teams.map((t) => t.team);
    const response =
      teamId !== null
        ? this.channels(tenant, teamId, origin)
        : this.collection(method, method === 'users' ? tenant.msgraph.users : teams, request, origin);
    return { response, tenant: tenant.id, method };
  }

  private quotasOf(method: string, teamId: string | null): Quota[] {
    const { TEAMS } = this.context.limits;
    if (method === 'users') return [{ scope: 'users', rule: TEAMS.users }];
    const tenantWide = { scope: 'teams', rule: TEAMS.teams };
    return teamId === null ? [tenantWide] : [tenantWide, { scope: `team:${teamId}`, rule: TEAMS.team }];
  }

  private collection(
    method: string,
    items: readonly Record<string, unknown>[],
    request: FakeRequest,
    origin: string,
  ): FakeResponse {
    const top = sizeOf(request.query.get('$top'), 100, GRAPH_MAX_TOP);
    if (top === null)
      return graphError(
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${request.query.get('$top')}'.`,
      );
    const skip = request.query.get('$skiptoken');
    const offset = skip === null ? 0 : decodeCursor(method, skip);
    if (offset === null) return graphError(400, 'Request_BadRequest', 'Invalid $skiptoken.');
    const selected = request.query.get('$select');
    const fields = selected === null ? null : selected.split(',');
    const { page, next } = slice(items, offset, top);
    const query = `${selected === null ? '' : `$select=${selected}&`}$top=${top}&$skiptoken=${next === null ? '' : encodeCursor(method, next)}`;
    return {
      status: 200,
      body: {
        '@odata.context': `${origin}/v1.0/$metadata#${method}${selected === null ? '' : `(${selected})`}`,
        value: page.map((record) => pick(record, fields)),
        ...(next === null ? {} : { '@odata.nextLink': `${origin}/v1.0/${method}?${query}` }),
      },
    };
  }

  private channels(tenant: FakeTenantData, teamId: string, origin: string): FakeResponse {
    const team = tenant.msgraph.teams.find((candidate) => candidate.team.id === teamId);
    if (team === undefined) return graphError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    // Graph returns every channel of a team in one answer; the connector still follows a nextLink if one comes.
    return {
      status: 200,
      body: {
        '@odata.context': `${origin}/v1.0/$metadata#teams('${teamId}')/channels`,
        '@odata.count': team.channels.length,
        value: team.channels,
      },
    };
  }
}
