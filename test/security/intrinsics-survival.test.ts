import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLog } from '../support/captured-log.js';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { childPids, isContained, report } from './security-kit.js';

// No script may crash or abort a worker (issue 22, finding 1). The script below walks every
// function reachable from a fresh context's globalThis (own properties, accessors and prototypes,
// depth-limited; `sys` and `log` are the bootstrap's own API, covered by fuzz.test.ts) and calls
// each with odd arguments, as a function and as a constructor, catching every error. Calls run in
// a few batches; after each batch the worker must be the same process and a normal run must work.
// A call that ends its run (out of time or memory) is skipped on the next batch, which resumes
// after it: the run must end with a coded error, never by losing the process.
const WALK = `
  var $apply = Reflect.apply, $construct = Reflect.construct, $ownKeys = Reflect.ownKeys;
  var $getDesc = Object.getOwnPropertyDescriptor, $getProto = Object.getPrototypeOf;
  var $String = String, $Proxy = Proxy, $log = log, $revocable = Proxy.revocable;
  var seen = new Set(), $has = Set.prototype.has, $add = Set.prototype.add;
  var fns = [], holders = [], names = [];
  function walk(obj, path, depth) {
    if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return;
    if ($apply($has, seen, [obj]) || depth > 5) return;
    $apply($add, seen, [obj]);
    var keys = $ownKeys(obj);
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (obj === globalThis && (key === 'sys' || key === 'log')) continue;
      var d = $getDesc(obj, key);
      var parts = [d.value, d.get, d.set];
      for (var j = 0; j < 3; j++) {
        var v = parts[j];
        var name = path + '.' + $String(key) + (j === 1 ? '[get]' : j === 2 ? '[set]' : '');
        if (typeof v === 'function' && !$apply($has, seen, [v])) {
          fns[fns.length] = v; holders[holders.length] = obj; names[names.length] = name;
        }
        walk(v, name, depth + 1);
      }
    }
    walk($getProto(obj), path + '.__proto__', depth + 1);
  }
  walk(globalThis, 'globalThis', 0);
`;

const CALL = `
  var thrower = {
    get length() { throw new Error('length'); },
    valueOf: function () { throw new Error('valueOf'); },
    toString: function () { throw new Error('toString'); },
  };
  thrower[Symbol.toPrimitive] = function () { throw new Error('toPrimitive'); };
  var trap = function () { throw new Error('trap'); };
  var hostile = new $Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap,
    getPrototypeOf: trap, set: trap, apply: trap, construct: trap, defineProperty: trap });
  var revoked = $revocable({}, {}); revoked.revoke();
  var ARGS = [[], [undefined], [null], [2 ** 53], [-1], [1e9, 1e9], [-Infinity, NaN], [thrower],
    [thrower, thrower, thrower], [hostile], [revoked.proxy], ['x', {}, []], [{ length: -1 }],
    [function () { return thrower; }], [Symbol('odd')], [10n ** 20n]];
  // What the constructors make of 16 (buffers, views, collections…) and Int32Array views over
  // every buffer among them, each as an argument: the shapes Atomics and friends take.
  var $Int32Array = Int32Array;
  for (var k = 0; k < fns.length; k++) {
    var made;
    try { made = $construct(fns[k], [16]); } catch (e) { continue; }
    if (made === null || typeof made !== 'object') continue;
    ARGS[ARGS.length] = [made];
    var view;
    try { view = new $Int32Array(made); } catch (e) { continue; }
    ARGS[ARGS.length] = [view, 0, 0, 50];
    ARGS[ARGS.length] = [view, 0, 1];
  }
  var done = 0;
  for (var i = from; i < fns.length && i < to; i++) {
    $log('#' + i + ' ' + names[i]);
    for (var a = 0; a < ARGS.length; a++) {
      try { $apply(fns[i], holders[i], ARGS[a]); } catch (e) {}
      try { $apply(fns[i], undefined, ARGS[a]); } catch (e) {}
      if (a < 4) try { $construct(fns[i], ARGS[a]); } catch (e) {}
    }
    done++;
  }
  $log('#end');
  return { total: fns.length, done: done };
`;

const BATCH = 300;

