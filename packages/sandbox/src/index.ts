/**
 * @warden/sandbox: runs user scripts in V8 isolates (isolated-vm) inside a pool of worker processes,
 * under per-run limits, with the synchronous `sys` API built by the bootstrap. It knows nothing of the
 * store: a worker host module serves the `sys` ops.
 */

export {
  assembleBootstrap,
  BOOTSTRAP_FILES,
  BOOTSTRAP_SOURCE,
  encodeBootstrapSchema,
} from './bootstrap/index.js';
export { createExecutor } from './executor.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { outcomeError, type RunError } from './outcome-error.js';
export { isReplayRequest, type ReplayRequest, requestReplay } from './run-replay.js';
export type {
  Executor,
  ExecutorOptions,
  NestedOutcome,
  RecycleOptions,
  RunHost,
  RunOutcome,
  RunRequest,
  RunStats,
  ScriptError,
  WorkerHost,
  WorkerHostFactory,
  WorkerStats,
  WorkerTools,
} from './types.js';
export type { WorkerStderr, WorkerStderrSink } from './worker-stderr.js';
