import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

let w: TestRuntime;
let reader: string;
let blind: string;

beforeAll(async () => {
  w = await createTestRuntime({
    app: {
      name: 'audit',
      entities: {
        tickets: {
          history: true,
          fields: {
            name: { type: 'text' },
            priority: { type: 'integer' },
            secret: { type: 'text', writeOnly: true },
          },
        },
        notes: { fields: { name: { type: 'text' } } },
      },
      authorization: {
        roles: {
          reader: {
            entities: { tickets: { access: 'always', edit: 'always', create: 'always', history: 'always' } },
          },
          blind: {
            entities: { tickets: { access: 'always', edit: 'always', create: 'always', history: 'never' } },
          },
        },
      },
    },
  });
  reader = (await w.store.insert('sys.users', { firstName: 'R', lastName: 'X', email: 'r@a.io' }))
    .id as string;
  blind = (await w.store.insert('sys.users', { firstName: 'B', lastName: 'X', email: 'b@a.io' }))
    .id as string;
  await w.users.addRole(reader, 'reader');
  await w.users.addRole(blind, 'blind');
});
afterAll(() => w?.dispose());

describe('record history', () => {
  it('records who, which run, and old and new values of changed fields, never write-only ones', async () => {
    const { value } = await w.run(
      `const t = sys.data.createRecord('tickets'); t.field('name').val('first'); t.field('priority').val(1);
       t.field('secret').val('hunter2'); sys.data.save(t);
       t.field('priority').val(2); sys.data.save(t);
       const logs = t.auditLogs().find();
       return { id: t.id(), n: logs.length, types: logs.map((l) => l.eventType()), user: logs[0].user(),
                old: logs[0].oldRecord().priority.json, now: logs[0].newRecord().priority.text,
                created: t.history().createLog().newRecord().name.json,
                last: t.auditLogs().lastModifiedLog().eventCategory(), keys: Object.keys(logs[1].newRecord()) };`,
      { as: reader },
    );
    const v = value as Record<string, unknown>;
    expect(v).toMatchObject({
      n: 2,
      types: ['SCRIPT_RECORD_CHANGED', 'SCRIPT_RECORD_CREATED'],
      user: 'r@a.io',
      old: 1,
      now: '2',
      created: 'first',
      last: 'SCRIPT',
    });
    expect(v.keys).toEqual(['name', 'priority']);
    const page = await w.audit.query({ entity: 'tickets', recordId: v.id as string });
    expect(page.items.map((e) => e.type)).toEqual(['record.changed', 'record.created']);
    expect(page.items[0]!.actor).toMatchObject({ userId: reader, hostCall: null });
    expect(page.items[0]!.actor.runId).toBeTruthy();
    const raw = w.store.db.prepare('SELECT group_concat(changes) FROM audit_log').pluck().get() as string;
    expect(raw).not.toContain('hunter2');
  });

  it('rolls history rows back with their run', async () => {
    const before = (await w.audit.query({ entity: 'tickets', limit: 1000 })).items.length;
    await expect(
      w.run(`const t = sys.data.createRecord('tickets'); t.field('name').val('doomed'); sys.data.save(t);
             throw new Error('no');`),
    ).rejects.toThrow('no');
    expect((await w.audit.query({ entity: 'tickets', limit: 1000 })).items.length).toBe(before);
    expect(await w.store.count('tickets', { name: 'doomed' })).toBe(0);
  });

  it('records host writes as the host call, and deletions with their old values', async () => {
    const t = await w.store.insert('tickets', { name: 'host', priority: 5 });
    await w.store.remove('tickets', t.id as string);
    const page = await w.audit.query({ recordId: t.id as string });
    expect(page.items.map((e) => [e.type, e.actor.hostCall])).toEqual([
      ['record.deleted', 'store.remove'],
      ['record.created', 'store.insert'],
    ]);
    expect(page.items[0]!.changes).toMatchObject({ name: { old: 'host', new: null } });
  });

  it('keeps no history for entities that do not ask for it', async () => {
    await w.store.insert('notes', { name: 'n' });
    expect((await w.audit.query({ entity: 'notes' })).items).toEqual([]);
    await expect(
      w.run(
        `const n = sys.data.createRecord('notes'); n.field('name').val('x'); sys.data.save(n); n.auditLogs().find();`,
      ),
    ).rejects.toThrow(/Record.auditLogs: entity 'notes' keeps no history/);
  });

  it('enforces the history permission for runs as a user', async () => {
    const t = await w.store.insert('tickets', { name: 'guarded' });
    const script = `return sys.data.findById('tickets', '${t.id}').auditLogs().find().length;`;
    expect((await w.run(script, { as: reader })).value).toBe(1);
    await expect(w.run(script, { as: blind })).rejects.toMatchObject({ code: 'forbidden' });
    // Without enforcement the same user reads it.
    expect((await w.run(script, { as: blind, enforce: false })).value).toBe(1);
  });

  it('pages and filters the host query', async () => {
    const t = await w.store.insert('tickets', { name: 'paged', priority: 0 });
    for (let i = 1; i <= 5; i++)
      await w.store.update('tickets', { ...t, version: null as never, fields: { priority: i } });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof w.audit.query>> = await w.audit.query({
        recordId: t.id as string,
        type: 'record.changed',
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((e) => e.changes!.priority!.new as number));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    const future = await w.audit.query({ recordId: t.id as string, from: Date.now() + 60_000 });
    expect(future.items).toEqual([]);
    expect((await w.audit.query({ user: reader, entity: 'tickets' })).items.length).toBeGreaterThan(0);
    await expect(w.audit.query({ limit: 0 })).rejects.toThrow(
      'audit.query: limit must be an integer from 1 to 1000',
    );
    await expect(w.audit.query({ bogus: 1 } as never)).rejects.toThrow("'bogus' is not an audit filter");
  });
});
