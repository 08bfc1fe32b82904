import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How long a lock holder's lease lasts unless renewed (ms). */
export const LOCK_LEASE_MS = 30_000;

/** A holder's lease in the locks file, kept fresh by a thread of its own while the process lives. */
export interface LockLease {
  /** Starts renewing, once (the first lock a holder takes); later calls do nothing. */
  start(): void;
  /** Stops renewing; the lease then runs out unless the holder renews it elsewhere. */
  stop(): void;
}

// The renewing thread: plain CommonJS, so that it runs the same from sources and from dist/.
const RENEWER = `
const { workerData: w } = require('node:worker_threads');
const Database = require(w.driver);
const db = new Database(w.file);
db.pragma('busy_timeout = ' + w.busyMs);
const renew = db.prepare(
  'INSERT INTO record_lock_holders (holder, lease_until) VALUES (?, ?) ' +
  'ON CONFLICT (holder) DO UPDATE SET lease_until = excluded.lease_until');
const tick = () => { try { renew.run(w.holder, Date.now() + w.leaseMs); } catch {} };
tick();
setInterval(tick, w.everyMs);
`;

/**
 * Renews `holder`'s lease every third of `leaseMs` from a worker thread. The process's main thread
 * may be busy for a whole run (a script runs synchronously, and a lock wait blocks it), which must
 * not let the lease lapse; the thread dies with the process, and the lease then runs out.
 */
export function createLockLease(file: string, holder: string, leaseMs: number, busyMs: number): LockLease {
  let thread: Worker | null = null;
  let stopped = false;
  return {
    start() {
      if (thread || stopped) return;
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const everyMs = Math.max(1, Math.floor(leaseMs / 3));
      thread = new Worker(RENEWER, {
        eval: true,
        workerData: { driver, file, holder, leaseMs, everyMs, busyMs: Math.min(busyMs, everyMs) },
        // Small: the thread runs a few statements.
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
      });
      // A thread that fails leaves renewals to the holder's own lock takes.
      thread.on('error', () => {});
      thread.unref();
    },
    stop() {
      stopped = true;
      void thread?.terminate();
      thread = null;
    },
  };
}
