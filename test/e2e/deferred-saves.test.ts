import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, messages, type TestRuntime } from '../support/test-runtime.js';

// A run's saves go to the worker in batches; one that fails there makes the worker run the script
// again with every save sent at its call. Real worker, isolates and SQLite file.
const company = (name: string) =>
  `var c = sys.data.createRecord('companies'); c.field('name').val(${JSON.stringify(name)}); sys.data.save(c);`;

describe('deferred saves', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime();
  });
  afterAll(() => w.dispose());
  afterEach(async () => {
    await w.store.deleteMany('companies', {});
    await w.store.deleteMany('sys.users', {});
  });
  const names = async () =>
    [...(await w.store.find('companies', {}))].map((c) => c.fields.name as string).sort();

  it('store every save, and the script sees each record as stored', async () => {
    const { value, stats } = await w.run(`
      var records = [];
      for (var i = 0; i < 200; i++) {
        var c = sys.data.createRecord('companies');
        c.field('name').val('c' + (1000 + i));
        records.push(sys.data.save(c));
      }
      var stored = records.filter(function (r) { return r.id() !== null && r.field('isCustomer').val() === false; });
      return [stored.length, sys.data.count('companies', {})];`);
    expect(value).toEqual([200, 200]);
    expect(await names()).toEqual(Array.from({ length: 200 }, (_, i) => `c${1000 + i}`));
    // Every save counts as a host call, in a batch or not: 200 saves and the count.
    expect(stats.hostCalls).toBe(201);
  });

  it('a save that fails is thrown at its call, where the script catches it; nothing runs twice', async () => {
    await w.run(company('taken'));
    const { value, logs } = await w.run(`
      log('start');
      ${company('a')}
      try { ${company('taken')} } catch (e) { log('caught ' + e.code()); }
      ${company('b')}
      return sys.data.count('companies', {});`);
    expect(value).toBe(3);
    expect(messages(logs)).toEqual(['start', 'caught validationErrors']);
    expect(await names()).toEqual(['a', 'b', 'taken']);
  });

  it('an uncaught failing save fails the run at its line and leaves nothing', async () => {
    const error = await w
      .run(`log('start');\n${company('x')}\n${company('x')}\nlog('never');`)
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'validationErrors', line: 3 });
    expect(error.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    expect(messages(error.logs)).toEqual(['start']);
    expect(await names()).toEqual([]);
  });

  it('the first attempt leaves no mail and no lock behind', async () => {
    await w.run(`var u = sys.data.createRecord('sys.users');
      u.field('firstName').val('Ann'); u.field('lastName').val('Lee'); u.field('email').val('ann@deferred.io');
      sys.data.save(u);`);
    const mails = (await w.mail.list()).length;
    const { value } = await w.run(`
      var u = sys.data.findOne('sys.users', 'ann@deferred.io');
      sys.data.lock(u);
      sys.users.resetPassword(u, {notifyUser: true});
      ${company('dup')}
      try { ${company('dup')} } catch (e) { log('caught'); }
      return 'done';`);
    expect(value).toBe('done');
    expect(await w.mail.list()).toHaveLength(mails + 1);
    expect(await names()).toEqual(['dup']);
    // Another run can take the lock at once: the replay's run released it, and so did the first attempt.
    const { value: locked } = await w.run(
      `return sys.data.tryLock(sys.data.findOne('sys.users', 'ann@deferred.io')) !== null;`,
    );
    expect(locked).toBe(true);
  });

  it('a replay runs within the time left: the two attempts share one wall-time and one CPU limit', async () => {
    await w.run(company('slow'));
    const source = `
      var until = Date.now() + 400; while (Date.now() < until) {}
      try { ${company('slow')} } catch (e) {}
      return 'done';`;
    // Alone, one attempt takes 400 ms, well inside 700; the replay that follows the failed batch
    // would take another 400.
    const error = await w.run(source, { limits: { wallMs: 700 } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'timeout', message: 'Wall time limit of 700 ms exceeded' });
    // The replay runs in a new isolate; the run's CPU clock adds the first one's time.
    const cpu = await w.run(source, { limits: { wallMs: 5000, cpuMs: 700 } }).catch((e) => e);
    expect(cpu).toMatchObject({ code: 'timeout', message: 'CPU time limit of 700 ms exceeded' });
    expect(cpu.stats.cpuMs).toBeGreaterThan(700);
    expect((await w.run(source, { limits: { wallMs: 5000 } })).value).toBe('done');
  });

  it('an embedder can turn deferring off: every save goes at its call, and nothing is replayed', async () => {
    const direct = await createTestRuntime({ executor: { deferSaves: false } });
    try {
      await direct.run(company('slow'));
      // The run that times out above with deferred saves (its failing save replayed) fits in 700 ms.
      const { value } = await direct.run(
        `var until = Date.now() + 400; while (Date.now() < until) {}
         try { ${company('slow')} } catch (e) { log('caught ' + e.code()); }
         var c = sys.data.createRecord('companies'); c.field('name').val('after');
         sys.data.save(c);
         return c.id() !== null;`,
        { limits: { wallMs: 700 } },
      );
      expect(value).toBe(true);
    } finally {
      await direct.dispose();
    }
  });

  it('the host call limit counts each deferred save', async () => {
    const error = await w
      .run(
        `for (var i = 0; i < 100; i++) {
           var c = sys.data.createRecord('companies'); c.field('name').val('n' + i); sys.data.save(c);
         }`,
        { limits: { maxHostCalls: 50 } },
      )
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'systemException', message: 'Host call limit of 50 calls exceeded' });
    expect(await names()).toEqual([]);
  });
});
