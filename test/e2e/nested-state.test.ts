import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// State that belongs to one save or one run, kept apart from nested saves, nested hooks and a
// replay: real workers, isolates and SQLite files.
const company = (name: string) =>
  `var c = sys.data.createRecord('companies'); c.field('name').val(${JSON.stringify(name)}); sys.data.save(c);`;
const userScript = (email: string, extra: string) => `
  var u = sys.data.createRecord('sys.users');
  u.field('firstName').val('Ann'); u.field('lastName').val('Lee'); u.field('email').val(${JSON.stringify(email)});
  ${extra}
  sys.data.save(u);
  return u.id();`;
const withPassword = (email: string, password: string) =>
  userScript(
    email,
    `u.field('sendWelcomeEmail').val(true);
     u.field('authentication').val({generatePassword: false, passwordExpired: false,
       password: ${JSON.stringify(password)}, passwordConfirmation: ${JSON.stringify(password)}});`,
  );
const emailOf = "(function (u) { return u ? u.field('email').val() : null; })";

describe('nested saves, hooks and replays keep their own state', () => {
  let w: TestRuntime;
  const cleanup: (() => void)[] = [];
  const hook = (name: string, event: 'record.created', entity: string, source: string) =>
    cleanup.push(w.hooks.register({ name, event, entity, when: 'before', source }));

  beforeAll(async () => {
    w = await createTestRuntime();
    await w.run(userScript('bob@nested.io', ''));
    await w.run(userScript('cy@nested.io', ''));
    await w.run(userScript('dan@nested.io', ''));
  });
  afterAll(() => w.dispose());
  afterEach(async () => {
    for (const off of cleanup.splice(0)) off();
    await w.store.deleteMany('companies', {});
  });

  it('a before-hook that saves another user keeps the first user’s password and welcome mail', async () => {
    hook(
      'sidekick',
      'record.created',
      'sys.users',
      `if (record.field('email').val() === 'main@nested.io') {
         var s = sys.data.createRecord('sys.users');
         s.field('firstName').val('Side'); s.field('lastName').val('Kick'); s.field('email').val('side@nested.io');
         sys.data.save(s);
       }`,
    );
    const mails = (await w.mail.list()).length;
    const { value: id } = await w.run(withPassword('main@nested.io', 'Main-pass-123'));
    expect(await w.store.findOne('sys.users', 'side@nested.io')).not.toBeNull();
    expect(await w.users.verifyPassword(id as string, 'Main-pass-123')).toBe(true);
    const signedIn = await w.users.signIn('main@nested.io', 'Main-pass-123', { ip: '10.1.1.1' });
    expect(signedIn).toMatchObject({ status: 'ok' });
    const welcome = (await w.mail.list()).slice(mails).map((m) => m.to);
    expect(welcome).toEqual(['main@nested.io']);
  });

  it('a replay starts as the run’s own user, not as the user the failed attempt switched to', async () => {
    await w.run(company('taken'));
    const { value, logs } = await w.run(
      `var first = ${emailOf}(sys.context.getCurrentUser());
       sys.context.setCurrentUserRecordByEmail('bob@nested.io');
       ${company('a')}
       try { ${company('taken')} } catch (e) { log('caught ' + e.code()); }
       return [first, ${emailOf}(sys.context.getCurrentUser())];`,
      { as: 'cy@nested.io' },
    );
    expect(value).toEqual(['cy@nested.io', 'bob@nested.io']);
    expect(logs.map((l) => l.message)).toEqual(['caught validationErrors']);
  });

  it('a before-hook that switches user leaves the triggering script’s user alone', async () => {
    hook(
      'switcher',
      'record.created',
      'companies',
      `var seen = ${emailOf}(sys.context.getCurrentUser());
       sys.context.setCurrentUserRecordByEmail('bob@nested.io');
       record.field('name').val(record.field('name').val() + ' seen by ' + seen);`,
    );
    const { value } = await w.run(
      `${company('acme')} return [${emailOf}(sys.context.getCurrentUser()), c.field('name').val()];`,
      { as: 'cy@nested.io' },
    );
    expect(value).toEqual(['cy@nested.io', 'acme seen by cy@nested.io']);
  });

  it('a before-hook draws on the CPU the triggering run has left, and its CPU counts in the run', async () => {
    const burn = (ms: number) => `var t0 = Date.now(); while (Date.now() - t0 < ${ms}) {}`;
    hook('burner', 'record.created', 'companies', burn(250));
    const { stats } = await w.run(`${company('one')}`, { limits: { cpuMs: 2000 } });
    expect(stats.cpuMs).toBeGreaterThanOrEqual(250);
    const error = await w
      .run(`${burn(200)} ${company('two')} return 'saved';`, { limits: { cpuMs: 350, wallMs: 5000 } })
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'timeout', message: 'CPU time limit of 350 ms exceeded' });
    expect(await w.store.count('companies', { name: 'two' })).toBe(0);
  });

  it('a before-hook’s unlock leaves the outer script’s lock; its own locks end with it', async () => {
    const locks = new Database(`${w.database}-locks`, { readonly: true });
    const held = () =>
      (locks.prepare('SELECT entity, id FROM record_locks').all() as { entity: string; id: string }[]).map(
        (r) => `${r.entity}:${r.id}`,
      );
    const id = async (email: string) => (await w.store.findOne('sys.users', email))!.id!;
    const [bob, cy] = [await id('bob@nested.io'), await id('cy@nested.io')];
    const dan = await id('dan@nested.io');
    hook(
      'locker',
      'record.created',
      'companies',
      `sys.data.unlock(sys.data.findOne('sys.users', 'bob@nested.io'));
       sys.data.lock(sys.data.findOne('sys.users', 'cy@nested.io'));`,
    );
    try {
      const running = w.run(
        `sys.data.lock(sys.data.findOne('sys.users', 'bob@nested.io'));
         ${company('locked')}
         sys.data.lock(sys.data.findOne('sys.users', 'dan@nested.io'));
         var t0 = Date.now(); while (Date.now() - t0 < 1500) {}
         return 'done';`,
      );
      // Once the script holds its lock taken after the hook, look at who holds what.
      const deadline = Date.now() + 10_000;
      while (!held().includes(`sys.users:${dan}`) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const during = held().sort();
      expect((await running).value).toBe('done');
      expect(during).toEqual([`sys.users:${bob}`, `sys.users:${dan}`].sort());
      expect(during).not.toContain(`sys.users:${cy}`);
      expect(held()).toEqual([]);
    } finally {
      locks.close();
    }
  });
});
