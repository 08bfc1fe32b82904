import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import { failure, sampleApp, tempStore } from './test-kit.js';

/** The sample app with a search index on companies. */
function searchApp() {
  const app = sampleApp() as { entities: { companies: Record<string, unknown> } };
  app.entities.companies.globalSearch = true;
  return app;
}

const names = (store: ReturnType<typeof tempStore>['store'], text: string, more = {}) =>
  store
    .find('companies', { _globalSearch: text, _sortField: 'name', _sortType: 'asc', ...more })
    .take(50)
    .map((r) => r.fields.name);

describe('global search (_globalSearch)', () => {
  it('finds records by words of any text field, as prefixes, ignoring case and accents', () => {
    const t = tempStore(searchApp());
    try {
      const { store } = t;
      store.transaction(() => {
        store.insert('companies', { name: 'Acme', notes: 'Makes rocket skates for coyotes' });
        store.insert('companies', { name: 'Globex', notes: 'Café owner, very secretive', type: 'b' });
        store.insert('companies', { name: 'Initech', contactEmail: 'bill@initech.example' });
      });
      expect(names(store, 'rocket')).toEqual(['Acme']);
      expect(names(store, 'ROCK coyote')).toEqual(['Acme']);
      expect(names(store, 'cafe')).toEqual(['Globex']);
      expect(names(store, 'initech')).toEqual(['Initech']);
      expect(names(store, '"rocket skates"')).toEqual(['Acme']);
      expect(names(store, '"skates rocket"')).toEqual([]);
      expect(names(store, 'rocket', { type: 'b' })).toEqual([]);
      expect(store.count('companies', { _globalSearch: 'ex' })).toBe(1);
      expect(store.count('companies', { _globalSearch: 'zz' })).toBe(0);
    } finally {
      t.close();
    }
  });

  it('follows every write in its transaction: update, remove, bulk delete, rollback', () => {
    const t = tempStore(searchApp());
    try {
      const { store } = t;
      const acme = store.insert('companies', { name: 'Acme', notes: 'anvils' });
      store.update('companies', { ...acme, fields: { notes: 'rockets' } });
      expect(names(store, 'anvils')).toEqual([]);
      expect(names(store, 'rockets')).toEqual(['Acme']);
      expect(() =>
        store.transaction(() => {
          store.insert('companies', { name: 'Ghost', notes: 'rockets' });
          throw new Error('roll back');
        }),
      ).toThrow('roll back');
      expect(names(store, 'rockets')).toEqual(['Acme']);
      store.insert('companies', { name: 'Beta', notes: 'rockets' });
      expect(store.deleteMany('companies', { _globalSearch: 'rockets', name: 'Beta' })).toBe(1);
      store.remove('companies', acme.id as string);
      expect(names(store, 'rockets')).toEqual([]);
      const db = new Database(t.database, { readonly: true });
      expect(db.prepare('SELECT count(*) FROM "fm_rec_companies"').pluck().get()).toBe(0);
      db.close();
    } finally {
      t.close();
    }
  });

  it('is built on open for a database made before it, and rebuilt when the text fields change', () => {
    const t = tempStore(searchApp());
    const { database } = t;
    t.store.insert('companies', { name: 'Acme', notes: 'anvils', website: 'https://acme.example' });
    t.store.close();
    const db = new Database(database);
    for (const trigger of ['fi', 'fu', 'fd']) db.exec(`DROP TRIGGER "${trigger}_rec_companies"`);
    db.exec('DROP TABLE "ft_rec_companies"; DROP TABLE "fm_rec_companies"');
    db.close();
    let store = openStore({ database, app: searchApp() });
    expect(store.count('companies', { _globalSearch: 'anvils' })).toBe(1);
    store.close();
    const app = searchApp() as unknown as { entities: { companies: { fields: Record<string, unknown> } } };
    delete app.entities.companies.fields.notes;
    store = openStore({ database, app });
    expect(store.count('companies', { _globalSearch: 'anvils' })).toBe(0);
    expect(store.count('companies', { _globalSearch: 'acme' })).toBe(1);
    store.close();
    // Without the flag the index and its triggers go: writes no longer pay for them.
    store = openStore({ database, app: sampleApp() });
    expect(
      store.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name LIKE 'f%rec_companies%'`).pluck().get(),
    ).toBe(0);
    expect(
      failure(() => store.count('companies', { _globalSearch: 'acme' }), 'badRequest').message,
    ).toContain('declare "globalSearch": true');
    store.close();
    t.close();
  });

  it('refuses a search without words or on an entity without text fields', () => {
    const t = tempStore({
      name: 'x',
      entities: {
        nums: { globalSearch: true, fields: { n: { type: 'integer' } } },
        words: { globalSearch: true, fields: { w: { type: 'text' } } },
      },
    });
    try {
      expect(failure(() => t.store.count('nums', { _globalSearch: 'a' }), 'badRequest').message).toContain(
        'no text fields',
      );
      failure(() => t.store.count('words', { _globalSearch: ' ,; ' }), 'badRequest');
      failure(() => t.store.count('words', { _globalSearch: 3 }), 'badRequest');
    } finally {
      t.close();
    }
  });
});
