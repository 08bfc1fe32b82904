/** True for SQLite's "database is locked" family (`SQLITE_BUSY`, `SQLITE_BUSY_SNAPSHOT`, …). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a short write, and while the database is busy tries again later, asynchronously, with a
 * growing pause (5 ms doubling up to 250 ms), until `stop()` says to give up. The host's event
 * loop never waits on the lock, and bookkeeping is retried instead of the work it records.
 */
export async function retryWhileBusy<T>(fn: () => T, stop: () => boolean = () => false): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || stop()) throw error;
      await sleep(Math.min(250, 5 * 2 ** Math.min(attempt, 6)));
    }
  }
}
