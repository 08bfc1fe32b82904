import type BetterSqlite3 from 'better-sqlite3';
import type { OutboxRow } from './outbox-schema.js';

/** What the dispatcher needs of the outbox table: claim rows, then settle each claim. */
export interface OutboxQueue {
  /** A read (never waits on writers in WAL): is any row due? Spares an idle poll the write lock. */
  hasDue(dueBy: number, now: number, gone: string[]): boolean;
  /** The claim tokens of `sending` rows (each names its holder process: `processHolder`). */
  holders(): string[];
  /**
   * Moves up to `limit` due rows to `sending` under `token` until `leaseUntil`, atomically. Rows
   * held under one of the `gone` tokens (their process died) are due at once, whatever their lease.
   */
  claim(opts: {
    dueBy: number;
    now: number;
    leaseUntil: number;
    token: string;
    limit: number;
    gone: string[];
  }): OutboxRow[];
  /** `sent`, erasing a sensitive body. False when the claim was lost (lease expired and retaken). */
  markSent(id: string, token: string, messageId: string, now: number): boolean;
  /** `failed` with a retry time, or `dead` when `nextAttemptAt` is null. */
  markFailed(id: string, token: string, error: string, nextAttemptAt: number | null): boolean;
}

/**
 * Claims are one UPDATE … RETURNING: SQLite runs it under the write lock, so two dispatchers (or
 * two processes) can never claim the same row. A `sending` row whose lease ran out (its
 * dispatcher crashed mid-send) is due again.
 */
export function createOutboxQueue(db: BetterSqlite3.Database): OutboxQueue {
  const DUE = `(state IN ('pending', 'failed') AND next_attempt_at <= @dueBy)
    OR (state = 'sending' AND (lease_until <= @now OR claim_token IN (SELECT value FROM json_each(@gone))))`;
  const holders = db.prepare("SELECT DISTINCT claim_token FROM mail_outbox WHERE state = 'sending'").pluck();
  const due = db.prepare(`SELECT 1 FROM mail_outbox WHERE ${DUE} LIMIT 1`).pluck();
  const claim = db.prepare(
    `UPDATE mail_outbox
        SET state = 'sending', claim_token = @token, lease_until = @leaseUntil, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM mail_outbox
         WHERE ${DUE}
         ORDER BY next_attempt_at, id
         LIMIT @limit)
      RETURNING *`,
  );
  const sent = db.prepare(
    `UPDATE mail_outbox
        SET state = 'sent', sent_at = @now, message_id = @messageId, last_error = NULL,
            claim_token = NULL, lease_until = NULL,
            text = CASE WHEN sensitive = 1 THEN NULL ELSE text END,
            html = CASE WHEN sensitive = 1 THEN NULL ELSE html END
      WHERE id = @id AND claim_token = @token AND state = 'sending'`,
  );
  // A dead mail will never be sent, so a sensitive body has no reason to stay either.
  const failed = db.prepare(
    `UPDATE mail_outbox
        SET state = CASE WHEN @next IS NULL THEN 'dead' ELSE 'failed' END,
            next_attempt_at = COALESCE(@next, next_attempt_at), last_error = @error,
            claim_token = NULL, lease_until = NULL,
            text = CASE WHEN @next IS NULL AND sensitive = 1 THEN NULL ELSE text END,
            html = CASE WHEN @next IS NULL AND sensitive = 1 THEN NULL ELSE html END
      WHERE id = @id AND claim_token = @token AND state = 'sending'`,
  );
  return {
    hasDue: (dueBy, now, gone) => due.get({ dueBy, now, gone: JSON.stringify(gone) }) !== undefined,
    holders: () => (holders.all() as (string | null)[]).filter((t): t is string => t !== null),
    claim: (opts) => claim.all({ ...opts, gone: JSON.stringify(opts.gone) }) as OutboxRow[],
    markSent: (id, token, messageId, now) => sent.run({ id, token, messageId, now }).changes === 1,
    markFailed: (id, token, error, next) => failed.run({ id, token, error, next }).changes === 1,
  };
}
