import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REGEXP_LENGTH, openDatabase } from './database-open.js';
import { openStore } from './store.js';
import { sampleApp, tempDir } from './test-kit.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

describe('openDatabase', () => {
  it('uses WAL, a busy timeout, synchronous NORMAL and a case-insensitive regexp()', () => {
    const d = tempDir();
    dirs.push(d);
    const db = openDatabase(join(d.dir, 'x.db'), 1234);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('mmap_size', { simple: true })).toBe(256 * 1024 * 1024);
      const test = db.prepare('SELECT ? REGEXP ?').pluck();
      expect(test.get('Hello World', '^hello')).toBe(1);
      expect(test.get('Hello', 'x$')).toBe(0);
      expect(db.prepare('SELECT regexp(?, NULL)').pluck().get('a')).toBeNull();
      expect(() => test.get('a', 'a'.repeat(MAX_REGEXP_LENGTH + 1))).toThrow(/pattern longer/);
    } finally {
      db.close();
    }
  });

  it('openStore refuses bad options with badRequest', () => {
    expect(() => openStore({ database: '', app: sampleApp() })).toThrow(
      expect.objectContaining({ code: 'badRequest' }),
    );
    expect(() => openStore({ database: ':memory:', app: sampleApp(), busyTimeoutMs: -1 })).toThrow(
      /busyTimeoutMs/,
    );
    expect(() => openStore(null as never)).toThrow(/options must be an object/);
    expect(() => openStore({ database: ':memory:', app: { name: 'x', entities: { a: {} } } })).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        errors: [expect.objectContaining({ field: 'entities.a.fields' })],
      }),
    );
  });

  it('builds the AppSchema with write-only flags, defaults and stable ids', () => {
    const store = openStore({ database: ':memory:', app: sampleApp() });
    try {
      const users = store.schema.entities['sys.users']!;
      expect(users.label).toBe('{firstName} {lastName}');
      expect(users.fields.status).toMatchObject({
        type: 'choice',
        options: ['ACTIVE', 'INACTIVE', 'BLOCKED'],
        default: 'ACTIVE',
      });
      expect(users.fields.authentication!.fields!.newPassword).toMatchObject({ writeOnly: true });
      expect(store.schema.entities.contacts!.fields.company).toMatchObject({
        type: 'relationship',
        entity: 'companies',
      });
      expect(store.schema.groups.map((g) => g.name)).toEqual(['admins', 'staff']);
      expect(store.schema.identityProviders[0]).toMatchObject({ name: 'google', type: 'oauth' });
      expect(JSON.parse(JSON.stringify(store.schema))).toEqual(store.schema);
    } finally {
      store.close();
    }
  });
});
