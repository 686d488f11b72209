import { randomUUID } from 'node:crypto';
import './promise-polyfill.ts';
import type { AslMachine, Json } from './asl.ts';
import { type ItemReadRequest, type LocalTaskHandler, transformDistributedMaps } from './distributed-map.ts';
import { bindLambdaTasks, type LambdaHandler } from './local-lambda.ts';

/**
 * Runs a state machine definition in this process with aws-local-stepfunctions: Distributed Maps rewritten
 * (distributed-map.ts), every Task bound to a local Lambda handler (local-lambda.ts), and the library's event
 * log kept as a compact trace for progress printing and tests.
 */

type Library = typeof import('aws-local-stepfunctions');
let library: Promise<Library> | undefined;

/**
 * Loaded lazily and only after the polyfill above has run: a static import could be hoisted above it by an
 * import sorter, and then every Task would fail on Node 20 (and a Catch would hide it).
 */
const loadLibrary = (): Promise<Library> => {
  library ??= import('aws-local-stepfunctions');
  return library;
};

export interface TraceEvent {
  readonly type: string;
  readonly timestamp: number;
  /** The state, or for Map iteration events the Map. */
  readonly state?: string;
  readonly stateType?: string;
  /** Which Map iteration the event belongs to. */
  readonly index?: number;
  readonly error?: string;
  readonly cause?: string;
  /** `ItemsRead` only: how many items a Distributed Map's reader produced. */
  readonly count?: number;
}

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface LocalExecutionResult {
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly output: Json | null;
  readonly error: { readonly error: string; readonly cause: string } | null;
  readonly startedAt: string;
  readonly stoppedAt: string;
  readonly events: readonly TraceEvent[];
}

export interface LocalExecutionOptions {
  readonly definition: AslMachine;
  readonly input: Json;
  /** The execution name (`$$.Execution.Name`); a run id. Default: a random UUID. */
  readonly name?: string;
  /** Local handlers of the Lambda functions the definition calls, by ARN or function name. */
  readonly lambdas: Readonly<Record<string, LambdaHandler>>;
  /** Reads a Distributed Map's items (the local object store). */
  readonly readItems: (request: ItemReadRequest) => Promise<Json[]>;
  /** Milliseconds per Wait state name, instead of its Seconds (fast tests). */
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  /** Milliseconds per retryable state name, instead of its backoff (fast tests). */
  readonly retryIntervalOverrides?: Readonly<Record<string, number | readonly number[]>>;
  /** Called with each trace event as it happens (progress). */
  readonly onEvent?: (event: TraceEvent) => void;
}

type LibraryEvent = {
  type: string;
  timestamp: number;
  state?: { name: string; type: string };
  parentState?: { name: string; type: string };
  index?: number;
  Error?: string;
  Cause?: unknown;
};

const toTrace = (event: LibraryEvent): TraceEvent => {
  const state = event.state ?? event.parentState;
  return {
    type: event.type,
    timestamp: event.timestamp,
    ...(state ? { state: state.name, stateType: state.type } : {}),
    ...(event.index !== undefined ? { index: event.index } : {}),
    ...(event.Error !== undefined ? { error: event.Error } : {}),
    ...(event.Cause !== undefined
      ? { cause: typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause) }
      : {}),
  };
};

const statusOf = (error: unknown, lib: Library): ExecutionStatus => {
  if (error instanceof lib.ExecutionTimeoutError) return 'TIMED_OUT';
  if (error instanceof lib.ExecutionAbortedError) return 'ABORTED';
  return 'FAILED';
};

/** The error of a failed execution, as `DescribeExecution` would give it. */
const errorOf = (error: unknown, events: readonly TraceEvent[]) => {
  const failed = [...events].reverse().find((event) => event.type === 'ExecutionFailed');
  if (failed?.error) return { error: failed.error, cause: failed.cause ?? '' };
  const cause = (error as { cause?: Error })?.cause ?? (error as Error);
  return { error: cause?.name ?? 'Error', cause: cause?.message ?? String(error) };
};

/** Runs one execution to its end; never throws for a failed execution (see `status`). */
export const runLocalExecution = async (options: LocalExecutionOptions): Promise<LocalExecutionResult> => {
  const lib = await loadLibrary();
  const events: TraceEvent[] = [];
  const record = (event: TraceEvent) => {
    events.push(event);
    options.onEvent?.(event);
  };
  const transformed = transformDistributedMaps(options.definition, { readItems: options.readItems });
  const readers = new Map(transformed.readers.map((info) => [info.reader, info.map]));
  // The reader's count is the Map's total, which the library's own events never state.
  const preset: Record<string, LocalTaskHandler> = {};
  for (const [stateName, handler] of Object.entries(transformed.handlers)) {
    const map = readers.get(stateName);
    preset[stateName] = !map
      ? handler
      : async (input) => {
          const items = await handler(input);
          const count = Array.isArray(items) ? items.length : 0;
          record({ type: 'ItemsRead', timestamp: Date.now(), state: map, stateType: 'Map', count });
          return items;
        };
  }
  const handlers = bindLambdaTasks(transformed.definition, options.lambdas, preset);
  const name = options.name ?? randomUUID();
  const startedAt = new Date().toISOString();
  const machine = new lib.StateMachine(transformed.definition as never, {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const execution = machine.run(options.input as never, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      waitTimeOverrides: { ...options.waitTimeOverrides },
      retryIntervalOverrides: { ...options.retryIntervalOverrides } as never,
    },
    context: {
      Execution: {
        Id: `arn:aws:states:local:000000000000:execution:local:${name}`,
        Name: name,
        Input: options.input as never,
        StartTime: startedAt,
      },
    },
  });
  const logging = (async () => {
    for await (const event of execution.eventLogs) record(toTrace(event as LibraryEvent));
  })();
  let output: Json | null = null;
  let failure: unknown;
  try {
    output = (await execution.result) as Json;
  } catch (error) {
    failure = error;
  }
  await logging;
  const base = { name, startedAt, stoppedAt: new Date().toISOString(), events };
  if (failure === undefined) return { ...base, status: 'SUCCEEDED', output, error: null };
  return { ...base, status: statusOf(failure, lib), output: null, error: errorOf(failure, events) };
};
