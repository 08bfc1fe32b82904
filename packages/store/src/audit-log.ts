import { badRequest } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';

/** Who made a change: a script run (its current user, its id) or a host call (its name). */
export interface AuditActor {
  /** The user the run acted as; null for the system (a run without `as`, or the host). */
  userId: string | null;
  /** The run's id, or null for a host call. */
  runId: string | null;
  /** The host call (`store.save`, `users.signIn`), or null for a run. */
  hostCall: string | null;
}

/** A field's value before and after the change (null where there was none). */
export interface FieldChange {
  old: unknown;
  new: unknown;
}

/** One row of the audit log: a record change of an entity with history, or a user lifecycle event. */
export interface AuditEntry {
  /** Increasing with every row (the rowid: pruning deletes the oldest rows, never the newest); the paging key. */
  seq: number;
  /** Epoch ms. */
  time: number;
  /** `record.created`, `record.changed`, `record.deleted`, or a `user.*` event type. */
  type: string;
  entity: string;
  recordId: string;
  actor: AuditActor;
  /** Changed fields (write-only fields never); null for user events other than status changes. */
  changes: Record<string, FieldChange> | null;
  /** Event details (ip, reason, group, provider); never a secret. */
  data: Record<string, unknown>;
}

/** Filters and paging of `AuditLog.query`; every filter is optional. Newest first. */
export interface AuditQuery {
  entity?: string;
  recordId?: string;
  /** The acting user's id. */
  user?: string;
  /** One event type, or a prefix ending in `*` (`user.*`). */
  type?: string;
  /** Changes made by script runs (`run`) or by host calls (`host`). */
  origin?: 'run' | 'host';
  /** Epoch ms or ISO date, inclusive. */
  from?: number | string;
  /** Epoch ms or ISO date, exclusive. */
  to?: number | string;
  /** Rows per page, 1..1000 (default 100). */
  limit?: number;
  /** The `cursor` a previous page returned. */
  cursor?: string | null;
  /** Skip this many rows first (Slingr's `offset`); prefer `cursor`. */
  offset?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass back as `cursor` for the next page; null after the last. */
  cursor: string | null;
}

/** The `audit_log` table: written in the caller's transaction, so a rolled-back change leaves no row. */
export interface AuditLog {
  write(entry: Omit<AuditEntry, 'seq'>): void;
  query(fn: string, query?: AuditQuery | null): AuditPage;
  /** Deletes rows older than `before` (epoch ms); returns how many. */
  prune(before: number): number;
}

interface Row {
  seq: number;
  at: number;
  type: string;
  entity: string;
  record_id: string;
  user_id: string | null;
  run_id: string | null;
  host_call: string | null;
  changes: string | null;
  data: string;
}

const QUERY_KEYS = new Set([
  'entity',
  'recordId',
  'user',
  'type',
  'origin',
  'from',
  'to',
  'limit',
  'cursor',
  'offset',
]);

function time(fn: string, key: string, value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms))
    throw badRequest(`${fn}: ${key} must be epoch milliseconds or an ISO date, got ${JSON.stringify(value)}`);
  return ms;
}

function text(fn: string, key: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw badRequest(`${fn}: ${key} must be a non-empty string, got ${typeof value}`);
  return value;
}

function count(fn: string, key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw badRequest(`${fn}: ${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return value;
}

/** Opens (creating when missing) the audit table on the store's connection. */
export function openAuditLog(db: BetterSqlite3.Database): AuditLog {
  db.exec(`CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL,
    entity TEXT NOT NULL, record_id TEXT NOT NULL, user_id TEXT, run_id TEXT, host_call TEXT,
    changes TEXT, data TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log (entity, record_id, seq);
  CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log (user_id, seq);
  CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at)`);
  const insert = db.prepare(
    'INSERT INTO audit_log (at, type, entity, record_id, user_id, run_id, host_call, changes, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const prune = db.prepare('DELETE FROM audit_log WHERE at < ?');
  return {
    write(e) {
      insert.run(
        e.time,
        e.type,
        e.entity,
        e.recordId,
        e.actor.userId,
        e.actor.runId,
        e.actor.hostCall,
        e.changes ? JSON.stringify(e.changes) : null,
        JSON.stringify(e.data),
      );
    },
    query(fn, q) {
      if (q !== undefined && q !== null && (typeof q !== 'object' || Array.isArray(q)))
        throw badRequest(`${fn}: the query must be an object of filters`);
      const query = q ?? {};
      for (const key of Object.keys(query))
        if (!QUERY_KEYS.has(key)) throw badRequest(`${fn}: '${key}' is not an audit filter`);
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        where.push(sql);
        args.push(value);
      };
      if (query.entity !== undefined) add('entity = ?', text(fn, 'entity', query.entity));
      if (query.recordId !== undefined) add('record_id = ?', text(fn, 'recordId', query.recordId));
      if (query.user !== undefined) add('user_id = ?', text(fn, 'user', query.user));
      if (query.type !== undefined) {
        const type = text(fn, 'type', query.type);
        if (type.endsWith('*')) add("type GLOB ? || '*'", type.slice(0, -1).replace(/[[*?]/g, '[$&]'));
        else add('type = ?', type);
      }
      if (query.origin !== undefined) {
        if (query.origin !== 'run' && query.origin !== 'host')
          throw badRequest(`${fn}: origin must be 'run' or 'host', got ${JSON.stringify(query.origin)}`);
        where.push(query.origin === 'run' ? 'run_id IS NOT NULL' : 'run_id IS NULL');
      }
      if (query.from !== undefined) add('at >= ?', time(fn, 'from', query.from));
      if (query.to !== undefined) add('at < ?', time(fn, 'to', query.to));
      if (query.cursor !== undefined && query.cursor !== null) {
        const seq = Number(query.cursor);
        if (typeof query.cursor !== 'string' || !/^\d{1,15}$/.test(query.cursor))
          throw badRequest(`${fn}: cursor must be a cursor a previous page returned`);
        add('seq < ?', seq);
      }
      const limit = query.limit === undefined ? 100 : count(fn, 'limit', query.limit, 1, 1000);
      const offset = query.offset === undefined ? 0 : count(fn, 'offset', query.offset, 0, 1_000_000);
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ? OFFSET ?`;
      const rows = db.prepare<unknown[], Row>(sql).all(...args, limit + 1, offset);
      const more = rows.length > limit;
      const items = rows.slice(0, limit).map(toEntry);
      return { items, cursor: more ? String(items[items.length - 1]!.seq) : null };
    },
    prune: (before) => prune.run(before).changes,
  };
}

function toEntry(row: Row): AuditEntry {
  return {
    seq: row.seq,
    time: row.at,
    type: row.type,
    entity: row.entity,
    recordId: row.record_id,
    actor: { userId: row.user_id, runId: row.run_id, hostCall: row.host_call },
    changes: row.changes ? (JSON.parse(row.changes) as Record<string, FieldChange>) : null,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
