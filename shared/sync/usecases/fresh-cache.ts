import type { ExternalGroup, ExternalUser, FreshList } from '../engine/index.ts';
import type { SyncItem } from '../workflow/contract.ts';

const DEFAULT_MAX_ENTRIES = 50;

interface Entry {
  users?: FreshList<ExternalUser>;
  groups?: FreshList<ExternalGroup>;
}

/**
 * The lists the users and teams steps fetched, kept in the container for the notifications step of the same
 * child, so targets are resolved against this run's vendor data without listing the vendor again. Bounded: a
 * container serves many children one after another.
 */
export class FreshDirectoryCache {
  private readonly entries = new Map<string, Entry>();

  public constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** Remembers a complete users or groups list of this child. */
  public put<K extends keyof Entry>(item: SyncItem, kind: K, list: NonNullable<Entry[K]>): void {
    const key = keyOf(item);
    const entry = this.entries.get(key) ?? {};
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { ...entry, [kind]: list });
  }

  /** The list this child fetched in this container, if any. */
  public get<K extends keyof Entry>(item: SyncItem, kind: K): Entry[K] | null {
    return this.entries.get(keyOf(item))?.[kind] ?? null;
  }
}

const keyOf = (item: SyncItem): string => `${item.run_id}#${item.tenant_id}#${item.system_type}`;
