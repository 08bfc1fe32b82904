/**
 * @warden/runtime: embed Warden. `createRuntime()` wires the record store, users, mail and the
 * sandboxed executor; `run()` executes a user script as one transaction. Hooks (app definition
 * `hooks`, or `runtime.hooks.register()`) and host listeners (`runtime.on()`) react to record and
 * user events.
 */

export type { Limits, RunStats } from '@warden/sandbox';
/** `name:line:column` of a JSON.parse failure (the CLI reaches the store only through the runtime). */
export { jsonErrorLocation } from '@warden/store';
export {
  ERROR_CODES,
  type ErrorCode,
  EVENT_TYPES,
  type EventType,
  isWardenError,
  type LogEntry,
  WardenError,
  type WardenEvent,
} from '@warden/sys-api';
export type { RuntimeConfig } from './config.js';
export type { HookFailure } from './event-journal.js';
export type { EventListener, HookInfo } from './hook-registry.js';
export type { HookPhase, HookRegistration } from './hook-spec.js';
export type { HostStore } from './host-store.js';
export type { HostUsers } from './host-users.js';
export { createRuntime, type RunOptions, type RunResult, type Runtime } from './runtime.js';
export type { RuntimeHooks } from './runtime-hooks.js';
