import type { SaveEvent, Store } from '@warden/store';
import type { EventSink, RecordData, WardenEvent } from '@warden/sys-api';

/** Where a connection's events go, inside the transaction that causes them. */
export interface EventHandlers {
  /**
   * Before the change is written (user events: right after, still uncommitted). For record
   * saves, `pending` is the record about to be stored: changing its fields changes what is saved.
   * A throw vetoes the change.
   */
  before(event: WardenEvent, pending?: RecordData): void;
  /** Once the change is written, still inside its transaction. */
  after(event: WardenEvent): void;
}

const quiet = (e: SaveEvent) => e.options?.triggerEvents === false;

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
 * Turns store interceptors into record events and returns the sink for user events. A save with
 * `triggerEvents: false` raises no record event (users skips its events for such saves too).
 */
export function watchEvents(store: Store, handlers: EventHandlers): EventWatch {
  const active = new Map<string, () => void>();
  const intercept = (entity: string) =>
    store.intercept(entity, {
      beforeSave(e) {
        if (quiet(e)) return;
        const type = e.isNew ? 'record.created' : 'record.changed';
        handlers.before(recordEvent(type, entity, e.record, e.previous), e.record);
      },
      afterSave(e) {
        if (quiet(e)) return;
        handlers.after(
          recordEvent(e.isNew ? 'record.created' : 'record.changed', entity, e.record, e.previous),
        );
      },
      beforeRemove: (e) => handlers.before(recordEvent('record.deleted', entity, e.record, null)),
      afterRemove: (e) => handlers.after(recordEvent('record.deleted', entity, e.record, null)),
    });
  return {
    onEvent(event) {
      handlers.before(event);
      handlers.after(event);
    },
    watch(entities) {
      const wanted = new Set(entities);
      for (const [entity, stop] of active) {
        if (wanted.has(entity)) continue;
        stop();
        active.delete(entity);
      }
      for (const entity of wanted) if (!active.has(entity)) active.set(entity, intercept(entity));
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
