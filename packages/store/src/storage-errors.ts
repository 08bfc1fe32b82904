import { isWardenError, WardenError } from '@warden/sys-api';

/**
 * Why the storage failed, as `info.code` of the WardenError that reports it:
 * `diskFull` (SQLITE_FULL), `readOnly` (SQLITE_READONLY*), `cannotOpen` (SQLITE_CANTOPEN*),
 * `ioError` (SQLITE_IOERR*), `corrupt` (SQLITE_CORRUPT*), `notADatabase` (SQLITE_NOTADB).
 */
export type StorageCause = 'diskFull' | 'readOnly' | 'cannotOpen' | 'ioError' | 'corrupt' | 'notADatabase';

const CAUSES: [prefix: string, cause: StorageCause][] = [
  ['SQLITE_FULL', 'diskFull'],
  ['SQLITE_READONLY', 'readOnly'],
  ['SQLITE_CANTOPEN', 'cannotOpen'],
  ['SQLITE_IOERR', 'ioError'],
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'notADatabase'],
];

/** The storage cause of a thrown SQLite error, or null for anything else. */
export function storageCause(error: unknown): StorageCause | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || isWardenError(error)) return null;
  for (const [prefix, cause] of CAUSES) if (code === prefix || code.startsWith(`${prefix}_`)) return cause;
  return null;
}

/**
 * Turns a SQLite storage error into a coded WardenError naming `call` and the cause; anything
 * else is returned as it is. `file` is the database path as the embedder gave it: pass it only
 * where the embedder reads the message (opening the store), never in what a script sees.
 */
export function storageError(call: string, error: unknown, file?: string): unknown {
  const cause = storageCause(error);
  if (!cause) return error;
  const it = file === undefined ? 'the database' : `the database file '${file}'`;
  const messages: Record<StorageCause, string> = {
    diskFull:
      file === undefined ? "the database's disk is full" : `the disk of the database file '${file}' is full`,
    readOnly: `${it} is read-only (its file, folder or WAL files cannot be written)`,
    cannotOpen: `${it} cannot be opened (missing folder, or no permission on the file, its folder or its WAL files)`,
    ioError: `${it} could not be read or written (disk I/O error)`,
    corrupt: `${it} is corrupt`,
    notADatabase: `${it} is not a database file`,
  };
  const code = cause === 'notADatabase' ? 'badRequest' : 'systemException';
  return new WardenError(code, `${call}: ${messages[cause]}`, { info: { code: cause }, cause: error });
}

/**
 * What opening the store throws for any failure: a WardenError as it is, a storage error named,
 * anything else (a malformed schema, a driver error) as a `systemException` that keeps the
 * original as its `cause` only.
 */
export function openError(error: unknown, file: string): WardenError {
  const mapped = storageError('openStore', error, file);
  if (isWardenError(mapped)) return mapped;
  return new WardenError('systemException', `openStore: the database file '${file}' could not be opened`, {
    info: { code: 'unreadable' },
    cause: error,
  });
}
