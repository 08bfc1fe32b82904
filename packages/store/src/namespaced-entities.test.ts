import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadAppDefinition } from './app-definition-load.js';
import { tableName } from './query/table-name.js';
import { failure, tempStore } from './test-kit.js';

const app = {
  name: 'ns',
  entities: {
    'support.tickets': {
      label: 'title',
      fields: {
        title: { type: 'text', required: true, unique: true },
        customer: { type: 'relationship', entity: 'frontendBilling.projectServices' },
      },
    },
    'frontendBilling.projectServices': { label: 'name', fields: { name: { type: 'text' } } },
    // These two would share `rec_a_b_c` if a dot were written as `_`.
    'a.b_c': { fields: { x: { type: 'integer' } } },
    'a_b.c': { fields: { x: { type: 'integer' } } },
  },
};

describe('namespaced entity names', () => {
  it('give each entity its own table, keeping the tables of names without a dot', () => {
    expect(tableName('sys.users')).toBe('rec_sys_users');
    expect(tableName('companies')).toBe('rec_companies');
    expect(tableName('a.b_c')).not.toBe(tableName('a_b.c'));
    const t = tempStore(app);
    try {
      const tables = new Database(t.database, { readonly: true })
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rec%'`)
        .pluck()
        .all();
      expect(tables).toEqual(
        expect.arrayContaining(['rec_sys_users', 'rec_support$tickets', 'rec_a$b_c', 'rec_a_b$c']),
      );
    } finally {
      t.close();
    }
  });

  it('store, find, count, relate, aggregate and delete records of a namespaced entity', () => {
    const t = tempStore(app);
    try {
      const { store } = t;
      store.transaction(() => {
        const svc = store.insert('frontendBilling.projectServices', { name: 'Hosting' });
        store.insert('support.tickets', { title: 'Down', customer: svc.id });
        store.insert('support.tickets', { title: 'Slow' });
        store.insert('a.b_c', { x: 1 });
        store.insert('a_b.c', { x: 2 });
      });
      expect(store.count('support.tickets', { 'customer.label': 'Hosting' })).toBe(1);
      expect(store.findOne('support.tickets', { title: 'Down' })?.fields.customer).toMatchObject({
        label: 'Hosting',
      });
      expect(store.findOne('a.b_c')?.fields.x).toBe(1);
      expect(store.findOne('a_b.c')?.fields.x).toBe(2);
      const groups = store.aggregate('support.tickets', [{ count: 'n' }]).take(5);
      expect(groups).toEqual([{ n: 2 }]);
      failure(() => store.insert('support.tickets', { title: 'Down' }), 'validationErrors');
      expect(store.deleteMany('support.tickets', { title: 'Slow' })).toBe(1);
      expect(store.count('support.tickets')).toBe(1);
    } finally {
      t.close();
    }
  });

  it('refuses malformed names, the sys namespace and names whose tables clash', () => {
    const problems = (entities: Record<string, unknown>) =>
      failure(() => loadAppDefinition({ name: 'x', entities }), 'badRequest').errors.map(
        (e) => `${e.field}:${e.code}`,
      );
    const f = { fields: { a: { type: 'text' } } };
    expect(problems({ 'a..b': f, '.a': f, 'a.': f, 'a.1b': f })).toEqual([
      'entities.a..b:identifier',
      'entities..a:identifier',
      'entities.a.:identifier',
      'entities.a.1b:identifier',
    ]);
    expect(problems({ 'sys.tickets': f })).toEqual(['entities.sys.tickets:reserved']);
    expect(problems({ 'Support.Tickets': f, 'support.tickets': f })).toEqual([
      'entities.support.tickets:duplicate',
    ]);
  });
});
