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

/**
 * Turns the store's interceptors on every entity into record events, and returns the sink for
 * `createUsers({onEvent})`, which brings the user events. A save with `triggerEvents: false`
 * raises no record event (users skips its events for such saves too).
 */
export function watchEvents(store: Store, handlers: EventHandlers): { onEvent: EventSink; stop(): void } {
  const stops = Object.keys(store.schema.entities).map((entity) =>
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
    }),
  );
  return {
    onEvent(event) {
      handlers.before(event);
      handlers.after(event);
    },
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}
