import { readFileSync } from 'node:fs';
import type { WardenEvent } from '@warden/runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLE_APP, type TestRuntime } from '../support/test-runtime.js';

// Issue 22, findings 3 and 11: a script must not switch off the guards the embedder set up
// (enforced hooks, listeners, user events), and no sys.data option is silently ignored.

const HOOKS = [
  {
    name: 'guard',
    event: 'record.changed',
    entity: 'companies',
    when: 'before',
    enforced: true,
    source: "if (String(record.field('name').val()).indexOf('Evil') === 0) throw new Error('no evil names');",
  },
  {
    name: 'keep',
    event: 'record.deleted',
    entity: 'companies',
    when: 'before',
    enforced: true,
    source: "if (record.field('name').val() === 'Protected') throw new Error('protected');",
  },
  {
    name: 'audit',
    event: 'record.changed',
    entity: 'companies',
    when: 'after',
    enforced: true,
    source:
      "var a = sys.data.createRecord('companies'); a.field('name').val('audit-' + event.recordId + '-' + event.time); sys.data.save(a);",
  },
  {
    name: 'stamp',
    event: 'record.created',
    entity: 'companies',
    when: 'before',
    source: "record.field('employees').val(7);",
  },
];

const app = { ...JSON.parse(readFileSync(EXAMPLE_APP, 'utf8')), hooks: HOOKS };

/** A script saving a company named `name` (created if missing) with `options`. */
const saveCompany = (name: string, options = 'undefined', rename = name) => `
  var c = sys.data.findOne('companies', {name: '${name}'});
  if (!c) { c = sys.data.createRecord('companies'); c.field('name').val('${name}'); sys.data.save(c); }
  c.field('name').val('${rename}');
  sys.data.save(c, ${options});
  return c.id();`;

const QUIET = ['{triggerEvents: false}', "{mode: 'lite'}"];

