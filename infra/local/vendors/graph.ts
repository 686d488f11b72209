import type { TeamsCredentials } from '../../../shared/sync/connectors/index.ts';
import { bearerToken, type FakeRequest, type FakeResponse } from '../fakes/fake-server.ts';
import { type Quota, waitSeconds } from './gate.ts';
import { FakeGraphChannelMessages, GRAPH_CHANNEL_MESSAGES_PATH, graphError } from './graph-messages.ts';
import type { FakeTenantData } from './seed.ts';
import { FakeTokenBook } from './tokens.ts';
import {
  argumentsOf,
  basicCredentials,
  decodeCursor,
  encodeCursor,
  sizeOf,
  slice,
  type VendorAnswer,
  type VendorContext,
} from './vendor-kit.ts';

/**
 * Microsoft Graph and the identity platform's token endpoint as the Teams sync uses them: client-credentials
 * tokens at `/{tenant}/oauth2/v2.0/token`, `/v1.0/users`, `/v1.0/teams` and `/v1.0/teams/{id}/channels`, paged
 * by a full-URL `@odata.nextLink`. Throttling answers 429 with `Retry-After` and `TooManyRequests`. The Teams
 * chat destination's channel messages are in graph-messages.ts; `GET /messages` lists what was posted.
 */

/** The one multi-tenant app registration every fake tenant consented to. */
export const FAKE_GRAPH_APP = {
  clientId: '5f0c6a3e-1d2b-4c8e-9f7a-0b1c2d3e4f50',
  clientSecret: 'fake-graph-client-secret',
};

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const ACCESS_LIFETIME_S = 3_599;
const MAX_TOP = 999;

const aadError = (status: number, error: string, code: number, description: string): FakeResponse => ({
  status,
  body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code] },
});

const pick = (record: Record<string, unknown>, fields: readonly string[] | null): Record<string, unknown> =>
  fields === null ? record : Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));

/** The fake Graph: one Microsoft 365 tenant per seeded tenant. */
export class FakeGraph {
  private readonly tokens = new FakeTokenBook({ access: 'eyJ0eXAiOiJKV1QifQ.fake-graph', refresh: 'unused' });
  private readonly byDirectory = new Map<string, FakeTenantData>();
  public readonly messages: FakeGraphChannelMessages;

  /** `refuseAppOnlyPosts`: answer channel messages as real Graph does outside an import (see graph-messages.ts). */
  public constructor(
    private readonly context: VendorContext,
    refuseAppOnlyPosts = false,
  ) {
    for (const tenant of context.tenants.values()) this.byDirectory.set(tenant.graph.tenantId, tenant);
    const appId = FAKE_GRAPH_APP.clientId;
    this.messages = new FakeGraphChannelMessages(context, { refuseAppOnly: refuseAppOnlyPosts, appId });
  }

  /** The tenant's app credentials (Graph has no refresh token). */
  public credentials(tenantId: string): TeamsCredentials {
    const tenant = this.context.tenants.get(tenantId);
    if (tenant === undefined) throw new Error(`no fake Graph tenant for tenant ${tenantId}`);
    return { tenantId: tenant.graph.tenantId, ...FAKE_GRAPH_APP };
  }

  /** The `expire_tokens` fault. */
  public expireTokens(tenantId: string): void {
    this.tokens.expireAll(tenantId);
  }

  /** Answers one request. */
  public async handle(request: FakeRequest): Promise<VendorAnswer> {
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.path);
    if (token?.[1] !== undefined) return this.token(request, decodeURIComponent(token[1]));
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
    const auth = this.tokens.check(bearerToken(request.headers));
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
      return this.messages.post(request, tenant, decodeURIComponent(post[1]), decodeURIComponent(post[2]));
    }
    const teamId = channels?.[1] === undefined ? null : decodeURIComponent(channels[1]);
    return this.read(request, tenant, method, teamId);
  }

  /** An authenticated read, through faults and quotas. */
  private async read(request: FakeRequest, tenant: FakeTenantData, method: string, teamId: string | null) {
    const verdict = await this.context.gate.admit({
      vendor: 'graph',
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
    const teams = tenant.graph.teams.map((t) => t.team);
    const response =
      teamId !== null
        ? this.channels(tenant, teamId, origin)
        : this.collection(method, method === 'users' ? tenant.graph.users : teams, request, origin);
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
    const top = sizeOf(request.query.get('$top'), 100, MAX_TOP);
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
    const team = tenant.graph.teams.find((candidate) => candidate.team.id === teamId);
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

  /** Why the token endpoint refuses this client-credentials request, or null. */
  private refusal(request: FakeRequest, tenantId: string): FakeResponse | null {
    const args = argumentsOf(request);
    const basic = basicCredentials(request);
    if (args.get('grant_type') !== 'client_credentials') {
      return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    if ((basic?.id ?? args.get('client_id')) !== FAKE_GRAPH_APP.clientId) {
      return aadError(400, 'unauthorized_client', 700016, 'Application not found in the directory.');
    }
    if ((basic?.secret ?? args.get('client_secret')) !== FAKE_GRAPH_APP.clientSecret) {
      return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    }
    if (args.get('scope') !== GRAPH_SCOPE)
      return aadError(400, 'invalid_scope', 1002012, 'The provided scope is invalid.');
    if (this.context.gate.grantRefused('graph', tenantId)) {
      return aadError(400, 'invalid_grant', 65001, 'The administrator has not consented to the application.');
    }
    return null;
  }

  /** Client credentials only: the grant an app uses without a signed-in user. */
  private async token(request: FakeRequest, directory: string): Promise<VendorAnswer> {
    const method = 'token';
    const tenant = this.byDirectory.get(directory);
    if (tenant === undefined) {
      const response = aadError(400, 'invalid_request', 90002, `Tenant '${directory}' not found.`);
      return { response, tenant: null, method };
    }
    const refused = this.refusal(request, tenant.id);
    if (refused !== null) return { response: refused, tenant: tenant.id, method };
    const throttled = (ms: number) => ({
      ...aadError(429, 'temporarily_unavailable', 50196, 'Too many requests.'),
      headers: { 'Retry-After': waitSeconds(ms, this.context.timeScale) },
    });
    const gate = { vendor: 'graph', tenant: tenant.id, method, quotas: [], throttled } as const;
    const verdict = await this.context.gate.admit(gate, true);
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    const access_token = this.tokens.issueAccess(tenant.id, ACCESS_LIFETIME_S * 1000);
    const expiry = { expires_in: ACCESS_LIFETIME_S, ext_expires_in: ACCESS_LIFETIME_S };
    return {
      response: { status: 200, body: { token_type: 'Bearer', ...expiry, access_token } },
      tenant: tenant.id,
      method,
    };
  }
}
