import { createHash } from 'node:crypto';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * JSON with object keys sorted at every level, so equal records serialise identically whatever order a
 * vendor or a mapper produced their keys in. `undefined` members are dropped, as JSON.stringify does.
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** Hex sha256 of a record's canonical JSON: equal hashes mean nothing that is stored has changed. */
export const contentHash = (record: unknown): string =>
  createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
