import { createHash } from 'node:crypto';
import { type FakeRequest, type FakeResponse, parseJson } from '../fakes/fake-server.ts';
import { waitSeconds } from './gate.ts';
import type { FakeTenantData } from './seed.ts';
import type { VendorAnswer, VendorContext } from './vendor-kit.ts';

/**
 * Graph's `POST /v1.0/teams/{team-id}/channels/{channel-id}/messages`, as the Teams chat destination calls it:
 * the team and channel must belong to the Microsoft 365 tenant the bearer token was issued for, the channel
 * must not be archived, and the body is a chatMessage with `body.content`. Answers 201 with the created
 * chatMessage and keeps what was posted for tests and for `GET /messages`.
 *
 * As real Graph does outside a message import (migration mode), an application-only (client-credentials)
 * token gets 401 "Message POST is allowed in application-only context only for import purposes"; a delegated
 * token needs `ChannelMessage.Send` (else 403). Messages are from the notifying account that consented.
 */

/** The path the Teams destination posts to; team and channel ids are URL-encoded. */
export const GRAPH_CHANNEL_MESSAGES_PATH = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages$/;

/** One channel message the fake Graph accepted. */
export interface PostedTeamsMessage {
  readonly received_at: string;
  /** The seeded (platform) tenant whose Microsoft 365 tenant issued the token. */
  readonly tenant_id: string;
  readonly team_id: string;
  readonly channel_id: string;
  readonly channel_name: string;
  readonly message_id: string;
  readonly content_type: 'text' | 'html';
  readonly content: string;
  readonly idempotency_key: string | null;
}

const MAX_KEPT = 1_000;
const SEND_SCOPE = 'ChannelMessage.Send';
const MISSING_SCOPE =
  "Missing scope permissions on the request. API requires one of 'ChannelMessage.Send, Group.ReadWrite.All'.";
const IMPORT_ONLY =
  'Message POST is allowed in application-only context only for import purposes. Refer to ' +
  'https://docs.microsoft.com/microsoftteams/platform/graph-api/import-messages/import-external-messages-to-teams for more details.';

export const graphError = (status: number, code: string, message: string): FakeResponse => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake' } } },
});

/** The account each fake tenant's notifications are sent as (it consented to ChannelMessage.Send once). */
const notifierOf = (tenant: FakeTenantData) => {
  const hex = createHash('sha256').update(`notifier:${tenant.id}`).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return {
    id,
    displayName: 'tsunagi-notifier',
    userIdentityType: 'aadUser',
    tenantId: tenant.msgraph.tenantId,
  };
};

type ChatMessageBody = { readonly contentType: 'text' | 'html'; readonly content: string };

/** The chatMessage's `body`, or the 400 Graph answers for it. */
const bodyOf = (request: FakeRequest): ChatMessageBody | FakeResponse => {
  const parsed = parseJson(request.body) as
    | { body?: { contentType?: unknown; content?: unknown } }
    | undefined;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  const { contentType = 'text', content } = parsed.body ?? {};
  const type = typeof contentType === 'string' ? contentType.toLowerCase() : '';
  if (type !== 'text' && type !== 'html')
    return graphError(400, 'BadRequest', `Invalid contentType '${String(contentType)}'.`);
  if (typeof content !== 'string' || content.trim() === '')
    return graphError(400, 'BadRequest', 'Message body content is required.');
  return { contentType: type, content };
};

/** The channel messages of the fake Graph. */
export class FakeGraphChannelMessages {
  private readonly posted: PostedTeamsMessage[] = [];
  /** Message ids are epoch milliseconds, as Graph's are; kept increasing so two never collide. */
  private lastId = 0;

  public constructor(private readonly context: VendorContext) {}

  /** What was posted, oldest first. */
  public list(): PostedTeamsMessage[] {
    return [...this.posted];
  }

  /** A POST with a valid token of `tenant` to one team's channel; `scopes` are the delegated ones (none: app-only). */
  public async post(
    request: FakeRequest,
    tenant: FakeTenantData,
    { teamId, channelId }: { readonly teamId: string; readonly channelId: string },
    scopes: readonly string[],
  ): Promise<VendorAnswer> {
    const method = 'channelMessage';
    const answer = (response: FakeResponse): VendorAnswer => ({ response, tenant: tenant.id, method });
    if (scopes.length === 0) return answer(graphError(401, 'Unauthorized', IMPORT_ONLY));
    if (!scopes.includes(SEND_SCOPE)) return answer(graphError(403, 'Forbidden', MISSING_SCOPE));
    // Faults only when one names this method: list-call faults of the sync must not hit deliveries.
    const verdict = await this.context.gate.admit(
      { vendor: 'msgraph', tenant: tenant.id, method, quotas: [], throttled: this.throttled },
      true,
    );
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    const team = tenant.msgraph.teams.find((candidate) => candidate.team.id === teamId);
    if (team === undefined)
      return answer(graphError(404, 'NotFound', `No team found with Group Id ${teamId}`));
    const channel = team.channels.find((candidate) => candidate.id === channelId);
    if (channel === undefined) return answer(graphError(404, 'NotFound', `Channel ${channelId} not found.`));
    if (channel.isArchived === true)
      return answer(graphError(403, 'Forbidden', 'The channel is archived and read-only.'));
    const body = bodyOf(request);
    if ('status' in body) return answer(body);
    const created = this.record(
      request,
      tenant,
      { teamId, channelId, name: String(channel.displayName) },
      body,
    );
    return answer({ status: 201, body: created });
  }

  private record(
    request: FakeRequest,
    tenant: FakeTenantData,
    where: { teamId: string; channelId: string; name: string },
    body: ChatMessageBody,
  ): Record<string, unknown> {
    const now = new Date().toISOString();
    this.lastId = Math.max(Date.now(), this.lastId + 1);
    const id = String(this.lastId);
    this.posted.push({
      received_at: now,
      tenant_id: tenant.id,
      team_id: where.teamId,
      channel_id: where.channelId,
      channel_name: where.name,
      message_id: id,
      content_type: body.contentType,
      content: body.content,
      idempotency_key: request.headers['idempotency-key'] ?? null,
    });
    if (this.posted.length > MAX_KEPT) this.posted.splice(0, this.posted.length - MAX_KEPT);
    const teamPath = `teams('${where.teamId}')/channels('${encodeURIComponent(where.channelId)}')`;
    return {
      '@odata.context': `http://${request.headers.host ?? '127.0.0.1'}/v1.0/$metadata#${teamPath}/messages/$entity`,
      id,
      replyToId: null,
      etag: id,
      messageType: 'message',
      createdDateTime: now,
      lastModifiedDateTime: now,
      subject: null,
      importance: 'normal',
      locale: 'en-us',
      from: { application: null, device: null, user: notifierOf(tenant) },
      body,
      channelIdentity: { teamId: where.teamId, channelId: where.channelId },
      attachments: [],
      mentions: [],
      reactions: [],
    };
  }

  private readonly throttled = (ms: number): FakeResponse => ({
    ...graphError(429, 'TooManyRequests', 'Too many requests.'),
    headers: { 'Retry-After': waitSeconds(ms, this.context.timeScale) },
  });
}
