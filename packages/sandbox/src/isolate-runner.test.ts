import { WardenError } from '@warden/sys-api';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_SOURCE } from './bootstrap/index.js';
import { createMemoryHost } from './bootstrap/testing/memory-host.js';
import { TEST_SCHEMA } from './bootstrap/testing/test-schema.js';
import { createIsolateRunner, type RunResult } from './isolate-runner.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { requestReplay } from './run-replay.js';
import createWorkerHost from './test-fixtures/counter-host.js';
import { STAND_IN_BOOTSTRAP } from './test-fixtures/stand-in-bootstrap.js';
import type { RunHost, RunRequest } from './types.js';

// The runner in this process, with the stand-in bootstrap: fast checks of the budget, the error
// mapping and recycling. The executor tests cover the same through worker processes.
const host = createWorkerHost({});
const runner = createIsolateRunner({
  bootstrapSource: STAND_IN_BOOTSTRAP,
  schema: host.schema(),
  maxRuns: 5,
  heapRatio: 0.8,
});
afterAll(() => runner.dispose());

function run(source: string, limits: Partial<Limits> = {}, extra: Partial<RunRequest> = {}): RunResult {
  const req = { source, ...extra };
  return runner.run(req, { ...DEFAULT_LIMITS, ...limits }, host.beginRun({ ...req, runId: 'r' }));
}
const errorOf = (r: RunResult) => (r.ok ? null : r.error);
const resultOf = (r: RunResult) => (r.ok ? r.value : r.error);

