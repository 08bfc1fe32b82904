import type { WardenEvent } from '@warden/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// Hooks and host listeners on the example app, through real worker processes and isolates.
const company = (name: string, options = '') =>
  `var c = sys.data.createRecord('companies'); c.field('name').val(${JSON.stringify(name)}); sys.data.save(c${options ? `, ${options}` : ''});`;
const newUser = (email: string) => `
  var u = sys.data.createRecord('sys.users');
  u.field('firstName').val('Ann'); u.field('lastName').val('Lee'); u.field('email').val(${JSON.stringify(email)});
  u.field('authentication').val({generatePassword: false, password: 'Secret-pass-1', passwordConfirmation: 'Secret-pass-1'});
  sys.data.save(u);
  return u.id();`;

describe('hooks', () => {
  let w: TestRuntime;
  const logged: string[] = [];
  const cleanup: (() => void)[] = [];
  const journal = () => w.store.db.prepare('SELECT type, state FROM _warden_events').all();
  const names = async () => [...(await w.store.find('companies', {}))].map((c) => c.fields.name).sort();

  beforeAll(async () => {
    w = await createTestRuntime({ executor: { workers: 2 }, logger: { error: (m) => logged.push(m) } });
  });
  afterAll(() => w.dispose());
  afterEach(async () => {
    for (const off of cleanup.splice(0)) off();
    await w.hooks.drain();
    await w.hooks.clearFailures();
    logged.length = 0;
    await w.store.deleteMany('companies', {});
    await w.store.deleteMany('sys.users', {});
  });

  const guard = () =>
    cleanup.push(
      w.hooks.register({
        name: 'guard',
        event: 'record.created',
        entity: 'companies',
        when: 'before',
        source:
          "if (record.field('name').val() === 'veto')\n  sys.exceptions.throwException('forbidden', 'no company named veto');",
      }),
    );

  it('a before-hook veto rolls back records, user changes, mail and events, even when the script catches it', async () => {
    const seen: string[] = [];
    cleanup.push(w.on('*', (e) => void seen.push(e.type)));
    guard();
    await w.run(newUser('ann@hooks.io'));
    await w.hooks.drain();
    seen.length = 0;
    const mails = (await w.mail.list()).length;

    const error = await w
      .run(`
        var u = sys.data.findOne('sys.users', 'ann@hooks.io');
        sys.users.deactivate(u);
        sys.users.resetPassword(u, {notifyUser: true});
        ${company('fine')}
        try { ${company('veto')} } catch (e) { log('caught ' + e.code()); }
        return 'swallowed';`)
      .catch((e) => e);

    expect(error).toMatchObject({
      code: 'forbidden',
      message: "hook 'guard' failed: no company named veto (guard.js:2)",
    });
    expect(error.logs.map((l: { message: string }) => l.message)).toEqual(['caught forbidden']);
    expect(await names()).toEqual([]);
    expect((await w.store.findOne('sys.users', 'ann@hooks.io'))!.fields.status).toBe('ACTIVE');
    expect(await w.mail.list()).toHaveLength(mails);
    expect(journal()).toEqual([]);
    await w.hooks.drain();
    expect(seen).toEqual([]);
  });

  it('an uncaught veto fails the run with the hook code, name and line; a user event can be vetoed too', async () => {
    guard();
    const error = await w.run(`var a = 1;\n${company('veto')}`).catch((e) => e);
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe("hook 'guard' failed: no company named veto (guard.js:2) (script.js:2)");

    cleanup.push(
      w.hooks.register({
        name: 'keepActive',
        event: 'user.deactivated',
        when: 'before',
        source: "throw new Error('users stay active: ' + record.field('email').val());",
      }),
    );
    await w.run(newUser('bo@hooks.io'));
    const denied = await w
      .run("sys.users.deactivate(sys.data.findOne('sys.users', 'bo@hooks.io'));")
      .catch((e) => e);
    expect(denied.code).toBe('javascriptException');
    expect(denied.message).toContain(
      "hook 'keepActive' failed: Error: users stay active: bo@hooks.io (keepActive.js:1)",
    );
    expect((await w.store.findOne('sys.users', 'bo@hooks.io'))!.fields.status).toBe('ACTIVE');
  });

  it('a before-hook edits the pending record and never sees a password', async () => {
    for (const event of ['record.created', 'record.changed'] as const) {
      cleanup.push(
        w.hooks.register({
          name: `shout-${event.split('.')[1]}`,
          event,
          entity: 'companies',
          when: 'before',
          source:
            "record.field('name').val(record.field('name').val().toUpperCase());\nrecord.field('employees').val(oldRecord ? 2 : 1);",
        }),
      );
    }
    cleanup.push(
      w.hooks.register({
        name: 'dept',
        event: 'record.created',
        entity: 'sys.users',
        when: 'before',
        source:
          "record.field('department').val('auth:' + JSON.stringify(record.field('authentication').val()));",
      }),
    );
    const { value } = await w.run(`${company('acme')}
      var first = c.field('name').val() + '/' + c.field('employees').val();
      c.field('name').val('beta'); sys.data.save(c);
      return [first, c.field('name').val() + '/' + c.field('employees').val()];`);
    expect(value).toEqual(['ACME/1', 'BETA/2']);
    expect(await names()).toEqual(['BETA']);

    const { value: id } = await w.run(newUser('cy@hooks.io'));
    const department = (await w.store.findById('sys.users', id as string))!.fields.department as string;
    expect(department).toMatch(/^auth:/);
    expect(department).not.toContain('Secret-pass-1');
    expect(await w.users.verifyPassword(id as string, 'Secret-pass-1')).toBe(true);
  });

  it('after-hooks run once per committed change, after commit, and never for a rolled-back one', async () => {
    cleanup.push(
      w.hooks.register({
        name: 'staff',
        event: 'record.created',
        entity: 'companies',
        when: 'after',
        source:
          "var c = sys.data.findById('companies', record.id());\nc.field('employees').val((c.field('employees').val() || 0) + 1);\nsys.data.save(c);",
      }),
    );
    const created: string[] = [];
    // A listener runs after the event's after-hooks: it sees what they did.
    cleanup.push(
      w.on('record.created', async (e) => {
        created.push(
          `${e.record!.fields.name}:${(await w.store.findById('companies', e.recordId))?.fields.employees}`,
        );
      }),
    );
    await w.run(company('a') + company('b') + company('c'));
    await w.run(`${company('d') + company('e')} throw new Error('no');`).catch(() => null);
    await w.run(company('f'));
    await w.hooks.drain();

    expect(created).toEqual(['a:1', 'b:1', 'c:1', 'f:1']);
    expect([...(await w.store.find('companies', {}))].map((c) => c.fields.employees)).toEqual([1, 1, 1, 1]);
    expect(journal()).toEqual([]);
    expect(w.hooks.failures()).toEqual([]);
  });

  it('after-hook failures carry the hook name and line, are kept and logged, and do not stop the next hooks', async () => {
    cleanup.push(
      w.hooks.register({
        name: 'broken',
        event: 'record.created',
        entity: 'companies',
        when: 'after',
        source: 'var x = 1;\nvar y = null;\ny.boom();',
      }),
    );
    const after: string[] = [];
    cleanup.push(w.on('record.created', (e) => void after.push(e.recordId)));
    const { value: id } = await w.run(`${company('x')} return c.id();`);
    await w.hooks.drain();

    expect(after).toEqual([id]);
    const [failure] = w.hooks.failures();
    expect(failure).toMatchObject({
      hook: 'broken',
      event: 'record.created',
      entity: 'companies',
      recordId: id,
      code: 'javascriptException',
      line: 3,
      time: expect.any(Number),
    });
    expect(failure!.message).toMatch(/^hook 'broken' failed: TypeError: .* \(broken\.js:3\)$/);
    expect(logged).toEqual([expect.stringContaining('broken failed on record.created')]);
    expect(journal()).toEqual([{ type: 'record.created', state: 'failed' }]);
    expect(await w.hooks.clearFailures()).toBe(1);
    expect(w.hooks.failures()).toEqual([]);
  });

  it('a before-hook that triggers itself stops at the depth limit with a clear error and leaves nothing', async () => {
    cleanup.push(
      w.hooks.register({
        name: 'clone',
        event: 'record.created',
        entity: 'companies',
        when: 'before',
        source:
          "var copy = sys.data.createRecord('companies');\ncopy.field('name').val(record.field('name').val() + '+');\nsys.data.save(copy);",
      }),
    );
    const error = await w.run(company('loop')).catch((e) => e);
    expect(error.code).toBe('badRequest');
    expect(error.message).toContain(
      "hook 'clone' exceeded the hook depth limit of 5 (a hook that triggers itself?)",
    );
    expect(await names()).toEqual([]);
  });

  it('host listeners run in order; a throwing one is recorded and the others and the runtime go on', async () => {
    const calls: string[] = [];
    cleanup.push(w.on('record.created', (e) => void calls.push(`first:${e.type}`)));
    const offAll = w.on('*', function noisy(e) {
      calls.push(`noisy:${e.type}`);
      throw new Error('listener trouble');
    });
    cleanup.push(offAll);
    cleanup.push(
      w.on('record.created', async (e) => {
        await new Promise((r) => setTimeout(r, 5));
        calls.push(`last:${e.entity}`);
      }),
    );
    await w.run(company('one'));
    await w.hooks.drain();
    expect(calls).toEqual(['first:record.created', 'noisy:record.created', 'last:companies']);
    expect(w.hooks.failures()).toMatchObject([
      { hook: 'listener:noisy', code: 'unknownError', message: 'listener failed: listener trouble' },
    ]);

    offAll();
    calls.length = 0;
    await w.run(company('two'));
    await w.hooks.drain();
    expect(calls).toEqual(['first:record.created', 'last:companies']);
  });

  it('record.deleted hooks: a before-hook can keep a record; host-side changes reach after-hooks and listeners', async () => {
    guard();
    cleanup.push(
      w.hooks.register({
        name: 'keep',
        event: 'record.deleted',
        entity: 'companies',
        when: 'before',
        source:
          "if (record.field('employees').val() > 10) sys.exceptions.throwException('badRequest', 'too big to delete');",
      }),
    );
    const seen: string[] = [];
    cleanup.push(w.on('*', (e) => void seen.push(`${e.type}:${e.record?.fields.name}`)));
    // Host-side writes run no before-hook (no isolate in the parent), but raise events.
    const big = await w.store.insert('companies', { name: 'veto', employees: 50 });
    const small = await w.store.insert('companies', { name: 'small', employees: 1 });
    const error = await w
      .run(
        "sys.data.remove(sys.data.findById('companies', a)); sys.data.remove(sys.data.findById('companies', b));",
        {
          params: { a: small.id, b: big.id },
        },
      )
      .catch((e) => e);
    expect(error.message).toContain("hook 'keep' failed: too big to delete (keep.js:1)");
    expect(await names()).toEqual(['small', 'veto']);
    await w.run("sys.data.remove(sys.data.findById('companies', a));", { params: { a: small.id } });
    await w.hooks.drain();
    expect(seen).toEqual(['record.created:veto', 'record.created:small', 'record.deleted:small']);
  });

  it('a save with triggerEvents: false (quiet writes granted) runs no hook and raises no event', async () => {
    guard();
    const seen: WardenEvent[] = [];
    cleanup.push(w.on('*', (e) => void seen.push(e)));
    await w.run(company('veto', '{triggerEvents: false}'), { quietWrites: true });
    await w.hooks.drain();
    expect(await names()).toEqual(['veto']);
    expect(seen).toEqual([]);
  });

  it('hooks registered and unregistered from the host reach workers that are already running', async () => {
    const both = () =>
      Promise.all(
        [1, 2].map((n) => w.run(`${company(`w${n}-${Math.random()}`)} return c.field('employees').val();`)),
      );
    await both();
    const stamp = w.hooks.register({
      name: 'stamp',
      event: 'record.created',
      entity: 'companies',
      when: 'before',
      source: "record.field('employees').val(42);",
    });
    expect(w.hooks.list()).toEqual([
      {
        name: 'stamp',
        event: 'record.created',
        entity: 'companies',
        when: 'before',
        enforced: false,
        origin: 'host',
      },
    ]);
    const stamped = await both();
    expect(stamped.map((r) => r.value)).toEqual([42, 42]);
    expect(new Set(stamped.map((r) => r.stats.worker)).size).toBe(2);
    stamp();
    expect(w.hooks.list()).toEqual([]);
    expect((await both()).map((r) => r.value)).toEqual([null, null]);
  });

  it('register and on refuse bad input with coded errors naming the argument', async () => {
    guard();
    expect(() =>
      w.hooks.register({ name: 'guard', event: 'record.created', when: 'after', source: '' }),
    ).toThrow(
      expect.objectContaining({
        code: 'badRequest',
        message: expect.stringContaining("hook.name: 'guard' is already"),
      }),
    );
    expect(() =>
      w.hooks.register({
        name: 'x',
        event: 'record.moved' as never,
        entity: 'nope',
        when: 'later' as never,
        source: 1 as never,
      }),
    ).toThrow(
      /hook\.event: .*hook\.when: .*hook\.entity: no entity named 'nope'.*hook\.source: must be a string/,
    );
    expect(() => w.on('record.moved' as never, () => {})).toThrow(/on: eventType must be/);
    expect(() => w.on('*', 'nope' as never)).toThrow('on: listener must be a function, got string');
  });
});
