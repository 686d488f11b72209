/**
 * The compiled form of a route's `match.filter`, an EventBridge event pattern. Compiling turns every leaf
 * array into closures once, so evaluating an event only walks the paths the pattern names.
 */

/** A JSON leaf as an event pattern sees it: objects and arrays are never leaves. */
export type JsonLeaf = string | number | boolean | null;

/** One alternative of a leaf array: true when the leaf value fits it. */
export type LeafTest = (value: JsonLeaf) => boolean;

/** A field whose pattern is an array of alternatives (values, operators, `exists`). */
export interface LeafCondition {
  readonly kind: 'leaf';
  readonly key: string;
  /** The key is also a property of every object (`constructor`, `__proto__`): read it as an own property only. */
  readonly shadowed: boolean;
  /** Dotted path from the document's root, for messages. */
  readonly path: string;
  /** Whether a leaf value fits any of the value and operator alternatives; null when there are none. */
  readonly fits: LeafTest | null;
  /** `{"exists": true}` is among the alternatives: any leaf value fits. */
  readonly existsTrue: boolean;
  /** `{"exists": false}` is among the alternatives: the field having no leaf value fits. */
  readonly existsFalse: boolean;
  /** The alternatives as written, for messages (`["jpy"]`). */
  readonly written: string;
}

/** A field whose pattern is an object: the value (or any element of an array value) must match it. */
export interface NestedCondition {
  readonly kind: 'nested';
  readonly key: string;
  readonly shadowed: boolean;
  readonly node: PatternNode;
}

/** `"$or": [ {…}, {…} ]`: at least one alternative must match at this level. */
export interface OrCondition {
  readonly kind: 'or';
  readonly path: string;
  readonly alternatives: readonly PatternNode[];
}

export type Condition = LeafCondition | NestedCondition | OrCondition;

/** An object of the pattern: every condition must hold (AND). */
export interface PatternNode {
  readonly conditions: readonly Condition[];
}

/** A problem with a pattern, at a path inside it (`['data', 'amount', 0, 'numeric']`). */
export interface PatternIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A filter that failed to compile; every problem is listed. */
export class EventPatternError extends Error {
  public override readonly name = 'EventPatternError';
  public constructor(public readonly issues: readonly PatternIssue[]) {
    super(
      `the filter is not a valid event pattern: ${issues
        .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(filter)'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
}

/** A compiled filter; `source` is its canonical JSON (the cache key). */
export interface CompiledPattern {
  readonly root: PatternNode;
  readonly source: string;
}

/** What evaluating a filter found: a match, or the first condition that failed. */
export type PatternResult =
  | { readonly matched: true }
  | { readonly matched: false; readonly failedCondition: string };
