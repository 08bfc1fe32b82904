import type { RecordData } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import type { EntityDef } from './app-definition.js';
import { toReadForm } from './record-shape.js';
import { recordTable } from './record-table.js';

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
  byLabel(entity: string, label: string): RecordRow | undefined;
  byEmail(email: string): RecordRow | undefined;
}

/** A row reader over `db`; statements are prepared once per table. */
export function createRowReader(db: Database.Database): RowReader {
  const cache = new Map<string, Database.Statement<unknown[], RecordRow>>();
  const prepared = (key: string, sql: string) => {
    const stmt = cache.get(key) ?? db.prepare<unknown[], RecordRow>(sql);
    cache.set(key, stmt);
    return stmt;
  };
  const cols = 'id, version, label, data';
  return {
    byId: (entity, id) =>
      prepared(`id:${entity}`, `SELECT ${cols} FROM ${recordTable(entity)} WHERE id = ?`).get(id),
    byLabel: (entity, label) =>
      prepared(
        `label:${entity}`,
        `SELECT ${cols} FROM ${recordTable(entity)} WHERE label = ? ORDER BY id DESC LIMIT 1`,
      ).get(label),
    byEmail: (email) =>
      prepared(
        'email',
        `SELECT ${cols} FROM rec_sys_users WHERE lower(json_extract(data, '$.email')) = lower(?)`,
      ).get(email),
  };
}
