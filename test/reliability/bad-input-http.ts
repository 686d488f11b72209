import { connect } from 'node:net';

/**
 * A raw HTTP/1.1 client for hostile requests that `fetch` refuses to send or silently repairs: methods and
 * targets byte for byte (`..` segments, undecodable escapes, absolute and asterisk forms), repeated headers,
 * header bytes outside ASCII, declared lengths that lie, and hand-made chunked bodies.
 */

/** One request, described part by part; `raw` replaces everything when a case needs exact bytes. */
export interface RawRequest {
  readonly method: string;
  /** The request target exactly as sent (path and query, or any other form). */
  readonly target: string;
  /** Name/value pairs in order; a repeated name is sent twice. Values are written as Latin-1 bytes. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** Send the body in chunks of this many bytes with `Transfer-Encoding: chunked` instead of a length. */
  readonly chunkBytes?: number;
  /** Trailer fields after the last chunk (chunked bodies only). */
  readonly trailers?: readonly (readonly [string, string])[];
  /** Leave out the `Host` header the client otherwise adds. */
  readonly omitHost?: boolean;
  /** Exact bytes to write instead of the parts above (malformed framing). */
  readonly raw?: Buffer;
}

export interface RawResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const CRLF = '\r\n';

const chunked = (body: Buffer, size: number, trailers: RawRequest['trailers'] = []): Buffer => {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const chunk = body.subarray(at, at + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}${CRLF}`), chunk, Buffer.from(CRLF));
  }
  const trailer = trailers.map(([name, value]) => `${name}: ${value}${CRLF}`).join('');
  return Buffer.concat([...parts, Buffer.from(`0${CRLF}${trailer}${CRLF}`, 'latin1')]);
};

/** The bytes of a request; the client always asks the server to close, so a response ends with the socket. */
export const encodeRequest = (request: RawRequest, authority: string): Buffer => {
  if (request.raw) return request.raw;
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  if (!request.omitHost) lines.push(`Host: ${authority}`);
  lines.push('Connection: close');
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const framing = request.chunkBytes
    ? 'Transfer-Encoding: chunked'
    : `Content-Length: ${request.body.length}`;
  const hasFraming = request.headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (!hasFraming) lines.push(framing);
  const head = Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}`, 'latin1');
  const body = request.chunkBytes
    ? chunked(request.body, request.chunkBytes, request.trailers)
    : request.body;
  return Buffer.concat([head, body]);
};

const dechunk = (body: Buffer): Buffer => {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, at);
    const size = lineEnd < 0 ? 0 : Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
};

/** Parses one complete HTTP/1.1 response (the server closed the connection after it). */
export const parseResponse = (bytes: Buffer): RawResponse => {
  const headEnd = bytes.indexOf(`${CRLF}${CRLF}`);
  if (headEnd < 0) throw new Error(`incomplete HTTP response: ${bytes.toString('latin1').slice(0, 80)}`);
  const [statusLine = '', ...headerLines] = bytes.subarray(0, headEnd).toString('latin1').split(CRLF);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) throw new Error(`not an HTTP status line: ${statusLine}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = bytes.subarray(headEnd + 4);
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(rest) : rest;
  return { status, headers, body };
};

/** Writes the request and reads the response until the server closes the connection. */
export const sendRaw = (port: number, host: string, request: RawRequest, timeoutMs = 10_000) =>
  new Promise<RawResponse>((resolve, reject) => {
    const socket = connect(port, host);
    const received: Buffer[] = [];
    const finish = () => {
      try {
        resolve(parseResponse(Buffer.concat(received)));
      } catch (error) {
        reject(error);
      }
    };
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    // A server that answers early (413 before the body) may reset the rest: what arrived is the answer.
    socket.on('error', (error) => (received.length > 0 ? finish() : reject(error)));
    socket.on('end', finish);
    // Written without a half-close: `Connection: close` ends the exchange, as real clients do.
    socket.write(encodeRequest(request, `${host}:${port}`));
  });