describe('every intrinsic called with odd arguments leaves the worker alive', () => {
  let w: TestRuntime;
  // Odd calls that exhaust the heap make V8 report on the worker's stderr: kept here, not printed.
  const log = capturedLog();
  beforeAll(async () => {
    w = await createTestRuntime({ executor: { workers: 1 }, logger: log.logger });
  });
  afterAll(async () => {
    await w.dispose();
    expect(log.others()).toEqual([]);
  });

  it('walks the fresh context and calls each function; same worker pid after every batch', async () => {
    expect((await w.run('return 1')).value).toBe(1);
    const [pid] = childPids();
    expect(pid).toBeGreaterThan(0);
    const ended: string[] = [];
    let from = 0;
    let total = Number.POSITIVE_INFINITY;
    let batches = 0;
    while (from < total) {
      const to = from + BATCH;
      batches++;
      const limits = { wallMs: 3000, memoryMb: 64 };
      const outcome = await w.run(`${WALK}${CALL}`, { params: { from, to }, limits }).then(
        (r) => ({ ok: true as const, value: r.value as { total: number; done: number } }),
        (e) => ({ ok: false as const, error: e }),
      );
      expect(childPids(), `worker after batch from ${from}`).toEqual([pid]);
      expect((await w.run('return 40 + 2')).value).toBe(42);
      if (outcome.ok) {
        total = outcome.value.total;
        from = to;
        continue;
      }
      // The run ended inside a call: it must be a coded error; resume after that function.
      const { error } = outcome;
      expect(isContained(error), `${error.code}: ${error.message}`).toBe(true);
      const logs = (error.logs ?? []) as { message: string }[];
      const last = logs[logs.length - 1]?.message ?? '';
      // A promise some call rejected fails the run after the batch: that batch is done.
      if (last === '#end') {
        from = to;
        continue;
      }
      const index = Number(/^#(\d+)/.exec(last)?.[1] ?? Number.NaN);
      expect(Number.isInteger(index), `progress of the failed batch: ${error.message}`).toBe(true);
      ended.push(`${last} -> ${error.code}`);
      from = index + 1;
    }
    report('intrinsics', { functions: total, batches, 'runs ended by a call': ended.length });
    if (ended.length > 0) console.log(ended.join('\n'));
    expect(total).toBeGreaterThan(500);
    expect(childPids()).toEqual([pid]);
  }, 120_000);

  it('SharedArrayBuffer, Atomics, WeakRef and FinalizationRegistry are not there', async () => {
    const r = await w.run(`return [typeof SharedArrayBuffer, typeof Atomics, typeof WeakRef,
      typeof FinalizationRegistry, 'SharedArrayBuffer' in globalThis, 'Atomics' in globalThis];`);
    expect(r.value).toEqual(['undefined', 'undefined', 'undefined', 'undefined', false, false]);
  });

  it.each([
    ['Atomics.waitAsync', 'Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(16)), 0, 0, 50)'],
    ['Atomics.wait', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(16)), 0, 0, 50)'],
    [
      'FinalizationRegistry callback',
      'var f = new FinalizationRegistry(function () { for(;;){} }); f.register({}, 1); return 1;',
    ],
    ['WeakRef', 'var r = new WeakRef({}); return typeof r.deref();'],
  ])('%s is not defined, and the worker lives on', async (_name, source) => {
    const [pid] = childPids();
    const error = await w.run(source, { limits: { wallMs: 2000 } }).then(
      () => null,
      (e) => e,
    );
    expect(error?.code).toBe('javascriptException');
    expect(error?.message).toMatch(/is not defined/);
    expect(childPids()).toEqual([pid]);
    expect((await w.run('return 1')).value).toBe(1);
  });

  it.each([
    [
      'a throwing Error.prepareStackTrace',
      "Error.prepareStackTrace = function () { throw new Error('trace'); }; null.x;",
    ],
    [
      'a recursive Error.prepareStackTrace',
      'Error.prepareStackTrace = function (e) { return new Error().stack; }; null.x;',
    ],
    [
      'a deep stack with an unbounded stackTraceLimit',
      'Error.stackTraceLimit = Infinity; function f(n) { return f(n + 1) + 1; } f(0);',
    ],
    ["'x'.repeat past the heap", "var s = 'x'.repeat(2 ** 28); return s + s;"],
    ['Intl formatting in a loop', "for (;;) new Intl.DateTimeFormat('en', { timeZone: 'UTC' }).format(0);"],
  ])('%s ends the run with a coded error, and the worker lives on', async (_name, source) => {
    const [pid] = childPids();
    const error = await w.run(source, { limits: { wallMs: 1500, memoryMb: 32 } }).then(
      () => null,
      (e) => e,
    );
    expect(error === null || isContained(error), `${error?.code}: ${error?.message}`).toBe(true);
    expect(childPids()).toEqual([pid]);
    expect((await w.run('return 1')).value).toBe(1);
  });
});
