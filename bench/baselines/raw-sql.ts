import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

/** A row of `rec_<entity>` with `data` parsed, the shape the store returns. */
export interface RawRecord {
  id: string;
  version: number;
  label: string | null;
  fields: Record<string, unknown>;
}

interface Row {
  id: string;
  version: number;
  label: string | null;
  data: string;
}

/**
 * The raw baseline: the store's storage layout (`rec_<entity>(id, version, label, data JSON)`)
 * through better-sqlite3 prepared statements, with no validation, hooks or query parsing.
 * The floor under any store; uuid v4 ids stand in for v7 (bench has no uuid dependency).
 */
export function createRawSql(db: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const table = (entity: string) => `rec_${entity.replaceAll('.', '_')}`;
  const parse = (row: Row | undefined): RawRecord | null =>
    row ? { id: row.id, version: row.version, label: row.label, fields: JSON.parse(row.data) } : null;

  return {
    db,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    findById: (entity: string, id: string) =>
      parse(prepare(`SELECT id, version, label, data FROM ${table(entity)} WHERE id = ?`).get(id) as Row),
    /** Every record, newest first, as the store's default sort. */
    *scan(entity: string): Generator<RawRecord> {
      const rows = prepare(
        `SELECT id, version, label, data FROM ${table(entity)} ORDER BY id DESC`,
      ).iterate();
      for (const row of rows as IterableIterator<Row>) yield parse(row)!;
    },
    insert(entity: string, fields: Record<string, unknown>, label: string): RawRecord {
      const id = randomUUID();
      prepare(`INSERT INTO ${table(entity)} (id, version, label, data) VALUES (?, 1, ?, ?)`).run(
        id,
        label,
        JSON.stringify(fields),
      );
      return { id, version: 1, label, fields };
    },
    /** Read, change, write back with a version check: what an update costs at the SQL level. */
    setField(entity: string, id: string, field: string, value: unknown): RawRecord {
      const record = parse(
        prepare(`SELECT id, version, label, data FROM ${table(entity)} WHERE id = ?`).get(id) as Row,
      );
      if (!record) throw new Error(`raw: no ${entity} ${id}`);
      record.fields[field] = value;
      const sql = `UPDATE ${table(entity)} SET version = version + 1, data = ? WHERE id = ? AND version = ?`;
      prepare(sql).run(JSON.stringify(record.fields), id, record.version);
      return { ...record, version: record.version + 1 };
    },
    clear: (entity: string) => prepare(`DELETE FROM ${table(entity)}`).run(),
  };
}

export type RawSql = ReturnType<typeof createRawSql>;
