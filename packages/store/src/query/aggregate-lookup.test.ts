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

describe('aggregate lookup', () => {
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
      expect.objectContaining({ id: ids()[2], name: 'Jazzy', hq: { city: 'Austin' } }),
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
        id: ids()[3],
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
});
