import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from './limits.js';
import { createRunBudget } from './run-budget.js';

/** A CPU clock the test sets by hand (ms), counting how often the budget reads it. */
function fakeCpu() {
  const clock = { ms: 0, reads: 0, read: () => 0n };
  clock.read = () => {
    clock.reads += 1;
    return BigInt(Math.round(clock.ms * 1e6));
  };
  return clock;
}

/** Moves performance.now() forward by hand. */
function fakeWall() {
  let now = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  return (ms: number) => {
    now += ms;
  };
}

describe('run budget', () => {
  it('skips the CPU clock while the wall time since its last reading cannot reach the CPU limit', () => {
    const advance = fakeWall();
    const cpu = fakeCpu();
    const budget = createRunBudget({ ...DEFAULT_LIMITS, cpuMs: 50, wallMs: 10_000 }, cpu.read);
    const startReads = cpu.reads;
    for (let i = 0; i < 40; i++) {
      advance(1);
      cpu.ms += 1;
      expect(budget.enter(10)).toBeNull();
      expect(budget.leave(10)).toBeNull();
    }
    // 40 ms of wall time under a 50 ms CPU limit: no reading was needed.
    expect(cpu.reads).toBe(startReads);
    vi.restoreAllMocks();
  });

  it('still catches the CPU limit on the first call past it', () => {
    const advance = fakeWall();
    const cpu = fakeCpu();
    const budget = createRunBudget({ ...DEFAULT_LIMITS, cpuMs: 50, wallMs: 10_000 }, cpu.read);
    let breachAt = -1;
    for (let i = 1; i <= 100 && breachAt < 0; i++) {
      advance(2);
      cpu.ms += 1; // half of the wall time in the isolate
      if (budget.enter(0)) breachAt = cpu.ms;
    }
    expect(breachAt).toBe(51);
    expect(budget.breach).toMatchObject({ limit: 'cpuMs', code: 'timeout' });
    vi.restoreAllMocks();
  });

  it('counts calls and bytes and stops at the first broken limit', () => {
    const budget = createRunBudget({ ...DEFAULT_LIMITS, maxHostCalls: 2, maxArgBytes: 100 }, () => 0n);
    expect(budget.enter(100)).toBeNull();
    expect(budget.leave(7)).toBeNull();
    expect(budget.enter(101)).toMatchObject({ limit: 'maxArgBytes' });
    expect(budget.enter(1)).toMatchObject({ limit: 'maxArgBytes' });
    expect([budget.hostCalls, budget.argBytes, budget.resultBytes]).toEqual([2, 201, 7]);
  });
});
