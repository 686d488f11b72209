/**
 * A map that forgets its least recently used entry beyond `maxSize`. A warm Lambda can see an unbounded number
 * of destinations over its life; per-destination state must not grow with them.
 */
export class LruMap<V> {
  private readonly entries = new Map<string, V>();

  public constructor(private readonly maxSize: number) {
    if (!Number.isInteger(maxSize) || maxSize < 1) throw new RangeError(`maxSize must be a positive integer`);
  }

  /** The entry under `key`, created on first use; either way it becomes the most recently used. */
  public getOrCreate(key: string, create: () => V): V {
    const existing = this.entries.get(key);
    if (existing !== undefined) {
      // Re-inserting moves the key to the end of the Map's insertion order, which is the recency order.
      this.entries.delete(key);
      this.entries.set(key, existing);
      return existing;
    }
    const created = create();
    this.entries.set(key, created);
    if (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return created;
  }

  /** Whether `key` is held, without touching its recency. */
  public has(key: string): boolean {
    return this.entries.has(key);
  }

  /** How many entries are held. */
  public get size(): number {
    return this.entries.size;
  }
}
