import type { Store } from '@warden/store';
import type { EventType } from '@warden/sys-api';
import { ensureDeliveryColumns } from './event-tables.js';
import type { HookSpec } from './hook-spec.js';

type Db = Store['db'];

/**
 * A row of `_warden_hooks`: a hook, or (phase `subscriber`) an event type a host listener waits
 * for. Workers read it to run before-hooks and to journal only events someone listens to.
 */
export interface HookRow {
  name: string;
  event: EventType | '*';
  entity: string | null;
  phase: 'before' | 'after' | 'subscriber';
  source: string;
  /** 1 when it runs for quiet writes too (a subscriber row: some listener of its type is enforced). */
  enforced: 0 | 1;
  /** The name of the runtime that wrote the row (for subscribers: where the listeners live). */
  owner: string | null;
}

/** Creates the hook, version, journal and delivery tables when missing; adds newer columns. */
export function ensureHookTables(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS _warden_hooks (
      name TEXT PRIMARY KEY, event TEXT NOT NULL, entity TEXT, phase TEXT NOT NULL,
      source TEXT NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS _warden_hooks_version (
      id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
    INSERT OR IGNORE INTO _warden_hooks_version (id, version) VALUES (1, 0);
    CREATE TABLE IF NOT EXISTS _warden_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, entity TEXT NOT NULL,
      record_id TEXT NOT NULL, record TEXT, old_record TEXT, data TEXT NOT NULL, time INTEGER NOT NULL,
      depth INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending', error TEXT);
  `);
  // Databases made before enforced hooks and quiet events get the columns.
  addColumn(db, '_warden_hooks', 'enforced');
  addColumn(db, '_warden_events', 'quiet');
  ensureDeliveryColumns(db);
}

function addColumn(db: Db, table: string, column: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!columns.some((c) => c.name === column)) {
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} INTEGER NOT NULL DEFAULT 0`);
  }
}

/**
 * Replaces the rows `owner` wrote with `hooks` (in order) and a subscriber row per listened event
 * type (`listened` maps each type to whether some listener of it is enforced). Rows of other
 * runtimes on the same database stay; a hook of the same name is taken over (runtimes of one app
 * declare the same hooks). `listened` null: the runtime delivers nothing and leaves the subscriber
 * rows alone (a CLI opened with the app's name must not unsubscribe the app).
 */
export function writeHookRows(
  db: Db,
  owner: string,
  hooks: readonly HookSpec[],
  listened: ReadonlyMap<EventType | '*', boolean> | null,
): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO _warden_hooks (name, event, entity, phase, source, seq, enforced, owner)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    db.prepare(
      "DELETE FROM _warden_hooks WHERE (owner = ? OR owner IS NULL) AND (? OR phase != 'subscriber')",
    ).run(owner, listened ? 1 : 0);
    let seq = 0;
    for (const h of hooks)
      insert.run(h.name, h.event, h.entity, h.when, h.source, seq++, h.enforced ? 1 : 0, owner);
    // `~` cannot start a hook name, so these never clash with one.
    for (const [type, enforced] of listened ?? []) {
      insert.run(`~${owner}~${type}`, type, null, 'subscriber', '', seq++, enforced ? 1 : 0, owner);
    }
    db.prepare('UPDATE _warden_hooks_version SET version = version + 1 WHERE id = 1').run();
  })();
}

/**
 * A reader of the rows, prepared once: it gives them when their version is not `known`, and null
 * when nothing changed (what every run asks when it opens its transaction: one indexed read).
 */
export function hookRowsReader(db: Db): (known: number) => { version: number; rows: HookRow[] } | null {
  const versionOf = db.prepare('SELECT version FROM _warden_hooks_version WHERE id = 1').pluck();
  const all = db.prepare(
    'SELECT name, event, entity, phase, source, enforced, owner FROM _warden_hooks ORDER BY seq',
  );
  return (known) => {
    const version = (versionOf.get() ?? 0) as number;
    if (version === known) return null;
    return { version, rows: all.all() as HookRow[] };
  };
}

/** True when `row` is about events of `type` on `entity`. */
export const matches = (row: Pick<HookRow, 'event' | 'entity'>, type: string, entity: string) =>
  (row.event === type || row.event === '*') && (row.entity === null || row.entity === entity);

/** The current rows, re-read only when their version changed (one indexed read per call). */
export function cachedHookRows(db: Db): () => readonly HookRow[] {
  const read = hookRowsReader(db);
  let version = -1;
  let rows: HookRow[] = [];
  return () => {
    const fresh = read(version);
    if (fresh) ({ version, rows } = fresh);
    return rows;
  };
}
