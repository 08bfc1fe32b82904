import type { RecordData, SaveOptions } from '@warden/sys-api';

/** Options of insert, update and save (Slingr's save options; `mode: 'lite'` skips everything). */
export interface WriteOptions extends SaveOptions {}

/**
 * What an interceptor sees of a save. In `beforeSave`, `record.fields` holds the normalized
 * values including write-only ones and may be changed; the id is already assigned for new
 * records. In `afterSave`, `record` is the stored record (write-only fields null).
 */
export interface SaveEvent {
  entity: string;
  isNew: boolean;
  record: RecordData;
  previous: RecordData | null;
  /** The options the write was called with (e.g. `triggerEvents: false`). */
  options: WriteOptions;
  /**
   * The same object in this save's `beforeSave` and `afterSave`, and in no other save's. Saves
   * nest (an interceptor or a before-hook may save again in between), so state an interceptor
   * carries from one half of a save to the other is kept by this key (a WeakMap), not in a slot.
   */
  readonly saveKey: object;
}

/** Options of remove and deleteMany (Slingr's delete option `triggerEvents`). */
export interface RemoveOptions {
  triggerEvents?: boolean;
}

/** What an interceptor sees of a removal. */
export interface RemoveEvent {
  entity: string;
  record: RecordData;
  /** The options the removal was called with (e.g. `triggerEvents: false`). */
  options: RemoveOptions;
}

/** Interceptors of one entity; all run inside the write's transaction, and a throw vetoes it. */
export interface RecordHooks {
  /**
   * An enforced interceptor runs for every write, `mode: 'lite'` saves included; others are
   * skipped by lite saves. Either kind reads `options` to decide what a quiet write means to it.
   */
  enforced?: boolean;
  beforeSave?(e: SaveEvent): void;
  afterSave?(e: SaveEvent): void;
  beforeRemove?(e: RemoveEvent): void;
  afterRemove?(e: RemoveEvent): void;
}

/** Interceptors by entity, in registration order. */
export interface HookRegistry {
  add(entity: string, hooks: RecordHooks): () => void;
  /** True when some interceptor (only enforced ones when `enforcedOnly`) has `stage`. */
  has(entity: string, stage: HookStage, enforcedOnly?: boolean): boolean;
  /** Runs `stage` of every interceptor (only enforced ones when `enforcedOnly`), in order. */
  run<K extends HookStage>(
    entity: string,
    stage: K,
    event: Parameters<NonNullable<RecordHooks[K]>>[0],
    enforcedOnly?: boolean,
  ): void;
}

/** The stages of an interceptor. */
export type HookStage = 'beforeSave' | 'afterSave' | 'beforeRemove' | 'afterRemove';

export function createHookRegistry(): HookRegistry {
  const byEntity = new Map<string, RecordHooks[]>();
  return {
    add(entity, hooks) {
      const list = byEntity.get(entity) ?? [];
      byEntity.set(entity, [...list, hooks]);
      return () =>
        byEntity.set(
          entity,
          (byEntity.get(entity) ?? []).filter((h) => h !== hooks),
        );
    },
    has: (entity, stage, enforcedOnly = false) =>
      (byEntity.get(entity) ?? []).some(
        (h) => typeof h[stage] === 'function' && (!enforcedOnly || h.enforced === true),
      ),
    run(entity, stage, event, enforcedOnly = false) {
      // A snapshot, so that an interceptor unsubscribing mid-run does not skip its neighbour.
      for (const hooks of [...(byEntity.get(entity) ?? [])]) {
        if (enforcedOnly && hooks.enforced !== true) continue;
        (hooks[stage] as ((e: typeof event) => void) | undefined)?.call(hooks, event);
      }
    },
  };
}