describe('quiet writes are a privilege the embedder grants', () => {
  let w: TestRuntime;
  const seen: WardenEvent[] = [];
  const heard: WardenEvent[] = [];
  const count = async (name: string) =>
    (await w.run(`return sys.data.count('companies', {name: 'like(${name})'});`)).value as number;

  beforeAll(async () => {
    w = await createTestRuntime({ app, executor: { workers: 2 } });
    w.on('*', (e) => void seen.push(e));
    w.on('*', (e) => void heard.push(e), { enforced: true });
  });
  afterAll(() => w.dispose());
  beforeEach(async () => {
    await w.run("sys.data.delete('companies', {}); sys.data.delete('sys.users', {});");
    await w.hooks.drain();
    seen.length = 0;
    heard.length = 0;
  });

  it.each(QUIET)('a script without the grant is refused a quiet save (%s), at its call', async (options) => {
    const { value } = await w.run(`
      var c = sys.data.createRecord('companies'); c.field('name').val('Quiet');
      try { sys.data.save(c, ${options}); } catch (e) { return [e.code(), e.message()]; }`);
    const [code, message] = value as [string, string];
    expect(code).toBe('forbidden');
    expect(message).toMatch(
      /^sys\.data\.save: options\.(triggerEvents false|mode 'lite') asks for a quiet write/,
    );
    expect(message).toContain('scripts.quietWrites');
    expect(await count('Quiet')).toBe(0);
  });

  it('a script without the grant is refused a quiet delete; nothing is deleted', async () => {
    await w.run(saveCompany('Kept'));
    const error = await w.run("sys.data.delete('companies', {}, {triggerEvents: false});").catch((e) => e);
    expect(error).toMatchObject({ code: 'forbidden' });
    expect(error.message).toContain('sys.data.delete: options.triggerEvents false asks for a quiet write');
    expect(await count('Kept')).toBe(1);
  });

  it.each(QUIET)('a granted quiet save (%s) still meets an enforced before-hook veto', async (options) => {
    await w.run(saveCompany('Acme'));
    const error = await w
      .run(saveCompany('Acme', options, 'Evil Corp'), { quietWrites: true })
      .catch((e) => e);
    expect(error.message).toContain("hook 'guard' failed: Error: no evil names");
    expect(await count('Evil%')).toBe(0);
    expect(await count('Acme')).toBe(1);
  });

  it.each(QUIET)(
    'a granted quiet save (%s) still runs the enforced audit after-hook and listener',
    async (options) => {
      const { value: id } = await w.run(saveCompany('Globex'));
      await w.hooks.drain();
      seen.length = 0;
      heard.length = 0;
      const audits = await count(`audit-${id}`);
      await w.run(saveCompany('Globex', options, 'Globex 2'), { quietWrites: true });
      await w.hooks.drain();
      expect(await count(`audit-${id}`)).toBe(audits + 1);
      expect(heard.filter((e) => e.recordId === id).map((e) => e.type)).toEqual(['record.changed']);
      // As in Slingr, hooks and listeners that are not enforced do not hear a quiet write.
      expect(seen.filter((e) => e.recordId === id)).toEqual([]);
    },
  );

  it('a granted quiet create skips hooks that are not enforced (Slingr semantics)', async () => {
    const { value } = await w.run(
      `var c = sys.data.createRecord('companies'); c.field('name').val('Loud'); sys.data.save(c);
       var d = sys.data.createRecord('companies'); d.field('name').val('Hush'); sys.data.save(d, {triggerEvents: false});
       return [sys.data.findOne('companies', {name: 'Loud'}).field('employees').val(),
               sys.data.findOne('companies', {name: 'Hush'}).field('employees').val()];`,
      { quietWrites: true },
    );
    expect(value).toEqual([7, null]);
  });

  it.each(QUIET)('a quiet deactivation (%s) still records user.deactivated', async (options) => {
    const { value: id } = await w.run(
      `
      var u = sys.data.createRecord('sys.users');
      u.field('firstName').val('Eve'); u.field('lastName').val('Quiet'); u.field('email').val('eve@guards.io');
      sys.data.save(u);
      u.field('status').val('INACTIVE');
      sys.data.save(u, ${options});
      return u.id();`,
      { quietWrites: true },
    );
    await w.hooks.drain();
    const types = seen.filter((e) => e.recordId === id).map((e) => e.type);
    expect(types).toContain('user.deactivated');
    expect(types.filter((t) => t.startsWith('user.'))).toEqual(['user.created', 'user.deactivated']);
    // The quiet save itself raised no record event.
    expect(types.filter((t) => t.startsWith('record.'))).toEqual(['record.created']);
  });

  it('a host-side quiet save (trusted) still records user.deactivated', async () => {
    await w.run(`var u = sys.data.createRecord('sys.users');
      u.field('firstName').val('Hal'); u.field('lastName').val('Host'); u.field('email').val('hal@guards.io');
      sys.data.save(u);`);
    const user = (await w.store.findOne('sys.users', 'hal@guards.io'))!;
    await w.hooks.drain();
    seen.length = 0;
    await w.store.save('sys.users', { ...user, fields: { status: 'INACTIVE' } }, { triggerEvents: false });
    await w.hooks.drain();
    expect(seen.map((e) => e.type)).toEqual(['user.deactivated']);
  });

  it('delete honours triggerEvents: false when granted, and enforced hooks still veto it', async () => {
    await w.run(saveCompany('Gone 1'));
    await w.run(saveCompany('Gone 2'));
    await w.hooks.drain();
    seen.length = 0;
    heard.length = 0;
    const { value } = await w.run(
      "return sys.data.delete('companies', {name: 'like(Gone)'}, {triggerEvents: false});",
      {
        quietWrites: true,
      },
    );
    expect(value).toBe(2);
    await w.hooks.drain();
    expect(seen).toEqual([]);
    expect(heard.map((e) => e.type)).toEqual(['record.deleted', 'record.deleted']);
    await w.run(saveCompany('Protected'));
    const error = await w
      .run("sys.data.delete('companies', {}, {triggerEvents: false});", { quietWrites: true })
      .catch((e) => e);
    expect(error.message).toContain("hook 'keep' failed: Error: protected");
    expect(await count('Protected')).toBe(1);
    await w.run(saveCompany('Protected', undefined, 'Unprotected'));
  });

  it('a delete without options still raises record.deleted', async () => {
    await w.run(saveCompany('Loud'));
    await w.hooks.drain();
    seen.length = 0;
    await w.run("sys.data.delete('companies', {name: 'Loud'});");
    await w.hooks.drain();
    expect(seen.map((e) => e.type)).toEqual(['record.deleted']);
  });
});

