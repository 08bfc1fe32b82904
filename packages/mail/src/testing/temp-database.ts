import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A WAL SQLite file in a fresh temp folder, with a connection like the store's. */
export interface TempDatabase {
  dir: string;
  file: string;
  db: Database.Database;
  cleanup(): void;
}

export function createTempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'warden-mail-'));
  const file = join(dir, 'app.db');
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  return {
    dir,
    file,
    db,
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
