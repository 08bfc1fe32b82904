import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_APP, LIFECYCLE_PASSWORD, lifecycleUser } from '../support/lifecycle-app.js';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// A purged user leaves no personal data in the database file or its WAL: not in the record's
// old page images, the search index, audit rows, journaled events or the mail outbox.
const EMAIL = 'quillon.vexmoor@purge.example';
const NAMES = ['Quillon', 'Vexmoor', 'quillon.vexmoor'];

function scan(file: string): string[] {
  const read = (f: string) => {
    try {
      return readFileSync(f);
    } catch {
      return Buffer.alloc(0);
    }
  };
  const bytes = Buffer.concat([read(file), read(`${file}-wal`)])
    .toString('latin1')
    .toLowerCase();
  return [EMAIL, ...NAMES].filter((s) => bytes.includes(s.toLowerCase()));
}

describe('purge leaves no personal data', () => {
  let w: TestRuntime;
  let id: string;
  beforeAll(async () => {
    w = await createTestRuntime({ app: LIFECYCLE_APP });
    w.on('*', () => {}); // events are journaled with their records
    id = (await w.store.insert('sys.users', lifecycleUser('Quillon', 'Vexmoor', EMAIL, 'agents')))
      .id as string;
    await w.store.insert('sys.users', lifecycleUser('Other', 'Person', 'other@purge.example', 'agents'));
    await w.users.signIn(EMAIL, LIFECYCLE_PASSWORD, { ip: '198.51.100.7' });
    await w.users.patchMetadata(id, { userMetadata: { nick: 'quillon.vexmoor' } });
    await w.run(`sys.users.setState('${id}', 'TRASH')`);
  });
  afterAll(() => w?.dispose());

  it('the trashed user cannot sign in, and before the purge the file still holds their data', async () => {
    await expect(w.users.signIn(EMAIL, LIFECYCLE_PASSWORD)).rejects.toMatchObject({ code: 'forbidden' });
    expect(scan(w.database).length).toBeGreaterThan(0);
  });

  it('after purge and checkpoint, neither the file nor the WAL holds the email or the names', async () => {
    expect(await w.users.purgeTrashed(Date.now() + 6 * 86_400_000)).toBe(0); // within the retention
    expect(await w.users.purgeTrashed(Date.now() + 8 * 86_400_000)).toBe(1);
    const db = new Database(w.database);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      // What stays: the audit rows' types and the user's id, without data.
      const audit = db.prepare(`SELECT type, data, changes FROM audit_log WHERE record_id = ?`).all(id) as {
        type: string;
        data: string;
        changes: string | null;
      }[];
      expect(audit.map((r) => r.type)).toContain('user.purged');
      expect(audit.every((r) => r.data === '{}' && r.changes === null)).toBe(true);
      expect(db.prepare(`SELECT count(*) AS n FROM mail_outbox WHERE "to" = ?`).get(EMAIL)).toEqual({ n: 0 });
      expect(db.prepare(`SELECT count(*) AS n FROM mail_outbox`).get()).toEqual({ n: 1 }); // the other user's
    } finally {
      db.close();
    }
    expect(scan(w.database)).toEqual([]);
    expect((await w.users.search('other')).total).toBe(1);
  });
});
