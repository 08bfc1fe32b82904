import { WardenError } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { isPlainObject } from './problems.js';

/**
 * The layout version of the store's own tables, kept in `_warden_meta` under `schemaVersion`.
 * Raise it when a change to the layout would mislead older code; older code refuses a newer file.
 */
export const STORE_SCHEMA_VERSION = 1;

/** What `checkDatabase` accepts besides a Warden database or an empty one. */
export interface DatabaseCheckOptions {
  /** Add Warden's tables to a database that has other tables and none of Warden's. */
  adoptForeignDatabase?: boolean;
}

/**
 * Looks at a freshly opened database before anything is written to it (the WAL switch included):
 * refuses a database that another application made (tables, but no `_warden_meta`) unless adopted,
 * a damaged `_warden_meta`, and a schema version newer than this code's. SQLite's own errors
 * (not a database, corrupt) propagate for the caller to name. `file` is the path as given.
 */
export function checkDatabase(db: Database.Database, file: string, options: DatabaseCheckOptions): void {
  const tables = db
    .prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
    .pluck()
    .all()
    .filter((name) => !name.startsWith('sqlite_'));
  if (!tables.includes('_warden_meta')) {
    if (tables.length === 0 || options.adoptForeignDatabase === true) return;
    throw new WardenError(
      'badRequest',
      `openStore: the database file '${file}' belongs to another application (it has ${tables.length} table${tables.length === 1 ? '' : 's'} and none of Warden's); adopting it (adoptForeignDatabase) adds Warden's tables to it`,
      { info: { code: 'foreignDatabase' } },
    );
  }
  const meta = readMeta(db, file);
  const version = meta.get('schemaVersion');
  if (version !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(version)) throw damaged(file, 'schemaVersion is not a version number');
    if (Number(version) > STORE_SCHEMA_VERSION) {
      throw new WardenError(
        'badRequest',
        `openStore: the database file '${file}' has schema version ${version}, newer than this Warden's ${STORE_SCHEMA_VERSION}; open it with a newer Warden`,
        { info: { code: 'newerSchema', schemaVersion: Number(version), supported: STORE_SCHEMA_VERSION } },
      );
    }
  }
  const entities = meta.get('entities');
  if (entities !== undefined && !isEntityMap(entities)) {
    throw damaged(file, 'the stored entity definitions are not readable');
  }
}

/** The rows of `_warden_meta`; a table without its two text columns is damaged. */
function readMeta(db: Database.Database, file: string): Map<string, string> {
  const columns = db.prepare<[], string>(`SELECT name FROM pragma_table_info('_warden_meta')`).pluck().all();
  if (!columns.includes('key') || !columns.includes('value')) {
    throw damaged(file, 'the table lacks its key and value columns');
  }
  const rows = db.prepare<[], { key: unknown; value: unknown }>('SELECT key, value FROM _warden_meta').all();
  const meta = new Map<string, string>();
  for (const { key, value } of rows) {
    if (typeof key !== 'string' || typeof value !== 'string') throw damaged(file, 'a row is not text');
    meta.set(key, value);
  }
  return meta;
}

function isEntityMap(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return (
    isPlainObject(value) &&
    Object.entries(value).every(
      ([name, def]) => isPlainObject(def) && def.name === name && isPlainObject(def.fields),
    )
  );
}

const damaged = (file: string, why: string) =>
  new WardenError(
    'systemException',
    `openStore: Warden's metadata table (_warden_meta) in the database file '${file}' is damaged: ${why}`,
    { info: { code: 'damagedMetadata' } },
  );
