import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';

/**
 * Gives every named item a stable id, kept in `table` across reopens. An explicit id in the
 * definition wins (and takes the id away from any other name); otherwise the first id stays.
 */
export function syncStableIds(
  db: Database.Database,
  table: '_warden_groups' | '_warden_identity_providers',
  items: readonly { name: string; id?: string }[],
): Map<string, string> {
  const find = db.prepare<[string], { id: string }>(`SELECT id FROM ${table} WHERE name = ?`);
  const upsert = db.prepare(
    `INSERT INTO ${table} (name, id) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET id = excluded.id`,
  );
  const evict = db.prepare(`DELETE FROM ${table} WHERE id = ? AND name <> ?`);
  const ids = new Map<string, string>();
  const explicitFirst = [...items].sort((a, b) => Number(b.id !== undefined) - Number(a.id !== undefined));
  for (const item of explicitFirst) {
    const stored = find.get(item.name)?.id;
    const taken = (id: string) => [...ids.values()].includes(id);
    let id = item.id ?? (stored && !taken(stored) ? stored : uuidv7());
    if (item.id !== undefined) evict.run(item.id, item.name);
    else if (taken(id)) id = uuidv7();
    if (id !== stored) upsert.run(item.name, id);
    ids.set(item.name, id);
  }
  return ids;
}
