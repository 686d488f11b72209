import type { ChatSystem } from '../../../tenants/destinations.ts';
import type { Integration } from '../../../tenants/tenant-file.ts';
import type { Escaping } from '../template.ts';
import type { DeliveryContext, DeliveryResult } from '../types.ts';

/** One message to post, rendered and cut to the system's limits. */
export interface ChatPost {
  readonly integration: Integration;
  readonly channelId: string;
  readonly text: string;
  readonly context: DeliveryContext;
}

/** Posts to one chat system; throws a classified `OperationError`. */
export interface ChatSender {
  /** How template values are escaped in this system's message text. */
  readonly escaping: Escaping;
  /** The system's message length limit, in characters. */
  readonly maxTextLength: number;
  post(post: ChatPost): Promise<DeliveryResult>;
}

/** One sender per chat system; a missing system is a compile error. */
export type ChatSenderRegistry = { readonly [S in ChatSystem]: ChatSender };

/** Everything a chat sender needs besides its token provider. */
export interface ChatSenderOptions {
  /** The system's API base URL (config, so local fakes can stand in). */
  readonly baseUrl: string;
  readonly perAttemptTimeoutMs: number;
}

/** Breaker and rate limit per tenant × system: a tenant's broken workspace does not slow the others. */
export const chatDestinationId = (system: ChatSystem, tenantId: string): string =>
  `chat:${system}:${tenantId}`;
