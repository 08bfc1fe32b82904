import type { SysOpName } from '@warden/sys-api';

/**
 * Handlers of one `sys.*` namespace, by op name; arguments arrive as an untrusted JSON array.
 * `timeLeft` is the run's time left in milliseconds: a handler that blocks waits no longer.
 */
export type OpTable = Partial<Record<SysOpName, (args: unknown[], timeLeft: () => number) => unknown>>;
