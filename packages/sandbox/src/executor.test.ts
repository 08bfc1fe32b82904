import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from './executor.js';
import { outcomeError } from './outcome-error.js';
import { STAND_IN_BOOTSTRAP } from './test-fixtures/stand-in-bootstrap.js';
import type { Executor, RunOutcome } from './types.js';

const fixture = (name: string) => fileURLToPath(new URL(`./test-fixtures/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'warden-executor-'));
const closeMarker = join(dir, 'closed');

const NORMAL = 'sys.data.count("tasks"); log("fine"); return 7';
const expectNormal = (o: RunOutcome) =>
  expect(o).toMatchObject({ ok: true, value: 7, logs: [{ message: 'fine' }] });
/** Both workers serve a normal run (a replaced one too, so later timings see no startup). */
const bothServe = async () => {
  for (const o of await Promise.all([ex.run({ source: NORMAL }), ex.run({ source: NORMAL })]))
    expectNormal(o);
};
const errorOf = (o: RunOutcome) => (o.ok ? null : o.error);
/** Until no worker is busy: one may still be replacing its isolate after its last run. */
const settled = async () => {
  while (ex.stats().workers.some((w) => w.busy)) await new Promise((r) => setTimeout(r, 5));
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let ex: Executor;
let pids: number[] = [];
/** What the workers wrote to stderr (V8's out-of-memory reports among it), by worker index. */
const stderrLines: { worker: number; line: string }[] = [];
const capture = (line: string, worker: number) => void stderrLines.push({ worker, line });

beforeAll(() => {
  ex = createExecutor({
    workers: 2,
    host: { module: fixture('counter-host.ts'), config: { closeMarker } },
    recycle: { maxRuns: 4 },
    workerStderr: capture,
  });
});
afterAll(async () => {
  await ex.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('executor', () => {
  it('runs a script in a worker: value, logs, stats, effects, and the request reaches the host', async () => {
    const o = await ex.run({
      source: 'log("hi", name); return sys.context.getCurrentUser()',
      params: { name: 'Ada' },
      as: 'u1',
      entity: 'tasks',
    });
    expect(o).toMatchObject({
      ok: true,
      value: { entity: 'sys.users', id: 'u1', runEntity: 'tasks' },
      logs: [{ level: 'INFO', message: 'hi Ada' }],
      effects: { committed: true, calls: 1 },
    });
    expect((o as { value: { runId: string } }).value.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.stats).toMatchObject({ hostCalls: 2, worker: 0 });
    for (const key of ['wallMs', 'cpuMs', 'argBytes', 'resultBytes', 'heapUsedBytes'] as const) {
      expect(o.stats[key]).toBeGreaterThan(0);
    }
  });

  it('a failed run carries the script own line, and outcomeError reads code: message (file:line)', async () => {
    const o = await ex.run({
      source: 'log("before");\n\nsys.data.unlockById("tasks", "missing");',
      filename: 'job.js',
    });
    expect(errorOf(o)).toMatchObject({ code: 'notFound', line: 3, file: 'job.js' });
    const e = outcomeError(o as Extract<RunOutcome, { ok: false }>);
    expect(`${e.code}: ${e.message}`).toBe('notFound: unlock: no tasks record with id missing (job.js:3)');
    expect(e).toMatchObject({ name: 'WardenError', line: 3, logs: [{ message: 'before' }] });
  });

  it('fails the run when the host cannot commit it', async () => {
    const o = await ex.run({ source: 'return 1', params: { failFinish: true } });
    expect(errorOf(o)).toEqual({
      code: 'optimisticLocking',
      message: 'finish: the record changed meanwhile',
    });
  });

  it('rejects bad requests with a coded error naming the argument', async () => {
    await expect(ex.run({ source: 'return 1', params: { 'a-b': 1 } })).rejects.toMatchObject({
      code: 'badRequest',
      message: 'run: params key "a-b" is not a usable variable name',
    });
    await expect(ex.run({ source: 'return 1', limits: { cpuMs: -1 } })).rejects.toMatchObject({
      message: 'run: limits.cpuMs must be a positive number, got -1',
    });
    await expect(ex.run({ source: 42 } as never)).rejects.toMatchObject({
      message: 'run: source must be a string, got 42',
    });
  });
});

const hostile: [string, string, object, string, RegExp | string][] = [
  ['an endless loop', 'for(;;){}', { wallMs: 300 }, 'timeout', 'Wall time limit of 300 ms exceeded'],
  [
    'a catastrophic regex',
    "return /^(a+)+$/.test('a'.repeat(40) + 'b')",
    { cpuMs: 300 },
    'timeout',
    'CPU time limit of 300 ms exceeded',
  ],
  [
    'host calls that swallow every error',
    'for(;;){ try { sys.data.count("tasks") } catch (e) {} }',
    { wallMs: 300 },
    'timeout',
    'Wall time limit of 300 ms exceeded',
  ],
  [
    'a host op that burns CPU in a loop',
    'for(;;){ try { sys.data.count("tasks", {burnMs: 40}) } catch (e) {} }',
    { wallMs: 300 },
    'timeout',
    'Wall time limit of 300 ms exceeded',
  ],
  [
    'a memory bomb',
    'const a = []; for(;;) a.push({i: a.length, s: "abc" + a.length})',
    {},
    'systemException',
    'Memory limit of 64 MB exceeded',
  ],
  [
    'a 100 MB string returned',
    "return 'x'.repeat(100 * 1024 * 1024)",
    {},
    'systemException',
    /^(Memory|Result size) limit of \d+ [MBbytes]+ exceeded$/,
  ],
  [
    'deep recursion',
    'function f(){ return f() + 1 } return f()',
    {},
    'javascriptException',
    'RangeError: Maximum call stack size exceeded',
  ],
  [
    'a constructor walk to the host process',
    "return this.constructor.constructor('return process')().pid",
    {},
    'javascriptException',
    'ReferenceError: process is not defined',
  ],
  // What a run that timed out left queued must die with it, not surface in the isolate's next task.
  [
    'a rejection nobody handled, left behind by a timeout',
    "Promise.reject(new Error('left')); for(;;){}",
    { wallMs: 300 },
    'timeout',
    'Wall time limit of 300 ms exceeded',
  ],
  [
    'an endless microtask, left behind by a timeout',
    'Promise.resolve().then(function () { for(;;){} }); for(;;){}',
    { wallMs: 300 },
    'timeout',
    'Wall time limit of 300 ms exceeded',
  ],
  [
    'an uninterruptible BigInt parse',
    "return String(BigInt('1'.repeat(1e7))).length",
    { wallMs: 300 },
    'timeout',
    'Wall time limit of 300 ms exceeded',
  ],
];

describe('hostile scripts: contained, the host keeps ticking, and the next run works', () => {
  it.each(hostile)('%s', async (_name, source, limits, code, message) => {
    // An immediate queued after run() fires before its answer: the host's loop turns meanwhile.
    let turned = false;
    const running = ex.run({ source, limits });
    setImmediate(() => {
      turned = true;
    });
    const o = await running;
    expect(turned).toBe(true);
    expect(errorOf(o)?.code).toBe(code);
    expect(errorOf(o)?.message).toMatch(
      typeof message === 'string' ? new RegExp(`^${escapeRegExp(message)}$`) : message,
    );
    expectNormal(await ex.run({ source: NORMAL }));
  });

  it('WebAssembly is not there: a wasm memory is not counted against the memory limit', async () => {
    expect(await ex.run({ source: 'return typeof WebAssembly' })).toMatchObject({
      ok: true,
      value: 'undefined',
    });
    const o = await ex.run({
      source: 'new WebAssembly.Memory({ initial: 8192 }); return 1',
      limits: { memoryMb: 32 },
    });
    expect(errorOf(o)).toMatchObject({
      code: 'javascriptException',
      message: 'ReferenceError: WebAssembly is not defined',
    });
    // asm.js still runs, as plain JavaScript.
    const asm =
      'function m() { "use asm"; function f(x) { x = x | 0; return (x + 1) | 0; } return { f: f }; } return m().f(41)';
    expect(await ex.run({ source: asm })).toMatchObject({ ok: true, value: 42 });
  });

  it('a 100 MB string logged is cut to the log limit, and the run still succeeds', async () => {
    const o = await ex.run({ source: "log('x'.repeat(100 * 1024 * 1024)); log('after'); return 1" });
    expect(o.ok).toBe(true);
    expect(o.logs.map((l) => l.message.length)).toEqual([65536 + '… [truncated 104792064 chars]'.length, 5]);
  });
});

describe('worker processes', () => {
  it('recycles isolates after maxRuns runs and after a termination', async () => {
    // One worker: runs on several take turns, and this counts one worker's isolates.
    const one = createExecutor({
      workers: 1,
      host: { module: fixture('counter-host.ts'), config: { closeMarker: join(dir, 'one-closed') } },
      recycle: { maxRuns: 4 },
    });
    try {
      const isolates = () => one.stats().workers[0]!.isolates;
      await one.run({ source: 'return 1' });
      const start = isolates();
      for (let i = 0; i < 3; i++) await one.run({ source: 'return 1' });
      expect(isolates()).toBe(start); // 4 runs on one isolate
      await one.run({ source: 'return 1' });
      expect(isolates()).toBe(start + 1); // the 5th needed a new one
      await one.run({ source: 'for(;;){}', limits: { wallMs: 50 } });
      await one.run({ source: 'return 1' });
      expect(isolates()).toBe(start + 2); // a timeout retired it early
    } finally {
      await one.close();
    }
  });

  it('a worker replacing its isolate takes no run until it is idle', async () => {
    // Every run retires its isolate, and every context takes 300 ms to prepare.
    const slowContexts = STAND_IN_BOOTSTRAP.replace(
      "'use strict';",
      "'use strict'; { const until = Date.now() + 300; while (Date.now() < until); }",
    );
    const one = createExecutor({
      workers: 1,
      host: { module: fixture('counter-host.ts'), config: { closeMarker: join(dir, 'slow-closed') } },
      recycle: { maxRuns: 1 },
      bootstrap: slowContexts,
    });
    try {
      expect(await one.run({ source: 'return 1' })).toMatchObject({ ok: true, value: 1 });
      expect(one.stats().workers[0]!.busy).toBe(true);
      const next = one.run({ source: 'return 2' });
      expect(one.stats().queued).toBe(1);
      expect(await next).toMatchObject({ ok: true, value: 2 });
      expect(one.stats().workers[0]!.isolates).toBe(2);
    } finally {
      await one.close();
    }
  });

  it('free workers take runs in turn', async () => {
    const served = [];
    for (let i = 0; i < 4; i++) served.push((await ex.run({ source: 'return 1' })).stats.worker);
    expect(new Set(served).size).toBe(2);
    expect(served[0]).not.toBe(served[1]);
  });

  it('a worker killed from outside fails only its run, and is replaced', async () => {
    await settled();
    const pending = ex.run({ source: 'sys.data.lockById("tasks", "1", 5000); return 1' });
    // The run is handed to a worker at once: the one busy now.
    const victim = ex.stats().workers.find((w) => w.busy)!;
    const other = ex.run({ source: 'sys.data.lockById("tasks", "1", 200); return 2' });
    await new Promise((r) => setTimeout(r, 100));
    process.kill(victim.pid!, 'SIGKILL');
    expect(errorOf(await pending)).toEqual({
      code: 'systemException',
      message: 'The worker process exited (signal SIGKILL) during the run',
    });
    expect(await other).toMatchObject({ ok: true, value: 2, stats: { worker: 1 - victim.index } });
    await bothServe();
    expect(ex.stats().workers[victim.index]!.restarts).toBe(victim.restarts + 1);
  });

  it('a worker that crashes mid-run fails only that run; what it wrote reaches workerStderr', async () => {
    const o = await ex.run({ source: 'sys.data.count("tasks", {exitCode: 3}); return 1' });
    expect(errorOf(o)).toEqual({
      code: 'systemException',
      message: 'The worker process exited (code 3) during the run',
    });
    await bothServe();
    expect(stderrLines).toContainEqual({ worker: o.stats.worker, line: 'counter host: exiting with code 3' });
  });

  it('two workers run two slow runs in parallel, and a third waits in the queue', async () => {
    const slow = { source: 'sys.data.lockById("tasks", "1", 400); return 1' };
    const t = performance.now();
    const outcomes = await Promise.all([ex.run(slow), ex.run(slow)]);
    const both = performance.now() - t;
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(outcomes.map((o) => o.stats.worker).sort()).toEqual([0, 1]);
    expect(both).toBeLessThan(750);
    await settled();
    const three = ex.run(slow);
    const four = ex.run(slow);
    const five = ex.run(slow);
    expect(ex.stats().queued).toBe(1);
    expect((await Promise.all([three, four, five])).every((o) => o.ok)).toBe(true);
  });

  it('measures the per-run overhead of `return 1` through the executor', async () => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      await ex.run({ source: 'return 1' });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[15]!;
    console.log(
      `executor round trip of \`return 1\`: median ${median.toFixed(2)} ms, p90 ${times[27]!.toFixed(2)} ms`,
    );
    expect(median).toBeLessThan(50);
  });

  it('a host module that fails to load fails runs with a coded error; its stack goes to workerStderr', async () => {
    const lines: string[] = [];
    const broken = createExecutor({
      workers: 1,
      host: { module: fixture('broken-host.ts'), config: null },
      workerStderr: (line, worker) => void lines.push(`${worker}: ${line}`),
    });
    const o = await broken.run({ source: 'return 1' });
    expect(errorOf(o)).toEqual({ code: 'systemException', message: 'The worker process failed to start' });
    await broken.close();
    // Both starts (the first and the one retry) said why, line by line: the operator's view.
    const said = lines.filter((l) => l.startsWith('0: warden sandbox: worker host failed to start:'));
    expect(said).toEqual(
      Array(2).fill(
        '0: warden sandbox: worker host failed to start: Error: cannot open /secret/host/path/app.db',
      ),
    );
    expect(lines.some((l) => /^0: +at createWorkerHost \(.*broken-host\.ts:/.test(l))).toBe(true);
  });

  it('close() closes every worker host and leaves no child process behind', async () => {
    const closing = createExecutor({
      workers: 2,
      host: { module: fixture('counter-host.ts'), config: { closeMarker } },
    });
    await closing.run({ source: 'return 1' });
    pids = closing.stats().workers.map((w) => w.pid!);
    expect(pids.every(alive)).toBe(true);
    await closing.close();
    expect(pids.some(alive)).toBe(false);
    expect(existsSync(closeMarker) && readFileSync(closeMarker, 'utf8')).toMatch(/^closed \d+$/);
    await expect(closing.run({ source: 'return 1' })).rejects.toMatchObject({
      code: 'badRequest',
      message: 'run: the executor is closed',
    });
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
