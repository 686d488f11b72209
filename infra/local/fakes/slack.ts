import {
  bearerToken,
  type FakeRequest,
  type FakeServer,
  notFound,
  parseJson,
  startFakeServer,
} from './fake-server.ts';

/**
 * Slack's Web API `chat.postMessage`, as the delivery worker's chat route calls it. Like Slack it answers
 * HTTP 200 with `{ ok: false, error }` for a bad token or a missing field, so the worker's handling of that
 * quirk is exercised. `GET /messages` lists what was posted.
 */

export interface PostedMessage {
  readonly received_at: string;
  readonly channel: string;
  readonly text: string | null;
  readonly blocks: unknown;
  readonly ts: string;
}

export interface FakeSlackOptions {
  readonly port: number;
  readonly host?: string;
  /** Bot tokens that are accepted; anything else is `invalid_auth`. */
  readonly tokens: readonly string[];
}

export interface FakeSlack extends FakeServer {
  /** What `SLACK_API_BASE_URL` points at (the real one is https://slack.com/api). */
  readonly apiBaseUrl: string;
  messages(): readonly PostedMessage[];
}

/** chat.postMessage takes JSON or a form; both carry the same arguments. */
const argumentsOf = (request: FakeRequest): Record<string, unknown> => {
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
  const parsed = parseJson(request.body);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
};

export const startFakeSlack = async (options: FakeSlackOptions): Promise<FakeSlack> => {
  const messages: PostedMessage[] = [];
  let sequence = 0;
  const slackError = (error: string) => ({ status: 200, body: { ok: false, error } });
  const server = await startFakeServer({
    name: 'slack',
    port: options.port,
    host: options.host,
    handler: (request) => {
      if (request.method === 'GET' && request.path === '/messages')
        return { status: 200, body: { messages } };
      if (request.method !== 'POST' || request.path !== '/api/chat.postMessage') return notFound;
      const token = bearerToken(request.headers);
      if (!token) return slackError('not_authed');
      if (!options.tokens.includes(token)) return slackError('invalid_auth');
      const args = argumentsOf(request);
      const channel = typeof args.channel === 'string' ? args.channel : '';
      if (!channel) return slackError('channel_not_found');
      const text = typeof args.text === 'string' && args.text !== '' ? args.text : null;
      if (text === null && args.blocks === undefined) return slackError('no_text');
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, '0')}`;
      messages.push({
        received_at: new Date().toISOString(),
        channel,
        text,
        blocks: args.blocks ?? null,
        ts,
      });
      return { status: 200, body: { ok: true, channel, ts, message: { type: 'message', text, ts } } };
    },
  });
  return { ...server, apiBaseUrl: `${server.url}/api`, messages: () => [...messages] };
};
