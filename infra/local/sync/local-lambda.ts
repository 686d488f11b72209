import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { type AslMachine, allStates, isObject, type Json } from './asl.ts';
import type { LocalTaskHandler } from './distributed-map.ts';

/**
 * Task states → local Lambda handlers. The handlers are the deployed functions' own `handler` exports, called
 * the way Lambda calls them: a JSON round-tripped event, a context with a deadline, and a failure reported as
 * Step Functions sees a Lambda failure (Error = the error's type, Cause = Lambda's error JSON), so the
 * definition's Retry and Catch rules match locally exactly as they would in AWS.
 */

export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

/** `arn:aws:lambda:region:acct:function:name[:qualifier]` or a bare name → `name`. */
export const functionNameOf = (arnOrName: string): string => {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.+)?$/.exec(arnOrName);
  return match ? match[1]! : arnOrName;
};

/** A Lambda failure as Step Functions reports it. */
class LambdaFunctionError extends Error {
  constructor(errorType: string, cause: string) {
    super(cause);
    this.name = errorType;
  }
}

const lambdaContext = (functionName: string, timeoutMs: number): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

/** Calls a handler like Lambda: JSON in and out, errors turned into `{errorType, errorMessage, trace}`. */
export const invokeLocally = async (
  functionName: string,
  handler: LambdaHandler,
  payload: Json,
  timeoutMs: number,
): Promise<Json> => {
  const event = JSON.parse(JSON.stringify(payload ?? null)) as never;
  try {
    const result = await handler(event, lambdaContext(functionName, timeoutMs));
    return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as Json);
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const errorType = err.name && err.name !== 'Error' ? err.name : (err.constructor?.name ?? 'Error');
    const cause = JSON.stringify({
      errorType,
      errorMessage: err.message,
      trace: (err.stack ?? '').split('\n'),
    });
    throw new LambdaFunctionError(errorType, cause);
  }
};

/** Thrown before running when a Task has no local handler: it must never reach a real AWS Lambda. */
export class MissingLocalHandlerError extends Error {
  public override readonly name = 'MissingLocalHandlerError';
}

/**
 * The `taskResourceLocalHandlers` of a definition: every Task calling one of `lambdas` (by ARN or name),
 * either directly (`Resource` = the function ARN) or through the `lambda:invoke` integration (whose answer
 * wraps the result in `Payload`, as CDK's LambdaInvoke expects). States already in `preset` keep theirs.
 */
export const bindLambdaTasks = (
  definition: AslMachine,
  lambdas: Readonly<Record<string, LambdaHandler>>,
  preset: Readonly<Record<string, LocalTaskHandler>> = {},
): Record<string, LocalTaskHandler> => {
  const byName = new Map(Object.entries(lambdas).map(([key, fn]) => [functionNameOf(key), fn] as const));
  const handlers: Record<string, LocalTaskHandler> = { ...preset };
  for (const [stateName, state] of allStates(definition)) {
    if (state.Type !== 'Task' || handlers[stateName]) continue;
    const resource = String(state.Resource);
    const viaIntegration = resource === LAMBDA_INVOKE;
    const params = isObject(state.Parameters) ? state.Parameters : {};
    const target = viaIntegration ? String(params.FunctionName ?? '') : resource;
    const functionName = functionNameOf(target);
    const handler = byName.get(functionName);
    if (!handler) {
      throw new MissingLocalHandlerError(
        `Task "${stateName}" calls ${target || resource}, which has no local handler ` +
          `(known: ${[...byName.keys()].join(', ') || 'none'})`,
      );
    }
    const seconds =
      typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : DEFAULT_TASK_TIMEOUT_SECONDS;
    handlers[stateName] = async (input) => {
      if (!viaIntegration) return invokeLocally(functionName, handler, input, seconds * 1000);
      const payload = isObject(input) && 'Payload' in input ? (input.Payload as Json) : null;
      const result = await invokeLocally(functionName, handler, payload, seconds * 1000);
      return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
    };
  }
  return handlers;
};
