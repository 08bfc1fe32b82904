import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLog } from '../support/captured-log.js';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { isContained, report, scale } from './security-kit.js';

// Every denial-of-service shape of sandbox.md §2.2 and §4.3 item 13 must end within its limit plus
// a margin, with a coded error, while the host's event loop keeps ticking and the other worker keeps
// serving normal runs; the next run on the same runtime must work.
// How far past its limit a hostile run may end. The full run (`pnpm test:security:full`) runs
// alone and holds 1.5 s; the short CI run shares both cores with other test files running in
// parallel, which delays the kill timers and worker respawns it depends on.
const MARGIN_MS = scale(4000, 1500);
const NORMAL = `var c = sys.data.createRecord('companies'); c.field('name').val('n ' + Math.random());
  sys.data.save(c); return sys.data.count('companies', { name: c.field('name').val() });`;

interface Shape {
  name: string;
  source: string;
  limits: { wallMs: number } & Record<string, number>;
  /** Acceptable codes (the first is the expected one). */
  codes: string[];
}

const wall = (ms: number) => ({ wallMs: ms });
const SHAPES: Shape[] = [
  { name: 'for(;;){}', source: 'for(;;){}', limits: wall(500), codes: ['timeout'] },
  {
    name: 'while(true) with try/finally',
    source: 'while (true) { try { continue; } finally { continue; } }',
    limits: wall(500),
    codes: ['timeout'],
  },
  {
    name: 'CPU limit on a busy loop',
    source: 'for(;;){ Math.sqrt(Math.random()); }',
    limits: { cpuMs: 300, wallMs: 5000 },
    codes: ['timeout'],
  },
  {
    name: 'catastrophic regex',
    source: "/^(a+)+$/.test('a'.repeat(40) + 'b')",
    limits: wall(500),
    codes: ['timeout'],
  },
  {
    // Atomics and SharedArrayBuffer are removed from every context (intrinsics-survival.test.ts).
    name: 'Atomics.wait forever',
    source: 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
    limits: wall(500),
    codes: ['javascriptException'],
  },
  {
    // Workers run without WebAssembly: its memories bypass isolated-vm's limited allocator, and
    // before that a 64 MB run allocated and touched six of 512 MB.
    name: 'WebAssembly memories past the memory limit',
    source: `var m = []; for (var k = 0; k < 8; k++) {
        var a = new Uint8Array(new WebAssembly.Memory({ initial: 8192 }).buffer);
        for (var i = 0; i < a.length; i += 4096) a[i] = 1;
        m.push(a);
      } return m.length;`,
    limits: { memoryMb: 32, wallMs: 10_000 },
    codes: ['javascriptException'],
  },
  {
    name: 'BigInt of 1e8 digits (one long V8 operation)',
    source: "BigInt('1'.repeat(1e8))",
    limits: wall(500),
    codes: ['timeout', 'systemException'],
  },
  {
    name: 'a microtask that requeues itself forever',
    source: 'function f() { Promise.resolve().then(f); } f(); return 1;',
    limits: wall(500),
    codes: ['timeout'],
  },
  {
    name: 'an async loop that never ends',
    source: '(async function () { for (;;) await null; })(); return 1;',
    limits: wall(500),
    codes: ['timeout'],
  },
  {
    name: 'deep recursion',
    source: 'function f(n) { return f(n + 1) + 1; } return f(0);',
    limits: wall(2000),
    codes: ['javascriptException'],
  },
  {
    name: 'recursion that catches its RangeError and recurses again',
    source: 'function f() { try { f(); } catch (e) { f(); } } f();',
    limits: wall(800),
    codes: ['timeout', 'javascriptException'],
  },
  {
    name: 'memory bomb (array of objects)',
    source: 'var a = []; for(;;) a.push({ x: a.length, y: "y".repeat(64) });',
    limits: { memoryMb: 32, wallMs: 10_000 },
    codes: ['systemException'],
  },
  {
    name: 'string doubling',
    source: "var s = 'x'; for(;;) s += s;",
    limits: { memoryMb: 32, wallMs: 10_000 },
    codes: ['javascriptException', 'systemException'],
  },
  {
    name: "'x'.repeat(2**29)",
    source: "return 'x'.repeat(2 ** 29).length;",
    limits: { memoryMb: 32, wallMs: 10_000 },
    codes: ['javascriptException', 'systemException'],
  },
  {
    name: 'a huge array',
    source: 'var a = new Array(1e9).fill(0); return a.length;',
    limits: { memoryMb: 32, wallMs: 3000 },
    codes: ['javascriptException', 'systemException', 'timeout'],
  },
  {
    name: 'a 64 MB ArrayBuffer kept alive',
    source:
      'var k = []; for (var i = 0; i < 8; i++) k.push(new ArrayBuffer(64 * 1024 * 1024)); return k.length;',
    limits: { memoryMb: 32, wallMs: 10_000 },
    codes: ['javascriptException', 'systemException'],
  },
  {
    name: 'a 50 MB argument to a sys call',
    source: "sys.data.count('companies', { name: 'x'.repeat(50 * 1024 * 1024) });",
    limits: { wallMs: 10_000 },
    codes: ['systemException'],
  },
  {
    name: 'a 50 MB return value',
    source: "return 'x'.repeat(50 * 1024 * 1024);",
    limits: { wallMs: 10_000 },
    codes: ['systemException'],
  },
  {
    name: 'a 50 MB log line',
    source: "log('x'.repeat(50 * 1024 * 1024)); for(;;) log('more');",
    limits: { wallMs: 2000 },
    codes: ['systemException', 'timeout'],
  },
  {
    name: 'a tight sys loop that swallows errors',
    source: "for(;;){ try { sys.data.findById('companies', 'x'); } catch (e) {} }",
    limits: wall(500),
    codes: ['timeout'],
  },
  {
    name: 'a tight sys loop over the call limit',
    source: "for(;;){ try { sys.data.count('companies', {}); } catch (e) {} }",
    limits: { maxHostCalls: 2000, wallMs: 10_000 },
    codes: ['systemException'],
  },
  {
    name: 'a slow sys loop (each call scans the table)',
    source:
      "for(;;){ try { sys.data.count('companies', { name: 'like(zz%)', employees: 'greater(5)' }); sys.data.find('companies', { _size: 1000 }).toArray(); } catch (e) {} }",
    limits: wall(700),
    codes: ['timeout'],
  },
  {
    name: 'a log flood',
    source: "for(;;){ try { log('flood ' + Math.random()); } catch (e) {} }",
    limits: wall(500),
    codes: ['timeout', 'systemException'],
  },
  {
    name: 'a pending promise awaited at the end',
    source: 'return new Promise(function () {});',
    limits: wall(500),
    codes: [],
  },
];

