import { drawRandom } from '../kernel/random-pool.ts';

/**
 * A platform event id: `evt_` + a UUIDv7 (RFC 9562), so ids sort by receipt time in queues, logs and DLQ
 * listings: 48 bits of milliseconds, the version nibble, 12 random bits, the variant bits, 62 random bits.
 */
export const newEventId = (nowMs: number = Date.now()): string => {
  const random = drawRandom(10);
  // Version 7 in the high nibble of byte 6, variant 0b10 in the top bits of byte 8.
  random[0] = 0x70 | (random[0]! & 0x0f);
  random[2] = 0x80 | (random[2]! & 0x3f);
  const time = nowMs.toString(16).padStart(12, '0');
  const hex = random.toString('hex');
  return `evt_${time.slice(0, 8)}-${time.slice(8, 12)}-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8)}`;
};

/** A W3C-compatible trace id (32 lower-case hex digits) carried by every log line and outbound call. */
export const newTraceId = (): string => drawRandom(16).toString('hex');
