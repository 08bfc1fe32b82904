import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

describe('a run is one transaction', () => {
  let w: TestRuntime;
  beforeEach(async () => {
    w = await createTestRuntime({ executor: { workers: 2 } });
  });
  afterEach(() => w.dispose());

  it('a script that throws after 100 saves leaves none of them', async () => {
    const error = await w
      .run(`
        for (var i = 0; i < 100; i++) {
          var c = sys.data.createRecord('companies');
          c.field('name').val('rollback ' + i);
          sys.data.save(c);
        }
        throw new Error('changed my mind');
      `)
      .catch((e) => e);
    expect(error.code).toBe('javascriptException');
    expect(error.message).toContain('changed my mind');
    expect(await w.store.count('companies', {})).toBe(0);
  });

  it('a failed run sends no mail', async () => {
    await w.run(
      `var u = sys.data.createRecord('sys.users');
       u.field('firstName').val('Mail'); u.field('lastName').val('Less'); u.field('email').val('mail@less.io');
       sys.data.save(u);`,
    );
    const error = await w
      .run(`var u = sys.data.findOne('sys.users', 'mail@less.io');
            sys.users.resetPassword(u, {notifyUser: true});
            sys.exceptions.throwException('badRequest', 'abort after reset');`)
      .catch((e) => e);
    expect(error.code).toBe('badRequest');
    expect(await w.mail.list()).toEqual([]);
  });

  it('two runs in different workers incrementing one record 1,000 times each lose no update', async () => {
    const { value: id } = await w.run(`
      var c = sys.data.createRecord('companies');
      c.field('name').val('counter'); c.field('employees').val(0);
      return sys.data.save(c).id();`);
    const increment = `
      for (var i = 0; i < 1000; i++) {
        var c = sys.data.findById('companies', counterId);
        c.field('employees').val(c.field('employees').val() + 1);
        sys.data.save(c);
      }`;
    const runs = await Promise.all([
      w.run(increment, { params: { counterId: id } }),
      w.run(increment, { params: { counterId: id } }),
    ]);
    expect(new Set(runs.map((r) => r.stats.worker)).size).toBe(2);
    expect((await w.store.findById('companies', id as string))!.fields.employees).toBe(2000);
  });
});

describe('account expiry sweeper', () => {
  it('sets users past their expirationDate INACTIVE on its own', async () => {
    const w = await createTestRuntime({ expirySweepMs: 50 });
    try {
      await w.run(`var u = sys.data.createRecord('sys.users');
        u.field('firstName').val('Old'); u.field('lastName').val('Timer'); u.field('email').val('old@timer.io');
        u.field('expirationDate').val(Date.now() - 1000);
        sys.data.save(u);`);
      const deadline = Date.now() + 5000;
      while ((await w.store.findOne('sys.users', 'old@timer.io'))!.fields.status !== 'INACTIVE') {
        if (Date.now() > deadline) throw new Error('the sweeper never ran');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await w.dispose();
    }
  });
});
