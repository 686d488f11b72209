import type { IncomingHttpHeaders } from 'node:http';

/**
 * S3's `aws-chunked` upload framing (used by SDKs for streamed bodies and trailing checksums):
 * `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0[;…]\r\n[trailer lines]\r\n`.
 */

/** True when the request body is framed as aws-chunked rather than sent as plain bytes. */
export const isAwsChunked = (headers: IncomingHttpHeaders): boolean =>
  (headers['content-encoding'] ?? '').includes('aws-chunked') ||
  String(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');

/** Returns the payload carried by aws-chunked frames; throws on framing that does not add up. */
export const decodeAwsChunked = (framed: Buffer): Buffer => {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('aws-chunked body ends without a final chunk');
    const sizeField = framed.subarray(offset, lineEnd).toString('latin1').split(';')[0]!.trim();
    const size = Number.parseInt(sizeField, 16);
    if (!Number.isFinite(size) || size < 0) throw new Error(`bad aws-chunked size line "${sizeField}"`);
    // The zero-size chunk ends the payload; what follows are trailers (checksums), not data.
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (start + size > framed.length) throw new Error('aws-chunked chunk is longer than the body');
    parts.push(framed.subarray(start, start + size));
    offset = start + size + 2;
  }
};
