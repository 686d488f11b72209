import { LruMap } from '../../kernel/lru-map.ts';
import { type CompiledTransform, compileTransform } from './compile-transform.ts';
import { TransformError } from './transform-errors.ts';

/** A compiled transform, or why it does not compile (remembered, so a broken one is not recompiled per event). */
export type CachedTransform = CompiledTransform | TransformError;

/** Compiled transforms by their text: a route's expression compiles once per version and container. */
export class TransformCache {
  private readonly bySource: LruMap<CachedTransform>;

  public constructor(maxEntries = 1_000) {
    this.bySource = new LruMap(maxEntries);
  }

  public get(source: string): CachedTransform {
    return this.bySource.getOrCreate(source, () => {
      try {
        return compileTransform(source);
      } catch (error) {
        if (error instanceof TransformError) return error;
        return new TransformError('syntax', `does not compile: ${String(error)}`, { cause: error });
      }
    });
  }
}

/** The cache the worker and `ops routes test` use unless given another (one per process). */
export const sharedTransformCache = new TransformCache();
