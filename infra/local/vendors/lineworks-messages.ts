import { LINE_WORKS_MAX_TEXT_LENGTH } from '../../../shared/vendors/lineworks/index.ts';
import { type FakeRequest, type FakeResponse, parseJson } from '../fakes/fake-server.ts';
import type { FakeTenantData } from './seed.ts';
import type { VendorAnswer, VendorContext } from './vendor-kit.ts';

/**
 * LINE WORKS bot messages as the LINE WORKS chat destination sends them:
 * `POST /v1.0/bots/{botId}/channels/{channelId}/messages` (a talk room the bot joined) and
 * `POST /v1.0/bots/{botId}/users/{userId}/messages` (an active member of the domain). The token must carry the
 * `bot` or `bot.message` scope, the bot must be the domain's own, and the content a text of 1–2,000
 * characters. Answers 201 with no body, like LINE WORKS, and keeps what was posted for `GET /messages`.
 */

/** The two bot message paths; the last segment before `/messages` is a channel or a user id. */
export const LINE_WORKS_BOT_MESSAGES_PATH = /^\/v1\.0\/bots\/([^/]+)\/(channels|users)\/([^/]+)\/messages$/;

/** One bot message the fake LINE WORKS accepted. */
export interface PostedLineWorksMessage {
  readonly received_at: string;
  /** The seeded (platform) tenant whose domain app issued the token. */
  readonly tenant_id: string;
  readonly bot_id: number;
  readonly channel_id: string | null;
  readonly user_id: string | null;
  readonly text: string;
  readonly idempotency_key: string | null;
}

const MAX_KEPT = 1_000;
const MESSAGE_SCOPES = ['bot', 'bot.message'];

export const lineWorksError = (status: number, code: string, description: string): FakeResponse => ({
  status,
  body: { code, description },
});

/** The text of a `{"content": {"type": "text", "text": …}}` body, or the 400 LINE WORKS answers. */
const textOf = (request: FakeRequest): string | FakeResponse => {
  const parsed = parseJson(request.body) as { content?: { type?: unknown; text?: unknown } } | undefined;
  const content = typeof parsed === 'object' && parsed !== null ? parsed.content : undefined;
  if (typeof content !== 'object' || content === null)
    return lineWorksError(400, 'INVALID_PARAMETER', 'content is required');
  if (content.type !== 'text')
    return lineWorksError(
      400,
      'INVALID_PARAMETER',
      'content.type must be text (the only type this fake takes)',
    );
  const text = content.text;
  if (typeof text !== 'string' || text.length === 0 || text.length > LINE_WORKS_MAX_TEXT_LENGTH)
    return lineWorksError(
      400,
      'INVALID_PARAMETER',
      `content.text must be 1 to ${LINE_WORKS_MAX_TEXT_LENGTH} characters`,
    );
  return text;
};

/** Who a message is for, once the path has been checked against the domain. */
type Target = { readonly channelId: string | null; readonly userId: string | null };

/** The bot messages of the fake LINE WORKS. */
export class FakeLineWorksBotMessages {
  private readonly posted: PostedLineWorksMessage[] = [];

  public constructor(
    private readonly context: VendorContext,
    /** LINE WORKS' 429, as the rest of the fake answers it. */
    private readonly throttled: (ms: number) => FakeResponse,
  ) {}

  /** What was posted, oldest first. */
  public list(): PostedLineWorksMessage[] {
    return [...this.posted];
  }

  /** An authenticated POST for `tenant` (whose domain app issued the token, with `scopes`). */
  public async post(
    request: FakeRequest,
    tenant: FakeTenantData,
    scopes: readonly string[],
    path: { readonly botId: string; readonly kind: string; readonly id: string },
  ): Promise<VendorAnswer> {
    const method = 'botMessage';
    const answer = (response: FakeResponse): VendorAnswer => ({ response, tenant: tenant.id, method });
    // Faults only when one names this method: list-call faults of the sync must not hit deliveries.
    const verdict = await this.context.gate.admit(
      { vendor: 'lineworks', tenant: tenant.id, method, quotas: [], throttled: this.throttled },
      true,
    );
    if (verdict !== null) return { ...verdict, tenant: tenant.id, method };
    if (!scopes.some((scope) => MESSAGE_SCOPES.includes(scope)))
      return answer(lineWorksError(403, 'FORBIDDEN', 'the access token lacks the bot or bot.message scope'));
    const { bot } = tenant.lineworks;
    if (path.botId !== String(bot.botId)) return answer(lineWorksError(404, 'NOT_FOUND', 'bot not found'));
    const target = this.targetOf(tenant, path.kind, path.id);
    if (target === null) {
      const what = path.kind === 'channels' ? 'the bot is not in this channel' : 'user not found';
      return answer(lineWorksError(404, 'NOT_FOUND', what));
    }
    const text = textOf(request);
    if (typeof text !== 'string') return answer(text);
    this.posted.push({
      received_at: new Date().toISOString(),
      tenant_id: tenant.id,
      bot_id: bot.botId,
      channel_id: target.channelId,
      user_id: target.userId,
      text,
      idempotency_key: request.headers['idempotency-key'] ?? null,
    });
    if (this.posted.length > MAX_KEPT) this.posted.splice(0, this.posted.length - MAX_KEPT);
    return answer({ status: 201 });
  }

  private targetOf(tenant: FakeTenantData, kind: string, id: string): Target | null {
    if (kind === 'channels') {
      return tenant.lineworks.bot.channelIds.includes(id) ? { channelId: id, userId: null } : null;
    }
    const user = tenant.lineworks.users.find((candidate) => candidate.userId === id);
    const active = user !== undefined && user.isDeleted !== true && user.isSuspended !== true;
    return active ? { channelId: null, userId: id } : null;
  }
}
