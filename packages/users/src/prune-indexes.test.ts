import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutbox } from '@warden/mail';
import { openStore, type Store } from '@warden/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.js';
import { TEST_APP } from './testing/users-harness.js';
import { createUsers } from './users.js';

// Sign-in, refresh and reset requests prune expired sessions, rate events and codes each time:
// those deletes must find their rows through an index, not by reading whole tables.
const INDEXES = ['users_sessions_refresh_expiry', 'users_rate_events_at', 'users_reset_codes_expiry'];

let dir: string;
let file: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-prune-'));
  file = join(dir, 'app.db');
  store = openStore({ database: file, app: TEST_APP });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens users over `store` and returns every DELETE it prepared on the users_* tables. */
function openUsers(): string[] {
  const prepared: string[] = [];
  const prepare = store.db.prepare.bind(store.db);
  store.db.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof store.db.prepare;
  const outbox = createOutbox(store.db, { from: 'no-reply@app.test', baseUrl: store.app.baseUrl });
  createUsers({ store, outbox, hasher: createPasswordHasher({ ln: 8 }) });
  store.db.prepare = prepare;
  return prepared.filter((sql) => /^\s*DELETE FROM users_/i.test(sql));
}

/** What SQLite plans for `sql`: one line per step (`SCAN t` reads the whole table). */
function plan(sql: string): string[] {
  const params = (sql.match(/\?/g) ?? []).map(() => 0);
  const rows = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail);
}

describe('pruning expired rows', () => {
  it('finds the expired sessions, rate events and reset codes through an index', () => {
    const deletes = openUsers();
    const prunes = deletes.filter((sql) => /<=/.test(sql));
    // The three prunes that run on every sign-in, refresh or reset request are among them.
    for (const table of ['users_sessions', 'users_rate_events', 'users_reset_codes']) {
      expect(prunes.some((sql) => sql.includes(`FROM ${table} `))).toBe(true);
    }
    for (const sql of deletes) {
      const steps = plan(sql);
      expect(steps.join('; '), sql).toMatch(/SEARCH users_\w+ USING (COVERING )?INDEX|PRIMARY KEY/);
      expect(
        steps.some((s) => /^SCAN /.test(s)),
        sql,
      ).toBe(false);
    }
  });

  it('adds the indexes to a database made before them', () => {
    openUsers();
    for (const name of INDEXES) store.db.exec(`DROP INDEX ${name}`);
    const present = () =>
      store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (?, ?, ?) ORDER BY name")
        .pluck()
        .all(...INDEXES);
    expect(present()).toEqual([]);
    openUsers();
    expect(present()).toEqual([...INDEXES].sort());
  });
});
