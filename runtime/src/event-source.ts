import type { SaveEvent, Store } from '@warden/store';
import type { EventSink, RecordData, WardenEvent } from '@warden/sys-api';

/**
 * Where a connection's events go, inside the transaction that causes them. `quiet` is true for
 * the record events of a quiet write (`triggerEvents: false`, or a `mode: 'lite'` save): only
 * enforced hooks and listeners take those. User events are never quiet.
 */
export interface EventHandlers {
  /**
   * Before the change is written (user events: right after, still uncommitted). For record
   * saves, `pending` is the record about to be stored: changing its fields changes what is saved.
   * A throw vetoes the change.
   */
  before(event: WardenEvent, pending: RecordData | undefined, quiet: boolean): void;
  /** Once the change is written, still inside its transaction. */
  after(event: WardenEvent, quiet: boolean): void;
}

/** A write that asked for no events: Slingr's `triggerEvents: false`, or a lite save. */
const quiet = (options: { triggerEvents?: boolean; mode?: string } | undefined) =>
  options?.triggerEvents === false || options?.mode === 'lite';

function recordEvent(
  type: WardenEvent['type'],
  entity: string,
  record: RecordData,
  oldRecord: RecordData | null,
): WardenEvent {
  return { type, entity, recordId: record.id ?? '', record, oldRecord, data: {}, time: Date.now() };
}

/** The events of one connection: record events from interceptors, user events from `onEvent`. */
export interface EventWatch {
  /** For `createUsers({onEvent})`. */
  readonly onEvent: EventSink;
  /**
   * Intercepts the saves and removals of exactly these entities: only those some hook or listener
   * waits for, because an intercepted entity loses the store's fast paths (bulk delete).
   */
  watch(entities: Iterable<string>): void;
}

/**
 * Entities other packages intercept too (the users package, on `sys.users`). Their record-event
 * interceptors go in when the events are created, so that they run ahead of the others: a
 * before-hook sees the save as the script made it, its edits reach the users interceptor, and a
 * save it makes is over before users plans the triggering one. They stay in for good and pass
 * events on only while watched (the entity has no fast path to keep: users intercepts it anyway).
 */
const PINNED = ['sys.users'];

/**
 * Turns store interceptors into record events and returns the sink for user events. The
 * interceptors are enforced (they see lite saves too) and mark the events of quiet writes, so
 * that enforced hooks still run for them; user events are never quiet. Create it before
 * `createUsers` over the same store, in the parent and in workers alike.
 */
export function watchEvents(store: Store, handlers: EventHandlers): EventWatch {
  const active = new Map<string, () => void>();
  let watched = new Set<string>();
  const saved = (e: SaveEvent) => (e.isNew ? 'record.created' : 'record.changed');
  const intercept = (entity: string) =>
    store.intercept(entity, {
      enforced: true,
      beforeSave(e) {
        if (!watched.has(entity)) return;
        handlers.before(recordEvent(saved(e), entity, e.record, e.previous), e.record, quiet(e.options));
      },
      afterSave(e) {
        if (!watched.has(entity)) return;
        handlers.after(recordEvent(saved(e), entity, e.record, e.previous), quiet(e.options));
      },
      beforeRemove(e) {
        if (!watched.has(entity)) return;
        handlers.before(recordEvent('record.deleted', entity, e.record, null), undefined, quiet(e.options));
      },
      afterRemove(e) {
        if (!watched.has(entity)) return;
        handlers.after(recordEvent('record.deleted', entity, e.record, null), quiet(e.options));
      },
    });
  const pinned = new Set(PINNED.filter((entity) => store.schema.entities[entity]));
  for (const entity of pinned) intercept(entity);
  return {
    onEvent(event) {
      handlers.before(event, undefined, false);
      handlers.after(event, false);
    },
    watch(entities) {
      watched = new Set(entities);
      for (const [entity, stop] of active) {
        if (watched.has(entity)) continue;
        stop();
        active.delete(entity);
      }
      for (const entity of watched) {
        if (!pinned.has(entity) && !active.has(entity)) active.set(entity, intercept(entity));
      }
    },
  };
}

/** The entities whose record events some of `rows` (hooks or subscribers) wait for. */
export function recordEntities(
  rows: Iterable<{ event: string; entity: string | null }>,
  store: Pick<Store, 'schema'>,
): Set<string> {
  const out = new Set<string>();
  for (const row of rows) {
    if (row.event !== '*' && !row.event.startsWith('record.')) continue;
    if (row.entity === null) return new Set(Object.keys(store.schema.entities));
    out.add(row.entity);
  }
  return out;
}
