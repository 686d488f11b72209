/**
 * Why a route's `transform` cannot be used or did not produce a usable result. `syntax` and `refused` are
 * found when the expression is compiled (at apply time, and by the worker for what is stored); the others
 * when it runs on an event.
 */
export type TransformFailureKind = 'syntax' | 'refused' | 'failed' | 'timeout' | 'oversize' | 'empty';

/** One typed error for every transform failure; `message` is the expression's own error, log-safe. */
export class TransformError extends Error {
  public override readonly name = 'TransformError';
  public constructor(
    public readonly kind: TransformFailureKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface JsonataErrorShape {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly position?: unknown;
  readonly token?: unknown;
}

// Evaluation errors quote the offending value, which comes from the event: text and structures are left out
// of messages (they reach DLQ attributes and logs); numbers, such as the limit that was hit, stay.
const redactValues = (text: string, error: Record<string, unknown>): string => {
  let out = text;
  for (const key of ['value', 'value2']) {
    const value = error[key];
    if (value === undefined || typeof value === 'number' || typeof value === 'boolean') continue;
    for (const shown of new Set([JSON.stringify(value), String(value)])) {
      if (shown && shown.length > 0) out = out.split(shown).join('<value>');
    }
  }
  return out;
};

/**
 * A JSONata error as one line: `S0202 at 14: Expected ")", got "}"`. JSONata throws plain objects with a
 * code, a message and a position. For evaluation errors (`redact`), values from the event are left out.
 */
export const describeJsonataError = (error: unknown, redact = false): string => {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message, position } = error as JsonataErrorShape;
  const raw = typeof message === 'string' ? message : String(error);
  const text = redact ? redactValues(raw, error as Record<string, unknown>) : raw;
  const where = typeof position === 'number' && position > 0 ? ` at ${position}` : '';
  const line = typeof code === 'string' ? `${code}${where}: ${text}` : text;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
};

/** The JSONata code of an error, if it has one. */
export const jsonataCode = (error: unknown): string | null => {
  const code = (error as JsonataErrorShape | null)?.code;
  return typeof code === 'string' ? code : null;
};