describe('denial of service shapes', () => {
  let w: TestRuntime;
  let ticks = 0;
  let maxGap = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout;
  const elapsed: Record<string, number> = {};
  const gaps: Record<string, number> = {};
  // What the workers write to stderr (V8's out-of-memory reports) is kept, not printed.
  const log = capturedLog();

  beforeAll(async () => {
    w = await createTestRuntime({ executor: { workers: 2 }, logger: log.logger });
    await w.run(`for (var i = 0; i < 300; i++) { var c = sys.data.createRecord('companies');
      c.field('name').val('seed ' + i); c.field('employees').val(i); sys.data.save(c); }`);
    last = performance.now();
    timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
  });
  afterAll(async () => {
    clearInterval(timer);
    report('dos', { shapes: SHAPES.length, 'max event-loop gap ms': Math.round(maxGap) });
    await w.dispose();
  });

  for (const shape of SHAPES) {
    it(`${shape.name}: ends within its limit, contained`, async () => {
      // Normal runs keep flowing on the other worker while the hostile one runs.
      let stop = false;
      const background = (async () => {
        let done = 0;
        while (!stop) {
          expect((await w.run(NORMAL)).value).toBe(1);
          done++;
        }
        return done;
      })();
      const before = ticks;
      maxGap = 0;
      const started = performance.now();
      const outcome = await w.run(shape.source, { limits: shape.limits }).then(
        (r) => ({ ok: true as const, value: r.value }),
        (error) => ({ ok: false as const, error }),
      );
      const took = performance.now() - started;
      stop = true;
      const normals = await background;
      elapsed[shape.name] = Math.round(took);
      gaps[shape.name] = Math.round(maxGap);

      if (shape.codes.length === 0) expect(outcome.ok).toBe(true);
      else {
        expect(outcome.ok, `${shape.name} finished`).toBe(false);
        if (!outcome.ok) {
          expect(isContained(outcome.error), outcome.error.message).toBe(true);
          expect(shape.codes, `${outcome.error.code}: ${outcome.error.message}`).toContain(
            outcome.error.code,
          );
        }
      }
      expect(took).toBeLessThanOrEqual(shape.limits.wallMs + MARGIN_MS);
      // The 10 ms timer can only prove the loop alive when the run lasted several of its periods.
      if (took > 100) expect(ticks).toBeGreaterThan(before);
      expect(normals).toBeGreaterThan(0);
      expect((await w.run(NORMAL)).value).toBe(1);
    });
  }

  it('the host event loop never stalled', () => {
    console.log('[security] dos elapsed ms', JSON.stringify(elapsed));
    console.log('[security] dos event-loop gaps ms', JSON.stringify(gaps));
    expect(maxGap).toBeLessThan(500);
  });

  it('nothing but worker output was logged (no hook or delivery failure)', () => {
    expect(log.others()).toEqual([]);
  });
});
