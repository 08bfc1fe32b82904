import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

/** Computes for `ms` inside the script after one read, as a report or a batch job would; returns when it computed. */
const READ_THEN_COMPUTE = `sys.data.count('companies'); var from = Date.now();
  var end = from + ms, x = 0; while (Date.now() < end) x++; return [from, Date.now()];`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('host calls while scripts run', () => {
  let w: TestRuntime;
  const password = 'Interplay-pass-1';
  beforeAll(async () => {
    w = await createTestRuntime({ executor: { workers: 2 } });
    // Both workers up, so that a run starts at once.
    await Promise.all([w.run('return 1'), w.run('return 1')]);
    await w.store.insert('sys.users', {
      firstName: 'Ina',
      lastName: 'Play',
      email: 'ina@interplay.io',
      sendWelcomeEmail: false,
      authentication: {
        password,
        passwordConfirmation: password,
        generatePassword: false,
        passwordExpired: false,
      },
    });
  });
  afterAll(() => w.dispose());

  /** Resolves once some run holds the database's write lock (probed with a zero-wait begin). */
  const whenWriteLocked = async () => {
    for (let i = 0; i < 500; i++) {
      try {
        w.store.db.exec('BEGIN IMMEDIATE');
        w.store.db.exec('ROLLBACK');
      } catch {
        return;
      }
      await sleep(10);
    }
    throw new Error('no run took the write lock');
  };

  it('a script that read and computes for 3 s neither delays a host insert and sign-in nor stalls the event loop', async () => {
    const script = w.run(READ_THEN_COMPUTE, { params: { ms: 3000 } });
    await sleep(1000); // the script computes now, inside its transaction
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const started = performance.now();
    const inserted = await w.store.insert('companies', { name: 'while-reading' });
    const insertMs = performance.now() - started;
    const signedIn = await w.users.signIn('ina@interplay.io', password);
    await expect(w.users.signIn('nobody@interplay.io', password)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const hostMs = performance.now() - started;
    const hostEnded = Date.now();
    lag.disable();
    expect(inserted.id).toBeTruthy();
    expect(signedIn.status).toBe('ok');
    expect(insertMs).toBeLessThan(200);
    expect(hostMs).toBeLessThan(1500);
    expect(lag.max / 1e6).toBeLessThan(100);
    // The host's calls ran while the script computed.
    const [from, to] = (await script).value as number[];
    expect(from).toBeLessThan(hostEnded - hostMs);
    expect(hostEnded).toBeLessThan(to!);
  });

  it('a host insert while a run holds the write lock waits on timers: the event loop stays free', async () => {
    const script = w.run(
      `var c = sys.data.createRecord('companies'); c.field('name').val('writer'); sys.data.save(c);
       sys.data.count('companies');
       var end = Date.now() + 1500, x = 0; while (Date.now() < end) x++;`,
    );
    await whenWriteLocked();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    await w.store.insert('companies', { name: 'after-writer' });
    clearInterval(ticker);
    await script;
    // The insert waited for the run's commit, and timers kept firing meanwhile.
    expect(performance.now() - started).toBeGreaterThan(300);
    expect(ticks).toBeGreaterThan(20);
  });

  it('two runs racing a read-modify-write lose no update: the loser is replayed', async () => {
    const { id } = await w.store.insert('companies', { name: 'counter', employees: 0 });
    const rmw = `var c = sys.data.findById('companies', id);
      var end = Date.now() + 200, x = 0; while (Date.now() < end) x++;
      c.field('employees').val(c.field('employees').val() + 1); sys.data.save(c);`;
    await Promise.all(Array.from({ length: 6 }, () => w.run(rmw, { params: { id } })));
    expect((await w.store.findById('companies', id!))!.fields.employees).toBe(6);
  });

  it('a short run behind a long writer fails with a coded timeout naming the busy database', async () => {
    const long = w.run(
      `var c = sys.data.createRecord('companies'); c.field('name').val('long-writer'); sys.data.save(c);
       sys.data.count('companies');
       var end = Date.now() + 2500, x = 0; while (Date.now() < end) x++;`,
    );
    await whenWriteLocked();
    const started = performance.now();
    const error = await w
      .run(
        `sys.data.count('companies');
         var c = sys.data.createRecord('companies'); c.field('name').val('short-writer'); sys.data.save(c);`,
        { timeoutMs: 600 },
      )
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/database stayed busy/) });
    expect(performance.now() - started).toBeLessThan(1500);
    await long;
    expect(await w.store.count('companies', { name: 'short-writer' })).toBe(0);
  });

  it("a record-lock wait ends at the run's remaining time with a coded timeout", async () => {
    const { id } = await w.store.insert('companies', { name: 'locked-by-host' });
    await w.store.lock('companies', id!, 'host');
    try {
      const started = performance.now();
      const error = await w
        .run(`sys.data.lockById('companies', id, 600000);`, { params: { id }, timeoutMs: 700 })
        .catch((e) => e);
      expect(error).toMatchObject({
        code: 'timeout',
        message: expect.stringMatching(/stayed locked for the \d+ ms the run had left/),
      });
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      await w.store.unlock('companies', id!, 'host');
    }
  });
});
