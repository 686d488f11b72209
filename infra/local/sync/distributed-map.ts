import {
  type AslMachine,
  type AslState,
  allStates,
  childMachines,
  cloneJson,
  isObject,
  type Json,
  type JsonObject,
  retarget,
} from './asl.ts';

/**
 * aws-local-stepfunctions runs every Map inline: a Distributed Map's ItemReader is validated and then ignored
 * ("Input of Map state must be an array"), and it has no hook for a whole state. So, before running, each
 * Distributed Map is rewritten into what the library does run, unchanged in spirit:
 *
 *   X ─▶ [Map (ItemReader s3:getObject)] ─▶ Y
 *   X ─▶ [Map ItemReader (Task)] ─▶ [Map (ItemsPath $.__localDistributedMapItems)] ─▶ [Map drop local items] ─▶ Y
 *
 * The reader Task evaluates the ItemReader's Parameters on the Map's input and reads the object through
 * `readItems` (the local object store); the Map then iterates that array with its own MaxConcurrency and
 * ItemSelector. The last Task removes the array again, so later states see what they would in AWS. Fields the
 * library cannot honour (ResultWriter, ToleratedFailure*, Label, ProcessorConfig) are dropped: tolerated
 * failure is a safety net; the item processor must catch its own failures (it does, by design).
 */

/** Where the reader Task puts the items, in the Map's input. */
export const LOCAL_ITEMS_KEY = '__localDistributedMapItems';
const S3_GET_OBJECT = 'arn:aws:states:::s3:getObject';
/** A syntactically valid ARN the library accepts; it is always overridden by a local handler. */
const DROP_ITEMS_RESOURCE = 'arn:aws:lambda:local:000000000000:function:drop-distributed-map-items';

export type ItemsInputType = 'JSON' | 'JSONL';

export interface ItemReadRequest {
  readonly bucket: string;
  readonly key: string;
  readonly inputType: ItemsInputType;
}

export interface TransformOptions {
  /** Reads the items of one object (see `parseItems` for the formats). */
  readonly readItems: (request: ItemReadRequest) => Promise<Json[]>;
}

export type LocalTaskHandler = (input: Json) => Promise<Json>;

export interface ReaderInfo {
  /** The inserted Task's name. */
  readonly reader: string;
  readonly map: string;
}

export interface TransformResult {
  readonly definition: AslMachine;
  /** Local handlers of the inserted Tasks, by state name (taskResourceLocalHandlers). */
  readonly handlers: Record<string, LocalTaskHandler>;
  readonly readers: readonly ReaderInfo[];
}

/** Thrown for a Distributed Map this transform cannot run faithfully; better than a wrong local result. */
export class UnsupportedDefinitionError extends Error {
  public override readonly name = 'UnsupportedDefinitionError';
}

/** An error the library reports like AWS does: the Map's Catch can match `States.ItemReaderFailed`. */
class ItemReaderFailed extends Error {
  public override readonly name = 'States.ItemReaderFailed';
}

/** JSON (one array) or JSONL (one value per non-empty line), the two formats sync-plan may write. */
export const parseItems = (text: string, inputType: ItemsInputType): Json[] => {
  if (inputType === 'JSON') {
    const parsed = JSON.parse(text) as Json;
    if (!Array.isArray(parsed)) throw new ItemReaderFailed('the JSON object is not an array');
    return parsed;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);
};

const DISTRIBUTED_ONLY = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
] as const;

const isDistributed = (state: AslState): boolean => {
  const processor = state.ItemProcessor;
  const mode = isObject(processor) && isObject(processor.ProcessorConfig) && processor.ProcessorConfig.Mode;
  return mode === 'DISTRIBUTED' || DISTRIBUTED_ONLY.some((field) => field in state);
};

const uniqueName = (taken: ReadonlySet<string>, wanted: string): string => {
  let name = wanted;
  for (let i = 2; taken.has(name); i++) name = `${wanted} ${i}`;
  return name;
};

const readerParameters = (
  mapName: string,
  reader: JsonObject,
): { params: JsonObject; type: ItemsInputType } => {
  if (reader.Resource !== S3_GET_OBJECT) {
    throw new UnsupportedDefinitionError(
      `${mapName}: ItemReader ${String(reader.Resource)} is not emulated locally (only ${S3_GET_OBJECT})`,
    );
  }
  const config = isObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  const type = config.InputType ?? 'JSON';
  if (type !== 'JSON' && type !== 'JSONL') {
    throw new UnsupportedDefinitionError(`${mapName}: ItemReader InputType ${String(type)} is not emulated`);
  }
  if (!isObject(reader.Parameters))
    throw new UnsupportedDefinitionError(`${mapName}: ItemReader has no Parameters`);
  const params: JsonObject = { ...reader.Parameters };
  if (typeof config.MaxItems === 'number') params.MaxItems = config.MaxItems;
  if (typeof config.MaxItemsPath === 'string') params['MaxItems.$'] = config.MaxItemsPath;
  return { params, type };
};

