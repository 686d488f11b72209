import type * as z from 'zod';
import { VendorRecordError } from './errors.ts';

/** A raw record that could not be normalised; `external_id` is `null` when not even the id was readable. */
export interface RecordFailure {
  readonly external_id: string | null;
  readonly message: string;
}

/** The records of one fetch that normalised, and those that did not. */
export interface NormalisedBatch<R> {
  readonly records: R[];
  readonly failures: RecordFailure[];
}

const readId = (raw: unknown, idKey: string): string | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as Record<string, unknown>)[idKey];
  return typeof id === 'string' && id.length > 0 ? id : null;
};

/** Parses one raw vendor record, throwing `VendorRecordError` (with the id when readable) on a bad shape. */
export const parseVendorRecord = <S extends z.ZodType>(
  schema: S,
  raw: unknown,
  label: string,
  idKey: string,
): z.output<S> => {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const externalId = readId(raw, idKey);
  // Only paths and zod's messages: the raw values may hold personal data (names, e-mail addresses).
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`,
  );
  const subject = externalId === null ? label : `${label} ${externalId}`;
  throw new VendorRecordError(`${subject} is malformed: ${problems.join('; ')}`, externalId, {
    cause: parsed.error,
  });
};

/** Normalises a whole fetch, collecting bad records as failures instead of failing the run. */
export const normaliseRecords = <R>(
  raws: readonly unknown[],
  map: (raw: unknown) => R,
): NormalisedBatch<R> => {
  const records: R[] = [];
  const failures: RecordFailure[] = [];
  for (const raw of raws) {
    try {
      records.push(map(raw));
    } catch (error) {
      if (!(error instanceof VendorRecordError)) throw error;
      failures.push({ external_id: error.externalId, message: error.message });
    }
  }
  return { records, failures };
};
