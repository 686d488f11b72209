import { createHash, type KeyObject, verify } from 'node:crypto';
import type { LineWorksCredentials } from '../../../shared/sync/connectors/index.ts';
import { JWT_BEARER_GRANT, LINE_WORKS_MAX_COUNT } from '../../../shared/vendors/lineworks/index.ts';
import { bearerToken, type FakeRequest, type FakeResponse } from '../fakes/fake-server.ts';
import { waitSeconds } from './gate.ts';
import {
  FakeLineWorksBotMessages,
  LINE_WORKS_BOT_MESSAGES_PATH,
  lineWorksError,
} from './lineworks-messages.ts';
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
 * LINE WORKS API 2.0 as the sync uses it: `/oauth2/v2.0/token` (service-account JWT verified with the key pair's
 * public half, and rotating refresh tokens), `/v1.0/users` and `/v1.0/groups` paged by `responseMetaData.nextCursor`.
 * Throttling answers 429 `TOO_MANY_REQUESTS` with `rateLimit-remaining` / `rateLimit-reset`, no `Retry-After`.
 * The chat destination's bot messages are in lineworks-messages.ts; `GET /messages` lists what was posted.
 */

const ACCESS_LIFETIME_S = 86_400;
/** LINE WORKS refuses assertions valid for longer than an hour. */
const MAX_ASSERTION_LIFETIME_S = 3_600;

/** The service-account key every fake domain's app uses (one pair per fake, generated at start). */
export interface FakeLineWorksKeys {
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
}

const apiError = lineWorksError;

const oauthError = (status: number, error: string, description: string): FakeResponse => ({
  status,
  body: { error, error_description: description },
});

const decodePart = (part: string): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** Why an RFC 7523 assertion is unacceptable, or null when it is fine for `app`. */
const assertionProblem = (
  assertion: string,
  app: { clientId: string; serviceAccount: string },
  keys: FakeLineWorksKeys,
): string | null => {
  const [header, payload, signature, ...rest] = assertion.split('.');
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0)
    return 'not a JWS';
  if (decodePart(header)?.alg !== 'RS256') return 'alg must be RS256';
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    keys.publicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) return 'signature does not verify';
  const claims = decodePart(payload);
  const { iss, sub, iat, exp } = claims ?? {};
  if (iss !== app.clientId || sub !== app.serviceAccount) return 'iss or sub does not match the app';
  if (typeof iat !== 'number' || typeof exp !== 'number') return 'iat and exp are required';
  const now = Date.now() / 1000;
  if (exp <= now || iat > now + 60 || exp - iat > MAX_ASSERTION_LIFETIME_S)
    return 'expired or too long-lived';
  return null;
};

/** The fake LINE WORKS: one domain (with its own app) per seeded tenant. */
export class FakeLineWorks {
  private readonly tokens = new FakeTokenBook({ access: 'kr1AAABfakeaccess', refresh: 'kr1AAACfakerefresh' });
  private readonly byClient = new Map<string, FakeTenantData>();
  public readonly messages: FakeLineWorksBotMessages;

  public constructor(
    private readonly context: VendorContext,
    private readonly keys: FakeLineWorksKeys,
  ) {
    for (const tenant of context.tenants.values()) this.byClient.set(this.appOf(tenant).clientId, tenant);
    this.messages = new FakeLineWorksBotMessages(context, (ms) => this.throttled(ms));
  }

  /** The domain app's credentials; `refreshToken` once a token call issued one. */
  public credentials(tenantId: string): LineWorksCredentials {
    const tenant = this.context.tenants.get(tenantId);
    if (tenant === undefined) throw new Error(`no fake LINE WORKS domain for tenant ${tenantId}`);
    const refreshToken = this.tokens.currentRefreshOf(tenantId);
    return {
      ...this.appOf(tenant),
      privateKey: this.keys.privateKeyPem,
      ...(refreshToken ? { refreshToken } : {}),
    };
  }

  /** The `expire_tokens` fault. */
  public expireTokens(tenantId: string): void {
    this.tokens.expireAll(tenantId);
  }

