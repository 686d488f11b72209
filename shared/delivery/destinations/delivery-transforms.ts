import type { Clock } from '../../kernel/clock.ts';
import { describeError, type PermanentError } from '../../kernel/errors.ts';
import type { TenantDirectory } from '../../tenants/ports.ts';
import { runTransform } from '../../tenants/transforms/run-transform.ts';
import { sharedTransformCache, type TransformCache } from '../../tenants/transforms/transform-cache.ts';
import { TransformError } from '../../tenants/transforms/transform-errors.ts';
import { permanent, retryable } from './failures.ts';
import { routeDocumentOf } from './route-document.ts';
import type { DeliveryContext } from './types.ts';

/** What the destinations are built with to run route transforms. */
export interface DeliveryTransformsDeps {
  /** Read only when a snapshotted transform fails: the route may have been fixed since. */
  readonly tenants: TenantDirectory;
  readonly clock: Clock;
  readonly cache?: TransformCache;
}

/** A transform's result, as plain JSON; null when the delivery has no transform (deliver the event as is). */
export type TransformOutput = { readonly value: unknown } | null;

/**
 * Runs a delivery's route transform over its route document. The delivery message's snapshot runs first;
 * when it fails, the route's current transform is used if it differs (none at all included), so a delivery
 * dead-lettered by a broken expression succeeds when redriven after the route is fixed. A failure that
 * stands is permanent (`transform_failed`, DLQ at once) with the expression's error as the reason.
 */
export class DeliveryTransforms {
  private readonly cache: TransformCache;

  public constructor(private readonly deps: DeliveryTransformsDeps) {
    this.cache = deps.cache ?? sharedTransformCache;
  }

  public async outputFor(context: DeliveryContext): Promise<TransformOutput> {
    const snapshot = context.transform ?? null;
    if (snapshot === null) return null;
    const document = routeDocumentOf(context.payload, context.headers ?? {});
    try {
      return { value: await this.run(snapshot, document) };
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      const current = await this.currentTransform(context);
      if (current === undefined || current === snapshot) throw this.failure(error);
      if (current === null) return null;
      try {
        return { value: await this.run(current, document) };
      } catch (again) {
        throw again instanceof TransformError ? this.failure(again) : again;
      }
    }
  }

  /** A permanent failure of the delivery because of its transform. */
  public failure(error: TransformError | string): PermanentError {
    const message = typeof error === 'string' ? error : `${error.kind}: ${error.message}`;
    return permanent('transform_failed', message, this.deps.clock(), undefined, error);
  }

  private async run(source: string, document: unknown): Promise<unknown> {
    const compiled = this.cache.get(source);
    if (compiled instanceof TransformError) throw compiled;
    return runTransform(compiled, document);
  }

  /** The route's transform now: a string, null when it has none, undefined when the route is gone. */
  private async currentTransform(context: DeliveryContext): Promise<string | null | undefined> {
    let routes: Awaited<ReturnType<TenantDirectory['getRoutes']>>;
    try {
      routes = await this.deps.tenants.getRoutes(context.tenantId);
    } catch (error) {
      const message = `tenant directory unavailable while checking the route's transform: ${describeError(error)}`;
      throw retryable('connection_error', message, this.deps.clock(), undefined, error);
    }
    const route = routes.find((candidate) => candidate.route_id === context.routeId);
    return route === undefined ? undefined : (route.transform ?? null);
  }
}

/**
 * The transform output of a delivery, or null when its route has none. A destination built without
 * transforms refuses a delivery that has one rather than sending the untransformed event.
 */
export const transformOutput = async (
  transforms: DeliveryTransforms | undefined,
  context: DeliveryContext,
  clock: Clock,
): Promise<TransformOutput> => {
  if (!context.transform) return null;
  if (!transforms) {
    throw permanent('transform_failed', 'this destination was built without route transforms', clock());
  }
  return transforms.outputFor(context);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Template variables with a transform's object result on top (its fields win); a result of another shape
 * cannot feed a template and fails the delivery permanently.
 */
export const withTransformVariables = (
  base: Record<string, unknown>,
  output: TransformOutput,
  what: string,
  clock: Clock,
): Record<string, unknown> => {
  if (output === null) return base;
  if (isRecord(output.value)) return { ...base, ...output.value };
  throw permanent(
    'transform_failed',
    `the transform of ${what} must produce an object (its fields become template variables)`,
    clock(),
  );
};
