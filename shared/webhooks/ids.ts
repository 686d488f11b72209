import { randomBytes } from 'node:crypto';

/**
 * A platform event id: `evt_` + a UUIDv7, so ids sort by receipt time in queues, logs and DLQ listings.
 */
export const newEventId = (nowMs: number = Date.now()): string => {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `evt_${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** A W3C-compatible trace id (32 lower-case hex digits) carried by every log line and outbound call. */
export const newTraceId = (): string => randomBytes(16).toString('hex');