  /** Answers one request. */
  public async handle(request: FakeRequest): Promise<VendorAnswer> {
    if (request.path === '/oauth2/v2.0/token') return this.token(request);
    if (request.method === 'GET' && request.path === '/messages') {
      const response = { status: 200, body: { messages: this.messages.list() } };
      return { response, tenant: null, method: 'messages' };
    }
    const post = request.method === 'POST' ? LINE_WORKS_BOT_MESSAGES_PATH.exec(request.path) : null;
    if (post) {
      const auth = this.authenticate(request, 'botMessage');
      if ('response' in auth) return auth;
      const [, botId = '', kind = '', id = ''] = post.map((part) => decodeURIComponent(part));
      return this.messages.post(request, auth.tenant, auth.scopes, { botId, kind, id });
    }
    const method = request.path.replace(/^\/v1\.0\//, '');
    if (method !== 'users' && method !== 'groups') {
      return { response: apiError(404, 'NOT_FOUND', 'Resource not found'), tenant: null, method };
    }
    const auth = this.authenticate(request, method);
    if ('response' in auth) return auth;
    const { tenant } = auth;
    const verdict = await this.context.gate.admit({
      vendor: 'lineworks',
      tenant: tenant.id,
      method,
      quotas: [{ scope: method, rule: this.context.limits.LINE_WORKS[method] }],
      throttled: this.throttled,
    });
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    const items = method === 'users' ? tenant.lineworks.users : tenant.lineworks.groups;
    return { response: this.page(method, items, request), tenant: tenant.id, method };
  }

  /** The tenant and scopes of the request's bearer token, or the 401 answer for it. */
  private authenticate(
    request: FakeRequest,
    method: string,
  ): VendorAnswer | { readonly tenant: FakeTenantData; readonly scopes: readonly string[] } {
    const auth = this.tokens.check(bearerToken(request.headers));
    if (auth.state !== 'valid') {
      const tenant = auth.state === 'expired' ? auth.tenantId : null;
      return { response: apiError(401, 'UNAUTHORIZED', 'Authentication failed'), tenant, method };
    }
    return { tenant: this.context.tenants.get(auth.tenantId) as FakeTenantData, scopes: auth.scopes };
  }

  private page(method: 'users' | 'groups', items: readonly unknown[], request: FakeRequest): FakeResponse {
    const count = sizeOf(request.query.get('count'), 100, LINE_WORKS_MAX_COUNT);
    if (count === null)
      return apiError(400, 'INVALID_PARAMETER', `count must be between 1 and ${LINE_WORKS_MAX_COUNT}`);
    const cursor = request.query.get('cursor');
    const offset = cursor === null || cursor === '' ? 0 : decodeCursor(method, cursor);
    if (offset === null) return apiError(400, 'INVALID_PARAMETER', 'cursor is invalid');
    const { page, next } = slice(items, offset, count);
    const responseMetaData = next === null ? {} : { nextCursor: encodeCursor(method, next) };
    return { status: 200, body: { [method]: page, responseMetaData } };
  }

  private appOf(tenant: FakeTenantData) {
    const code = createHash('sha256').update(tenant.id).digest('hex').slice(0, 10);
    return {
      clientId: `lwclient${code}`,
      clientSecret: `fake-lineworks-secret-${code}`,
      serviceAccount: `${code}.serviceaccount@${tenant.id}.example.com`,
      scope: 'user.read group.read',
    };
  }

  /** Why the token endpoint refuses this request for `tenant`'s app, or null when client and grant are fine. */
  private refusal(request: FakeRequest, args: URLSearchParams, tenant: FakeTenantData): FakeResponse | null {
    const app = this.appOf(tenant);
    if ((basicCredentials(request)?.secret ?? args.get('client_secret')) !== app.clientSecret) {
      return oauthError(401, 'invalid_client', 'client authentication failed');
    }
    const grant = args.get('grant_type');
    if (grant === JWT_BEARER_GRANT) {
      const problem = assertionProblem(args.get('assertion') ?? '', app, this.keys);
      if (problem !== null) return oauthError(400, 'invalid_grant', `invalid assertion: ${problem}`);
    } else if (grant === 'refresh_token') {
      if (this.tokens.refreshTenant(args.get('refresh_token') ?? undefined) !== tenant.id) {
        return oauthError(400, 'invalid_grant', 'refresh token is invalid or expired');
      }
    } else {
      return oauthError(400, 'unsupported_grant_type', 'unsupported grant type');
    }
    return this.context.gate.grantRefused('lineworks', tenant.id)
      ? oauthError(400, 'invalid_grant', 'grant revoked')
      : null;
  }

  /** The JWT-bearer grant and the refresh-token grant; both answer a new refresh token (rotation). */
  private async token(request: FakeRequest): Promise<VendorAnswer> {
    const method = 'token';
    const args = argumentsOf(request);
    const tenant = this.byClient.get(basicCredentials(request)?.id ?? args.get('client_id') ?? '');
    if (tenant === undefined)
      return { response: oauthError(401, 'invalid_client', 'unknown client'), tenant: null, method };
    const refused = this.refusal(request, args, tenant);
    if (refused !== null) return { response: refused, tenant: tenant.id, method };
    const gate = {
      vendor: 'lineworks',
      tenant: tenant.id,
      method,
      quotas: [],
      throttled: this.throttled,
    } as const;
    const verdict = await this.context.gate.admit(gate, true);
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    const scope = args.get('scope') ?? this.appOf(tenant).scope;
    const body = {
      access_token: this.tokens.issueAccess(tenant.id, ACCESS_LIFETIME_S * 1000, scope),
      refresh_token: this.tokens.rotateRefresh(tenant.id),
      scope,
      token_type: 'Bearer',
      // LINE WORKS documents expires_in as "String/Integer" and sends a string.
      expires_in: String(ACCESS_LIFETIME_S),
    };
    return { response: { status: 200, body }, tenant: tenant.id, method };
  }

  /** LINE WORKS' 429: `rateLimit-remaining` / `rateLimit-reset` (seconds), no `Retry-After`. */
  private readonly throttled = (ms: number): FakeResponse => ({
    ...apiError(429, 'TOO_MANY_REQUESTS', 'Too many requests'),
    headers: { 'rateLimit-remaining': '0', 'rateLimit-reset': waitSeconds(ms, this.context.timeScale) },
  });
}
