import { accessSync, chmodSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { WardenError } from '@warden/sys-api';

/**
 * SQLite creates a database's `-wal` and `-shm` files with the database file's permissions. When
 * they are created while the database is read-only, they stay read-only after its mode is
 * restored, and every later connection is read-only: writes fail until someone fixes the files by
 * hand. Before opening, this gives such files the database file's mode again when the database
 * file is writable and this process owns them; when it does not own them it reports which file to
 * fix. Messages name the file as `name` (the path as the embedder gave it).
 */
export function repairWalModes(file: string, name = file): void {
  if (!writable(file)) return;
  const mode = statSync(file).mode & 0o666;
  for (const suffix of ['-wal', '-shm']) {
    const path = `${file}${suffix}`;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      continue; // absent: SQLite makes it with the database file's mode
    }
    if (!stat.isFile() || writable(path)) continue;
    if (typeof process.getuid === 'function' && stat.uid === process.getuid()) {
      chmodSync(path, mode | 0o600);
      continue;
    }
    throw new WardenError(
      'systemException',
      `openStore: the database file '${name}' is writable but its '${name}${suffix}' is not (made while the database was read-only); make it writable like the database file`,
      { info: { code: 'readOnly' } },
    );
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Before opening: a database SQLite could only open read-only is refused here, with the reason,
 * instead of failing later as a raw SQLITE_READONLY or SQLITE_CANTOPEN: the file is not writable
 * (permissions, a read-only mount), or its folder is not and the WAL files that SQLite must create
 * there are missing. Then `repairWalModes`. `name` is the file as the embedder gave it.
 */
export function checkFileAccess(file: string, name = file): void {
  if (file === ':memory:' || file === '' || file.startsWith('file:')) return;
  const readOnly = (what: string) =>
    new WardenError('systemException', `openStore: ${what} is read-only`, { info: { code: 'readOnly' } });
  if (existsSync(file)) {
    if (!writable(file)) throw readOnly(`the database file '${name}'`);
    const walMissing = !existsSync(`${file}-wal`) || !existsSync(`${file}-shm`);
    if (walMissing && !writable(dirname(file))) {
      throw readOnly(`the folder of the database file '${name}' (its WAL files cannot be created)`);
    }
    repairWalModes(file, name);
  } else if (existsSync(dirname(file)) && !writable(dirname(file))) {
    throw readOnly(`the folder of the database file '${name}'`);
  }
}
