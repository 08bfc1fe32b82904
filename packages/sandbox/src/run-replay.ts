/** The brand of a replay request; a symbol from the global registry, so that copies of this module agree. */
const REPLAY = Symbol.for('warden.sandbox.replay');

/**
 * What a host's `dispatch` throws to have the run replayed from the start (the runner calls
 * `RunHost.restart()` and runs the script again, once): for a host that cannot serve the call in
 * this attempt but will in a fresh one, such as a read snapshot that can no longer take the write
 * lock. `reason` is the coded error the run fails with when it cannot be replayed (a second
 * request, or a host without `restart`); the script never sees it.
 */
export interface ReplayRequest {
  readonly [REPLAY]: true;
  readonly reason: Error;
}

/** Makes a replay request that carries `reason` (a WardenError). */
export function requestReplay(reason: Error): ReplayRequest {
  return { [REPLAY]: true, reason };
}

/** True for a value made by `requestReplay`. */
export function isReplayRequest(value: unknown): value is ReplayRequest {
  return typeof value === 'object' && value !== null && (value as { [REPLAY]?: unknown })[REPLAY] === true;
}