const readerHandler =
  (options: TransformOptions, inputType: ItemsInputType): LocalTaskHandler =>
  async (input) => {
    const request = isObject(input) ? input : {};
    const { Bucket: bucket, Key: key, MaxItems: maxItems } = request;
    if (typeof bucket !== 'string' || typeof key !== 'string') {
      throw new ItemReaderFailed(
        `ItemReader Parameters must give Bucket and Key; got ${JSON.stringify(input)}`,
      );
    }
    let items: Json[];
    try {
      items = await options.readItems({ bucket, key, inputType });
    } catch (error) {
      throw new ItemReaderFailed(`s3://${bucket}/${key}: ${(error as Error).message}`);
    }
    return typeof maxItems === 'number' && maxItems > 0 ? items.slice(0, maxItems) : items;
  };

const dropItems: LocalTaskHandler = async (input) => {
  if (!isObject(input)) return input;
  const { [LOCAL_ITEMS_KEY]: _dropped, ...rest } = input;
  return rest;
};

const transformScope = (
  machine: AslMachine,
  options: TransformOptions,
  taken: Set<string>,
  out: { handlers: Record<string, LocalTaskHandler>; readers: ReaderInfo[] },
): void => {
  for (const [name, state] of Object.entries(machine.States)) {
    for (const child of childMachines(state)) transformScope(child, options, taken, out);
    if (state.Type !== 'Map' || !isDistributed(state)) continue;
    if ('ItemBatcher' in state) throw new UnsupportedDefinitionError(`${name}: ItemBatcher is not emulated`);
    const reader = state.ItemReader;
    for (const field of DISTRIBUTED_ONLY) delete state[field];
    const processor = state.ItemProcessor;
    if (isObject(processor)) delete processor.ProcessorConfig;
    if (!isObject(reader)) continue;

    // AWS evaluates the reader on the Map's effective input; with an InputPath the items would not be there.
    if (state.InputPath !== undefined && state.InputPath !== '$') {
      throw new UnsupportedDefinitionError(`${name}: a Distributed Map with InputPath is not emulated`);
    }
    const { params, type } = readerParameters(name, reader);
    const readerName = uniqueName(taken, `${name} ItemReader`);
    taken.add(readerName);
    const readerState: AslState = {
      Type: 'Task',
      Resource: S3_GET_OBJECT,
      Parameters: params,
      ResultPath: `$.${LOCAL_ITEMS_KEY}`,
      Next: name,
    };
    // A failed read fails the Map in AWS, so the Map's catchers apply to it.
    if (Array.isArray(state.Catch)) readerState.Catch = cloneJson(state.Catch);
    retarget(machine, name, readerName, readerName);
    machine.States[readerName] = readerState;
    state.ItemsPath = `$.${LOCAL_ITEMS_KEY}`;
    out.handlers[readerName] = readerHandler(options, type);
    out.readers.push({ reader: readerName, map: name });

    // With ResultPath "$" the Map's result replaces its input, items included; otherwise remove them.
    if (state.ResultPath === undefined || state.ResultPath === '$') continue;
    const dropName = uniqueName(taken, `${name} drop local items`);
    taken.add(dropName);
    const dropState: AslState = { Type: 'Task', Resource: DROP_ITEMS_RESOURCE };
    if (typeof state.Next === 'string') dropState.Next = state.Next;
    else dropState.End = true;
    delete state.End;
    state.Next = dropName;
    machine.States[dropName] = dropState;
    out.handlers[dropName] = dropItems;
  }
};

/** Rewrites every Distributed Map of `asl` (at any depth) for local execution; `asl` is left untouched. */
export const transformDistributedMaps = (asl: AslMachine, options: TransformOptions): TransformResult => {
  const definition = cloneJson(asl);
  const taken = new Set([...allStates(definition)].map(([name]) => name));
  const out = { handlers: {} as Record<string, LocalTaskHandler>, readers: [] as ReaderInfo[] };
  transformScope(definition, options, taken, out);
  return { definition, ...out };
};
