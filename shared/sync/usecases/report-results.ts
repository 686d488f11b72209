import * as z from 'zod';
import { ChatSystemSchema } from '../../tenants/destinations.ts';
import {
  type ChildResult,
  ChildResultSchema,
  type MapResultWriterDetails,
  type SyncReportInput,
} from '../workflow/contract.ts';

/** Reads objects of the sync bucket (where the Distributed Map's ResultWriter writes). */
export interface BlobReader {
  readonly bucket: string;
  /** An object's text, or null when it does not exist. */
  get(key: string): Promise<string | null>;
}

/** The map run's results could not be read (a missing or malformed manifest or result file). */
export class MapResultsError extends Error {
  public override readonly name = 'MapResultsError';
}

const ResultFileSchema = z.object({ Key: z.string().min(1) });

/** The ResultWriter's `manifest.json` (only what the report reads). */
const ManifestSchema = z.object({
  ResultFiles: z.object({
    SUCCEEDED: z.array(ResultFileSchema).default([]),
    FAILED: z.array(ResultFileSchema).default([]),
    PENDING: z.array(ResultFileSchema).default([]),
  }),
});

/** One child execution in a result file: `Input`/`Output` are its JSON input and output, as strings. */
const ResultEntrySchema = z.object({
  Name: z.string().optional(),
  Status: z.string().optional(),
  Input: z.string().optional(),
  Output: z.string().optional(),
  Error: z.string().optional(),
  Cause: z.string().optional(),
});
type ResultEntry = z.infer<typeof ResultEntrySchema>;

/** The tenant × system of a child, from its input (the Map's ItemSelector: ChildState's `item`). */
const ChildInputSchema = z.object({
  item: z.object({ tenant_id: ChildResultSchema.shape.tenant_id, system_type: ChatSystemSchema }),
});

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** The tenant and system the FAILED ChildResult of an unreadable input is filed under. */
export const UNKNOWN_CHILD: Pick<ChildResult, 'tenant_id' | 'system_type'> = {
  tenant_id: 'unknown',
  system_type: 'SLACK',
};

const MAX_CAUSE = 500;

/**
 * A child execution that failed (or never ran) outside the child workflow's own Catch: a FAILED result for its
 * tenant × system. An input that cannot be read (too large to be included) is filed under UNKNOWN_CHILD, with
 * the execution's name in the message, so the failure is still counted.
 */
const failedResult = (entry: ResultEntry, fallbackError: string): ChildResult => {
  const input = ChildInputSchema.safeParse(entry.Input === undefined ? undefined : parseJson(entry.Input));
  const who = input.success ? input.data.item : UNKNOWN_CHILD;
  const cause = entry.Cause === undefined ? '' : `: ${entry.Cause.slice(0, MAX_CAUSE)}`;
  const name = input.success || entry.Name === undefined ? '' : ` (execution ${entry.Name})`;
  return {
    tenant_id: who.tenant_id,
    system_type: who.system_type,
    status: 'FAILED',
    outcomes: [],
    error_message: `${entry.Error ?? fallbackError}${cause}${name}`,
  };
};

const succeededResult = (entry: ResultEntry, key: string): ChildResult => {
  const output = ChildResultSchema.safeParse(
    entry.Output === undefined ? undefined : parseJson(entry.Output),
  );
  // A child that succeeded always returns a ChildResult (contract.ts): anything else is a contract breach.
  if (!output.success) throw new MapResultsError(`a SUCCEEDED entry of ${key} has no ChildResult output`);
  return output.data;
};

const readJson = async (reader: BlobReader, key: string): Promise<unknown> => {
  const text = await reader.get(key);
  if (text === null) throw new MapResultsError(`s3://${reader.bucket}/${key} does not exist`);
  const value = parseJson(text);
  if (value === undefined) throw new MapResultsError(`s3://${reader.bucket}/${key} is not JSON`);
  return value;
};

const readEntries = async (reader: BlobReader, key: string): Promise<ResultEntry[]> => {
  const entries = z.array(ResultEntrySchema).safeParse(await readJson(reader, key));
  if (!entries.success) throw new MapResultsError(`s3://${reader.bucket}/${key} is not a result file`);
  return entries.data;
};

/** Every child's result from the ResultWriter's manifest and result files. */
export const readMapResults = async (
  details: MapResultWriterDetails,
  reader: BlobReader,
): Promise<ChildResult[]> => {
  const { Bucket, Key } = details.ResultWriterDetails;
  if (Bucket !== reader.bucket)
    throw new MapResultsError(`the map results are in ${Bucket}, not in the sync bucket ${reader.bucket}`);
  const manifest = ManifestSchema.safeParse(await readJson(reader, Key));
  if (!manifest.success) throw new MapResultsError(`s3://${Bucket}/${Key} is not a ResultWriter manifest`);
  const files = manifest.data.ResultFiles;
  const results: ChildResult[] = [];
  // One file at a time, in the manifest's order: SUCCEEDED, then FAILED, then PENDING.
  for (const { Key: key } of files.SUCCEEDED)
    for (const entry of await readEntries(reader, key)) results.push(succeededResult(entry, key));
  for (const { Key: key } of files.FAILED)
    for (const entry of await readEntries(reader, key))
      results.push(failedResult(entry, 'the child execution failed'));
  for (const { Key: key } of files.PENDING)
    for (const entry of await readEntries(reader, key))
      results.push(failedResult(entry, 'the child execution did not run'));
  return results;
};

/** The children's results of a report input, inline or read from the ResultWriter's files. */
export const childResultsOf = async (
  results: SyncReportInput['results'],
  reader: BlobReader,
): Promise<readonly ChildResult[]> => (Array.isArray(results) ? results : readMapResults(results, reader));
