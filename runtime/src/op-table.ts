import type { SysOpName } from '@warden/sys-api';

/** Handlers of one `sys.*` namespace, by op name; arguments arrive as an untrusted JSON array. */
export type OpTable = Partial<Record<SysOpName, (args: unknown[]) => unknown>>;
