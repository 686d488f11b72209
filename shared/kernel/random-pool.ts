import { randomFillSync } from 'node:crypto';

// Ids are drawn on every request. One synchronous draw from the system's generator per id costs more than the
// rest of the id's work, so bytes come from a pool refilled 4 KiB at a time; each byte is handed out once.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `bytes` fresh random bytes (at most 4 KiB) from the system's cryptographic generator. The buffer is a view
 * into the pool: encode or copy it before the next draw.
 */
export const drawRandom = (bytes: number): Buffer => {
  if (bytes > POOL_BYTES) throw new RangeError(`drawRandom: ${bytes} bytes is more than the pool holds`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += bytes;
  return pool.subarray(offset - bytes, offset);
};
