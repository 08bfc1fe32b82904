import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLES, type TestRuntime } from '../support/test-runtime.js';

// An agent (ann) tries every path to bob's ticket and to the hidden internalNotes field.
let w: TestRuntime;
const ids: Record<string, string> = {};

async function attempt(source: string, options: Record<string, unknown> = {}): Promise<unknown> {
  try {
    return (await w.run(source, { as: 'ann@desk.io', ...options })).value;
  } catch (e) {
    return (e as { code: string }).code;
  }
}

beforeAll(async () => {
  w = await createTestRuntime({ app: join(EXAMPLES, 'help-desk', 'app.json') });
  const user = async (name: string, group: string) =>
    (
      await w.store.insert('sys.users', {
        firstName: name,
        lastName: 'X',
        email: `${name}@desk.io`,
        groups: [{ group, primary: true }],
      })
    ).id as string;
  ids.ann = await user('ann', 'agents');
  ids.bob = await user('bob', 'agents');
  ids.team = (await w.store.insert('teams', { name: 'red' })).id as string;
  ids.mine = (
    await w.store.insert('tickets', { title: 'mine', assignee: ids.ann, team: ids.team, internalNotes: 'n1' })
  ).id as string;
  ids.bobs = (
    await w.store.insert('tickets', { title: 'bobs', assignee: ids.bob, team: ids.team, internalNotes: 'n2' })
  ).id as string;
});
afterAll(() => w?.dispose());

const bobsTicketUnchanged = async () => {
  const t = await w.store.findById('tickets', ids.bobs!);
  expect(t?.fields.title).toBe('bobs');
  expect(t?.fields.internalNotes).toBe('n2');
};

describe('an unprivileged user cannot reach what the rules hide', () => {
  it.each([
    ['findById of a hidden record', () => `return sys.data.findById('tickets', '${ids.bobs}');`, null],
    ['findOne by id', () => `return sys.data.findOne('tickets', '${ids.bobs}');`, null],
    ['findOne by query', () => `return sys.data.findOne('tickets', {title: 'bobs'});`, null],
    ['a query on the hidden field', () => `return sys.data.count('tickets', {internalNotes: 'n1'});`, 0],
    ['a query on the related user', () => `return sys.data.count('tickets', {assignee: '${ids.bob}'});`, 0],
    [
      'a cursor drained page by page',
      () =>
        `const rs = sys.data.find('tickets', {}); let n = 0; while (rs.hasNext()) { rs.next(); n++; } return [n, rs.count()];`,
      [1, 1],
    ],
    [
      'aggregate lookup from a visible entity',
      () =>
        `const d = sys.data.aggregate('teams', [{lookup: {localFieldPath: 'id', foreignFieldPath: 'team', foreignEntityName: 'tickets', as: 't'}}]).next(); return d.t.map((t) => t.title + ':' + (t.internalNotes || ''));`,
      ['mine:'],
    ],
    [
      'aggregate over the hidden field',
      () =>
        `const rs = sys.data.aggregate('tickets', [{group: {by: 'internalNotes', n: 'count()'}}]); const out = []; while (rs.hasNext()) out.push(rs.next()); return out.map((d) => d.internalNotes || null);`,
      [null],
    ],
    [
      'relationship resolution by label',
      () =>
        `const t = sys.data.createRecord('tickets'); t.field('title').val('x'); t.field('assignee').val('bob X'); var id = t.field('assignee').id(); if (id) return id; sys.data.save(t); return 'saved';`,
      'forbidden',
    ],
    [
      'related record fetch',
      () => `const t = sys.data.findById('tickets', '${ids.mine}'); return t.field('assignee').fetch().id();`,
      undefined,
    ],
    [
      'refresh of a hidden record',
      () => `const t = sys.data.createRecord('tickets'); return sys.data.refresh(t);`,
      'badRequest',
    ],
    [
      'lock a hidden record',
      () => `sys.data.lockById('tickets', '${ids.bobs}', 10); return 'locked';`,
      'notFound',
    ],
    [
      'fromJson with the hidden id, saved',
      () =>
        `const t = sys.data.createRecord('tickets'); t.fromJson({id: '${ids.bobs}', version: 1, title: 'mine now'}); sys.data.save(t); return 'saved';`,
      'forbidden',
    ],
    [
      'a quiet save of the hidden record',
      () =>
        `const t = sys.data.createRecord('tickets'); t.fromJson({id: '${ids.bobs}', version: 1, title: 'x'}); sys.data.save(t, {mode: 'lite'}); return 'saved';`,
      'forbidden',
    ],
    [
      'filterByReadWriteAccess false to write the hidden field',
      () =>
        `const t = sys.data.findById('tickets', '${ids.mine}'); t.field('internalNotes').val('mine'); sys.data.save(t, {filterByReadWriteAccess: false}); return 'saved';`,
      'forbidden',
    ],
    [
      'closing an own ticket, which takes it out of edit (checked after the write)',
      () =>
        `const t = sys.data.findById('tickets', '${ids.mine}'); t.field('status').val('closed'); sys.data.save(t); return 'saved';`,
      'forbidden',
    ],
    ['bulk delete', () => `return sys.data.delete('tickets', {});`, 0],
    [
      'remove',
      () => `sys.data.remove(sys.data.findById('tickets', '${ids.mine}')); return 'removed';`,
      'forbidden',
    ],
    [
      'switching user',
      () => `sys.context.setCurrentUserRecordById('${ids.bob}'); return 'switched';`,
      'forbidden',
    ],
    ['giving oneself a role', () => `return sys.users.addRole('${ids.ann}', 'supervisor');`, 'forbidden'],
    [
      'deactivating another user',
      () =>
        `sys.users.deactivate(sys.data.findById('sys.users', '${ids.bob}') || sys.data.createRecord('sys.users')); return 'done';`,
      'badRequest',
    ],
    ['count sees only own tickets', () => `return sys.data.count('tickets');`, 1],
  ])('%s', async (_name, source, expected) => {
    const value = await attempt(source());
    if (expected === undefined) expect(value).toBe(ids.ann);
    else expect(value).toEqual(expected);
    await bobsTicketUnchanged();
  });

  it('read-only fields are not written, even on a quiet save, and the run carries on', async () => {
    await attempt(
      `const t = sys.data.findById('tickets', '${ids.mine}'); t.field('priority').val(5); sys.data.save(t, {mode: 'lite'});`,
      { quietWrites: true },
    );
    expect((await w.store.findById('tickets', ids.mine!))?.fields.priority).toBe(3);
  });
});
