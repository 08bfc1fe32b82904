import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAggregate, tableName } from './index.js';
import { app, idOf, openTestDb, type TestDb } from './test-fixture.js';

let t: TestDb;
const ids: string[] = [];

function agg(pipeline: unknown[], entity = 'companies'): Record<string, unknown>[] {
  const { text, params } = compileAggregate(app, entity, pipeline, tableName);
  expect(text.startsWith('WITH ')).toBe(true);
  expect(text).not.toContain(';');
  return (t.db.prepare(text).all(...params) as { doc: string }[]).map((r) => JSON.parse(r.doc));
}

beforeAll(() => {
  t = openTestDb();
  const ann = { id: idOf(100), label: 'Ann' };
  ids.push(
    t.insert('companies', {
      name: 'Acme',
      type: 'a',
      employees: 10,
      revenue: 2,
      isCustomer: true,
      tags: ['red', 'blue'],
      owner: ann,
      hq: { city: 'Austin' },
    }),
    t.insert('companies', {
      name: 'Blogpad',
      type: 'b',
      employees: 20,
      revenue: null,
      isCustomer: false,
      tags: [],
      hq: { city: 'Boston' },
    }),
    t.insert('companies', {
      name: 'Jazzy',
      type: 'a',
      employees: 30,
      revenue: 4,
      isCustomer: true,
      tags: ['red'],
      owner: ann,
      hq: { city: 'Austin' },
    }),
    t.insert('companies', {
      name: 'Zed',
      type: 'b',
      employees: 5,
      revenue: 1,
      isCustomer: true,
      addresses: [
        { id: 'z1', state: 'CA' },
        { id: 'z2', state: 'NY' },
      ],
      partners: [
        { id: idOf(5), label: 'Carl' },
        { id: idOf(7), label: 'Eve' },
      ],
    }),
  );
  t.insert('contacts', { firstName: 'Carl', company: { id: ids[0], label: 'Acme' }, score: 3 });
  t.insert('contacts', { firstName: 'Dina', company: { id: ids[0], label: 'Acme' }, score: 5 });
  t.insert('contacts', { firstName: 'Eve', company: { id: ids[2], label: 'Jazzy' }, score: 1 });
});
afterAll(() => t.close());

