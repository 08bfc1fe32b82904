import type { Store } from '@warden/store';
import type { RecordData } from '@warden/sys-api';

type Db = Store['db'];

const USERS = 'sys.users';

function has(db: Db, table: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
}

/**
 * Erases what the runtime keeps about a purged user, inside the purge's transaction: audit rows
 * about them keep their type, time, ids and actor but lose their changes and data (emails, ips,
 * names); journaled events about them keep type and ids but lose their records and data, so a
 * delivery still due says only that something happened to that id; mail to their address is
 * deleted, sent or not. Rows naming them only as an actor (`user_id`) keep that opaque id.
 */
export function erasePurgedUser(db: Db, user: RecordData): void {
  const id = user.id;
  if (!id) return;
  if (has(db, 'audit_log')) {
    db.prepare(`UPDATE audit_log SET changes = NULL, data = '{}' WHERE entity = ? AND record_id = ?`).run(
      USERS,
      id,
    );
  }
  if (has(db, '_warden_events')) {
    db.prepare(
      `UPDATE _warden_events SET record = NULL, old_record = NULL, data = '{}', error = NULL
       WHERE entity = ? AND record_id = ?`,
    ).run(USERS, id);
  }
  const email = user.fields.email;
  if (typeof email === 'string' && has(db, 'mail_outbox')) {
    db.prepare(`DELETE FROM mail_outbox WHERE lower("to") = lower(?)`).run(email);
  }
}

/**
 * Moves the WAL's pages into the database file and empties the WAL (best effort: a reader holding
 * an old snapshot keeps it), so that a purged user's old page images do not linger in `-wal`.
 */
export function checkpointAfterPurge(db: Db): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A busy database: the next checkpoint (SQLite's automatic one) carries the pages over.
  }
}
