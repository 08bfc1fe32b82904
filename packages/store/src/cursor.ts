import { badRequest } from '@warden/sys-api';

/**
 * A forward-only, lazily paged result. No SQLite iterator stays open between calls, so the
 * caller may write while iterating (a record updated meanwhile may come back twice).
 */
export interface Cursor<T> extends IterableIterator<T> {
  /** The next `n` items at most (fewer at the end). */
  take(n: number): T[];
  /** How many items the query matches in all, ignoring `_size` and `_offset`. */
  count(): number;
  /** Frees the cursor; later reads return nothing. */
  close(): void;
  /** About how many bytes the cursor keeps between reads (buffered items, its keyset position). */
  heldBytes(): number;
}

/** Where a cursor gets its items: pages on demand and the total count. */
export interface CursorSource<T> {
  /** Up to `limit` further items; fewer means the source is exhausted. */
  page(limit: number): T[];
  count(): number;
  /** Bytes the source keeps between pages (a keyset position), if any. */
  heldBytes?(): number;
}

/** Rows fetched per page. */
export const PAGE_SIZE = 200;

/** A cursor over `source`, fetching `pageSize` items at a time. */
export function createCursor<T>(source: CursorSource<T>, pageSize = PAGE_SIZE): Cursor<T> {
  let buffer: T[] = [];
  let exhausted = false;
  let closed = false;

  const fill = (): boolean => {
    if (buffer.length > 0) return true;
    if (exhausted || closed) return false;
    buffer = source.page(pageSize);
    if (buffer.length < pageSize) exhausted = true;
    return buffer.length > 0;
  };

  const cursor: Cursor<T> = {
    next(): IteratorResult<T> {
      return fill() ? { done: false, value: buffer.shift() as T } : { done: true, value: undefined };
    },
    take(n: number): T[] {
      if (!Number.isSafeInteger(n) || n < 0)
        throw badRequest(`take: n must be a non-negative integer, got ${n}`);
      const out: T[] = [];
      while (out.length < n && fill()) out.push(...buffer.splice(0, n - out.length));
      return out;
    },
    count: () => source.count(),
    heldBytes() {
      if (closed) return 0;
      let bytes = source.heldBytes?.() ?? 0;
      for (const item of buffer)
        bytes += typeof item === 'string' ? item.length : (JSON.stringify(item)?.length ?? 0);
      return bytes;
    },
    close() {
      closed = true;
      buffer = [];
    },
    [Symbol.iterator]() {
      return cursor;
    },
  };
  return cursor;
}
