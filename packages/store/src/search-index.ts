import type Database from 'better-sqlite3';
import type { EntityDef } from './app-definition.js';
import { searchPaths, searchTables } from './query/search-text.js';
import { recordTable } from './record-table.js';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const lit = (path: string[]) => `'$.${path.join('.')}'`;

/** The text a record contributes to the index, from its `data` as `row.data` (`new`, `old`, `r`). */
function bodyExpr(paths: string[][], row: string): string {
  const parts = paths.map((p) => `json_extract(${row}.data, ${lit(p)})`);
  return parts.length === 1 ? `coalesce(${parts[0]}, '')` : `concat_ws(' ', ${parts.join(', ')})`;
}

/** The triggers that keep an entity's search index in the record write's own statement. */
function triggerSql(entity: EntityDef, paths: string[][]): Map<string, string> {
  const table = recordTable(entity.name);
  const { fts, map } = searchTables(entity.name);
  const docid = (row: string) => `(SELECT docid FROM ${q(map)} WHERE id = ${row}.id)`;
  const out = new Map<string, string>();
  out.set(
    `fi_${table}`,
    `CREATE TRIGGER ${q(`fi_${table}`)} AFTER INSERT ON ${q(table)} BEGIN ` +
      `INSERT INTO ${q(map)} (id) VALUES (new.id); ` +
      `INSERT INTO ${q(fts)} (rowid, body) VALUES (last_insert_rowid(), ${bodyExpr(paths, 'new')}); END`,
  );
  out.set(
    `fu_${table}`,
    `CREATE TRIGGER ${q(`fu_${table}`)} AFTER UPDATE OF data ON ${q(table)} ` +
      `WHEN ${bodyExpr(paths, 'old')} IS NOT ${bodyExpr(paths, 'new')} BEGIN ` +
      `DELETE FROM ${q(fts)} WHERE rowid = ${docid('old')}; ` +
      `INSERT INTO ${q(fts)} (rowid, body) VALUES (${docid('new')}, ${bodyExpr(paths, 'new')}); END`,
  );
  out.set(
    `fd_${table}`,
    `CREATE TRIGGER ${q(`fd_${table}`)} AFTER DELETE ON ${q(table)} BEGIN ` +
      `DELETE FROM ${q(fts)} WHERE rowid = ${docid('old')}; ` +
      `DELETE FROM ${q(map)} WHERE id = old.id; END`,
  );
  return out;
}

/** Drops an entity's search tables and triggers (triggers go with their table too). */
export function dropSearchIndex(db: Database.Database, entity: string): void {
  const table = recordTable(entity);
  const { fts, map } = searchTables(entity);
  for (const t of ['fi', 'fu', 'fd']) db.exec(`DROP TRIGGER IF EXISTS ${q(`${t}_${table}`)}`);
  db.exec(`DROP TABLE IF EXISTS ${q(fts)}`);
  db.exec(`DROP TABLE IF EXISTS ${q(map)}`);
}

/**
 * Gives an entity declared `globalSearch: true` that has text fields its global-search index, kept by triggers so that every write
 * (saves, removes, bulk deletes, hooks' writes) updates it in the same transaction. When the
 * triggers are missing or were made for other fields (a new database, one older than the index,
 * a changed definition), the index is rebuilt from the stored records.
 */
export function syncSearchIndex(db: Database.Database, entity: EntityDef): void {
  const paths = entity.globalSearch ? searchPaths(entity.fields) : [];
  if (paths.length === 0) {
    dropSearchIndex(db, entity.name);
    return;
  }
  const wanted = triggerSql(entity, paths);
  const existing = db
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)`,
    )
    .all(...wanted.keys());
  const current = existing.length === wanted.size && existing.every((t) => wanted.get(t.name) === t.sql);
  if (current) return;
  dropSearchIndex(db, entity.name);
  const table = recordTable(entity.name);
  const { fts, map } = searchTables(entity.name);
  db.exec(`CREATE TABLE ${q(map)} (docid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)`);
  db.exec(`CREATE VIRTUAL TABLE ${q(fts)} USING fts5(body, content='', contentless_delete=1)`);
  db.exec(`INSERT INTO ${q(map)} (id) SELECT id FROM ${q(table)}`);
  db.exec(
    `INSERT INTO ${q(fts)} (rowid, body) SELECT m.docid, ${bodyExpr(paths, 'r')} FROM ${q(table)} r JOIN ${q(map)} m ON m.id = r.id`,
  );
  for (const sql of wanted.values()) db.exec(sql);
}
