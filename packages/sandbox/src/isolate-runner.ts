import type { AppSchema, LogEntry } from '@warden/sys-api';
import type ivm from 'isolated-vm';
import { encodeBootstrapSchema } from './bootstrap/index.js';
import type { EnterResult } from './enter-result.js';
import { createHostBridge } from './host-bridge.js';
import { createIsolateSlot } from './isolate-slot.js';
import type { Limits } from './limits.js';
import { createLogSink } from './log-sink.js';
import { type PreparedContext, prepareContext } from './prepared-context.js';
import { type CpuShare, createRunBudget } from './run-budget.js';
import { runInContext } from './run-in-context.js';
import type { RunHost, RunRequest, RunStats } from './types.js';

/** A run's result inside the worker, before the host finishes it. */
export type RunResult = EnterResult & { logs: LogEntry[]; stats: Omit<RunStats, 'worker'> };

/** Runs scripts one at a time in a pooled isolate, each in a fresh context. */
export interface IsolateRunner {
  /**
   * Runs `req` to its end. With `cpu`, the run's CPU clock includes `cpu.nestedNs` (the runs
   * nested in it) and is published as `cpu.read`, for the runs nested in it to draw on.
   */
  run(req: RunRequest, limits: Limits, host: RunHost, cpu?: CpuShare): RunResult;
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
  /**
   * Defer the saves of runs whose host can restart them (`RunHost.restart`); default true. Nested
   * runs share the outer run's host, which a restart would undo, so theirs are never deferred.
   */
  deferSaves?: boolean;
  /**
   * A nested run's runner (before-hooks): it never restarts its host, which is the outer run's,
   * so a replay request fails the nested run with the request's reason.
   */
  nested?: boolean;
}

/** Our own bootstrap's time limit when it runs outside any run (it takes about a millisecond). */
const PREPARE_TIMEOUT_MS = 5000;

/** Characters of save arguments per batch, at most (64 saves of 1 KB): the answer holds the stored rows. */
const MAX_SAVE_BATCH = 64 * 1024;

/**
 * A batch's size in characters of arguments, kept well inside the byte limits of one call: its
 * arguments take up to 3 bytes per character, and its answer (the stored rows, with ids, labels and
 * defaults) some more.
 */
const saveBatchOf = (limits: Limits) =>
  Math.min(MAX_SAVE_BATCH, Math.floor(Math.min(limits.maxArgBytes, limits.maxResultBytes) / 6));

/** Creates the runner of one worker process. A run is synchronous: it blocks the worker's event loop. */
export function createIsolateRunner(options: RunnerOptions): IsolateRunner {
  const slot = createIsolateSlot({ ...options, libraries: options.schema.libraries ?? [] });
  const schemaJson = encodeBootstrapSchema(options.schema);
  let ready: PreparedContext | null = null;
  let lastMemoryMb = 0;
  return {
    run(req, limits, host, share) {
      const started = performance.now();
      lastMemoryMb = limits.memoryMb;
      const cpu = createCpuClock(share);
      if (share) share.read = cpu.now;
      const budget = createRunBudget(limits, cpu.now);
      // One attempt in the slot's isolate, with its own logs: a replay drops the first one's.
      const attempt = (saveBatch: number) => {
        const lease = slot.acquire(limits.memoryMb);
        // A context prepared in an isolate that has since been replaced (another memory limit) is gone with it.
        const waiting = ready?.lease === lease ? ready : null;
        ready = null;
        cpu.use(lease.isolate);
        const logs = createLogSink(limits.maxLogBytes);
        const end = () => {
          cpu.now(); // a disposed isolate's CPU time can no longer be read: keep it first
          if (!lease.isolate.isDisposed) lease.isolate.dispose();
        };
        const bridge = createHostBridge(budget, logs, host, end);
        const result: EnterResult = runInContext({
          lease,
          context: (timeout) => waiting ?? prepareContext(lease, schemaJson, timeout),
          bridge,
          budget,
          req,
          saveBatch,
          end,
          maxResultBytes: limits.maxResultBytes,
          file: req.filename ?? 'script.js',
        });
        const heapUsedBytes = lease.isolate.isDisposed
          ? 0
          : lease.isolate.getHeapStatisticsSync().used_heap_size;
        slot.release(budget.breach !== null, heapUsedBytes);
        return { result, logs, heapUsedBytes, replay: bridge.replay, reason: bridge.replayReason };
      };
      const restart = options.nested ? undefined : host.restart?.bind(host);
      const defer = restart && options.deferSaves !== false;
      let done = attempt(defer ? saveBatchOf(limits) : 0);
      if (done.replay && restart) {
        // A deferred save failed after the script had gone on, or the host asked (its read
        // snapshot could not take the write lock): undo the run and run it again, once, with
        // every save sent at its call, so the script meets any error where it made the save.
        restart();
        budget.recount();
        done = attempt(0);
      }
      if (done.replay && done.reason) {
        // Asked again, or with nothing to restart: the run fails with the host's reason.
        done.result = { ok: false, error: reasonOf(done.reason) };
      }
      const stats = {
        wallMs: round(performance.now() - started),
        cpuMs: round(Number(cpu.now()) / 1e6),
        hostCalls: budget.hostCalls,
        argBytes: budget.argBytes,
        resultBytes: budget.resultBytes,
        heapUsedBytes: done.heapUsedBytes,
      };
      return { ...done.result, logs: done.logs.entries, stats };
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

/**
 * A run's CPU clock in ns, from 0: the CPU time of the isolates it used, one after the other (a
 * replay runs in a new one), plus what its nested runs used (`share`). A disposed isolate keeps
 * its last reading.
 */
function createCpuClock(share?: CpuShare) {
  let before = 0n;
  let isolate: ivm.Isolate | null = null;
  let start = 0n;
  let last = 0n;
  const own = () => {
    if (isolate && !isolate.isDisposed) last = isolate.cpuTime - start;
    return before + last;
  };
  const now = () => own() + (share?.nestedNs ?? 0n);
  return {
    now,
    use(next: ivm.Isolate) {
      before = own();
      isolate = next;
      start = next.cpuTime;
      last = 0n;
    },
  };
}

function reasonOf(reason: Error): { code: string; message: string } {
  const code = (reason as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : 'unknownError', message: reason.message };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
