import type { Limits } from './limits.js';
import type { RunOutcome, RunRequest, RunStats, ScriptError } from './types.js';

/** Messages from the executor to a worker process. */
export type ParentMessage =
  | {
      type: 'init';
      hostModule: string;
      hostConfig: unknown;
      bootstrap?: string;
      maxRuns: number;
      /** The first isolate's maxRuns: each worker's differs, so that workers replace isolates at different times. */
      firstMaxRuns: number;
      heapRatio: number;
      deferSaves: boolean;
    }
  | { type: 'run'; id: number; req: RunRequest; limits: Limits }
  | { type: 'close' };

/** An outcome as a worker reports it; the executor adds the worker's index. */
export type WorkerOutcome =
  | (Omit<Extract<RunOutcome, { ok: true }>, 'stats'> & { stats: Omit<RunStats, 'worker'> })
  | (Omit<Extract<RunOutcome, { ok: false }>, 'stats'> & { stats: Omit<RunStats, 'worker'> });

/** Messages from a worker process to the executor. */
export type ChildMessage =
  | { type: 'ready' }
  /** The worker host could not start; `error` is its coded cause when it threw a WardenError. */
  | { type: 'failed'; error?: ScriptError }
  /**
   * A run's answer. `replacing`: the run retired the isolate, and the worker makes a new one before
   * it reads the next message; it sends `idle` when done, and the executor gives runs to other
   * workers meanwhile.
   */
  | { type: 'done'; id: number; outcome: WorkerOutcome; isolates: number; replacing: boolean }
  | { type: 'idle' };
