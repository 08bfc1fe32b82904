import { type SysOpName, WardenError } from '@warden/sys-api';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_SOURCE } from './bootstrap/index.js';
import { createIsolateRunner, type RunResult } from './isolate-runner.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { createRunStack } from './nested-runs.js';
import type { RunHost, RunRequest } from './types.js';

// A worker's runs in this process with the real bootstrap: the outer script calls
// `sys.data.count('tasks', {source})`, and the host runs `source` nested, as a before-hook would.
const schema = {
  name: 'nesting',
  baseUrl: 'http://localhost',
  entities: {
    tasks: {
      name: 'tasks',
      fields: { title: { name: 'title', type: 'text' as const, multiple: false, required: false } },
    },
  },
  groups: [],
  identityProviders: [],
  endpoints: [],
};
const options = {
  bootstrapSource: BOOTSTRAP_SOURCE,
  schema,
  maxRuns: 50,
  heapRatio: 0.8,
};
const stack = createRunStack(() => options);
const runner = createIsolateRunner(options);
afterAll(() => {
  runner.dispose();
  stack.dispose();
});

const task = { entity: 'tasks', id: 't1', version: 1, label: null, fields: { title: 'old' } };
let depth = 0;
let maxDepth = 0;
const host: RunHost = {
  dispatch(op: SysOpName, args: unknown[]) {
    if (op !== 'data.count') throw new WardenError('badRequest', `no op ${op}`);
    const q = args[1] as { source: string; limits?: Partial<Limits> } | null;
    if (!q) return depth;
    depth += 1;
    maxDepth = Math.max(maxDepth, depth);
    try {
      const req: RunRequest = {
        source: q.source,
        filename: 'inner.js',
        params: { depth },
        records: { task },
        returnRecords: true,
        limits: q.limits,
      };
      return stack.runNested(req, { dispatch: host.dispatch, finish: () => null });
    } finally {
      depth -= 1;
    }
  },
  finish: () => null,
};

function run(source: string, limits: Partial<Limits> = {}): RunResult {
  const all = { ...DEFAULT_LIMITS, ...limits };
  return stack.within(all, (cpu) => runner.run({ source }, all, host, cpu));
}
const nested = (source: string, limits?: Partial<Limits>) =>
  `return sys.data.count('tasks', ${JSON.stringify({ source, limits })});`;

describe('nested runs', () => {
  it('run inside a host call with records in and out, sharing the outer dispatch', () => {
    const r = run(
      nested("log('in ' + task.field('title').val()); task.field('title').val('new'); return depth"),
    );
    expect(r.ok).toBe(true);
    const inner = (r as { value: { ok: boolean; value: unknown; records: unknown; logs: unknown[] } }).value;
    expect(inner).toMatchObject({
      ok: true,
      value: 1,
      records: { task: { id: 't1', fields: { title: 'new' } } },
    });
    expect(inner.logs).toMatchObject([{ message: 'in old' }]);
  });

  it('report the nested script error at its own file and line', () => {
    const r = run(nested("var a = 1;\nsys.exceptions.throwException('forbidden', 'no way');"));
    expect((r as { value: unknown }).value).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'no way', file: 'inner.js', line: 2 },
    });
  });

  it('nest deeper, each depth in its own isolate', () => {
    maxDepth = 0;
    const deeper = nested(nested("return sys.data.count('tasks', null)"));
    const r = run(deeper) as { ok: true; value: { value: { value: number } } };
    expect(r.value.value.value).toBe(2);
    expect(maxDepth).toBe(2);
  });

  it('stop a nested loop at its own wall limit, and the outer run goes on', () => {
    const r = run(
      `var inner = ${nested('while (true) {}', { wallMs: 100 }).slice(7)} return {inner: inner, after: 42};`,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { inner: { ok: false, error: { code: 'timeout' } }, after: 42 },
    });
  });

  it('never outlast the outer run: its wall time is what the outer run has left', () => {
    const started = performance.now();
    const r = run(nested('while (true) {}'), { wallMs: 300 });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'timeout', message: 'Wall time limit of 300 ms exceeded' },
    });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  const burn = (ms: number) => `var t0 = Date.now(); while (Date.now() - t0 < ${ms}) {}`;

  it('draw on the CPU the outer run has left, and what they use counts against the outer run', () => {
    const r = run(
      `${burn(150)} var inner = ${nested(`${burn(200)} return 'inner done';`).slice(7)} return inner;`,
      {
        cpuMs: 300,
        wallMs: 5000,
      },
    );
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'timeout', message: 'CPU time limit of 300 ms exceeded' },
    });
  });

  it('count their CPU in the outer run’s stats', () => {
    const r = run(nested(`${burn(200)} return 1;`), { cpuMs: 5000 });
    expect(r).toMatchObject({ ok: true, value: { ok: true, value: 1 } });
    expect(r.stats.cpuMs).toBeGreaterThanOrEqual(200);
  });

  it('take their own lower limits', () => {
    const r = run(nested('for (var i = 0; i < 10; i++) log(i);', { maxHostCalls: 3 }));
    expect((r as { value: unknown }).value).toMatchObject({
      ok: false,
      error: { code: 'systemException', message: 'Host call limit of 3 calls exceeded' },
    });
  });

  it('run in contexts prepared while idle, as apart as fresh ones, top level and nested', () => {
    const leave = 'globalThis.left = (globalThis.left || 0) + 1; Object.prototype.polluted = 1; return left;';
    const look = 'return [typeof left, typeof ({}).polluted, typeof sys.data.findById];';
    expect(run(leave)).toMatchObject({ ok: true, value: 1 });
    expect(run(nested(leave))).toMatchObject({ ok: true, value: { ok: true, value: 1 } });
    runner.prepare();
    stack.prepare();
    const fresh = ['undefined', 'undefined', 'function'];
    expect(run(look)).toMatchObject({ ok: true, value: fresh });
    expect(run(nested(look))).toMatchObject({ ok: true, value: { ok: true, value: fresh } });
    // A second prepare before any run keeps the one context already made.
    runner.prepare();
    runner.prepare();
    expect(run(look)).toMatchObject({ ok: true, value: fresh });
  });

  it('fail when no run is in progress', () => {
    expect(stack.runNested({ source: 'return 1' }, host)).toMatchObject({
      ok: false,
      error: { code: 'systemException', message: 'runNested: no run is in progress' },
    });
  });
});
