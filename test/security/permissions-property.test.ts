import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// Random records, a random user (clearance, roles) and so a random union of conditions: every
// find, count and aggregate under enforcement must show exactly what a JS filter over all records shows.
const ROLES: Record<string, Record<string, unknown>> = {
  own: { owner: '$currentUser.id' },
  levelled: { level: 'lessOrEquals($currentUser.clearance)' },
  tagged: { tag: 'b' },
  notA: { _and: [{ tag: 'notEquals(a)' }, { level: 'greater(4)' }] },
};
type Doc = { owner: number; level: number; tag: 'a' | 'b' | 'c' };
const REFERENCE: Record<string, (d: Doc, u: { me: number; clearance: number }) => boolean> = {
  own: (d, u) => d.owner === u.me,
  levelled: (d, u) => d.level <= u.clearance,
  tagged: (d) => d.tag === 'b',
  notA: (d) => d.tag !== 'a' && d.level > 4,
};

let w: TestRuntime;
const users: string[] = [];
beforeAll(async () => {
  w = await createTestRuntime({
    app: {
      name: 'prop',
      users: { fields: { clearance: { type: 'integer' } } },
      entities: {
        docs: {
          fields: {
            owner: { type: 'relationship', entity: 'sys.users' },
            level: { type: 'integer' },
            tag: { type: 'choice', options: ['a', 'b', 'c'] },
          },
        },
      },
      authorization: {
        roles: Object.fromEntries(
          Object.entries(ROLES).map(([name, access]) => [name, { entities: { docs: { access } } }]),
        ),
      },
    },
  });
  for (const n of ['u0', 'u1', 'u2'])
    users.push(
      (await w.store.insert('sys.users', { firstName: n, lastName: 'X', email: `${n}@p.io` })).id as string,
    );
});
afterAll(() => w?.dispose());

const SCRIPT = `
  const levels = []; const all = sys.data.find('docs', {_sortField: 'level', _sortType: 'asc'}); while (all.hasNext()) levels.push(all.next().field('level').val());
  const agg = sys.data.aggregate('docs', [{group: {by: 'tag', n: 'count()'}}, {sort: {tag: 'asc'}}]); const tags = [];
  while (agg.hasNext()) { const d = agg.next(); tags.push(d.tag + ':' + d.n); }
  return {count: sys.data.count('docs'), countHigh: sys.data.count('docs', {level: 'greater(4)'}), levels, tags};`;

describe('enforced reads equal a reference filter', () => {
  it('find, count and aggregate for random records, users and roles', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            owner: fc.integer({ min: 0, max: 2 }),
            level: fc.integer({ min: 0, max: 9 }),
            tag: fc.constantFrom('a' as const, 'b' as const, 'c' as const),
          }),
          { maxLength: 25 },
        ),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 9 }),
        fc.subarray(Object.keys(ROLES)),
        async (docs, me, clearance, roles) => {
          await w.store.deleteMany('docs', {});
          for (const d of docs) await w.store.insert('docs', { ...d, owner: users[d.owner] });
          const user = users[me]!;
          for (const r of Object.keys(ROLES)) await w.users.removeRole(user, r);
          for (const r of roles) await w.users.addRole(user, r);
          const stored = await w.store.findById('sys.users', user);
          await w.store.update('sys.users', { ...stored!, fields: { clearance } });

          const visible = docs.filter((d) => roles.some((r) => REFERENCE[r]!(d, { me, clearance })));
          const byTag = new Map<string, number>();
          for (const d of visible) byTag.set(d.tag, (byTag.get(d.tag) ?? 0) + 1);
          const { value } = await w.run(SCRIPT, { as: user });
          expect(value).toEqual({
            count: visible.length,
            countHigh: visible.filter((d) => d.level > 4).length,
            levels: visible.map((d) => d.level).sort((a, b) => a - b),
            tags: [...byTag.keys()].sort().map((t) => `${t}:${byTag.get(t)}`),
          });
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
