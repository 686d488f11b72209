import jsonata from 'jsonata';
import { describeJsonataError, TransformError } from './transform-errors.ts';

/** Bounds on one transform: what apply accepts, and what one evaluation may take and produce. */
export interface TransformLimits {
  readonly maxChars: number;
  readonly maxDepth: number;
  readonly timeoutMs: number;
  readonly maxStack: number;
  readonly maxSequence: number;
  readonly maxOutputChars: number;
}

export const TRANSFORM_LIMITS: TransformLimits = {
  /** Characters of the expression. */
  maxChars: 8_192,
  /** Nesting of the expression's syntax tree. */
  maxDepth: 64,
  /** Wall time of one evaluation. */
  timeoutMs: 1_000,
  /** Nested evaluation (recursion) during one evaluation. */
  maxStack: 300,
  /** Items of any one sequence (array) built during an evaluation, ranges included. */
  maxSequence: 10_000,
  /** Size of the result as JSON (UTF-16 code units, an upper bound of characters). */
  maxOutputChars: 256 * 1024,
};

/** A transform ready to run: the expression compiled with its bounds. */
export interface CompiledTransform {
  readonly source: string;
  readonly expression: jsonata.Expression;
  readonly limits: TransformLimits;
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

// A quantified group that itself contains a quantifier, such as (a+)+ or (\w*x)*, and back-references: the
// shapes that backtrack exponentially. JSONata runs regular expressions with the platform's engine, which a
// time limit cannot interrupt, so they are refused when the route is applied.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[*+]|\{\d+,?\d*\})(?:[^()\\]|\\.)*\)(?:[*+]|\{\d+,?\d*\})/;
const BACK_REFERENCE = /\\[1-9]/;

/** What the expression may not do, found by walking its syntax tree. */
const refusals = (ast: unknown, maxDepth: number): string[] => {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (value: unknown, depth: number): void => {
    if (!isNode(value) || seen.has(value)) return;
    if (value instanceof RegExp) return;
    seen.add(value);
    if (depth > maxDepth) {
      found.add(`nests deeper than ${maxDepth} levels`);
      return;
    }
    if (value.type === 'regex' && value.value instanceof RegExp) {
      const source = value.value.source;
      if (NESTED_QUANTIFIER.test(source) || BACK_REFERENCE.test(source)) {
        found.add(
          `the regular expression /${source.slice(0, 60)}/ nests quantifiers or uses back-references, which can run for minutes`,
        );
      }
    }
    if (value.type === 'variable' && value.value === 'eval') found.add('$eval is not allowed');
    const next = Array.isArray(value) ? depth : depth + 1;
    for (const child of Object.values(value)) walk(child, next);
  };
  walk(ast, 1);
  return [...found];
};

/** `$pad` with its width bounded: the one built-in that can build a huge string in one step. */
const boundedPad = (maxChars: number) =>
  function pad(value: string | undefined, width: number, char?: string): string | undefined {
    if (value === undefined) return undefined;
    if (!Number.isFinite(width) || Math.abs(width) > maxChars) {
      throw { code: 'T_PAD', message: `$pad width ${width} exceeds the output limit of ${maxChars}` };
    }
    const fill = char === undefined || char === '' ? ' ' : char;
    const missing = Math.abs(width) - Array.from(value).length;
    if (missing <= 0) return value;
    const padding = Array.from(fill.repeat(Math.ceil(missing / fill.length)))
      .slice(0, missing)
      .join('');
    return width > 0 ? value + padding : padding + value;
  };

const refusedEval = () => {
  throw { code: 'T_EVAL', message: '$eval is not allowed in a route transform' };
};

/**
 * Compiles a route's transform (a JSONata expression), or throws `TransformError` (`syntax` or `refused`)
 * saying why it cannot be used. The compiled expression carries its time, recursion and sequence bounds.
 */
export const compileTransform = (
  source: string,
  limits: TransformLimits = TRANSFORM_LIMITS,
): CompiledTransform => {
  if (source.trim() === '') throw new TransformError('refused', 'must not be empty');
  if (source.length > limits.maxChars) {
    throw new TransformError('refused', `is ${source.length} characters; at most ${limits.maxChars}`);
  }
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, {
      timeout: limits.timeoutMs,
      stack: limits.maxStack,
      sequence: limits.maxSequence,
    });
  } catch (error) {
    // A parser driven too deep by nesting overflows the stack: that is "too deep", not a crash.
    const message =
      error instanceof RangeError
        ? `nests too deeply to parse`
        : `is not valid JSONata: ${describeJsonataError(error)}`;
    throw new TransformError(error instanceof RangeError ? 'refused' : 'syntax', message, { cause: error });
  }
  const refused = refusals(expression.ast(), limits.maxDepth);
  if (refused.length > 0) throw new TransformError('refused', refused.join('; '));
  expression.registerFunction('pad', boundedPad(limits.maxOutputChars), '<s-ns?:s>');
  expression.registerFunction('eval', refusedEval);
  return { source, expression, limits };
};

/** Why an expression cannot be a transform; null when it compiles. */
export const transformProblem = (source: string): string | null => {
  try {
    compileTransform(source);
    return null;
  } catch (error) {
    if (error instanceof TransformError) return error.message;
    throw error;
  }
};
