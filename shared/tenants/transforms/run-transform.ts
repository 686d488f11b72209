import type { CompiledTransform } from './compile-transform.ts';
import { describeJsonataError, jsonataCode, TransformError } from './transform-errors.ts';

/**
 * The size of a value as JSON, counted without serialising it, and given up on as soon as it passes `limit`:
 * an expression can build a string far larger than memory allows to copy (string concatenation is cheap until
 * the string is flattened), so the size is known before anything copies it.
 */
export const jsonSizeUpTo = (value: unknown, limit: number): number => {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const next = stack.pop();
    if (typeof next === 'string') size += next.length + 2;
    else if (typeof next === 'number' || typeof next === 'boolean') size += 8;
    else if (next === null || next === undefined) size += 4;
    else if (Array.isArray(next)) {
      size += 2 + next.length;
      for (const item of next) stack.push(item);
    } else if (typeof next === 'object') {
      const record = next as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        size += key.length + 4;
        stack.push(record[key]);
      }
      size += 2;
    }
  }
  return size;
};

// A range or sequence over the sequence limit, and a `$pad` over the output limit.
const SIZE_CODES = new Set(['D2014', 'D2015', 'T_PAD']);

// JSONata marks the arrays it builds as sequences and may return functions; the result is made plain JSON.
const toPlainJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

/**
 * Runs a compiled transform on the route document. Resolves to the result as plain JSON; rejects with
 * `TransformError`: `timeout` past the time limit, `oversize` past the output limit, `empty` when the
 * expression produced nothing, `failed` for any evaluation error (with the expression's own message).
 */
export const runTransform = async (compiled: CompiledTransform, document: unknown): Promise<unknown> => {
  const { limits } = compiled;
  let result: unknown;
  try {
    result = await compiled.expression.evaluate(document);
  } catch (error) {
    const code = jsonataCode(error);
    if (code === 'D1012') {
      throw new TransformError('timeout', `the transform ran longer than ${limits.timeoutMs} ms`, {
        cause: error,
      });
    }
    if (code !== null && SIZE_CODES.has(code)) {
      throw new TransformError(
        'oversize',
        `the transform built too much: ${describeJsonataError(error, true)}`,
        {
          cause: error,
        },
      );
    }
    if (error instanceof RangeError) {
      throw new TransformError(
        'oversize',
        `the transform built a value too large to hold (${error.message})`,
        {
          cause: error,
        },
      );
    }
    throw new TransformError('failed', `the transform failed: ${describeJsonataError(error, true)}`, {
      cause: error,
    });
  }
  if (result === undefined) {
    throw new TransformError('empty', 'the transform produced no value (use match.filter to skip events)');
  }
  if (typeof result === 'function')
    throw new TransformError('failed', 'the transform produced a function, not JSON');
  const size = jsonSizeUpTo(result, limits.maxOutputChars);
  if (size > limits.maxOutputChars) {
    throw new TransformError(
      'oversize',
      `the transform's result exceeds ${limits.maxOutputChars} characters as JSON`,
    );
  }
  return toPlainJson(result);
};
