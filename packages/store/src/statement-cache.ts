import type Database from 'better-sqlite3';

/** Prepares a SQL text once and reuses the statement; at most `max` are kept. */
export type Prepare = (sql: string) => Database.Statement;

/** A statement cache over `db` (least recently used out), because preparing costs more than running. */
export function createStatementCache(db: Database.Database, max = 256): Prepare {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    const hit = cache.get(sql);
    if (hit) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = db.prepare(sql);
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(sql, stmt);
    return stmt;
  };
}
