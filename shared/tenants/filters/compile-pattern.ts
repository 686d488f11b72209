import { type Alternative, compileAlternative } from './compile-operator.ts';
import {
  type CompiledPattern,
  type Condition,
  EventPatternError,
  type LeafTest,
  type PatternIssue,
  type PatternNode,
} from './pattern-types.ts';

/** Bounds on one filter, so a tenant file can never make routing slow or its items large. */
export const FILTER_LIMITS = {
  /** Characters of the filter as compact JSON. */
  maxChars: 4096,
  /** Objects nested inside one another, the filter itself being the first. */
  maxDepth: 10,
  /** Leaf alternatives (values and operators) across the whole filter. */
  maxAlternatives: 256,
} as const;

type Path = readonly (string | number)[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface Walk {
  readonly issues: PatternIssue[];
  alternatives: number;
}

const dotted = (fields: readonly string[]): string => fields.join('.');

const isExact = (value: unknown): value is string | number | boolean | null =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * One test for a leaf array: a Set lookup when every alternative is an exact value (the common list of
 * alternatives), the test itself when there is one, else any of them. Called per leaf, so it stays small.
 */
const combine = (tests: readonly LeafTest[], list: readonly unknown[]): LeafTest | null => {
  if (tests.length === 0) return null;
  if (list.every(isExact)) {
    const values = new Set<unknown>(list);
    return (value) => values.has(value);
  }
  if (tests.length === 1) return tests[0]!;
  return (value) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(value)) return true;
    return false;
  };
};

const leafCondition = (
  key: string,
  fields: readonly string[],
  list: readonly unknown[],
  at: Path,
  walk: Walk,
): Condition | null => {
  if (list.length === 0) {
    walk.issues.push({ path: at, message: 'must list at least one value or operator' });
    return null;
  }
  walk.alternatives += list.length;
  const tests: LeafTest[] = [];
  let existsTrue = false;
  let existsFalse = false;
  list.forEach((element, i) => {
    const compiled: Alternative = compileAlternative(element);
    if ('problem' in compiled)
      walk.issues.push({ path: [...at, i, ...(compiled.at ?? [])], message: compiled.problem });
    else if ('exists' in compiled) {
      if (compiled.exists) existsTrue = true;
      else existsFalse = true;
    } else tests.push(compiled.test);
  });
  return {
    kind: 'leaf',
    key,
    shadowed: key in Object.prototype,
    path: dotted(fields),
    fits: combine(tests, list),
    existsTrue,
    existsFalse,
    written: JSON.stringify(list),
  };
};

const orCondition = (value: unknown, fields: readonly string[], at: Path, depth: number, walk: Walk) => {
  if (!Array.isArray(value) || value.length < 2 || !value.every(isRecord)) {
    walk.issues.push({ path: at, message: '$or takes a list of at least two pattern objects' });
    return null;
  }
  const alternatives = value.map((alternative, i) =>
    compileNode(alternative, fields, [...at, i], depth + 1, walk),
  );
  return { kind: 'or', path: dotted(fields) || '(root)', alternatives } as const;
};

const compileNode = (
  pattern: Record<string, unknown>,
  fields: readonly string[],
  at: Path,
  depth: number,
  walk: Walk,
): PatternNode => {
  const conditions: Condition[] = [];
  if (depth > FILTER_LIMITS.maxDepth) {
    walk.issues.push({ path: at, message: `nests deeper than ${FILTER_LIMITS.maxDepth} levels` });
    return { conditions };
  }
  const keys = Object.keys(pattern);
  if (keys.length === 0) walk.issues.push({ path: at, message: 'must not be an empty object' });
  for (const key of keys) {
    const value = pattern[key];
    const here = [...at, key];
    let condition: Condition | null = null;
    if (key === '$or') condition = orCondition(value, fields, here, depth, walk);
    else if (Array.isArray(value)) condition = leafCondition(key, [...fields, key], value, here, walk);
    else if (isRecord(value))
      condition = {
        kind: 'nested',
        key,
        shadowed: key in Object.prototype,
        node: compileNode(value, [...fields, key], here, depth + 1, walk),
      };
    else
      walk.issues.push({
        path: here,
        message: 'must be a list of values (e.g. ["a"]) or a nested pattern object',
      });
    if (condition) conditions.push(condition);
  }
  return { conditions };
};

/** Compiles a filter, or throws `EventPatternError` listing every problem (paths relative to the filter). */
export const compileEventPattern = (pattern: unknown): CompiledPattern => {
  if (!isRecord(pattern)) {
    throw new EventPatternError([{ path: [], message: 'must be an object (an EventBridge event pattern)' }]);
  }
  let source: string;
  try {
    source = JSON.stringify(pattern);
  } catch {
    throw new EventPatternError([{ path: [], message: 'must be plain JSON' }]);
  }
  if (source.length > FILTER_LIMITS.maxChars) {
    throw new EventPatternError([
      { path: [], message: `is ${source.length} characters as JSON; at most ${FILTER_LIMITS.maxChars}` },
    ]);
  }
  const walk: Walk = { issues: [], alternatives: 0 };
  const root = compileNode(pattern, [], [], 1, walk);
  if (walk.alternatives > FILTER_LIMITS.maxAlternatives) {
    walk.issues.push({
      path: [],
      message: `lists ${walk.alternatives} values and operators; at most ${FILTER_LIMITS.maxAlternatives}`,
    });
  }
  if (walk.issues.length > 0) throw new EventPatternError(walk.issues);
  return { root, source };
};

/** Every problem with a filter (paths relative to it); empty when it compiles. */
export const eventPatternIssues = (pattern: unknown): readonly PatternIssue[] => {
  try {
    compileEventPattern(pattern);
    return [];
  } catch (error) {
    if (error instanceof EventPatternError) return error.issues;
    throw error;
  }
};
