/** Destination answers are kept for the delivery log only; 64 KiB is plenty and bounds a hostile one. */
export const MAX_RESPONSE_BODY_BYTES = 64 * 1024;

/** The response body as UTF-8 text, cut at `limit` bytes; the rest is cancelled, never downloaded. */
export const readTruncatedText = async (
  response: Response,
  limit: number = MAX_RESPONSE_BODY_BYTES,
): Promise<string> => {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= limit) await reader.cancel();
  // A cut in the middle of a character decodes to U+FFFD, which is fine for a log.
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
};

/** Drops a body we will not read, so the connection goes back to the pool instead of leaking. */
export const discardBody = async (response: Response): Promise<void> => {
  await response.body?.cancel().catch(() => undefined);
};
