import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { emailKey, storedEmail } from './email-form.js';
import { openStore } from './store.js';
import type { Store } from './store-types.js';
import { codes, failure, sampleApp, storePerTest, tempStore } from './test-kit.js';

const USERS = 'sys.users';
const user = (email: string) => ({ firstName: 'É', lastName: 'Lise', email });
const stored = (store: Store, id: string) =>
  (
    store.db.prepare(`SELECT json_extract(data, '$.email') AS e FROM rec_sys_users WHERE id = ?`).get(id) as {
      e: string;
    }
  ).e;

describe('emailKey and storedEmail', () => {
  it('keys are NFC and lower-cased with Unicode rules; ASCII emails are stored as typed', () => {
    expect(emailKey('ÉLISE@X.io')).toBe('élise@x.io');
    expect(emailKey('E\u0301LISE@x.io')).toBe('élise@x.io');
    expect(emailKey('\u212Aim@x.io')).toBe('kim@x.io'); // KELVIN SIGN folds to an ASCII k
    expect(storedEmail('Ada@Example.com')).toBe('Ada@Example.com');
    expect(storedEmail('ÉLISE@X.io')).toBe('élise@x.io');
    for (const e of ['ÉLISE@X.io', 'Ada@Example.com', 'straße@x.io', 'ΣΊΣΥΦΟΣ@x.gr']) {
      expect(emailKey(storedEmail(e))).toBe(emailKey(e));
      expect(storedEmail(storedEmail(e))).toBe(storedEmail(e));
    }
  });
});

describe('emails compare by one key in every path', () => {
  let store: Store;
  storePerTest((t) => {
    store = t.store;
  });

  it('count, find and findOne agree on non-ASCII case variants', () => {
    const u = store.insert(USERS, user('ÉLISE@x.io'));
    expect(stored(store, u.id!)).toBe('élise@x.io');
    for (const variant of ['ÉLISE@x.io', 'élise@x.io', 'Élise@X.IO', 'E\u0301lise@x.io']) {
      expect(store.count(USERS, { email: variant }), variant).toBe(1);
      expect(
        [...store.find(USERS, { email: variant })].map((r) => r.id),
        variant,
      ).toEqual([u.id]);
      expect(store.findOne(USERS, { email: variant })?.id, variant).toBe(u.id);
      expect(store.findOne(USERS, variant)?.id, variant).toBe(u.id);
    }
    expect(store.count(USERS, { email: 'elise@x.io' })).toBe(0);
  });

  it('ASCII emails keep their casing and still match in any case', () => {
    const u = store.insert(USERS, user('Ada@Example.com'));
    expect(store.findById(USERS, u.id!)!.fields.email).toBe('Ada@Example.com');
    expect(store.count(USERS, { email: 'ADA@EXAMPLE.COM' })).toBe(1);
    expect(store.findOne(USERS, 'ada@example.com')?.id).toBe(u.id);
  });

  it('the unique, case-insensitive promise holds for non-ASCII case variants', () => {
    store.insert(USERS, user('ÉLISE@x.io'));
    const e = failure(() => store.insert(USERS, user('élise@x.io')), 'validationErrors');
    expect(codes(e)).toEqual(['email:unique']);
    failure(() => store.insert(USERS, user('E\u0301LISE@X.IO')), 'validationErrors');
    const other = store.insert(USERS, user('other@x.io'));
    failure(() => store.update(USERS, { ...other, fields: { email: 'Élise@x.io' } }), 'validationErrors');
    expect(store.count(USERS)).toBe(2);
  });

  it('indexed email fields of app entities compare the same way', () => {
    store.insert('companies', { name: 'Ærø', contactEmail: 'ÆRØ@x.dk' });
    expect(store.count('companies', { contactEmail: 'ærø@X.DK' })).toBe(1);
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM rec_companies WHERE lower(json_extract(data, '$.contactEmail')) = ?`,
      )
      .all('ærø@x.dk') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX ix_rec_companies_contactEmail/);
  });
});

describe('databases written before the email form', () => {
  it('rewrite their non-ASCII emails once, keep their index and leave an old duplicate alone', () => {
    const t = tempStore();
    const a = t.store.insert(USERS, user('first@x.io'));
    const b = t.store.insert(USERS, user('second@x.io'));
    const c = t.store.insert(USERS, user('third@x.io'));
    t.store.close();
    // As an older version stored them: non-ASCII emails as typed, two of them case variants.
    const raw = new Database(t.database);
    const set = raw.prepare(`UPDATE rec_sys_users SET data = json_set(data, '$.email', ?) WHERE id = ?`);
    set.run('ÉLISE@x.io', a.id);
    set.run('ÖRJAN@x.se', b.id);
    set.run('élise@x.io', c.id); // let in by ASCII-only lower()
    raw.prepare(`DELETE FROM _warden_meta WHERE key = 'emailForm'`).run();
    raw.close();

    const store = openStore({ database: t.database, app: sampleApp() });
    try {
      expect(stored(store, b.id!)).toBe('örjan@x.se');
      expect(store.findOne(USERS, 'Örjan@X.se')?.id).toBe(b.id);
      expect(store.count(USERS, { email: 'ÖRJAN@x.se' })).toBe(1);
      // Of the two variants one keeps its key; the other keeps its old text.
      expect([stored(store, a.id!), stored(store, c.id!)].sort()).toEqual(
        ['élise@x.io', 'ÉLISE@x.io'].sort(),
      );
      expect(store.count(USERS, { email: 'ÉLISE@x.io' })).toBe(1);
      const index = store.db
        .prepare(`SELECT sql FROM sqlite_master WHERE name = 'ux_rec_sys_users_email'`)
        .get() as { sql: string };
      expect(index.sql).toContain(`lower(json_extract(data, '$.email'))`);
      failure(() => store.insert(USERS, user('Örjan@x.se')), 'validationErrors');
    } finally {
      store.close();
      t.close();
    }
  });
});
