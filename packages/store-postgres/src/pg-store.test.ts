import { usePgDatabase } from '@warden/store-postgres/vitest';
import type { WardenError } from '@warden/sys-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from './pg-record-store.js';
import { PG_SCHEMA_VERSION } from './pg-schema.js';

const db = usePgDatabase();
const APP = {
  name: 'pg',
  baseUrl: 'https://app.example.com',
  groups: [{ name: 'staff', label: 'Staff' }],
  entities: { notes: { label: 'title', fields: { title: { type: 'text', required: true, unique: true } } } },
};

const errorOf = (fn: () => unknown): WardenError => {
  try {
    fn();
  } catch (error) {
    return error as WardenError;
  }
  throw new Error('no error');
};

describe.skipIf(!db.available)('PostgreSQL store: layout, sessions and drivers', () => {
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: db.url() });
    await admin.connect();
  });
  afterAll(() => admin.end());

  it('stamps its layout version, keeps stable group ids, and refuses a newer layout', async () => {
    const first = openPgStore({ database: db.url(), app: APP });
    const groupId = first.schema.groups[0]?.id;
    first.close();
    const again = openPgStore({ database: db.url(), app: APP });
    expect(again.schema.groups[0]?.id).toBe(groupId);
    again.close();
    const stamped = await admin.query("SELECT value FROM _warden_meta WHERE key = 'schemaVersion'");
    expect(stamped.rows[0].value).toBe(String(PG_SCHEMA_VERSION));
    await admin.query("UPDATE _warden_meta SET value = $1 WHERE key = 'schemaVersion'", [
      String(PG_SCHEMA_VERSION + 1),
    ]);
    try {
      const error = errorOf(() => openPgStore({ database: db.url(), app: APP }));
      expect(error.code).toBe('badRequest');
      expect(error.info).toMatchObject({ code: 'newerSchema', stored: PG_SCHEMA_VERSION + 1 });
    } finally {
      await admin.query("UPDATE _warden_meta SET value = $1 WHERE key = 'schemaVersion'", [
        String(PG_SCHEMA_VERSION),
      ]);
    }
  });

  it('frees the locks of a session the server ends', async () => {
    const holder = openPgStore({ database: db.url(), app: APP });
    const other = openPgStore({ database: db.url(), app: APP, driver: 'thread' });
    try {
      const id = holder.insert('notes', { title: 'locked' }).id as string;
      holder.lock('notes', id, 'run-1');
      expect(other.tryLock('notes', id, 'run-2')).toBeNull();
      const pids = await admin.query(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()",
      );
      expect(pids.rows).toHaveLength(1);
      await admin.query('SELECT pg_terminate_backend($1)', [pids.rows[0].pid]);
      expect(other.tryLock('notes', id, 'run-2', 5000)?.fields.title).toBe('locked');
    } finally {
      other.close();
      try {
        holder.close();
      } catch {}
    }
  });

  it('works the same over the driver thread, and names no host when it cannot connect', () => {
    const store = openPgStore({ database: db.url(), app: APP, driver: 'thread' });
    try {
      store.begin();
      store.insert('notes', { title: 'thread' });
      expect(store.count('notes', { title: 'thread' })).toBe(1);
      store.rollback();
      expect(store.count('notes', { title: 'thread' })).toBe(0);
    } finally {
      store.close();
    }
    const url = new URL(db.url());
    url.port = '1';
    const error = errorOf(() => openPgStore({ database: url.toString(), app: APP }));
    expect(error.code).toBe('systemException');
    expect(error.info).toMatchObject({ code: 'cannotConnect' });
    expect(error.message).not.toContain('127.0.0.1');
  });
});