describe('aggregate stages', () => {
  it('match returns plain documents with id, relationships as {id, label}, newest first', () => {
    const docs = agg([{ match: { type: 'a' } }]);
    expect(docs.map((d) => d.name)).toEqual(['Jazzy', 'Acme']);
    expect(docs[1]).toMatchObject({
      id: ids[0],
      owner: { id: idOf(100), label: 'Ann' },
      isCustomer: true,
      tags: ['red', 'blue'],
    });
  });
  it('group with every accumulator; avg ignores nulls; first and last follow document order', () => {
    const docs = agg([
      { sort: { employees: 'asc' } },
      {
        group: {
          by: 'type',
          n: 'count()',
          staff: 'sum(employees)',
          avgRevenue: 'avg(revenue)',
          firstName: 'first(name)',
          lastName: 'last(name)',
          least: 'min(employees)',
          most: 'max(name)',
        },
      },
    ]);
    expect(docs).toEqual([
      {
        type: 'a',
        n: 2,
        staff: 40,
        avgRevenue: 3,
        firstName: 'Acme',
        lastName: 'Jazzy',
        least: 10,
        most: 'Jazzy',
      },
      {
        type: 'b',
        n: 2,
        staff: 25,
        avgRevenue: 1,
        firstName: 'Zed',
        lastName: 'Blogpad',
        least: 5,
        most: 'Zed',
      },
    ]);
  });
  it('group by several fields, dotted paths and relationships; without by, one group', () => {
    expect(agg([{ group: { by: 'type,hq.city', n: 'count()' } }])).toEqual([
      { type: 'a', hq: { city: 'Austin' }, n: 2 },
      { type: 'b', hq: { city: null }, n: 1 },
      { type: 'b', hq: { city: 'Boston' }, n: 1 },
    ]);
    expect(
      agg([{ match: { owner: 'notEmpty()' } }, { group: { by: ['owner'], first: 'first(owner)' } }]),
    ).toEqual([{ owner: { id: idOf(100), label: 'Ann' }, first: { id: idOf(100), label: 'Ann' } }]);
    expect(agg([{ group: { total: 'sum(revenue)' } }])).toEqual([{ total: 7 }]);
    expect(agg([{ match: { type: 'c' } }, { group: { total: 'sum(revenue)' } }])).toEqual([]);
  });
  it('sort on several keys, stable', () => {
    const docs = agg([{ sort: { type: 'desc', employees: 'asc' } }, { project: 'name' }]);
    expect(docs.map((d) => d.name)).toEqual(['Zed', 'Blogpad', 'Acme', 'Jazzy']);
  });
  it('project keeps the paths and id; a parent includes its children', () => {
    expect(agg([{ match: { name: 'Acme' } }, { project: 'name,hq.city' }])).toEqual([
      { id: ids[0], name: 'Acme', hq: { city: 'Austin' } },
    ]);
    expect(agg([{ match: { name: 'Zed' } }, { project: ['addresses'] }])).toEqual([
      {
        id: ids[3],
        addresses: [
          { id: 'z1', state: 'CA' },
          { id: 'z2', state: 'NY' },
        ],
      },
    ]);
  });
  it('count gives one document, also when nothing matched', () => {
    expect(agg([{ match: { isCustomer: true } }, { count: 'customers' }])).toEqual([{ customers: 3 }]);
    expect(agg([{ match: { type: 'c' } }, { count: 'n' }])).toEqual([{ n: 0 }]);
  });
  it('skip and limit', () => {
    const names = (p: unknown[]) =>
      agg([{ sort: { name: 'asc' } }, ...p, { project: 'name' }]).map((d) => d.name);
    expect(names([{ skip: 1 }, { limit: 2 }])).toEqual(['Blogpad', 'Jazzy']);
    expect(names([{ limit: { step: 1 } }])).toEqual(['Acme']);
  });
  it('unwind one document per element, with or without empty ones', () => {
    const tags = (includeEmpty: boolean) =>
      agg([
        { sort: { name: 'asc' } },
        { unwind: { fieldPath: 'tags', includeEmpty } },
        { project: 'name,tags' },
      ]).map((d) => `${d.name}:${d.tags}`);
    expect(tags(false)).toEqual(['Acme:red', 'Acme:blue', 'Jazzy:red']);
    expect(tags(true)).toEqual(['Acme:red', 'Acme:blue', 'Blogpad:null', 'Jazzy:red', 'Zed:null']);
    expect(agg([{ unwind: { fieldPath: 'addresses' } }, { project: 'addresses.state' }])).toEqual([
      { id: ids[3], addresses: { state: 'CA' } },
      { id: ids[3], addresses: { state: 'NY' } },
    ]);
  });
  it('lookup attaches matching foreign records both ways through a relationship', () => {
    const contacts = agg(
      [
        { match: { firstName: 'Eve' } },
        {
          lookup: {
            localFieldPath: 'company',
            foreignFieldPath: 'id',
            foreignEntityName: 'companies',
            as: 'companyDoc',
          },
        },
      ],
      'contacts',
    );
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.companyDoc).toEqual([
      expect.objectContaining({ id: ids[2], name: 'Jazzy', hq: { city: 'Austin' } }),
    ]);
    const withContacts = agg([
      { sort: { name: 'asc' } },
      {
        lookup: {
          localFieldPath: 'id',
          foreignFieldPath: 'company',
          foreignEntityName: 'contacts',
          as: 'people',
        },
      },
      { project: 'name,people.firstName' },
    ]);
    expect(
      withContacts.map((d) => [d.name, (d.people as { firstName: string }[]).map((p) => p.firstName)]),
    ).toEqual([
      ['Acme', ['Dina', 'Carl']],
      ['Blogpad', []],
      ['Jazzy', ['Eve']],
      ['Zed', []],
    ]);
  });
  it('lookup through multi-valued fields matches any element, on either side', () => {
    const lookup = {
      localFieldPath: 'partners',
      foreignFieldPath: 'id',
      foreignEntityName: 'contacts',
      as: 'people',
    };
    const docs = agg([{ match: { name: 'Zed' } }, { lookup }, { project: 'people.firstName' }]);
    expect(docs).toEqual([
      {
        id: ids[3],
        people: [
          { id: idOf(7), firstName: 'Eve' },
          { id: idOf(5), firstName: 'Carl' },
        ],
      },
    ]);
    const back = {
      localFieldPath: 'id',
      foreignFieldPath: 'partners',
      foreignEntityName: 'companies',
      as: 'partnerOf',
    };
    const contacts = agg(
      [{ sort: { firstName: 'asc' } }, { lookup: back }, { project: 'firstName,partnerOf.name' }],
      'contacts',
    );
    expect(
      contacts.map((c) => [c.firstName, (c.partnerOf as { name: string }[]).map((p) => p.name)]),
    ).toEqual([
      ['Carl', ['Zed']],
      ['Dina', []],
      ['Eve', ['Zed']],
    ]);
  });
  it('a multi-stage pipeline: unwind, group, match on the new shape, sort, limit', () => {
    const docs = agg([
      { match: { isCustomer: true } },
      { unwind: { fieldPath: 'tags' } },
      { group: { by: 'tags', n: 'count()', staff: 'sum(employees)' } },
      { match: { n: 'greaterOrEquals(1)', staff: 'greater(5)' } },
      { sort: { n: 'desc' } },
      { limit: 1 },
    ]);
    expect(docs).toEqual([{ tags: 'red', n: 2, staff: 40 }]);
  });
});
