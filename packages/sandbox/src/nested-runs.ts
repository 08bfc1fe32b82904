import { createIsolateRunner, type IsolateRunner, type RunnerOptions } from './isolate-runner.js';
import { type Limits, resolveLimits } from './limits.js';
import { breachOf, type CpuShare } from './run-budget.js';
import { checkRunRequest } from './run-request.js';
import type { NestedOutcome, RunHost, RunRequest, WorkerTools } from './types.js';

/** The runs in progress in one worker: the top-level one, then any nested inside its host calls. */
export interface RunStack extends WorkerTools {
  /** Runs `fn` as the run with `limits`, started now, on top of the stack; `fn` hands `cpu` to the runner. */
  within<T>(limits: Limits, fn: (cpu: CpuShare) => T): T;
  /** Prepares the next context of every nesting depth used so far (idle time, like the top level's). */
  prepare(): void;
  dispose(): void;
}

interface Frame {
  limits: Limits;
  deadline: number;
  cpu: CpuShare;
}

/**
 * Nested runs for a worker host. Each nesting depth has its own isolate runner (made on first
 * use), because the isolate of the run below is busy inside the host call that nests.
 */
export function createRunStack(options: () => RunnerOptions): RunStack {
  const frames: Frame[] = [];
  const runners: IsolateRunner[] = [];

  const within = <T>(limits: Limits, fn: (cpu: CpuShare) => T): T => {
    const cpu: CpuShare = { nestedNs: 0n, read: () => cpu.nestedNs };
    frames.push({ limits, deadline: performance.now() + limits.wallMs, cpu });
    try {
      return fn(cpu);
    } finally {
      frames.pop();
    }
  };

  return {
    within,
    runNested(req: RunRequest, host: RunHost): NestedOutcome {
      const outer = frames.at(-1);
      const stats = { wallMs: 0, cpuMs: 0, hostCalls: 0, argBytes: 0, resultBytes: 0, heapUsedBytes: 0 };
      if (!outer) {
        return {
          ok: false,
          error: { code: 'systemException', message: 'runNested: no run is in progress' },
          logs: [],
          stats,
        };
      }
      // What the outer run has left of its wall time and of its CPU time (its nested runs' included).
      const left = Math.floor(outer.deadline - performance.now());
      if (left < 1)
        return { ok: false, error: asError(breachOf('wallMs', outer.limits.wallMs)), logs: [], stats };
      const cpuLeft = Math.floor(outer.limits.cpuMs - Number(outer.cpu.read()) / 1e6);
      if (cpuLeft < 1)
        return { ok: false, error: asError(breachOf('cpuMs', outer.limits.cpuMs)), logs: [], stats };
      const checked = checkRunRequest(req);
      const own = resolveLimits(outer.limits, checked.limits);
      const limits = { ...own, wallMs: Math.min(own.wallMs, left), cpuMs: Math.min(own.cpuMs, cpuLeft) };
      const depth = frames.length - 1;
      runners[depth] ??= createIsolateRunner({ ...options(), deferSaves: false, nested: true });
      return within(limits, (cpu) => {
        try {
          return runners[depth]!.run(checked, limits, host, cpu);
        } finally {
          outer.cpu.nestedNs += cpu.read();
        }
      });
    },
    prepare() {
      for (const runner of runners) runner.prepare();
    },
    dispose() {
      for (const runner of runners) runner.dispose();
      runners.length = 0;
    },
  };
}

const asError = (b: { code: string; message: string }) => ({ code: b.code, message: b.message });
