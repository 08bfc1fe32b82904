import { isDatabaseBusy } from '@warden/store';
import { WardenError } from '@warden/sys-api';

/**
 * Runs the parent's database work without ever waiting on SQLite's lock in the event loop. The
 * parent's connection has no busy timeout: a call that meets a busy database (a run holds the
 * write lock) fails at once, and is tried again on a timer, with short growing pauses, until it
 * succeeds or `totalMs` has passed.
 */
export interface HostCalls {
  /** Runs `fn` (synchronous, atomic: one statement or one transaction) until the database lets it. */
  call<T>(name: string, fn: () => T): Promise<T>;
}

/** Options of `createHostCalls`. */
export interface HostCallOptions {
  /** How long a call keeps trying while the database is busy (default 30000 ms). */
  totalMs?: number;
  /** The first pause (default 2 ms); each later one doubles, up to `maxPauseMs`. */
  firstPauseMs?: number;
  /** The longest pause (default 50 ms). */
  maxPauseMs?: number;
}

/** True for SQLite's busy and locked errors, raw or as the store's coded `timeout`. */
export function isBusyDatabase(error: unknown): boolean {
  if (isDatabaseBusy(error)) return true;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The parent's retrying caller; see `HostCalls`. */
export function createHostCalls(options: HostCallOptions = {}): HostCalls {
  const totalMs = options.totalMs ?? 30_000;
  const first = options.firstPauseMs ?? 2;
  const max = options.maxPauseMs ?? 50;
  return {
    async call(name, fn) {
      const started = Date.now();
      for (let wait = first; ; wait = Math.min(wait * 2, max)) {
        try {
          return fn();
        } catch (error) {
          if (!isBusyDatabase(error)) throw error;
          const left = totalMs - (Date.now() - started);
          if (left <= 0) {
            throw new WardenError(
              'timeout',
              `${name}: the database stayed busy (a run or another process held its write lock) for ${totalMs} ms`,
              { info: { databaseBusy: true } },
            );
          }
          await pause(Math.min(wait, left));
        }
      }
    },
  };
}
