import type { Limits } from './limits.js';
import type { RunOutcome, RunRequest, RunStats } from './types.js';

/** Messages from the executor to a worker process. */
export type ParentMessage =
  | {
      type: 'init';
      hostModule: string;
      hostConfig: unknown;
      bootstrap?: string;
      maxRuns: number;
      heapRatio: number;
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
  | { type: 'failed' }
  | { type: 'done'; id: number; outcome: WorkerOutcome; isolates: number };
