import type { Limits } from './limits.js';

/**
 * The CPU time a run shares with the runs nested in it. A nested run may use only what the run
 * it is nested in has left, and what it used is charged to that run.
 */
export interface CpuShare {
  /** CPU time (ns) of the runs nested in this one, charged to it. */
  nestedNs: bigint;
  /** The run's CPU clock (ns, its nested runs included); the runner sets it when the run starts. */
  read: () => bigint;
}

/** Which limit a run broke, and how it ends the run. */
export interface Breach {
  limit: keyof Limits;
  code: 'timeout' | 'systemException';
  message: string;
}

/** Counters of one run, checked on every host call (isolated-vm's timeout misses host-heavy loops). */
export interface RunBudget {
  readonly hostCalls: number;
  readonly argBytes: number;
  readonly resultBytes: number;
  /** The first limit broken, if any; once set, the run is over. */
  readonly breach: Breach | null;
  /** Milliseconds left before the nearer of the wall and CPU limits (at least 1), and which one it is. */
  timeLeft(): { ms: number; limit: 'wallMs' | 'cpuMs' };
  /**
   * Counts `calls` host calls (a batch of deferred saves counts one per save) with `argBytes` of
   * arguments; returns the breach that ends the run, if any.
   */
  enter(argBytes: number, calls?: number): Breach | null;
  /**
   * Checks what the host holds for the run between calls (open result sets and their bytes);
   * returns the breach that ends the run, if any.
   */
  hold(held: { cursors: number; bytes: number }): Breach | null;
  /** Counts `bytes` of result; returns the breach that ends the run, if any. */
  leave(bytes: number): Breach | null;
  /** Records a breach detected elsewhere (timeout, memory, the return value); the first one wins. */
  fail(limit: keyof Limits): Breach;
  /** Starts the counts of calls and bytes again for a replay of the run; the time used still counts. */
  recount(): void;
}

const UNITS: Record<keyof Limits, string> = {
  wallMs: 'ms',
  cpuMs: 'ms',
  memoryMb: 'MB',
  maxHostCalls: 'calls',
  maxArgBytes: 'bytes',
  maxResultBytes: 'bytes',
  maxLogBytes: 'bytes',
  maxOpenCursors: 'result sets',
  maxHostBytes: 'bytes',
};

const NAMES: Record<keyof Limits, string> = {
  wallMs: 'Wall time limit',
  cpuMs: 'CPU time limit',
  memoryMb: 'Memory limit',
  maxHostCalls: 'Host call limit',
  maxArgBytes: 'Argument size limit',
  maxResultBytes: 'Result size limit',
  maxLogBytes: 'Log size limit',
  maxOpenCursors: 'Open result set limit',
  maxHostBytes: 'Host memory limit',
};

/** The breach of `limit` at `value`, e.g. `CPU time limit of 200 ms exceeded`. */
export function breachOf(limit: keyof Limits, value: number): Breach {
  const code = limit === 'wallMs' || limit === 'cpuMs' ? 'timeout' : 'systemException';
  return { limit, code, message: `${NAMES[limit]} of ${value} ${UNITS[limit]} exceeded` };
}

/**
 * A budget for one run. `cpuNs()` reads the run's CPU clock (nanoseconds, in its isolates); wall
 * time is the process's monotonic clock.
 */
export function createRunBudget(limits: Limits, cpuNs: () => bigint): RunBudget {
  const deadline = performance.now() + limits.wallMs;
  const cpuStart = cpuNs();
  let hostCalls = 0;
  let argBytes = 0;
  let resultBytes = 0;
  let breach: Breach | null = null;
  // The last CPU reading (ms used) and when it was taken. An isolate runs on one thread at a time,
  // so the CPU it used since cannot exceed the wall time since: while that bound stays under the
  // limit, the (costlier) CPU clock need not be read, and no breach is ever missed.
  let cpuUsed = 0;
  let cpuReadAt = performance.now();

  const fail = (limit: keyof Limits): Breach => {
    breach ??= breachOf(limit, limits[limit]);
    return breach;
  };
  const overTime = (): Breach | null => {
    const now = performance.now();
    if (now > deadline) return fail('wallMs');
    if (cpuUsed + (now - cpuReadAt) <= limits.cpuMs) return null;
    cpuUsed = Number(cpuNs() - cpuStart) / 1e6;
    cpuReadAt = now;
    return cpuUsed > limits.cpuMs ? fail('cpuMs') : null;
  };

  return {
    get hostCalls() {
      return hostCalls;
    },
    get argBytes() {
      return argBytes;
    },
    get resultBytes() {
      return resultBytes;
    },
    get breach() {
      return breach;
    },
    timeLeft() {
      const wall = deadline - performance.now();
      const cpu = limits.cpuMs - Number(cpuNs() - cpuStart) / 1e6;
      return { ms: Math.max(1, Math.ceil(Math.min(wall, cpu))), limit: wall <= cpu ? 'wallMs' : 'cpuMs' };
    },
    enter(bytes, calls = 1) {
      if (breach) return breach;
      hostCalls += calls;
      argBytes += bytes;
      if (hostCalls > limits.maxHostCalls) return fail('maxHostCalls');
      if (bytes > limits.maxArgBytes) return fail('maxArgBytes');
      return overTime();
    },
    hold(held) {
      if (breach) return breach;
      if (held.cursors > limits.maxOpenCursors) return fail('maxOpenCursors');
      if (held.bytes > limits.maxHostBytes) return fail('maxHostBytes');
      return null;
    },
    leave(bytes) {
      if (breach) return breach;
      resultBytes += bytes;
      if (bytes > limits.maxResultBytes) return fail('maxResultBytes');
      return overTime();
    },
    fail,
    recount() {
      hostCalls = 0;
      argBytes = 0;
      resultBytes = 0;
    },
  };
}
