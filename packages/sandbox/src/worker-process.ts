import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Limits } from './limits.js';
import type { RunRequest, ScriptError } from './types.js';
import type { ChildMessage, ParentMessage, WorkerOutcome } from './worker-protocol.js';
import { forwardStderrLines, type WorkerStderr } from './worker-stderr.js';

/**
 * How a run on a worker ended: with an outcome, or with the process gone. `idle` is set when the
 * worker is replacing its isolate: it settles once the worker is ready for the next run (or gone).
 */
export type WorkerReply = { outcome: WorkerOutcome; idle?: Promise<void> } | { exited: string };

/** The executor's handle on one worker process. */
export interface WorkerProcess {
  readonly pid: number | null;
  /** Isolates created by this process so far (as of its last reply). */
  readonly isolates: number;
  readonly alive: boolean;
  /** Resolves true once the worker host is loaded, false if it failed or the process died first. */
  readonly ready: Promise<boolean>;
  /** Why the worker host failed to start, when it said so with a coded error. */
  readonly startError: ScriptError | null;
  run(req: RunRequest, limits: Limits): Promise<WorkerReply>;
  /** Ends the process at once (SIGKILL). */
  kill(): void;
  /** Asks the worker to close its host and exit; kills it after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

export type WorkerInit = Omit<Extract<ParentMessage, { type: 'init' }>, 'type'>;

const here = fileURLToPath(import.meta.url);
const fromSource = here.endsWith('.ts');
const entry = join(dirname(here), fromSource ? 'worker-main.ts' : 'worker-main.js');
// No WebAssembly in the worker's isolates: a wasm memory is not allocated through isolated-vm's
// limited allocator, so a run could take gigabytes past its memory limit. Without it (and without
// asm.js turned into wasm) V8 also skips installing the wasm API into every new context.
const V8_FLAGS = ['--no-node-snapshot', '--no-expose-wasm', '--no-validate-asm'];
// Never the parent's own flags (a debugger port, a loader): only what isolates and sources need.
// tsx by absolute URL: a bare `--import tsx` resolves from the cwd, which may be any folder.
const execArgv = fromSource
  ? [
      ...V8_FLAGS,
      '--conditions=@warden/source',
      '--import',
      pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
    ]
  : V8_FLAGS;

/**
 * Forks a worker process and sends it `init`. `onExit` fires once when the process is gone. The
 * process's stderr goes where `stderr` says, its lines tagged with `worker` (the slot's index).
 */
export function spawnWorker(
  init: WorkerInit,
  onExit: () => void,
  stderr: WorkerStderr = 'inherit',
  worker = 0,
): WorkerProcess {
  const child: ChildProcess = fork(entry, [], {
    execArgv,
    stdio: ['ignore', 'inherit', stderr === 'inherit' ? 'inherit' : 'pipe', 'ipc'],
  });
  if (typeof stderr === 'function' && child.stderr) forwardStderrLines(child.stderr, worker, stderr);
  let alive = true;
  let isolates = 0;
  let nextId = 1;
  let pending: { id: number; resolve: (reply: WorkerReply) => void } | null = null;
  let settleIdle: (() => void) | null = null;
  let settleReady: (ok: boolean) => void = () => {};
  let startError: ScriptError | null = null;
  const ready = new Promise<boolean>((resolve) => {
    settleReady = resolve;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      settleReady(false);
      pending?.resolve({ exited: signal ? `signal ${signal}` : `code ${code}` });
      pending = null;
      settleIdle?.();
      settleIdle = null;
      resolve();
      onExit();
    });
  });

  child.on('message', (message: ChildMessage) => {
    if (message.type === 'failed') {
      startError = message.error ?? null;
      settleReady(false);
    } else if (message.type === 'ready') settleReady(true);
    else if (message.type === 'done' && pending?.id === message.id) {
      isolates = message.isolates;
      const { resolve } = pending;
      pending = null;
      if (!message.replacing) return resolve({ outcome: message.outcome });
      const idle = new Promise<void>((settle) => {
        settleIdle = settle;
      });
      resolve({ outcome: message.outcome, idle });
    } else if (message.type === 'idle') {
      settleIdle?.();
      settleIdle = null;
    }
  });
  child.on('error', () => {}); // a failed send to a dying child; `exit` reports it
  child.send({ type: 'init', ...init } satisfies ParentMessage);

  return {
    get pid() {
      return alive ? (child.pid ?? null) : null;
    },
    get isolates() {
      return isolates;
    },
    get alive() {
      return alive;
    },
    ready,
    get startError() {
      return startError;
    },
    run(req, limits) {
      if (!alive) return Promise.resolve({ exited: 'before the run' });
      return new Promise((resolve) => {
        pending = { id: nextId++, resolve };
        child.send({ type: 'run', id: pending.id, req, limits } satisfies ParentMessage);
      });
    },
    kill() {
      if (alive) child.kill('SIGKILL');
    },
    async close(graceMs) {
      if (!alive) return;
      child.send({ type: 'close' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
