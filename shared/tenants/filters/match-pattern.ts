import type {
  CompiledPattern,
  Condition,
  JsonLeaf,
  LeafCondition,
  LeafTest,
  OrCondition,
  PatternNode,
  PatternResult,
} from './pattern-types.ts';

/**
 * Evaluates a compiled event pattern on a document with EventBridge's semantics: every field of an object
 * must match (AND), any alternative of a leaf array may (OR); an array in the document matches when any of
 * its elements does, and a nested pattern must match within one element (array-consistent, as EventBridge's
 * JSON matching is); `exists` looks at leaves only, so a field holding an object "does not exist" as a leaf.
 * One pass over the document, allocating nothing on a match; never throws on any document.
 */

/** Where the evaluation first failed (a leaf, or an `$or` none of whose alternatives matched), and on what. */
interface Trace {
  failed: LeafCondition | OrCondition | null;
  holder: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLeaf = (value: unknown): value is JsonLeaf =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

// Own properties only: a plain read for ordinary keys (the fast path), `Object.hasOwn` for keys every object has.
const field = (value: unknown, key: string, shadowed: boolean): unknown => {
  if (!isRecord(value)) return undefined;
  if (!shadowed) return value[key];
  return Object.hasOwn(value, key) ? value[key] : undefined;
};

/** Whether any leaf of a field (itself, or an array's leaves, nested arrays flattened, objects skipped) fits. */
const anyLeafFits = (value: unknown, fits: LeafTest): boolean => {
  if (!Array.isArray(value)) return isLeaf(value) && fits(value);
  for (let i = 0; i < value.length; i++) if (anyLeafFits(value[i], fits)) return true;
  return false;
};

const ANY: LeafTest = () => true;

const hasLeaf = (value: unknown): boolean => anyLeafFits(value, ANY);

const matchesLeaf = (condition: LeafCondition, value: unknown): boolean => {
  const { fits } = condition;
  // The common case first: one value and one test.
  if (fits !== null && isLeaf(value) && fits(value)) return true;
  if (condition.existsTrue || condition.existsFalse) {
    const present = hasLeaf(value);
    if ((condition.existsTrue && present) || (condition.existsFalse && !present)) return true;
  }
  return fits !== null && Array.isArray(value) && anyLeafFits(value, fits);
};

const record = (trace: Trace | null, failed: LeafCondition | OrCondition, holder: unknown): void => {
  if (trace !== null && trace.failed === null) {
    trace.failed = failed;
    trace.holder = holder;
  }
};

const matchesNode = (node: PatternNode, value: unknown, trace: Trace | null): boolean => {
  const { conditions } = node;
  for (let i = 0; i < conditions.length; i++)
    if (!matchesCondition(conditions[i]!, value, trace)) return false;
  return true;
};

/**
 * A nested pattern against a field: the field itself, or any one element of it when it is an array. Only the
 * first element is traced; when a later one matches, that failure no longer stands and is forgotten.
 */
const matchesNested = (node: PatternNode, value: unknown, trace: Trace | null): boolean => {
  if (!Array.isArray(value)) return matchesNode(node, value, trace);
  if (value.length === 0) return matchesNode(node, undefined, trace);
  for (let i = 0; i < value.length; i++) {
    if (matchesNested(node, value[i], i === 0 ? trace : null)) {
      if (i > 0 && trace !== null) trace.failed = null;
      return true;
    }
  }
  return false;
};

const matchesCondition = (condition: Condition, value: unknown, trace: Trace | null): boolean => {
  switch (condition.kind) {
    case 'leaf': {
      if (matchesLeaf(condition, field(value, condition.key, condition.shadowed))) return true;
      record(trace, condition, value);
      return false;
    }
    case 'nested':
      return matchesNested(condition.node, field(value, condition.key, condition.shadowed), trace);
    case 'or': {
      for (const alternative of condition.alternatives)
        if (matchesNode(alternative, value, null)) return true;
      record(trace, condition, value);
      return false;
    }
  }
};

/** The failed condition as text: its path and pattern, and whether the field was there, never its value. */
const describe = (failed: LeafCondition | OrCondition, holder: unknown): string => {
  if (failed.kind === 'leaf') {
    const own = field(holder, failed.key, failed.shadowed);
    const state = own === undefined ? 'absent' : hasLeaf(own) ? 'present' : 'not a value';
    return `${failed.path} does not match ${failed.written} (the field is ${state})`;
  }
  const trace: Trace = { failed: null, holder: undefined };
  const first = failed.alternatives[0];
  if (first) matchesNode(first, holder, trace);
  const inner = trace.failed ? describe(trace.failed, trace.holder) : 'no condition';
  return `none of the ${failed.alternatives.length} $or alternatives at ${failed.path} matches (the first: ${inner})`;
};

/** Whether the document matches the filter, and the first condition that failed when it does not. */
export const matchEventPattern = (pattern: CompiledPattern, document: unknown): PatternResult => {
  const trace: Trace = { failed: null, holder: undefined };
  if (matchesNode(pattern.root, document, trace)) return { matched: true };
  const failedCondition = trace.failed ? describe(trace.failed, trace.holder) : '(no condition failed)';
  return { matched: false, failedCondition };
};
