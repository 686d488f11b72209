import { LruMap } from '../../kernel/lru-map.ts';
import { compileEventPattern } from './compile-pattern.ts';
import { type CompiledPattern, EventPatternError } from './pattern-types.ts';

/** A compiled filter, or why the stored one does not compile (remembered too, so it is not retried per event). */
export type CachedPattern = CompiledPattern | EventPatternError;

/**
 * Compiled filters, so no event ever recompiles one. Looked up by the filter object first (the same route
 * object while the tenant stays cached), then by its JSON (the same route version read again after the
 * tenant cache expired), so a route's filter compiles once per version and container.
 */
export class PatternCache {
  private readonly byObject = new WeakMap<object, CachedPattern>();
  private readonly bySource: LruMap<CachedPattern>;

  public constructor(maxEntries = 2_000) {
    this.bySource = new LruMap(maxEntries);
  }

  public get(pattern: object): CachedPattern {
    const known = this.byObject.get(pattern);
    if (known) return known;
    const compiled = this.bySource.getOrCreate(JSON.stringify(pattern), () => {
      try {
        return compileEventPattern(pattern);
      } catch (error) {
        if (error instanceof EventPatternError) return error;
        return new EventPatternError([{ path: [], message: `does not compile: ${String(error)}` }]);
      }
    });
    this.byObject.set(pattern, compiled);
    return compiled;
  }
}

/** The cache routing uses unless given another (one per container). */
export const sharedPatternCache = new PatternCache();
