import ivm from 'isolated-vm';
import type { HostBridge } from './host-bridge.js';
import type { IsolateLease } from './isolate-slot.js';

export type Enter = ivm.Reference<(runJson: string, userFn: unknown) => string>;

/** A fresh context with the bootstrap already run in it: `sys` is built, no user code has run. */
export interface PreparedContext {
  readonly lease: IsolateLease;
  readonly context: ivm.Context;
  /** The bootstrap's `enter(runJson, userFn)`. */
  readonly enter: Enter;
  /** Connects the bootstrap's callbacks to the bridge of the one run this context serves. */
  attach(bridge: HostBridge): void;
  release(): void;
}

/**
 * Creates a context and runs the bootstrap in it. The bootstrap's callbacks forward to a bridge
 * attached later, so the context can be made before its run is known: while the worker is idle,
 * which takes the context and the bootstrap off the next run's critical path. `timeout` arms each
 * step (a run's time left when done inline).
 */
export function prepareContext(
  lease: IsolateLease,
  schemaJson: string,
  timeout: () => number,
): PreparedContext {
  const { isolate } = lease;
  const context = isolate.createContextSync();
  let bridge: HostBridge | null = null;
  const attached = () => {
    if (!bridge) throw new Error('no run is attached to this context');
    return bridge;
  };
  const release = () => {
    if (!isolate.isDisposed) context.release();
  };
  try {
    const boot = lease.bootstrap.runSync(context, { reference: true, timeout: timeout() });
    // Each library evaluates to its function here (its body runs only when a script uses it).
    const libraries = lease.libraries.map((lib) =>
      lib
        ? (lib.runSync(context, { reference: true, timeout: timeout() }) as ivm.Reference).derefInto()
        : null,
    );
    const callbacks = [
      new ivm.Callback((op: unknown, argsJson: unknown) => attached().dispatch(op, argsJson)),
      new ivm.Callback((level: unknown, message: unknown) => attached().log(level, message)),
      schemaJson,
      ...libraries,
    ];
    const enter = boot.applySync(undefined, callbacks, {
      result: { reference: true },
      timeout: timeout(),
    }) as Enter;
    return {
      lease,
      context,
      enter,
      attach(b) {
        bridge = b;
      },
      release,
    };
  } catch (error) {
    release();
    throw error;
  }
}
