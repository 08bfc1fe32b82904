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
}

/** What an interceptor sees of a removal. */
export interface RemoveEvent {
  entity: string;
  record: RecordData;
}

/** Interceptors of one entity; all run inside the write's transaction, and a throw vetoes it. */
export interface RecordHooks {
  beforeSave?(e: SaveEvent): void;
  afterSave?(e: SaveEvent): void;
  beforeRemove?(e: RemoveEvent): void;
  afterRemove?(e: RemoveEvent): void;
}

/** Interceptors by entity, in registration order. */
export interface HookRegistry {
  add(entity: string, hooks: RecordHooks): () => void;
  has(entity: string, stage: keyof RecordHooks): boolean;
  run<K extends keyof RecordHooks>(
    entity: string,
    stage: K,
    event: Parameters<NonNullable<RecordHooks[K]>>[0],
  ): void;
}

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
    has: (entity, stage) => (byEntity.get(entity) ?? []).some((h) => typeof h[stage] === 'function'),
    run(entity, stage, event) {
      // A snapshot, so that an interceptor unsubscribing mid-run does not skip its neighbour.
      for (const hooks of [...(byEntity.get(entity) ?? [])]) {
        (hooks[stage] as ((e: typeof event) => void) | undefined)?.call(hooks, event);
      }
    },
  };
}
