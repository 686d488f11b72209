import { randomUUID } from 'node:crypto';

/**
 * A platform event id: `evt_` + a UUIDv7 (RFC 9562), so ids sort by receipt time in queues, logs and DLQ
 * listings. The random bits come from `randomUUID`, which draws on a cached entropy pool: far cheaper per
 * request than `randomBytes`.
 */
export const newEventId = (nowMs: number = Date.now()): string => {
  const random = randomUUID();
  const time = nowMs.toString(16).padStart(12, '0');
  // Keep the v4 variant group (chars 19+) and 3 random hex digits after the version nibble.
  return `evt_${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
};

/** A W3C-compatible trace id (32 lower-case hex digits) carried by every log line and outbound call. */
export const newTraceId = (): string => randomUUID().replaceAll('-', '');
