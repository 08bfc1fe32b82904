/**
 * @warden/runtime: embed Warden. `createRuntime()` wires the record store, users, mail and the
 * sandboxed executor; `run()` executes a user script as one transaction.
 */

export type { Limits, RunStats } from '@warden/sandbox';
export { ERROR_CODES, type ErrorCode, isWardenError, type LogEntry, WardenError } from '@warden/sys-api';
export type { RuntimeConfig } from './config.js';
export { createRuntime, type RunOptions, type RunResult, type Runtime } from './runtime.js';
