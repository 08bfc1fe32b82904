import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@warden/store';
import { openPgStore, type RecordStore } from '@warden/store-postgres';
import { usePgDatabase } from '@warden/store-postgres/vitest';
import { afterAll } from 'vitest';
import { APP } from './backend-app.js';

/** A backend under test: `open` gives a new store (a new connection) on one database per file. */
export interface Backend {
  name: string;
  /** How a child process opens the same database (see lock-holder.ts). */
  database(): string;
  open(): RecordStore;
}

/** The backends every suite of this folder runs against: SQLite, and PostgreSQL when there is a server. */
export function backends(): Backend[] {
  const dir = mkdtempSync(join(tmpdir(), 'warden-backends-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'store.db');
  const pg = usePgDatabase();
  const list: Backend[] = [
    { name: 'sqlite', database: () => file, open: () => openStore({ database: file, app: APP }) },
  ];
  if (pg.available)
    list.push({
      name: 'postgres',
      database: () => pg.url(),
      open: () => openPgStore({ database: pg.url(), app: APP }),
    });
  return list;
}

export { APP, openBackend } from './backend-app.js';
