import type { WardenEvent } from '@warden/sys-api';
import { type HookRow, matches } from './hook-table.js';

/** The runtime name used when a runtime is given none. */
export const DEFAULT_RUNTIME_NAME = 'main';

/** A target of an event: one after-hook, or the listeners of one named runtime. */
export const hookTarget = (name: string) => `hook:${name}`;
export const listenersTarget = (runtime: string) => `listeners:${runtime}`;

/**
 * Who must receive `event`, from the hook rows every runtime on the database wrote: each matching
 * after-hook (in order), then the listeners of each runtime that subscribed to its type; of a quiet
 * write's event, only enforced ones. Empty when nobody waits for it (then it is not journaled).
 */
export function eventTargets(
  rows: readonly HookRow[],
  event: Pick<WardenEvent, 'type' | 'entity'>,
  quiet: boolean,
): string[] {
  const hooks: string[] = [];
  const listeners = new Set<string>();
  for (const row of rows) {
    if (row.phase === 'before' || !matches(row, event.type, event.entity)) continue;
    if (quiet && row.enforced !== 1) continue;
    if (row.phase === 'after') hooks.push(hookTarget(row.name));
    else listeners.add(listenersTarget(row.owner ?? DEFAULT_RUNTIME_NAME));
  }
  return [...hooks, ...listeners];
}
