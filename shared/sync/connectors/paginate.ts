import type { Clock } from '../../kernel/index.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';
import { RateLimitWaitRequiredError, VendorResponseError } from './errors.ts';
import type { ListOptions, ListResult } from './types.ts';

/** One page as a connector fetched it: its records and the next cursor (`null` on the last page). */
export interface FetchedPage<T> {
  readonly records: readonly T[];
  readonly next: string | null;
}

/** Who is paginating, for errors. */
export interface PaginateContext {
  readonly system: ChatSystem;
  readonly clock: Clock;
}

/** A vendor's "no more pages": Slack sends `""`, Graph and LINE WORKS leave the field out (or null it). */
export const nextCursorOf = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;

/**
 * Fetches page after page from `options.cursor`, handing each to `onPage` before asking for the next. A long
 * rate-limit wait is rethrown with the cursor of the page it interrupted, so nothing is fetched twice but that one.
 */
export const paginate = async <T>(
  fetchPage: (cursor: string | null) => Promise<FetchedPage<T>>,
  options: Pick<ListOptions<T>, 'onPage' | 'cursor'>,
  context: PaginateContext,
): Promise<ListResult> => {
  let cursor = options.cursor ?? null;
  let pages = 0;
  let records = 0;
  for (;;) {
    const page = await fetchPage(cursor).catch((error: unknown) => {
      throw error instanceof RateLimitWaitRequiredError ? error.resumingAt(cursor) : error;
    });
    await options.onPage(page.records, { index: pages, cursor, nextCursor: page.next });
    pages += 1;
    records += page.records.length;
    if (page.next === null) return { pages, records };
    // A vendor bug that hands back the same cursor would otherwise list the same page until the Lambda dies.
    if (page.next === cursor) {
      const message =
        'returned the cursor it was given as the next one; stopping to avoid an endless listing';
      throw new VendorResponseError({ system: context.system, message, failedAt: context.clock() });
    }
    cursor = page.next;
  }
};
