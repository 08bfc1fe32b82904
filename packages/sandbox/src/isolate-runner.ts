import type { AppSchema, LogEntry } from '@warden/sys-api';
import type ivm from 'isolated-vm';
import { encodeBootstrapSchema } from './bootstrap/index.js';
import type { EnterResult } from './enter-result.js';
import { createHostBridge } from './host-bridge.js';
import { createIsolateSlot } from './isolate-slot.js';
import type { Limits } from './limits.js';
import { createLogSink } from './log-sink.js';
import { type PreparedContext, prepareContext } from './prepared-context.js';
import { createRunBudget } from './run-budget.js';
import { runInContext } from './run-in-context.js';
import type { RunHost, RunRequest, RunStats } from './types.js';

/** A run's result inside the worker, before the host finishes it. */
export type RunResult = EnterResult & { logs: LogEntry[]; stats: Omit<RunStats, 'worker'> };

/** Runs scripts one at a time in a pooled isolate, each in a fresh context. */
export interface IsolateRunner {
  run(req: RunRequest, limits: Limits, host: RunHost): RunResult;
  /**
   * Makes the next run's context now (an isolate too, when the last one was retired), so that the
   * run does not wait for it. For idle time: after a run's answer is sent.
   */
  prepare(): void;
  /** Isolates created so far, and runs served by the current one. */
  stats(): { isolates: number; runs: number };
  /** True when the last run retired the isolate: the next `prepare` replaces it (milliseconds). */
  retired(): boolean;
  dispose(): void;
}

export interface RunnerOptions {
  bootstrapSource: string;
  /** The app schema, handed to the bootstrap (as `encodeBootstrapSchema` writes it) as `$2`. */
  schema: AppSchema;
  maxRuns: number;
  /** The first isolate's `maxRuns` (see `SlotOptions`). */
  firstMaxRuns?: number;
  heapRatio: number;
}

/** Our own bootstrap's time limit when it runs outside any run (it takes about a millisecond). */
const PREPARE_TIMEOUT_MS = 5000;

/** Creates the runner of one worker process. A run is synchronous: it blocks the worker's event loop. */
export function createIsolateRunner(options: RunnerOptions): IsolateRunner {
  const slot = createIsolateSlot(options);
  const schemaJson = encodeBootstrapSchema(options.schema);
  let ready: PreparedContext | null = null;
  let lastMemoryMb = 0;
  return {
    run(req, limits, host) {
      const started = performance.now();
      const lease = slot.acquire(limits.memoryMb);
      // A context prepared in an isolate that has since been replaced (another memory limit) is gone with it.
      const waiting = ready?.lease === lease ? ready : null;
      ready = null;
      lastMemoryMb = limits.memoryMb;
      const cpu = cpuClock(lease.isolate);
      const cpuStart = cpu();
      const budget = createRunBudget(limits, cpu);
      const logs = createLogSink(limits.maxLogBytes);
      const bridge = createHostBridge(budget, logs, host, () => lease.isolate.dispose());
      const result: EnterResult = runInContext({
        lease,
        context: (timeout) => waiting ?? prepareContext(lease, schemaJson, timeout),
        bridge,
        budget,
        req,
        maxResultBytes: limits.maxResultBytes,
        file: req.filename ?? 'script.js',
      });
      const stats = {
        wallMs: round(performance.now() - started),
        cpuMs: round(Number(cpu() - cpuStart) / 1e6),
        hostCalls: budget.hostCalls,
        argBytes: budget.argBytes,
        resultBytes: budget.resultBytes,
        heapUsedBytes: lease.isolate.isDisposed ? 0 : lease.isolate.getHeapStatisticsSync().used_heap_size,
      };
      slot.release(budget.breach !== null, stats.heapUsedBytes);
      return { ...result, logs: logs.entries, stats };
    },
    prepare() {
      if (ready || lastMemoryMb === 0) return;
      try {
        ready = prepareContext(slot.acquire(lastMemoryMb), schemaJson, () => PREPARE_TIMEOUT_MS);
      } catch {
        // The next run makes its own context, within its own limits, and reports what fails.
        ready = null;
      }
    },
    stats: () => slot.stats(),
    retired: () => slot.retired(),
    dispose() {
      ready?.release();
      ready = null;
      slot.dispose();
    },
  };
}

/** The isolate's CPU clock in ns; it keeps its last reading once the isolate is disposed. */
function cpuClock(isolate: ivm.Isolate): () => bigint {
  let last = 0n;
  return () => {
    if (!isolate.isDisposed) last = isolate.cpuTime;
    return last;
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