describe('isolate runner', () => {
  it('returns the value, the logs and the stats of a run', () => {
    const r = run(
      'log("hello " + who); sys.data.count("x"); return {n: n + 1, who};',
      {},
      { params: { who: 'Ada', n: 1 } },
    );
    expect(r).toMatchObject({ ok: true, value: { n: 2, who: 'Ada' } });
    expect(r.logs).toEqual([{ level: 'INFO', message: 'hello Ada', time: expect.any(Number) }]);
    expect(r.stats).toMatchObject({
      hostCalls: 2,
      argBytes: expect.any(Number),
      resultBytes: expect.any(Number),
    });
    expect(r.stats.heapUsedBytes).toBeGreaterThan(100_000);
    expect(r.stats.wallMs).toBeGreaterThan(0);
  });

  it('reports thrown errors at the script own line and column, and syntax errors too', () => {
    expect(errorOf(run('var a = 1;\n\n  throw new TypeError("bad " + a);'))).toMatchObject({
      code: 'javascriptException',
      message: 'TypeError: bad 1',
      line: 3,
      column: 9,
      file: 'script.js',
    });
    expect(errorOf(run('  null.x', {}, { filename: 'job.js' }))).toMatchObject({
      line: 1,
      column: 8,
      file: 'job.js',
    });
    expect(errorOf(run('var a = 1;\nvar b = ;'))).toMatchObject({
      code: 'javascriptException',
      message: "SyntaxError: Unexpected token ';'",
      line: 2,
      column: 9,
    });
  });

  it('passes coded host errors through and hides host bugs', () => {
    expect(errorOf(run('sys.data.unlockById("e", "missing")'))).toMatchObject({
      code: 'notFound',
      message: 'unlock: no e record with id missing',
    });
    const bug = errorOf(run('sys.data.unlockById("e", "crash")'));
    expect(bug?.code).toBe('unknownError');
    expect(JSON.stringify(bug)).not.toContain('/secret');
  });

  it('answers a malformed call with badRequest instead of calling the host', () => {
    const r = run(
      'return [sys.raw("nope.op", "[]"), sys.raw("data.count", "{"), sys.raw("data.count", "{}")]',
    );
    const answers = (r.ok ? (r.value as string[]) : []).map((s) => JSON.parse(s));
    expect(answers.map((a) => a.code)).toEqual(['badRequest', 'badRequest', 'badRequest']);
    expect(answers[0].message).toBe('dispatch: unknown operation "nope.op"');
  });

  it.each([
    [
      'wall time in host calls',
      'for(;;){ try { sys.data.lockById("e", "1", 20) } catch (e) {} }',
      { wallMs: 150 },
      'timeout',
      'Wall time limit of 150 ms exceeded',
    ],
    ['CPU time in a JS loop', 'for(;;){}', { cpuMs: 120 }, 'timeout', 'CPU time limit of 120 ms exceeded'],
    [
      'host calls',
      'for(;;){ try { sys.data.count("e") } catch (e) {} }',
      { maxHostCalls: 50 },
      'systemException',
      'Host call limit of 50 calls exceeded',
    ],
    [
      'argument bytes',
      'sys.data.count("x".repeat(5000))',
      { maxArgBytes: 1000 },
      'systemException',
      'Argument size limit of 1000 bytes exceeded',
    ],
    [
      'result bytes of a call',
      'try { sys.data.findById("e", "5000") } catch (e) {} for(;;){}',
      { maxResultBytes: 1000 },
      'systemException',
      'Result size limit of 1000 bytes exceeded',
    ],
    [
      'result bytes of the run',
      'return "x".repeat(5000)',
      { maxResultBytes: 1000 },
      'systemException',
      'Result size limit of 1000 bytes exceeded',
    ],
    [
      'memory',
      'const a = []; for(;;) a.push({i: a.length, s: "abc" + a.length})',
      { memoryMb: 16 },
      'systemException',
      'Memory limit of 16 MB exceeded',
    ],
  ])('ends a run over its %s limit, and the next run works', (_name, source, limits, code, message) => {
    const before = runner.stats().isolates;
    expect(errorOf(run(source, limits))).toEqual({ code, message });
    expect(resultOf(run('return 1'))).toBe(1);
    // A breach retires the isolate (a memory limit of its own needs one more isolate first).
    expect(runner.stats().isolates).toBe(before + ('memoryMb' in limits ? 2 : 1));
  });

  it('caps logs: long messages are cut, and past the total one marker is kept', () => {
    const r = run('log("y".repeat(100000)); for (let i = 0; i < 1000; i++) log("line " + i); return 1', {
      maxLogBytes: 70_000,
    });
    expect(r.ok).toBe(true);
    expect(r.logs[0]?.message).toMatch(/^y{65536}… \[truncated 34464 chars\]$/);
    expect(r.logs.at(-1)?.message).toBe('[log limit of 70000 bytes reached; later logs dropped]');
    expect(r.logs.length).toBeLessThan(1000);
  });

  it('keeps runs apart: globals and prototype patches of one run are gone in the next', () => {
    run('globalThis.leak = 1; Array.prototype.evil = 2; return 0');
    expect(resultOf(run('return [typeof leak, [].evil]'))).toEqual(['undefined', null]);
  });

  it('recycles the isolate after maxRuns runs', () => {
    run('return 0');
    const { isolates } = runner.stats();
    for (let i = 0; i < 5; i++) run('return 0');
    expect(runner.stats().isolates).toBe(isolates + 1);
  });

  it('recycles the isolate when its used heap passes the ratio of its limit', () => {
    const own = createIsolateRunner({
      bootstrapSource: STAND_IN_BOOTSTRAP,
      schema: host.schema(),
      maxRuns: 1000,
      heapRatio: 0.3,
    });
    const go = (source: string) => own.run({ source }, DEFAULT_LIMITS, host.beginRun({ source, runId: 'r' }));
    go('return 0');
    go('return 0');
    expect(own.stats()).toEqual({ isolates: 1, runs: 2 });
    const big = go('const a = new Array(3e6).fill(0.5); return a.length'); // ~24 MB of doubles
    expect(big).toMatchObject({ ok: true, value: 3e6 });
    expect(big.stats.heapUsedBytes).toBeGreaterThan(0.3 * 64 * 1024 * 1024);
    expect(own.stats()).toEqual({ isolates: 1, runs: 0 }); // retired
    go('return 0');
    expect(own.stats()).toEqual({ isolates: 2, runs: 1 });
    own.dispose();
  });

  it('contains escape attempts and stack overflows', () => {
    expect(errorOf(run("return this.constructor.constructor('return process')().pid"))).toMatchObject({
      code: 'javascriptException',
      message: 'ReferenceError: process is not defined',
    });
    expect(errorOf(run('function f(){ return f() + 1 } return f()'))).toMatchObject({
      message: 'RangeError: Maximum call stack size exceeded',
    });
    expect(resultOf(run('return [typeof require, typeof process, typeof $0, typeof ivm]'))).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });
});

