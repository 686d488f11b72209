/**
 * A deliberately tiny template language: `{{path.to.field}}` and nothing else. Templates come from tenant
 * configuration and values from provider payloads, so there are no expressions, helpers, partials or loops to
 * abuse, lookups see only a value's own fields, and every inserted value is escaped for where it lands.
 */

/** How inserted values are escaped: HTML bodies, Slack mrkdwn, single-line headers, or plain text. */
export type Escaping = 'html' | 'slack' | 'header' | 'none';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*)\s*\}\}/g;

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const SLACK_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

const ESCAPES: Record<Escaping, (value: string) => string> = {
  html: (value) => value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c),
  // Slack reads `<!channel>` and `<url|label>` as mentions and links: payload text must not create them.
  slack: (value) => value.replace(/[&<>]/g, (c) => SLACK_ENTITIES[c] ?? c),
  // A subject is one line; a line break from a payload must not start a new header.
  header: (value) => value.replace(/[\r\n]+/g, ' '),
  none: (value) => value,
};

const isIndex = (segment: string): boolean => /^(0|[1-9][0-9]*)$/.test(segment);

/** The value at a dotted path, following own properties and array indices only; undefined when absent. */
export const lookup = (context: unknown, path: string): unknown => {
  let current: unknown = context;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      current = isIndex(segment) ? current[Number(segment)] : undefined;
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
};

/** A value as text: strings as they are, missing and null as nothing, objects as JSON. */
const asText = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
};

/** Replaces each `{{path}}` with the escaped value at that path; template text itself is left as written. */
export const renderTemplate = (template: string, context: unknown, escaping: Escaping): string =>
  template.replace(PLACEHOLDER, (_match, path: string) => ESCAPES[escaping](asText(lookup(context, path))));

/** Cuts text to at most `max` characters (by code point), marking the cut, for APIs with length limits. */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
};
