import type { AuditActor } from '@warden/store';
import type { HostCalls } from './host-calls.js';

/** A long unit of work that holds the parent's connection across awaits (an import's transaction). */
export interface HeldConnection {
  /** Runs `fn` on the held connection (retried while the database is busy, as any call). */
  call<T>(fn: () => T): Promise<T>;
  /** Lets the other host calls run again. */
  release(): void;
}

/**
 * The parent's calls, with two additions. `hold()` gives one caller the connection across
 * awaits: every other call waits until it is released, so that no call runs inside a
 * transaction the holder left open. `actor()` says which host call is running (the audit log's
 * "who": the host, by call name).
 */
export interface GatedCalls extends HostCalls {
  hold(name: string): Promise<HeldConnection>;
  actor(): AuditActor;
}

/** Thrown inside a retried call that found the connection held meanwhile: it waits and tries again. */
const GATED = Symbol('gated');

export function gateCalls(base: HostCalls): GatedCalls {
  let held: { done: Promise<void> } | null = null;
  let serving: string | null = null;
  const track =
    <T>(name: string, fn: () => T) =>
    (): T => {
      const outer = serving;
      serving = name;
      try {
        return fn();
      } finally {
        serving = outer;
      }
    };
  const waitFree = async () => {
    while (held) await held.done;
  };
  return {
    async call(name, fn) {
      for (;;) {
        await waitFree();
        try {
          return await base.call(name, () => {
            if (held) throw GATED;
            return track(name, fn)();
          });
        } catch (error) {
          if (error !== GATED) throw error;
        }
      }
    },
    async hold(name) {
      await waitFree();
      let open!: () => void;
      const mine = { done: new Promise<void>((resolve) => (open = resolve)) };
      held = mine;
      return {
        call: (fn) => base.call(name, track(name, fn)),
        release() {
          if (held === mine) held = null;
          open();
        },
      };
    },
    actor: () => ({ userId: null, runId: null, hostCall: serving ?? 'host' }),
  };
}