describe('deferred saves', () => {
  // The real bootstrap over an in-memory host whose first batch fails, as a unique clash would.
  const defer = (options: { restart: boolean; deferSaves?: boolean }) => {
    const memory = createMemoryHost(TEST_SCHEMA);
    const sent: string[] = [];
    let failed = false;
    const runHost: RunHost = {
      dispatch(op, args) {
        sent.push(op);
        if (op === 'data.saveMany' && !failed) {
          failed = true;
          throw new WardenError('validationErrors', 'name: must be unique');
        }
        return memory.dispatch(op, args);
      },
      finish: () => null,
      ...(options.restart ? { restart: () => void sent.push('restart') } : {}),
    };
    const own = createIsolateRunner({
      bootstrapSource: BOOTSTRAP_SOURCE,
      schema: TEST_SCHEMA,
      maxRuns: 5,
      heapRatio: 0.8,
      deferSaves: options.deferSaves,
    });
    const source = `for (var i = 0; i < 3; i++) {
        var c = sys.data.createRecord('companies'); c.field('name').val('c' + i);
        try { sys.data.save(c); } catch (e) { log('caught ' + e.code()); }
      }
      return 'done';`;
    const result = own.run({ source }, DEFAULT_LIMITS, runHost);
    own.dispose();
    return { result, sent };
  };

  it('a host that can restart gets batches; a failed one restarts the run, which sends each save at its call', () => {
    const { result, sent } = defer({ restart: true });
    expect(sent).toEqual(['data.saveMany', 'restart', 'data.save', 'data.save', 'data.save']);
    expect(result).toMatchObject({ ok: true, value: 'done', logs: [] });
    expect(result.stats.hostCalls).toBe(3);
  });

  it('a host without restart, or a runner told not to defer, gets each save at its call', () => {
    expect(defer({ restart: false }).sent).toEqual(['data.save', 'data.save', 'data.save']);
    expect(defer({ restart: true, deferSaves: false }).sent).toEqual(['data.save', 'data.save', 'data.save']);
  });
});

describe('replays a host asks for', () => {
  // A host whose first `asks` counts fail with a replay request, as a read snapshot that cannot
  // take the write lock does; the script catches every error, which must not hide the request.
  const replaying = (asks: number, options: { restart?: boolean; nested?: boolean } = {}) => {
    const memory = createMemoryHost(TEST_SCHEMA);
    const sent: string[] = [];
    let left = asks;
    const busy = new WardenError('timeout', 'sys.data.count: the database stayed busy');
    const runHost: RunHost = {
      dispatch(op, args) {
        sent.push(op);
        if (op === 'data.count' && left-- > 0) throw requestReplay(busy);
        return memory.dispatch(op, args);
      },
      finish: () => null,
      ...(options.restart === false ? {} : { restart: () => void sent.push('restart') }),
    };
    const own = createIsolateRunner({
      bootstrapSource: BOOTSTRAP_SOURCE,
      schema: TEST_SCHEMA,
      maxRuns: 5,
      heapRatio: 0.8,
      deferSaves: false,
      nested: options.nested,
    });
    const source = `log('attempt'); try { sys.data.count('companies'); } catch (e) { return 'caught'; } return 'counted';`;
    const result = own.run({ source }, { ...DEFAULT_LIMITS, wallMs: 5000 }, runHost);
    own.dispose();
    return { result, sent };
  };

  it('restarts the run once, even with deferred saves off, and reports only the second attempt', () => {
    const { result, sent } = replaying(1);
    expect(sent).toEqual(['data.count', 'restart', 'data.count']);
    expect(result).toMatchObject({ ok: true, value: 'counted' });
    expect(result.logs.map((l) => l.message)).toEqual(['attempt']);
  });

  it('a second request, a host without restart or a nested run fails with the host reason, uncaught', () => {
    for (const [asks, options] of [
      [2, {}],
      [1, { restart: false }],
      [1, { nested: true }],
    ] as const) {
      const { result, sent } = replaying(asks, options);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'timeout', message: 'sys.data.count: the database stayed busy' },
      });
      expect(sent.filter((op) => op === 'restart')).toHaveLength(asks === 2 ? 1 : 0);
    }
  });
});
