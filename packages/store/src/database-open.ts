import Database from 'better-sqlite3';
import { checkFileAccess } from './file-access.js';
import { openError } from './storage-errors.js';

/** Longest pattern the SQL `regexp` function accepts; longer ones are a query error. */
export const MAX_REGEXP_LENGTH = 500;
const CACHE_SIZE = 200;
/** Bytes of the database file SQLite reads through a memory map. */
const MMAP_BYTES = 256 * 1024 * 1024;

/**
 * Registers `regexp(pattern, value)` (what SQLite's `value REGEXP pattern` calls):
 * case-insensitive, pattern length capped, compiled patterns cached (least recently used out).
 */
export function registerRegexp(db: Database.Database): void {
  const cache = new Map<string, RegExp>();
  const compile = (pattern: string): RegExp => {
    let re = cache.get(pattern);
    if (re) {
      cache.delete(pattern);
    } else {
      if (pattern.length > MAX_REGEXP_LENGTH)
        throw new Error(`regexp: pattern longer than ${MAX_REGEXP_LENGTH}`);
      re = new RegExp(pattern, 'i');
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(pattern, re);
    return re;
  };
  db.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (value === null || value === undefined || typeof pattern !== 'string') return null;
    return compile(pattern).test(String(value)) ? 1 : 0;
  });
}

/**
 * Opens a better-sqlite3 connection in WAL mode with a busy timeout and `regexp`. Before the first
 * write (the WAL switch), read-only `-wal`/`-shm` files left by a read-only spell are repaired and
 * `check` looks at what the file holds. SQLite's storage errors become coded WardenErrors naming
 * the file as given.
 */
export function openDatabase(
  file: string,
  busyTimeoutMs: number,
  check?: (db: Database.Database) => void,
  name = file,
): Database.Database {
  let db: Database.Database;
  try {
    checkFileAccess(file, name);
    db = new Database(file);
  } catch (error) {
    throw openError(error, name);
  }
  try {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    check?.(db);
    if (file !== ':memory:' && file !== '') {
      db.pragma('journal_mode = WAL');
      // Reads through a memory map instead of a read() per page: point lookups in a large file
      // (hundreds of MB, far beyond the 2 MB page cache) stay close to their cost in a small one.
      db.pragma(`mmap_size = ${MMAP_BYTES}`);
    }
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    db.close();
    throw openError(error, name);
  }
  registerRegexp(db);
  return db;
}

/** The tables the store itself keeps besides the entity tables. */
export function createSystemTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS _warden_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS _warden_groups (name TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE);
    CREATE TABLE IF NOT EXISTS _warden_identity_providers (name TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE);
  `);
}

/** True when a thrown value is SQLite reporting that the database is busy or locked. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
