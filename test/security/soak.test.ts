import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { isContained, report, scale } from './security-kit.js';

// Hostile runs mixed into normal ones across two workers: the host stays up, every normal run
// succeeds with the right answer, every hostile one ends with a coded error and writes nothing,
// and the parent's memory stays bounded.
const NORMAL_RUNS = scale(1000, 10_000);
const HOSTILE_RUNS = scale(100, 1000);
const IN_FLIGHT = 6;

const NORMAL = `var c = sys.data.createRecord('companies'); c.field('name').val('soak-' + n);
  c.field('employees').val(n % 1000); sys.data.save(c);
  var back = sys.data.findById('companies', c.id());
  return back.field('name').val() === 'soak-' + n ? n : -1;`;

// Each hostile run writes a 'hostile-' record first, so any partial commit would show.
const WRITE_FIRST = `var h = sys.data.createRecord('companies'); h.field('name').val('hostile-' + n); sys.data.save(h);\n`;
const HOSTILE: { source: string; limits?: Record<string, number> }[] = [
  { source: 'for(;;){}', limits: { wallMs: 150 } },
  {
    source: "for(;;){ try { sys.data.count('companies', { name: 'x' }); } catch (e) {} }",
    limits: { wallMs: 150 },
  },
  {
    source: 'var a = []; for(;;) a.push({ x: a.length, s: "s".repeat(32) });',
    limits: { memoryMb: 16, wallMs: 5000 },
  },
  { source: 'function f(n) { return f(n + 1) + 1; } f(0);' },
  { source: "return 'x'.repeat(20 * 1024 * 1024);" },
  { source: "throw new Error('boom');" },
  { source: "sys.data.save(sys.data.createRecord('companies'));" },
  {
    source:
      "Object.prototype.polluted = 1; Array.prototype.push = null; JSON.parse = null; throw 'after patches';",
  },
  {
    source:
      'var c = sys.data.createRecord(\'companies\'); c.fromJson(JSON.parse(\'{"name":"p","__proto__":{"isAdmin":1}}\')); sys.data.save(c);',
  },
  { source: "this.constructor.constructor('return process')().exit(1);" },
  { source: '/^(a+)+$/.test("a".repeat(40) + "b");', limits: { wallMs: 150 } },
  // A rejection nobody handled fails the run after its write, alone and left behind by a timeout.
  { source: "Promise.reject(new Error('unhandled'));" },
  { source: "Promise.reject(new Error('left')); for(;;){}", limits: { wallMs: 150 } },
  {
    source: "Promise.resolve().then(function () { throw new Error('late'); }).catch(function () {}); null.x;",
  },
];

describe('soak: hostile runs among normal ones', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ executor: { workers: 2 } });
  });
  afterAll(async () => {
    await w.dispose();
  });

  it(`${NORMAL_RUNS} normal + ${HOSTILE_RUNS} hostile runs: zero failed normal runs, bounded memory`, async () => {
    const total = NORMAL_RUNS + HOSTILE_RUNS;
    const hostileEvery = Math.floor(total / HOSTILE_RUNS);
    const jobs = Array.from({ length: total }, (_, i) =>
      i % hostileEvery === hostileEvery - 1 ? 'hostile' : 'normal',
    );
    let normalsLeft = NORMAL_RUNS;
    const kinds = jobs.map((k) => {
      if (k === 'normal' && normalsLeft > 0) {
        normalsLeft--;
        return 'normal';
      }
      return k === 'hostile' ? 'hostile' : 'normal';
    });
    const failedNormal: string[] = [];
    const uncontained: string[] = [];
    const codes: Record<string, number> = {};
    let normals = 0;
    let hostiles = 0;
    let next = 0;
    let rssWarm = 0;
    let rssPeak = 0;

    const worker = async () => {
      while (next < kinds.length) {
        const i = next++;
        if (i === Math.floor(kinds.length / 10)) rssWarm = process.memoryUsage().rss;
        if (kinds[i] === 'normal' && normals < NORMAL_RUNS) {
          normals++;
          const r = await w
            .run(NORMAL, { params: { n: i } })
            .catch((e) => ({ value: `${e.code}: ${e.message}` }));
          if (r.value !== i) failedNormal.push(String(r.value));
        } else {
          hostiles++;
          const h = HOSTILE[hostiles % HOSTILE.length]!;
          const error = await w.run(WRITE_FIRST + h.source, { params: { n: i }, limits: h.limits }).then(
            () => null,
            (e) => e,
          );
          if (!error || !isContained(error))
            uncontained.push(`${h.source}: ${error?.code} ${error?.message}`);
          else codes[error.code] = (codes[error.code] ?? 0) + 1;
        }
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = Math.round((performance.now() - started) / 100) / 10;

    report('soak', {
      normal: normals,
      hostile: hostiles,
      'failed normal': failedNormal.length,
      seconds,
      'rss warm MB': Math.round(rssWarm / 2 ** 20),
      'rss peak MB': Math.round(rssPeak / 2 ** 20),
      codes: JSON.stringify(codes),
    });
    expect(failedNormal.slice(0, 5)).toEqual([]);
    expect(uncontained.slice(0, 5)).toEqual([]);
    expect(normals + hostiles).toBe(total);
    expect(await w.store.count('companies', { name: 'like(/soak-)' })).toBe(normals);
    expect(await w.store.count('companies', { name: 'like(/hostile-)' })).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The parent holds no per-run state: its RSS may not grow by more than 150 MB past warm-up.
    expect(rssPeak - rssWarm).toBeLessThan(150 * 2 ** 20);
    expect((await w.run('return 1 + 1')).value).toBe(2);
  }, 3_600_000);
});
