import ivm from 'isolated-vm';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_SOURCE } from './bootstrap/index.js';
import { createIsolateRunner } from './isolate-runner.js';
import { createIsolateSlot } from './isolate-slot.js';
import { DEFAULT_LIMITS } from './limits.js';
import createWorkerHost from './test-fixtures/counter-host.js';

// Lifecycle costs with the real bootstrap, printed for the record (2 shared cores: bounds are loose).
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

describe('lifecycle costs', () => {
  it('isolate creation, bootstrap compile (cold, then from V8 code cache), and a fresh context per run', () => {
    const create = Array.from({ length: 20 }, () => {
      let isolate: ivm.Isolate | undefined;
      const ms = time(() => {
        isolate = new ivm.Isolate({ memoryLimit: 64 });
      });
      isolate?.dispose();
      return ms;
    });

    const slot = createIsolateSlot({ bootstrapSource: BOOTSTRAP_SOURCE, maxRuns: 1, heapRatio: 0.8 });
    const cold = time(() => slot.acquire(64));
    const cached = Array.from({ length: 10 }, () => {
      slot.release(true, 0);
      return time(() => slot.acquire(64));
    });
    slot.dispose();

    const host = createWorkerHost({});
    const runner = createIsolateRunner({
      bootstrapSource: BOOTSTRAP_SOURCE,
      schema: host.schema(),
      maxRuns: 1000,
      heapRatio: 0.8,
    });
    const req = { source: 'return 1' };
    const perRun = Array.from({ length: 50 }, () =>
      time(() =>
        expect(runner.run(req, DEFAULT_LIMITS, host.beginRun({ ...req, runId: 'r' })).ok).toBe(true),
      ),
    );
    runner.dispose();

    console.log(
      [
        `new Isolate(64 MB): median ${median(create).toFixed(2)} ms`,
        `isolate + bootstrap compile: cold ${cold.toFixed(2)} ms, with code cache median ${median(cached).toFixed(2)} ms`,
        `fresh context + bootstrap + \`return 1\` in a pooled isolate: median ${median(perRun).toFixed(2)} ms`,
      ].join('\n'),
    );
    expect(median(cached)).toBeLessThan(cold);
    expect(median(perRun)).toBeLessThan(20);
  });
});
