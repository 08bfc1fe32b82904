import type { Store } from '@warden/store';

type Db = Store['db'];

const EVENT_COLUMNS: Record<string, string> = {
  // JSON array of `hook:<name>` and `listeners:<runtime name>`, fixed when the event is journaled;
  // NULL on rows journaled by older versions (their targets are worked out at delivery).
  targets: 'TEXT',
  claimed_by: 'TEXT',
  lease_until: 'INTEGER',
  attempts: 'INTEGER NOT NULL DEFAULT 0',
  next_attempt_at: 'INTEGER NOT NULL DEFAULT 0',
};

/**
 * The columns and table that make delivery exactly once and shareable between runtimes:
 * `_warden_events` rows carry their targets and a claim with a lease; `_warden_deliveries` holds
 * one row per target delivered (written by a hook's own run, in its transaction) or failed.
 * `_warden_hooks.owner` names the runtime that wrote a row.
 */
export function ensureDeliveryColumns(db: Db): void {
  const has = (table: string) =>
    new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
  const hooks = has('_warden_hooks');
  const events = has('_warden_events');
  const missing = Object.entries(EVENT_COLUMNS).filter(([name]) => !events.has(name));
  if (!hooks.has('owner') || missing.length > 0) {
    // Immediate: processes opening the database together must not both add a column.
    db.transaction(() => {
      if (!has('_warden_hooks').has('owner')) db.exec('ALTER TABLE _warden_hooks ADD COLUMN owner TEXT');
      const now = has('_warden_events');
      for (const [name, type] of missing)
        if (!now.has(name)) db.exec(`ALTER TABLE _warden_events ADD COLUMN ${name} ${type}`);
    }).immediate();
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS _warden_deliveries (
      seq INTEGER NOT NULL, target TEXT NOT NULL, failures TEXT, PRIMARY KEY (seq, target))
      WITHOUT ROWID;
  `);
}
