import type { EventEnvelope } from '../webhooks/envelope.ts';

/** Makes an envelope durable; rejects with `DurabilityError` when it could not. */
export interface EventQueue {
  send(envelope: EventEnvelope): Promise<void>;
}
