import type { OutboundHttpClient } from '../../../kernel/http/outbound-client.ts';
import type { ChatSystem } from '../../../tenants/destinations.ts';
import { deliveryHeaders } from '../event-payload.ts';
import type { DeliveryResult } from '../types.ts';
import type { TokenProvider } from './token-provider.ts';
import { type ChatPost, chatDestinationId } from './types.ts';

/** One JSON POST to a chat API. */
export interface BearerPost {
  readonly system: ChatSystem;
  readonly url: string;
  readonly body: unknown;
  readonly post: ChatPost;
  readonly perAttemptTimeoutMs: number;
}

/**
 * POSTs JSON with the integration's bearer token through the outbound client; a 401 refreshes the token once
 * (the client's `refreshAuth`). For APIs that report failures with HTTP statuses (Graph, LINE WORKS).
 */
export const postWithBearer = async (
  client: OutboundHttpClient,
  tokens: TokenProvider,
  request: BearerPost,
): Promise<DeliveryResult> => {
  const { context, integration } = request.post;
  const whose = { tenantId: context.tenantId, integration, deadline: context.deadline };
  const auth = async (refresh: boolean) => ({
    authorization: `Bearer ${await tokens.getToken(whose, refresh)}`,
  });
  const response = await client.send(
    {
      destinationId: chatDestinationId(request.system, context.tenantId),
      kind: 'chat',
      url: request.url,
      method: 'POST',
      headers: {
        ...deliveryHeaders(context.deliveryId, context.traceId),
        ...(await auth(false)),
        'content-type': 'application/json',
      },
      body: JSON.stringify(request.body),
    },
    {
      deadline: context.deadline,
      perAttemptTimeoutMs: request.perAttemptTimeoutMs,
      refreshAuth: () => auth(true),
    },
  );
  return {
    attempts: response.attempts,
    latencies_ms: response.latencies_ms,
    last_status: response.status,
    history: response.history,
  };
};
