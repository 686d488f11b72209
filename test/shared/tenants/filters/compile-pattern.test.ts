import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  eventPatternIssues,
  FILTER_LIMITS,
} from '../../../../shared/tenants/filters/compile-pattern.ts';
import { PatternCache } from '../../../../shared/tenants/filters/pattern-cache.ts';
import { EventPatternError } from '../../../../shared/tenants/filters/pattern-types.ts';

const messages = (pattern: unknown) =>
  eventPatternIssues(pattern).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('Function: compileEventPattern', () => {
  it('refuses what is not an event pattern, with the path of each problem', () => {
    expect(messages('x')).toEqual([': must be an object (an EventBridge event pattern)']);
    expect(messages({})).toEqual([': must not be an empty object']);
    expect(messages({ a: 'x' })).toEqual([
      'a: must be a list of values (e.g. ["a"]) or a nested pattern object',
    ]);
    expect(messages({ a: [] })).toEqual(['a: must list at least one value or operator']);
    expect(messages({ a: { b: [[1]] } })).toEqual([
      'a.b.0: a value in a filter list must not itself be a list',
    ]);
  });

  it('reports every problem at once', () => {
    const issues = messages({
      amount: [{ numeric: ['>=', 'ten'] }],
      state: [{ 'anything-but': [1, 'a'] }],
      name: [{ prefix: 3 }, { wildcard: 'a**b' }, { wildcard: 'a\\b' }],
      ip: [{ cidr: '10.0.0.0/8' }],
      other: [{ contains: 'x' }],
      two: [{ prefix: 'a', suffix: 'b' }],
      $or: [{ a: ['x'] }],
    });
    expect(issues).toEqual([
      'amount.0.numeric: numeric takes [op, number] or [">"|">=", low, "<"|"<=", high] with op one of = < <= > >=',
      'state.0.anything-but: anything-but takes a string, a number, a non-empty list of only strings or only numbers',
      'name.0.prefix: prefix takes a string or {"equals-ignore-case": "<string>"}',
      'name.1.wildcard: a wildcard must not contain consecutive "*" characters',
      'name.2.wildcard: a backslash may only escape "*" or "\\" in a wildcard',
      'ip.0.cidr: cidr is not supported by route filters',
      'other.0.contains: unknown operator "contains" (one of prefix, suffix, wildcard, equals-ignore-case, anything-but, numeric, exists)',
      'two.0: an operator object names exactly one operator, got "prefix", "suffix"',
      '$or: $or takes a list of at least two pattern objects',
    ]);
  });

  it('refuses numeric ranges that are upside down or empty', () => {
    expect(messages({ n: [{ numeric: ['<', 5, '>', 1] }] })).toEqual([
      'n.0.numeric: a numeric range is a lower bound (> or >=) then an upper bound (< or <=)',
    ]);
    expect(messages({ n: [{ numeric: ['>', 5, '<', 5] }] })).toEqual([
      'n.0.numeric: a numeric range needs its lower bound below its upper bound (5 ≥ 5)',
    ]);
    expect(messages({ n: [{ exists: 'yes' }] })).toEqual(['n.0.exists: exists takes true or false']);
  });

  it('refuses a filter that is too deep, too large or has too many values', () => {
    let deep: Record<string, unknown> = { leaf: ['x'] };
    for (let i = 0; i < FILTER_LIMITS.maxDepth; i++) deep = { [`k${i}`]: deep };
    expect(messages(deep).join('\n')).toContain(`nests deeper than ${FILTER_LIMITS.maxDepth} levels`);

    const large = { a: ['x'.repeat(FILTER_LIMITS.maxChars)] };
    expect(messages(large)).toEqual([
      `: is ${JSON.stringify(large).length} characters as JSON; at most ${FILTER_LIMITS.maxChars}`,
    ]);

    const many = { a: Array.from({ length: FILTER_LIMITS.maxAlternatives + 1 }, (_, i) => i) };
    expect(messages(many)).toEqual([
      `: lists 257 values and operators; at most ${FILTER_LIMITS.maxAlternatives}`,
    ]);
  });

  it('throws EventPatternError naming every problem', () => {
    expect(() => compileEventPattern({ a: [] })).toThrow(EventPatternError);
    expect(() => compileEventPattern({ a: [] })).toThrow(/a: must list at least one value/);
  });
});

describe('Class: PatternCache', () => {
  it('compiles a filter once per content, also when the route is read again as a new object', () => {
    const cache = new PatternCache();
    const first = cache.get({ a: ['x'] });
    expect(cache.get({ a: ['x'] })).toBe(first);
    expect(cache.get({ a: ['y'] })).not.toBe(first);
  });

  it('remembers a filter that does not compile as its error', () => {
    const cache = new PatternCache();
    const result = cache.get({ a: [] });
    expect(result).toBeInstanceOf(EventPatternError);
    expect(cache.get({ a: [] })).toBe(result);
  });
});
