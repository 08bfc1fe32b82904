import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AggregateDb, openAggregateDb } from './aggregate-fixture.js';
import { idOf } from './test-fixture.js';

let a: AggregateDb;
const agg = (pipeline: unknown[], entity?: string) => a.agg(pipeline, entity);
const ids = () => a.ids;

beforeAll(() => {
  a = openAggregateDb();
});
afterAll(() => a.t.close());

describe('aggregate stages', () => {
  it('match returns plain documents with id, relationships as {id, label}, newest first', () => {
    const docs = agg([{ match: { type: 'a' } }]);
    expect(docs.map((d) => d.name)).toEqual(['Jazzy', 'Acme']);
    expect(docs[1]).toMatchObject({
      id: ids()[0],
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
      { id: ids()[0], name: 'Acme', hq: { city: 'Austin' } },
    ]);
    expect(agg([{ match: { name: 'Zed' } }, { project: ['addresses'] }])).toEqual([
      {
        id: ids()[3],
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
      { id: ids()[3], addresses: { state: 'CA' } },
      { id: ids()[3], addresses: { state: 'NY' } },
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
