import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import type { Store } from './store-types.js';
import { codes, failure } from './test-kit.js';

// The field types the Slingr field-type pages list that Warden adds to its own: time (`HH:mm`),
// money (a number), url and rank (strings). Each stores, validates, queries and aggregates like
// the type it resembles.
const app = {
  name: 'types',
  entities: {
    shops: {
      label: 'name',
      fields: {
        name: { type: 'text', required: true },
        opens: { type: 'time', min: '06:00' },
        budget: { type: 'money' },
        homepage: { type: 'url' },
        rank: { type: 'rank', indexed: true },
      },
    },
  },
};

let store: Store;
afterEach(() => store?.close());

describe('time, money, url and rank fields', () => {
  it('store their values as given and refuse values of the wrong form, every field at once', () => {
    store = openStore({ database: ':memory:', app });
    const shop = store.insert('shops', {
      name: 'A',
      opens: '08:30',
      budget: '1500.25',
      homepage: '(http://a.test)<A>',
      rank: 'iiiii',
    });
    expect(shop.fields).toMatchObject({
      opens: '08:30',
      budget: 1500.25,
      homepage: '(http://a.test)<A>',
      rank: 'iiiii',
    });
    const e = failure(
      () => store.insert('shops', { name: 'B', opens: '8:30', budget: 'lots', homepage: 5 }),
      'validationErrors',
    );
    expect(codes(e)).toEqual(['opens:type', 'budget:type', 'homepage:type']);
    expect(
      codes(failure(() => store.insert('shops', { name: 'C', opens: '05:59' }), 'validationErrors')),
    ).toEqual(['opens:min']);
  });

  it('query times and money by range, ranks in order, and sum money', () => {
    store = openStore({ database: ':memory:', app });
    for (const [name, opens, budget, rank] of [
      ['A', '08:00', 10.5, 'i'],
      ['B', '10:30', 20.25, 'c'],
      ['C', '12:00', 30, 'r'],
    ] as const) {
      store.insert('shops', { name, opens, budget, rank });
    }
    expect(store.count('shops', { opens: 'greater(10:00)' })).toBe(2);
    expect(store.count('shops', { budget: 'between(10,21)' })).toBe(2);
    const ordered = [...store.find('shops', { _sortField: 'rank', _sortType: 'asc' })].map(
      (r) => r.fields.name,
    );
    expect(ordered).toEqual(['B', 'A', 'C']);
    const [total] = [...store.aggregate('shops', [{ group: { total: 'sum(budget)' } }])];
    expect(total).toMatchObject({ total: 60.75 });
    expect(failure(() => store.count('shops', { opens: 'greater(10am)' }), 'badRequest').message).toMatch(
      /expected a time \(HH:mm\)/,
    );
  });

  it('the app definition checks their bounds in their own units', () => {
    const bad = { ...app, entities: { shops: { fields: { opens: { type: 'time', max: '25:00' } } } } };
    expect(() => openStore({ database: ':memory:', app: bad })).toThrow(/must be a time \(HH:mm\)/);
  });
});
