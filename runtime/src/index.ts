/**
 * @warden/runtime: embed Warden. `createRuntime()` wires the record store, users, mail and the
 * sandboxed executor; `run()` executes a user script as one transaction.
 */
export { createRuntime, type Runtime, type RunOptions, type RunResult } from './runtime.js';
export type { RuntimeConfig } from './config.js';
export { WardenError, isWardenError, ERROR_CODES, type ErrorCode, type LogEntry } from '@warden/sys-api';
export type { Limits, RunStats } from '@warden/sandbox';
