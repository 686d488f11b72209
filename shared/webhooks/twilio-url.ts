/**
 * URL handling as Twilio's official validator does it: split the URL without normalising it, because the
 * path and query must keep the exact characters Twilio signed.
 */

interface UrlParts {
  readonly scheme: string;
  readonly userInfo: string;
  readonly host: string;
  readonly port: string;
  readonly rest: string;
}

const splitUrl = (url: string): UrlParts | null => {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return null;
  const [prefix, scheme = '', authority = ''] = match;
  const userInfoEnd = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(userInfoEnd + 1);
  // A colon only starts the port after the closing bracket of an IPv6 literal.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
};

const withoutPort = (url: string): string => {
  const parts = splitUrl(url);
  return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
};

const withDefaultPort = (url: string): string => {
  const parts = splitUrl(url);
  if (!parts || parts.port) return url;
  const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
};

/** The URLs Twilio may have signed for `url`: without any port, and with the default port. */
export const twilioUrlVariants = (url: string): readonly string[] => [
  ...new Set([withoutPort(url), withDefaultPort(url)]),
];

/** The decoded value of the first `name` query parameter of `url`, or null. */
export const queryParam = (url: string, name: string): string | null => {
  const start = url.indexOf('?');
  if (start === -1) return null;
  const end = url.indexOf('#', start);
  return new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end)).get(name);
};

/** `url` with `query` appended after `?` or `&`. */
export const appendQuery = (url: string, query: string): string =>
  query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