describe('every sys.data option is honoured or refused', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ scripts: { quietWrites: true } });
  });
  afterAll(() => w.dispose());

  const refusal = async (source: string) => {
    const { value } = await w.run(
      `var c = sys.data.createRecord('companies'); c.field('name').val('Opt ' + Math.random());
       try { ${source}; return 'accepted'; } catch (e) { return e.code() + ': ' + e.message(); }`,
    );
    return value as string;
  };

  it.each([
    [
      'sys.data.save(c, {cascadeOperations: true})',
      'sys.data.save: options.cascadeOperations true is not supported',
    ],
    [
      "sys.data.save(c, {filterByReadWriteAccess: 'yes'})",
      'sys.data.save: options.filterByReadWriteAccess must be true or false',
    ],
    [
      'sys.data.save(c, {lockRecord: 1})',
      'sys.data.save: options.lockRecord must be true or false, got number',
    ],
    [
      'sys.data.save(c, {lowPriority: true})',
      'sys.data.save: options.lowPriority is not an option of sys.data.save',
    ],
    [
      "sys.data.delete('companies', {}, {cascadeOperations: true})",
      'sys.data.delete: options.cascadeOperations true is not supported',
    ],
    [
      "sys.data.delete('companies', {}, {lowPriority: true})",
      'sys.data.delete: options.lowPriority true is not supported',
    ],
    [
      "sys.data.delete('companies', {}, {lowPrioriyt: false})",
      'sys.data.delete: options.lowPrioriyt is not an option of sys.data.delete',
    ],
    [
      "sys.data.delete('companies', {}, {triggerEvents: 'no'})",
      'sys.data.delete: options.triggerEvents must be true or false',
    ],
  ])('%s is a badRequest naming the call and the option', async (source, message) => {
    expect(await refusal(source)).toMatch(new RegExp(`^badRequest: ${message.replace(/[.()]/g, '\\$&')}`));
  });

  it.each([
    'sys.data.save(c, {cascadeOperations: false, calculateFields: true, lockRecord: false})',
    // A system run has nothing to filter; under a user's access rules see permissions.test.ts.
    'sys.data.save(c, {filterByReadWriteAccess: true})',
    'sys.data.save(c, {filterByReadWriteAccess: false})',
    "sys.data.delete('companies', {name: 'none'}, {cascadeOperations: false, lowPriority: false})",
  ])('%s is accepted', async (source) => {
    expect(await refusal(source)).toBe('accepted');
  });

  it('lockRecord: true waits for a lock another owner holds; false does not', async () => {
    const { value: id } = await w.run(saveCompany('Locked'));
    const owner = 'host-test';
    await w.store.lock('companies', id as string, owner, 1000);
    let released = 0;
    const timer = setTimeout(async () => {
      released = Date.now();
      await w.store.unlock('companies', id as string, owner);
    }, 400);
    const free = Date.now();
    await w.run(saveCompany('Locked', '{lockRecord: false}', 'Locked 2'));
    expect(released).toBe(0);
    expect(Date.now() - free).toBeLessThan(400);
    await w.run(saveCompany('Locked 2', '{lockRecord: true}', 'Locked 3'));
    clearTimeout(timer);
    expect(released).toBeGreaterThan(0);
    expect(await (await w.store.findById('companies', id as string))?.fields.name).toBe('Locked 3');
  });
});

describe('the grant and enforced flags are checked at the boundary', () => {
  it('createRuntime refuses a scripts.quietWrites that is not a boolean', async () => {
    await expect(createTestRuntime({ scripts: { quietWrites: 'yes' as never } })).rejects.toMatchObject({
      code: 'badRequest',
      message: 'createRuntime: scripts.quietWrites must be true or false, got string',
    });
  });

  it('a run may refuse quiet writes a runtime grants; hooks.register checks enforced', async () => {
    const w = await createTestRuntime({ scripts: { quietWrites: true } });
    try {
      const quiet =
        "var c = sys.data.createRecord('companies'); c.field('name').val('Q'); sys.data.save(c, {mode: 'lite'});";
      await expect(w.run(quiet, { quietWrites: false })).rejects.toMatchObject({ code: 'forbidden' });
      await w.run(quiet);
      expect(() =>
        w.hooks.register({
          name: 'x',
          event: 'record.created',
          when: 'before',
          source: '',
          enforced: 'yes' as never,
        }),
      ).toThrow('hook.enforced: must be true or false');
    } finally {
      await w.dispose();
    }
  });
});
