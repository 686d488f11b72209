import type {
  CompiledPattern,
  Condition,
  JsonLeaf,
  LeafCondition,
  PatternNode,
  PatternResult,
} from './pattern-types.ts';

/**
 * Evaluates a compiled event pattern on a document with EventBridge's semantics: every field of an object
 * must match (AND), any alternative of a leaf array may (OR); an array in the document matches when any of
 * its elements does, and a nested pattern must match within one element (array-consistent, as EventBridge's
 * JSON matching is); `exists` looks at leaves only, so a field holding an object "does not exist" as a leaf.
 * Never throws on any document.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLeaf = (value: unknown): value is JsonLeaf =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const field = (value: unknown, key: string): unknown =>
  isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;

/** The leaf values of a field: itself, or the leaves of an array (nested arrays flattened, objects skipped). */
const forEachLeaf = (value: unknown, visit: (leaf: JsonLeaf) => boolean): boolean => {
  if (isLeaf(value)) return visit(value);
  if (Array.isArray(value)) {
    for (const element of value) if (forEachLeaf(element, visit)) return true;
  }
  return false;
};

const hasLeaf = (value: unknown): boolean => forEachLeaf(value, () => true);

const matchesLeaf = (condition: LeafCondition, value: unknown): boolean => {
  if (condition.existsTrue || condition.existsFalse) {
    const present = hasLeaf(value);
    if ((condition.existsTrue && present) || (condition.existsFalse && !present)) return true;
  }
  const { tests } = condition;
  if (tests.length === 0) return false;
  return forEachLeaf(value, (leaf) => {
    for (const test of tests) if (test(leaf)) return true;
    return false;
  });
};

// Returns null on a match, else the failed condition. `value` is the object the node's fields are read from.
const failureIn = (node: PatternNode, value: unknown): string | null => {
  for (const condition of node.conditions) {
    const failed = failureOf(condition, value);
    if (failed !== null) return failed;
  }
  return null;
};

/** A nested pattern against a field: the field itself, or any one element of it when it is an array. */
const failureNested = (node: PatternNode, value: unknown): string | null => {
  if (!Array.isArray(value) || value.length === 0)
    return failureIn(node, Array.isArray(value) ? undefined : value);
  let first: string | null = null;
  for (const element of value) {
    const failed = failureNested(node, element);
    if (failed === null) return null;
    first ??= failed;
  }
  return first;
};

const failureOf = (condition: Condition, value: unknown): string | null => {
  switch (condition.kind) {
    case 'leaf': {
      const own = field(value, condition.key);
      if (matchesLeaf(condition, own)) return null;
      const state = own === undefined ? 'absent' : hasLeaf(own) ? 'present' : 'not a value';
      return `${condition.path} does not match ${condition.written} (the field is ${state})`;
    }
    case 'nested':
      return failureNested(condition.node, field(value, condition.key));
    case 'or': {
      let first: string | null = null;
      for (const alternative of condition.alternatives) {
        const failed = failureIn(alternative, value);
        if (failed === null) return null;
        first ??= failed;
      }
      return `none of the ${condition.alternatives.length} $or alternatives at ${condition.path} matches (the first: ${first})`;
    }
  }
};

/** Whether the document matches the filter, and the first condition that failed when it does not. */
export const matchEventPattern = (pattern: CompiledPattern, document: unknown): PatternResult => {
  const failed = failureIn(pattern.root, document);
  return failed === null ? { matched: true } : { matched: false, failedCondition: failed };
};
