import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { report, scale } from './security-kit.js';

// Runs in different workers doing read-modify-write on shared records and users: no update is
// lost, nothing deadlocks, and waiting for a lock ends as a `timeout` error within its time.
const RUNS = scale(20, 60);
const STEPS = scale(200, 400);
const FLIP_PAIRS = 5;

const RMW = `
  for (var s = 0; s < steps; s++) {
    var r = sys.data.findById('companies', ids[(s + run) % ids.length]);
    r.field('employees').val(r.field('employees').val() + 1);
    sys.data.save(r);
  }
  var u = sys.data.findById('sys.users', userId);
  for (var f = 0; f < flips; f++) { u = sys.users.deactivate(u); u = sys.users.activate(u); }
  return run;`;

describe('concurrency', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ executor: { workers: 2 } });
  });
  afterAll(async () => {
    await w.dispose();
  });

  it(`${RUNS} runs × ${STEPS} read-modify-writes on 3 shared records and a user lose no update`, async () => {
    const ids: string[] = [];
    for (const n of ['a', 'b', 'c'])
      ids.push((await w.store.insert('companies', { name: `shared-${n}`, employees: 0 })).id!);
    const user = await w.store.insert('sys.users', {
      firstName: 'Flip',
      lastName: 'Flop',
      email: 'flip@example.com',
    });
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: RUNS }, (_, run) =>
        w.run(RMW, {
          params: { ids, run, steps: STEPS, userId: user.id, flips: FLIP_PAIRS },
          limits: { wallMs: 60_000 },
        }),
      ),
    );
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    expect(results.map((r) => r.value).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: RUNS }, (_, i) => i),
    );
    expect(new Set(results.map((r) => r.stats.worker)).size).toBe(2);
    // Exact totals: each run adds its steps round-robin from its own offset.
    const expected = [0, 0, 0];
    for (let run = 0; run < RUNS; run++) for (let s = 0; s < STEPS; s++) expected[(s + run) % 3]! += 1;
    const totals = await Promise.all(ids.map((id) => w.store.findById('companies', id)));
    expect(totals.map((c) => c!.fields.employees)).toEqual(expected);
    const flipped = (await w.store.findById('sys.users', user.id!))!;
    expect(flipped.fields.status).toBe('ACTIVE');
    expect(flipped.version).toBe(user.version + RUNS * FLIP_PAIRS * 2);
    report('concurrency', {
      runs: RUNS,
      'read-modify-writes': RUNS * STEPS,
      'status flips': RUNS * FLIP_PAIRS * 2,
      seconds,
    });
  }, 600_000);

  it('a lock held elsewhere ends lock() as a timeout error and tryLock() as null, on time', async () => {
    const { id } = await w.store.insert('companies', { name: 'held' });
    await w.store.lock('companies', id!, 'the-host');
    try {
      const started = performance.now();
      const error = await w
        .run(`sys.data.lockById('companies', id, 300);`, { params: { id } })
        .catch((e) => e);
      expect(error.code).toBe('timeout');
      expect(performance.now() - started).toBeLessThan(300 + 1500);
      const { value } = await w.run(
        `var t = Date.now(); var r = sys.data.tryLockById('companies', id, 200);
         return [r === null, Date.now() - t >= 190, sys.data.tryLockById('companies', id) === null];`,
        { params: { id } },
      );
      expect(value).toEqual([true, true, true]);
      // A lock wait longer than the run's own wall time still ends on the run's time.
      const waited = performance.now();
      const late = await w
        .run(`sys.data.lockById('companies', id, 600000);`, { params: { id }, limits: { wallMs: 500 } })
        .catch((e) => e);
      expect(late.code).toBe('timeout');
      expect(performance.now() - waited).toBeLessThan(500 + 1500);
    } finally {
      await w.store.unlock('companies', id!, 'the-host');
    }
    const { value } = await w.run(`return sys.data.lockById('companies', id).id() === id;`, {
      params: { id },
    });
    expect(value).toBe(true);
  });

  it('runs locking records in opposite orders never deadlock', async () => {
    const a = (await w.store.insert('companies', { name: 'order-a', employees: 0 })).id!;
    const b = (await w.store.insert('companies', { name: 'order-b', employees: 0 })).id!;
    const source = `
      var first = sys.data.lockById('companies', order[0], 5000), second = sys.data.lockById('companies', order[1], 5000);
      first.field('employees').val(first.field('employees').val() + 1); sys.data.save(first);
      second.field('employees').val(second.field('employees').val() + 1); sys.data.save(second);
      return true;`;
    const runs = Array.from({ length: 20 }, (_, i) =>
      w.run(source, { params: { order: i % 2 ? [a, b] : [b, a] }, limits: { wallMs: 20_000 } }),
    );
    const started = performance.now();
    expect((await Promise.all(runs)).every((r) => r.value === true)).toBe(true);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect((await w.store.findById('companies', a))!.fields.employees).toBe(20);
    expect((await w.store.findById('companies', b))!.fields.employees).toBe(20);
  });

  it('a writer blocked by a long run ends as a timeout, and the long run still commits', async () => {
    // Reading the saved record's id sends its deferred save, which takes the write lock.
    const long = w.run(
      `var c = sys.data.createRecord('companies'); c.field('name').val('long-writer'); sys.data.save(c); c.id();
       var until = Date.now() + 1500; while (Date.now() < until) {} return 1;`,
      { limits: { wallMs: 5000 } },
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    const blocked = await w
      .run(
        `var c = sys.data.createRecord('companies'); c.field('name').val('blocked-writer'); sys.data.save(c);`,
        {
          limits: { wallMs: 400 },
        },
      )
      .catch((e) => e);
    expect(blocked.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(400 + 1500);
    expect((await long).value).toBe(1);
    expect(await w.store.count('companies', { name: 'long-writer' })).toBe(1);
    expect(await w.store.count('companies', { name: 'blocked-writer' })).toBe(0);
  });
});
