import type { RecordData } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import type { EntityDef } from './app-definition.js';
import { emailKey } from './email-form.js';
import { toReadForm } from './record-shape.js';
import { recordTable } from './record-table.js';
import { STORED_ROW_COLUMNS, STORED_ROW_JSON_SQL } from './stored-row-json.js';

/** One stored row of an entity table: `data` is the stored JSON text of the fields. */
export interface StoredRow {
  id: string;
  version: number;
  label: string | null;
  data: string;
}

/** The store's internal name of a stored row. */
export type RecordRow = StoredRow;

/** A stored row in the form records leave the store. */
export function rowToRecord(entity: EntityDef, row: RecordRow): RecordData {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  return { id: row.id, version: row.version, label: row.label, fields: toReadForm(entity.fields, data) };
}

/** Reads rows by id and by label with cached statements. */
export interface RowReader {
  byId(entity: string, id: string): RecordRow | undefined;
  /** The row of `id` as JSON text (see storedRowJson). */
  jsonById(entity: string, id: string): string | undefined;
  byLabel(entity: string, label: string): RecordRow | undefined;
  byEmail(email: string): RecordRow | undefined;
}

/** A row reader over `db`; statements are prepared once per table. */
export function createRowReader(db: Database.Database): RowReader {
  // One statement per entity, found by the entity's name alone: reads are the hottest path, so no
  // SQL text or key is built per call.
  const perEntity = <R = RecordRow>(sql: (table: string) => string, pluck = false) => {
    const cache = new Map<string, Database.Statement<unknown[], R>>();
    return (entity: string) => {
      let stmt = cache.get(entity);
      if (!stmt) {
        stmt = db.prepare<unknown[], R>(sql(recordTable(entity))).pluck(pluck);
        cache.set(entity, stmt);
      }
      return stmt;
    };
  };
  const idStmt = perEntity((table) => `SELECT ${STORED_ROW_COLUMNS} FROM ${table} WHERE id = ?`);
  const jsonStmt = perEntity<string>(
    (table) => `SELECT ${STORED_ROW_JSON_SQL} FROM ${table} WHERE id = ?`,
    true,
  );
  const labelStmt = perEntity(
    (table) => `SELECT ${STORED_ROW_COLUMNS} FROM ${table} WHERE label = ? ORDER BY id DESC LIMIT 1`,
  );
  const emailStmt = db.prepare<unknown[], RecordRow>(
    `SELECT ${STORED_ROW_COLUMNS} FROM rec_sys_users WHERE lower(json_extract(data, '$.email')) = lower(?)`,
  );
  return {
    byId: (entity, id) => idStmt(entity).get(id),
    jsonById: (entity, id) => jsonStmt(entity).get(id),
    byLabel: (entity, label) => labelStmt(entity).get(label),
    // Stored emails fold to their key under lower() (email-form.ts); the key itself is lower already.
    byEmail: (email) => emailStmt.get(emailKey(email)),
  };
}
