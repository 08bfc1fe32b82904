import { describe, expect, it } from 'vitest';
import type { Store } from './store-types.js';
import { failure, storePerTest } from './test-kit.js';

let store: Store;
storePerTest((t) => {
  store = t.store;
});

/** Acme (customer, type b), Globex (not, type a), Initech (customer, type a); contacts of each. */
function seed() {
  store.transaction(() => {
    const acme = store.insert('companies', { name: 'Acme', active: true, type: 'b', employees: 50 });
    const globex = store.insert('companies', { name: 'Globex', active: false, type: 'a', employees: 5 });
    const initech = store.insert('companies', { name: 'Initech', active: true, type: 'a', employees: 500 });
    const people: [string, string | null][] = [
      ['Ann', acme.id],
      ['Bob', acme.id],
      ['Cid', globex.id],
      ['Dee', initech.id],
      ['Eve', null],
    ];
    for (const [firstName, company] of people)
      store.insert('contacts', { firstName, lastName: 'X', company });
  });
}

const names = (query: Record<string, unknown>) =>
  store
    .find('contacts', { ...query, _sortField: 'firstName', _sortType: 'asc' })
    .take(100)
    .map((r) => r.fields.firstName);

describe("queries on a related record's fields", () => {
  it('find and count match on a field of the record a relationship points to', () => {
    seed();
    expect(names({ 'company.active': true })).toEqual(['Ann', 'Bob', 'Dee']);
    expect(names({ 'company.active': false })).toEqual(['Cid']);
    expect(names({ 'company.employees': 'greater(10)', 'company.type': 'a' })).toEqual(['Dee']);
    expect(names({ 'company.name': 'like(/glo)' })).toEqual(['Cid']);
    expect(store.count('contacts', { 'company.active': true })).toBe(3);
    // Without a related record there is no related field to match, whatever the operator.
    expect(names({ 'company.name': 'notEquals(Acme)' })).toEqual(['Cid', 'Dee']);
    // The relationship's own id and label still mean the stored reference.
    expect(names({ 'company.label': 'Globex' })).toEqual(['Cid']);
  });

  it('works inside _or, _and and the complex string syntax, and in deleteMany', () => {
    seed();
    expect(names({ _or: { 'company.type': 'b', firstName: 'Eve' } })).toEqual(['Ann', 'Bob', 'Eve']);
    expect(names({ _query: "or(filter('company.employees','less(10)'),filter('firstName','Dee'))" })).toEqual(
      ['Cid', 'Dee'],
    );
    expect(store.deleteMany('contacts', { 'company.active': false })).toBe(1);
    expect(store.count('contacts')).toBe(4);
  });

  it('matches in aggregate pipelines, first stage or later', () => {
    seed();
    const first = store
      .aggregate('contacts', [{ match: { 'company.active': true } }, { count: 'n' }])
      .take(5);
    expect(first).toEqual([{ n: 3 }]);
    const later = store
      .aggregate('contacts', [
        { sort: { firstName: 'asc' } },
        { match: { 'company.type': 'a' } },
        { project: 'firstName' },
      ])
      .take(5)
      .map((d) => d.firstName);
    expect(later).toEqual(['Cid', 'Dee']);
  });

  it('reports unknown and write-only related fields under the whole key', () => {
    seed();
    const e = failure(() => store.count('contacts', { 'company.nope': 1 }), 'badRequest');
    expect(e.message).toContain("key 'company.nope'");
    expect(e.message).toContain("unknown field 'nope' in entity 'companies'");
    failure(() => store.count('contacts', { 'company.employees': 'like(x)' }), 'badRequest');
  });
});
