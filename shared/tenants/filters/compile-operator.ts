import type { JsonLeaf, LeafTest } from './pattern-types.ts';
import { parseWildcard, wildcardMatcher } from './wildcard.ts';

/**
 * One alternative of a leaf array, compiled: an exact value or one operator object (`prefix`, `suffix`,
 * `wildcard`, `equals-ignore-case`, `anything-but`, `numeric`, `exists`), as in EventBridge event patterns.
 */

export type Alternative =
  | { readonly test: LeafTest }
  | { readonly exists: boolean }
  | { readonly problem: string; readonly at?: readonly (string | number)[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const lower = (value: string): string => value.toLowerCase();

const problem = (message: string, at?: readonly (string | number)[]): Alternative => ({
  problem: message,
  ...(at ? { at } : {}),
});

const OPERATORS = [
  'prefix',
  'suffix',
  'wildcard',
  'equals-ignore-case',
  'anything-but',
  'numeric',
  'exists',
] as const;

/** `"abc"` or `{"equals-ignore-case": "abc"}` under `prefix` / `suffix`. */
const affix = (
  name: 'prefix' | 'suffix',
  operand: unknown,
): { test: (value: string) => boolean } | { problem: string } => {
  const fits = name === 'prefix' ? String.prototype.startsWith : String.prototype.endsWith;
  if (isString(operand)) return { test: (value) => fits.call(value, operand) };
  if (isRecord(operand) && Object.keys(operand).length === 1 && isString(operand['equals-ignore-case'])) {
    const wanted = lower(operand['equals-ignore-case']);
    return { test: (value) => fits.call(lower(value), wanted) };
  }
  return { problem: `${name} takes a string or {"equals-ignore-case": "<string>"}` };
};

const stringOrStrings = (operand: unknown): string[] | null => {
  if (isString(operand)) return [operand];
  if (Array.isArray(operand) && operand.length > 0 && operand.every(isString)) return operand;
  return null;
};

const wildcardTest = (pattern: string): ((value: string) => boolean) | string => {
  const parsed = parseWildcard(pattern);
  return 'problem' in parsed ? parsed.problem : wildcardMatcher(parsed.segments);
};

/** The string-only forms of `anything-but`: the value must be a string and not fit. */
const anythingButObject = (operand: Record<string, unknown>): Alternative => {
  const keys = Object.keys(operand);
  if (keys.length !== 1)
    return problem('anything-but takes one of prefix, suffix, wildcard or equals-ignore-case');
  const name = keys[0]!;
  const inner = operand[name];
  if (name === 'prefix' || name === 'suffix') {
    if (!isString(inner)) return problem(`anything-but ${name} takes a string`);
    const fits = name === 'prefix' ? String.prototype.startsWith : String.prototype.endsWith;
    return { test: (value) => isString(value) && !fits.call(value, inner) };
  }
  if (name === 'equals-ignore-case') {
    const list = stringOrStrings(inner);
    if (!list) return problem('anything-but equals-ignore-case takes a string or a list of strings');
    const excluded = new Set(list.map(lower));
    return { test: (value) => isString(value) && !excluded.has(lower(value)) };
  }
  if (name === 'wildcard') {
    const list = stringOrStrings(inner);
    if (!list) return problem('anything-but wildcard takes a string or a list of strings');
    const tests: ((value: string) => boolean)[] = [];
    for (const pattern of list) {
      const test = wildcardTest(pattern);
      if (typeof test === 'string') return problem(test);
      tests.push(test);
    }
    return { test: (value) => isString(value) && !tests.some((test) => test(value)) };
  }
  return problem(`anything-but does not take "${name}" (prefix, suffix, wildcard or equals-ignore-case)`);
};

/** `anything-but`: a value or list (all strings or all numbers), or one of the string forms. */
const anythingBut = (operand: unknown): Alternative => {
  if (isRecord(operand)) return anythingButObject(operand);
  const list = Array.isArray(operand) ? operand : [operand];
  const allStrings = list.length > 0 && list.every(isString);
  const allNumbers = list.length > 0 && list.every(isNumber);
  if (!allStrings && !allNumbers) {
    return problem('anything-but takes a string, a number, a non-empty list of only strings or only numbers');
  }
  const excluded = new Set<unknown>(list);
  // Any present leaf that is not one of them fits, whatever its type (a number is "anything but" a string).
  return { test: (value) => !excluded.has(value) };
};

const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);
const ALL_BOUNDS = new Set(['=', '>', '>=', '<', '<=']);

const bound = (op: string, limit: number): ((value: number) => boolean) => {
  switch (op) {
    case '=':
      return (value) => value === limit;
    case '>':
      return (value) => value > limit;
    case '>=':
      return (value) => value >= limit;
    case '<':
      return (value) => value < limit;
    default:
      return (value) => value <= limit;
  }
};

/** `numeric`: `[op, n]` or a range `[">" | ">=", low, "<" | "<=", high]`; only JSON numbers fit. */
const numeric = (operand: unknown): Alternative => {
  const usage = 'numeric takes [op, number] or [">"|">=", low, "<"|"<=", high] with op one of = < <= > >=';
  if (!Array.isArray(operand)) return problem(usage);
  const [op1, n1, op2, n2] = operand as unknown[];
  if (operand.length === 2) {
    if (!isString(op1) || !ALL_BOUNDS.has(op1) || !isNumber(n1)) return problem(usage);
    const test = bound(op1, n1);
    return { test: (value) => isNumber(value) && test(value) };
  }
  if (operand.length !== 4 || !isString(op1) || !isString(op2) || !isNumber(n1) || !isNumber(n2))
    return problem(usage);
  if (!LOWER_BOUNDS.has(op1) || !UPPER_BOUNDS.has(op2))
    return problem('a numeric range is a lower bound (> or >=) then an upper bound (< or <=)');
  if (n1 >= n2) return problem(`a numeric range needs its lower bound below its upper bound (${n1} ≥ ${n2})`);
  const low = bound(op1, n1);
  const high = bound(op2, n2);
  return { test: (value) => isNumber(value) && low(value) && high(value) };
};

const operator = (name: string, operand: unknown): Alternative => {
  switch (name) {
    case 'prefix':
    case 'suffix': {
      const compiled = affix(name, operand);
      if ('problem' in compiled) return problem(compiled.problem);
      const { test } = compiled;
      return { test: (value) => isString(value) && test(value) };
    }
    case 'wildcard': {
      if (!isString(operand)) return problem('wildcard takes a string');
      const test = wildcardTest(operand);
      if (typeof test === 'string') return problem(test);
      return { test: (value) => isString(value) && test(value) };
    }
    case 'equals-ignore-case': {
      if (!isString(operand)) return problem('equals-ignore-case takes a string');
      const wanted = lower(operand);
      return { test: (value) => isString(value) && lower(value) === wanted };
    }
    case 'anything-but':
      return anythingBut(operand);
    case 'numeric':
      return numeric(operand);
    case 'exists':
      return typeof operand === 'boolean' ? { exists: operand } : problem('exists takes true or false');
    case 'cidr':
      return problem('cidr is not supported by route filters');
    default:
      return problem(`unknown operator "${name}" (one of ${OPERATORS.join(', ')})`);
  }
};

/** Compiles one element of a leaf array. */
export const compileAlternative = (element: unknown): Alternative => {
  if (element === null || isString(element) || typeof element === 'boolean') {
    const wanted: JsonLeaf = element;
    return { test: (value) => value === wanted };
  }
  if (typeof element === 'number') {
    if (!Number.isFinite(element)) return problem('numbers must be finite');
    return { test: (value) => value === element };
  }
  if (Array.isArray(element)) return problem('a value in a filter list must not itself be a list');
  if (!isRecord(element)) return problem('must be a string, number, boolean, null or an operator object');
  const keys = Object.keys(element);
  if (keys.length !== 1) {
    return problem(
      keys.length === 0
        ? 'an operator object must name one operator'
        : `an operator object names exactly one operator, got ${keys.map((k) => JSON.stringify(k)).join(', ')}`,
    );
  }
  const name = keys[0]!;
  const compiled = operator(name, element[name]);
  return 'problem' in compiled && !compiled.at ? { problem: compiled.problem, at: [name] } : compiled;
};
