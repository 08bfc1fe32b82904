import { describe, expect, it } from 'vitest';
import { createIsolateSlot } from './isolate-slot.js';
import { STAND_IN_BOOTSTRAP } from './test-fixtures/stand-in-bootstrap.js';

const slotOf = (maxRuns: number, firstMaxRuns?: number) =>
  createIsolateSlot({ bootstrapSource: STAND_IN_BOOTSTRAP, maxRuns, firstMaxRuns, heapRatio: 0.8 });

describe('isolate slot', () => {
  it('disposes a retired isolate on the next acquire, after the run that retired it has ended', () => {
    const slot = slotOf(1);
    expect(slot.retired()).toBe(false);
    const first = slot.acquire(64);
    slot.release(false, 0);
    expect(slot.retired()).toBe(true);
    expect(first.isolate.isDisposed).toBe(false);
    const second = slot.acquire(64);
    expect(first.isolate.isDisposed).toBe(true);
    expect(second.isolate).not.toBe(first.isolate);
    expect(slot.retired()).toBe(false);
    slot.release(false, 0);
    slot.dispose();
    expect(second.isolate.isDisposed).toBe(true);
  });

  it('retires the first isolate after firstMaxRuns runs, the later ones after maxRuns', () => {
    const slot = slotOf(3, 1);
    const lifetimes: number[] = [];
    let lease = slot.acquire(64);
    let runs = 0;
    for (let i = 0; i < 7; i++) {
      slot.release(false, 0);
      runs += 1;
      const next = slot.acquire(64);
      if (next !== lease) {
        lifetimes.push(runs);
        runs = 0;
        lease = next;
      }
    }
    expect(lifetimes).toEqual([1, 3, 3]);
    expect(slot.stats().isolates).toBe(4);
    slot.dispose();
  });

  it('dispose() disposes the current isolate and one waiting to be disposed', () => {
    const slot = slotOf(1);
    const first = slot.acquire(64);
    slot.release(false, 0);
    slot.dispose();
    expect(first.isolate.isDisposed).toBe(true);
  });
});
