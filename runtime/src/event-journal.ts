import type { Store } from '@warden/store';
import type { EventType, RecordData, WardenEvent } from '@warden/sys-api';

/** An event waiting in `_warden_events` for its after-hooks and listeners. */
export interface JournaledEvent {
  seq: number;
  event: WardenEvent;
  /** The hook depth of the run that caused it; its after-hooks run one deeper. */
  depth: number;
  /** Who must receive it (`event-targets.ts`); null on rows of older versions. */
  targets: string[] | null;
  /** Deliveries cut short by a worker that died. */
  attempts: number;
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

/**
 * The durable queue of committed events (`_warden_events`), written in the causing transaction.
 * A runtime claims an event (with a lease it renews) before delivering it, records each target it
 * settles in `_warden_deliveries`, and removes the event once every target is settled.
 */
export interface EventJournal {
  /** Journals `event`; `quiet` when a quiet write raised it (`triggerEvents: false`, lite). */
  append(event: WardenEvent, depth: number, targets: readonly string[], quiet?: boolean): void;
  /**
   * Pending events after `afterSeq`, in commit order, due by `now` and free: unclaimed, claimed by
   * `me`, with an expired lease, or claimed by one of the `gone` holders.
   */
  pending(afterSeq: number, limit: number, now: number, me: string, gone: string[]): JournaledEvent[];
  /** The other holders of claims on pending events. */
  holders(me: string): string[];
  /** Claims a free event for `me` until `leaseUntil`; false when another runtime holds it. */
  claim(seq: number, me: string, leaseUntil: number, now: number, gone: string[]): boolean;
  /** Extends the claims `me` holds. */
  renew(me: string, leaseUntil: number): void;
  /** The targets of an event already settled, with their failures (null: delivered). */
  settled(seq: number): Map<string, HookFailure[] | null>;
  /** Records a target as settled (a no-op when it already is). */
  record(seq: number, target: string, failures: HookFailure[] | null): void;
  /** Every target settled: removes the event, or keeps it as `failed` with every failure. */
  finish(seq: number): HookFailure[];
  /** Gives the claim back, with a later due time after a worker died. */
  release(seq: number, me: string, retry?: { attempts: number; nextAttemptAt: number }): void;
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
  error: string | null;
  targets: string | null;
  attempts: number;
  quiet: number;
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The journal over `db`; the tables exist (`ensureHookTables`). */
export function createEventJournal(db: Store['db']): EventJournal {
  const FREE = `(claimed_by IS NULL OR claimed_by = @me OR lease_until < @now
    OR claimed_by IN (SELECT value FROM json_each(@gone)))`;
  const insert = db.prepare(
    `INSERT INTO _warden_events (type, entity, record_id, record, old_record, data, time, depth, targets, quiet)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const pending = db.prepare(
    `SELECT * FROM _warden_events
      WHERE state = 'pending' AND seq > @afterSeq AND next_attempt_at <= @now
        AND ${FREE}
      ORDER BY seq LIMIT @limit`,
  );
  const claim = db.prepare(
    `UPDATE _warden_events SET claimed_by = @me, lease_until = @leaseUntil
      WHERE seq = @seq AND state = 'pending' AND ${FREE}`,
  );
  const holders = db
    .prepare("SELECT DISTINCT claimed_by FROM _warden_events WHERE state = 'pending' AND claimed_by != ?")
    .pluck();
  const renew = db.prepare('UPDATE _warden_events SET lease_until = ? WHERE claimed_by = ?');
  const settled = db.prepare('SELECT target, failures FROM _warden_deliveries WHERE seq = ?');
  const record = db.prepare(
    'INSERT OR IGNORE INTO _warden_deliveries (seq, target, failures) VALUES (?, ?, ?)',
  );
  const release = db.prepare(
    `UPDATE _warden_events SET claimed_by = NULL, lease_until = NULL,
       attempts = COALESCE(@attempts, attempts), next_attempt_at = COALESCE(@next, next_attempt_at)
      WHERE seq = @seq AND claimed_by = @me`,
  );
  const forget = db.prepare('DELETE FROM _warden_deliveries WHERE seq = ?');
  const remove = db.prepare('DELETE FROM _warden_events WHERE seq = ?');
  const fail = db.prepare(
    "UPDATE _warden_events SET state = 'failed', error = ?, claimed_by = NULL, lease_until = NULL WHERE seq = ?",
  );
  const finish = db.transaction((seq: number) => {
    const failures = (settled.all(seq) as { failures: string | null }[]).flatMap(
      (r) => JSON.parse(r.failures ?? '[]') as HookFailure[],
    );
    failures.sort((a, b) => a.time - b.time);
    forget.run(seq);
    if (failures.length === 0) remove.run(seq);
    else fail.run(JSON.stringify(failures), seq);
    return failures;
  });
  return {
    append(e, depth, targets, quiet = false) {
      insert.run(
        e.type,
        e.entity,
        e.recordId,
        json(e.record),
        json(e.oldRecord),
        JSON.stringify(e.data),
        e.time,
        depth,
        JSON.stringify(targets),
        quiet ? 1 : 0,
      );
    },
    pending: (afterSeq, limit, now, me, gone) =>
      (pending.all({ afterSeq, limit, now, me, gone: JSON.stringify(gone) }) as Row[]).map((row) => ({
        seq: row.seq,
        depth: row.depth,
        targets: row.targets === null ? null : (JSON.parse(row.targets) as string[]),
        attempts: row.attempts,
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
    holders: (me) => holders.all(me) as string[],
    claim: (seq, me, leaseUntil, now, gone) =>
      claim.run({ seq, me, leaseUntil, now, gone: JSON.stringify(gone) }).changes === 1,
    renew: (me, leaseUntil) => void renew.run(leaseUntil, me),
    settled: (seq) =>
      new Map(
        (settled.all(seq) as { target: string; failures: string | null }[]).map((r) => [
          r.target,
          r.failures === null ? null : (JSON.parse(r.failures) as HookFailure[]),
        ]),
      ),
    record: (seq, target, failures) =>
      void record.run(seq, target, failures && failures.length > 0 ? JSON.stringify(failures) : null),
    finish: (seq) => finish.immediate(seq),
    release: (seq, me, retry) =>
      void release.run({ seq, me, attempts: retry?.attempts ?? null, next: retry?.nextAttemptAt ?? null }),
    failures: () =>
      (
        db.prepare("SELECT error FROM _warden_events WHERE state = 'failed' ORDER BY seq").all() as Row[]
      ).flatMap((row) => JSON.parse(row.error ?? '[]') as HookFailure[]),
    clearFailures: () => db.prepare("DELETE FROM _warden_events WHERE state = 'failed'").run().changes,
  };
}
