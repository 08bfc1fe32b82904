import type { Store } from '@warden/store';
import type { EventType, RecordData, WardenEvent } from '@warden/sys-api';

/** An event waiting in `_warden_events` for its after-hooks and listeners. */
export interface JournaledEvent {
  seq: number;
  event: WardenEvent;
  /** The hook depth of the run that caused it; its after-hooks run one deeper. */
  depth: number;
  /** Raised by a quiet write: only enforced after-hooks and listeners get it. */
  quiet: boolean;
}

/** Why an after-hook or a host listener failed on one event. */
export interface HookFailure {
  /** The hook's name, or `listener:<function name>` for a host listener. */
  hook: string;
  event: EventType;
  entity: string;
  recordId: string;
  /** The event's place in the journal. */
  seq: number;
  code: string;
  /** For hooks: `hook '<name>' failed: <message> (<name>.js:<line>)`. */
  message: string;
  line?: number;
  time: number;
}

/** The durable queue of committed events (`_warden_events`), written in the causing transaction. */
export interface EventJournal {
  /** Journals `event`; `quiet` when a quiet write raised it (`triggerEvents: false`, lite). */
  append(event: WardenEvent, depth: number, quiet?: boolean): void;
  /** The oldest pending events, in commit order. */
  pending(limit: number): JournaledEvent[];
  /** Done with an event whose after-work all succeeded. */
  remove(seq: number): void;
  /** Keeps an event as `failed`, with why. */
  fail(seq: number, failures: HookFailure[]): void;
  /** Every failure kept in the journal, oldest first. */
  failures(): HookFailure[];
  /** Forgets the failed events; returns how many. */
  clearFailures(): number;
}

interface Row {
  seq: number;
  type: EventType;
  entity: string;
  record_id: string;
  record: string | null;
  old_record: string | null;
  data: string;
  time: number;
  depth: number;
  quiet: number;
  error: string | null;
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The journal over `db`; the tables exist (`ensureHookTables`). */
export function createEventJournal(db: Store['db']): EventJournal {
  const insert = db.prepare(
    `INSERT INTO _warden_events (type, entity, record_id, record, old_record, data, time, depth, quiet)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const pending = db.prepare("SELECT * FROM _warden_events WHERE state = 'pending' ORDER BY seq LIMIT ?");
  const remove = db.prepare('DELETE FROM _warden_events WHERE seq = ?');
  const fail = db.prepare("UPDATE _warden_events SET state = 'failed', error = ? WHERE seq = ?");
  return {
    append(e, depth, quiet = false) {
      insert.run(
        e.type,
        e.entity,
        e.recordId,
        json(e.record),
        json(e.oldRecord),
        JSON.stringify(e.data),
        e.time,
        depth,
        quiet ? 1 : 0,
      );
    },
    pending: (limit) =>
      (pending.all(limit) as Row[]).map((row) => ({
        seq: row.seq,
        depth: row.depth,
        quiet: row.quiet === 1,
        event: {
          type: row.type,
          entity: row.entity,
          recordId: row.record_id,
          record: row.record === null ? null : (JSON.parse(row.record) as RecordData),
          oldRecord: row.old_record === null ? null : (JSON.parse(row.old_record) as RecordData),
          data: JSON.parse(row.data) as Record<string, unknown>,
          time: row.time,
        },
      })),
    remove: (seq) => void remove.run(seq),
    fail: (seq, failures) => void fail.run(JSON.stringify(failures), seq),
    failures: () =>
      (
        db.prepare("SELECT error FROM _warden_events WHERE state = 'failed' ORDER BY seq").all() as Row[]
      ).flatMap((row) => JSON.parse(row.error ?? '[]') as HookFailure[]),
    clearFailures: () => db.prepare("DELETE FROM _warden_events WHERE state = 'failed'").run().changes,
  };
}
