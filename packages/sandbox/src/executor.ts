import { badRequest } from '@warden/sys-api';
import { resolveExecutorOptions } from './executor-options.js';
import { type Limits, resolveLimits } from './limits.js';
import { breachOf } from './run-budget.js';
import { checkRunRequest } from './run-request.js';
import type { Executor, ExecutorOptions, RunOutcome, RunRequest, ScriptError, WorkerStats } from './types.js';
import { spawnWorker, type WorkerInit, type WorkerProcess } from './worker-process.js';

/** How long past `wallMs` a worker may take before it is killed. */
// isolated-vm's timeout cannot stop microtasks queued after the script returned (a promise loop),
// so the parent's kill is their limit. The timer starts before the request reaches the worker, and
// on a loaded machine the isolate's own timeout (which keeps the worker) can land a few hundred ms
// late: 1 s leaves it room without letting a runaway run much past its deadline.
const KILL_GRACE_MS = 1000;
/** How long a closing worker may take to close its host. */
const CLOSE_GRACE_MS = 5000;

interface Slot {
  index: number;
  proc: WorkerProcess;
  busy: boolean;
  runs: number;
  restarts: number;
}

interface Job {
  req: RunRequest;
  limits: Limits;
  resolve: (outcome: RunOutcome) => void;
}

/**
 * Starts `workers` worker processes that run scripts in isolates. A run goes to a free worker or
 * waits in a queue. A worker that outlives a run's `wallMs` by a short grace is killed; a worker
 * that dies mid-run fails only that run, and is replaced.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  const opts = resolveExecutorOptions(options);
  const init: Omit<WorkerInit, 'firstMaxRuns'> = {
    hostModule: opts.hostModule,
    hostConfig: opts.hostConfig,
    maxRuns: opts.maxRuns,
    heapRatio: opts.heapRatio,
    deferSaves: opts.deferSaves,
    ...(opts.bootstrap === undefined ? {} : { bootstrap: opts.bootstrap }),
  };
  const queue: Job[] = [];
  let closing = false;

  const spawn = (slot: Slot): WorkerProcess => {
    // Worker i's first isolate retires maxRuns * i/workers runs early, so that workers take turns
    // replacing their isolates.
    const firstMaxRuns = Math.max(1, opts.maxRuns - Math.floor((opts.maxRuns * slot.index) / opts.workers));
    const proc = spawnWorker(
      { ...init, firstMaxRuns },
      () => {
        // An idle worker died (killed from outside, crashed): replace it now. A busy one is replaced
        // when its run has been settled.
        if (!closing && slot.proc === proc && !slot.busy) replace(slot);
      },
      opts.workerStderr,
      slot.index,
    );
    return proc;
  };
  const replace = (slot: Slot) => {
    slot.proc = spawn(slot);
    slot.restarts += 1;
  };
  const slots: Slot[] = [];
  for (let index = 0; index < opts.workers; index++) {
    const slot = { index, busy: false, runs: 0, restarts: 0 } as Slot;
    slot.proc = spawn(slot);
    slots.push(slot);
  }

  // Free workers take runs in turn: the one that ran last is still preparing its next context
  // while another, idle longer, has its ready. A worker replacing its isolate stays busy until it
  // says it is idle: milliseconds in which other workers serve.
  let turn = 0;
  const free = (slot: Slot) => {
    slot.busy = false;
    if (!slot.proc.alive && !closing) replace(slot);
    pump();
  };
  const pump = () => {
    for (let tried = 0; tried < slots.length && queue.length > 0; tried++) {
      const slot = slots[turn]!;
      turn = (turn + 1) % slots.length;
      if (slot.busy) continue;
      const job = queue.shift()!;
      slot.busy = true;
      void execute(slot, job, replace).then(({ outcome, idle }) => {
        slot.runs += 1;
        job.resolve(outcome);
        if (idle) void idle.then(() => free(slot));
        else free(slot);
      });
    }
  };

  return {
    run(req) {
      if (closing) return Promise.reject(badRequest('run: the executor is closed'));
      let checked: RunRequest;
      try {
        checked = checkRunRequest(req);
      } catch (error) {
        return Promise.reject(error);
      }
      const limits = resolveLimits(opts.limits, checked.limits);
      return new Promise((resolve) => {
        queue.push({ req: checked, limits, resolve });
        pump();
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const job of queue.splice(0)) {
        job.resolve(
          failed({ code: 'systemException', message: 'The executor closed before the run started' }, -1, 0),
        );
      }
      while (slots.some((s) => s.busy)) await new Promise((r) => setTimeout(r, 10));
      await Promise.all(slots.map((s) => s.proc.close(CLOSE_GRACE_MS)));
    },
    stats() {
      const workers: WorkerStats[] = slots.map((s) => ({
        index: s.index,
        pid: s.proc.pid,
        busy: s.busy,
        runs: s.runs,
        restarts: s.restarts,
        isolates: s.proc.isolates,
      }));
      return { workers, queued: queue.length };
    },
  };
}

async function execute(
  slot: Slot,
  job: Job,
  replace: (slot: Slot) => void,
): Promise<{ outcome: RunOutcome; idle?: Promise<void> }> {
  const started = performance.now();
  if (!slot.proc.alive || !(await slot.proc.ready)) {
    // What stopped it (a read-only database, say) may have been fixed since: one fresh start.
    if (slot.proc.alive) slot.proc.kill();
    replace(slot);
    if (!(await slot.proc.ready)) {
      if (slot.proc.alive) slot.proc.kill();
      return { outcome: failed(startFailure(slot.proc.startError), slot.index, started) };
    }
  }
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    slot.proc.kill();
  }, job.limits.wallMs + KILL_GRACE_MS);
  const reply = await slot.proc.run(job.req, job.limits);
  clearTimeout(timer);
  if ('outcome' in reply) {
    const outcome = { ...reply.outcome, stats: { ...reply.outcome.stats, worker: slot.index } } as RunOutcome;
    return { outcome, idle: reply.idle };
  }
  const error = killed
    ? { code: 'timeout', message: breachOf('wallMs', job.limits.wallMs).message }
    : { code: 'systemException', message: `The worker process exited (${reply.exited}) during the run` };
  return { outcome: failed(error, slot.index, started) };
}

/** The run's error when its worker could not start: the coded cause, when the worker gave one. */
function startFailure(cause: ScriptError | null): ScriptError {
  if (!cause) return { code: 'systemException', message: 'The worker process failed to start' };
  return {
    code: cause.code,
    message: `The worker process failed to start: ${cause.message}`,
    ...(cause.info ? { info: cause.info } : {}),
  };
}

function failed(error: ScriptError, worker: number, started: number): RunOutcome {
  const wallMs = started ? Math.round((performance.now() - started) * 100) / 100 : 0;
  return {
    ok: false,
    error,
    logs: [],
    stats: { wallMs, cpuMs: 0, hostCalls: 0, argBytes: 0, resultBytes: 0, heapUsedBytes: 0, worker },
  };
}
