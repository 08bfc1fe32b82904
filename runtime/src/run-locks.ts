import type { LockOptions } from '@warden/store';
import type { RecordData } from '@warden/sys-api';
import type { RunState } from './run-state.js';

/** One record lock a run holds: the owner it was taken under, and how many times it took it. */
export interface HeldLock {
  owner: string;
  count: number;
}

const keyOf = (entity: string, id: string) => `${entity}\u0000${id}`;

/** The nearest run this one is nested in that holds the lock, if any. */
function holderAbove(state: RunState, key: string): HeldLock | undefined {
  for (let s = state.parent; s; s = s.parent) {
    const held = s.locks.get(key);
    if (held && held.count > 0) return held;
  }
  return undefined;
}

/**
 * Takes a record lock for the run (`wait` as `lock` does, else as `tryLock`). A nested run takes
 * it under its own owner, except a lock a run it is nested in holds: that one it re-enters under
 * the holder's owner (waiting for it would wait for itself), and it still counts as its own take.
 */
export function takeLock(
  state: RunState,
  entity: string,
  id: string,
  timeoutMs: number | undefined,
  wait: boolean,
  options?: LockOptions,
): RecordData | null {
  const key = keyOf(entity, id);
  const owner = holderAbove(state, key)?.owner ?? state.lockOwner;
  state.tookLocks = true;
  const record = wait
    ? state.store.lock(entity, id, owner, timeoutMs, options)
    : state.store.tryLock(entity, id, owner, timeoutMs, options);
  if (!record) return null;
  const held = state.locks.get(key);
  if (held && held.owner === owner) held.count += 1;
  else state.locks.set(key, { owner, count: 1 });
  return record;
}

/**
 * Undoes one of the run's own takes of the lock. A lock the run does not hold is left alone, even
 * when a run it is nested in holds it: a before-hook cannot release its script's lock.
 */
export function dropLock(state: RunState, entity: string, id: string): void {
  const key = keyOf(entity, id);
  const held = state.locks.get(key);
  // Checks the arguments (notFound, badRequest) as any unlock does; releases nothing not held.
  state.store.unlock(entity, id, held?.owner ?? state.lockOwner);
  if (!held) return;
  held.count -= 1;
  if (held.count <= 0) state.locks.delete(key);
}

/** Releases every lock the run still holds (when it ends, or is undone for a replay). */
export function releaseRunLocks(state: RunState): void {
  if (state.tookLocks) {
    state.store.releaseLocks(state.lockOwner);
    for (const [key, held] of state.locks) {
      if (held.owner === state.lockOwner) continue;
      const [entity, id] = key.split('\u0000') as [string, string];
      try {
        for (let i = 0; i < held.count; i++) state.store.unlock(entity, id, held.owner);
      } catch {
        // The record is gone: the run above still holds the lock and releases it when it ends.
      }
    }
  }
  state.locks.clear();
  state.tookLocks = false;
}
