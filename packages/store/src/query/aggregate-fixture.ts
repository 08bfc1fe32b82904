import { expect } from 'vitest';
import { compileAggregate, tableName } from './index.js';
import { app, idOf, openTestDb, type TestDb } from './test-fixture.js';

/** Companies and contacts for the aggregate tests, and a runner returning parsed documents. */
export interface AggregateDb {
  t: TestDb;
  /** Company ids in insertion order: Acme, Blogpad, Jazzy, Zed. Contacts are idOf(5..7). */
  ids: string[];
  agg(pipeline: unknown[], entity?: string): Record<string, unknown>[];
}

export function openAggregateDb(): AggregateDb {
  let t = openTestDb();
  const ids: string[] = [];
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
  return {
    t,
    ids,
    agg(pipeline, entity = 'companies') {
      const { text, params } = compileAggregate(app, entity, pipeline, tableName);
      // One statement, a CTE chain.
      expect(text.startsWith('WITH ')).toBe(true);
      expect(text).not.toContain(';');
      return (t.db.prepare(text).all(...params) as { doc: string }[]).map((r) => JSON.parse(r.doc));
    },
  };
}
