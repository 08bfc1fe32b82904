import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { breachOf, createRunBudget } from './run-budget.js';

// Every limit of a run's budget at its edge: a count may reach its limit, never exceed it; a
// breach is final; the time left names the nearer limit. The wall clock is moved by hand.

let now = 1000;
// The isolate's CPU clock does not start at zero: a run counts from its own start.
const CPU0 = 100;
const cpu = { ms: CPU0 };
const readCpu = () => BigInt(Math.round(cpu.ms * 1e6));
const budgetOf = (limits: Partial<Limits>) => {
  now = 1000;
  cpu.ms = CPU0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  return createRunBudget({ ...DEFAULT_LIMITS, ...limits }, readCpu);
};
afterEach(() => {
  vi.restoreAllMocks();
});

describe('run budget limits', () => {
  it('allows exactly maxHostCalls calls, counting a batch as its saves', () => {
    const budget = budgetOf({ maxHostCalls: 5 });
    expect(budget.enter(0, 3)).toBeNull();
    expect(budget.enter(0)).toBeNull();
    expect(budget.enter(0)).toBeNull();
    expect(budget.hostCalls).toBe(5);
    expect(budget.enter(0)).toEqual(breachOf('maxHostCalls', 5));
  });

  it('allows arguments of exactly maxArgBytes per call, and sums them', () => {
    const budget = budgetOf({ maxArgBytes: 100 });
    expect(budget.enter(100)).toBeNull();
    expect(budget.enter(100)).toBeNull();
    expect(budget.argBytes).toBe(200);
    expect(budget.enter(101)).toEqual(breachOf('maxArgBytes', 100));
  });

  it('allows results of exactly maxResultBytes per call, and sums them', () => {
    const budget = budgetOf({ maxResultBytes: 64 });
    expect(budget.leave(64)).toBeNull();
    expect(budget.leave(1)).toBeNull();
    expect(budget.resultBytes).toBe(65);
    expect(budget.leave(65)).toEqual(breachOf('maxResultBytes', 64));
  });

  it('allows exactly maxOpenCursors result sets and maxHostBytes held bytes', () => {
    const budget = budgetOf({ maxOpenCursors: 3, maxHostBytes: 1000 });
    expect(budget.hold({ cursors: 3, bytes: 1000 })).toBeNull();
    expect(budget.hold({ cursors: 4, bytes: 0 })).toEqual(breachOf('maxOpenCursors', 3));
    const other = budgetOf({ maxOpenCursors: 3, maxHostBytes: 1000 });
    expect(other.hold({ cursors: 0, bytes: 1001 })).toEqual(breachOf('maxHostBytes', 1000));
  });

  it('ends the run at the wall limit on the first call after it, not at it', () => {
    const budget = budgetOf({ wallMs: 100, cpuMs: 1000 });
    now += 100;
    expect(budget.enter(0)).toBeNull();
    now += 1;
    expect(budget.leave(0)).toEqual(breachOf('wallMs', 100));
  });

  it('ends the run once the CPU used is over the limit, reading the clock when it must', () => {
    const budget = budgetOf({ wallMs: 10_000, cpuMs: 50 });
    now += 60;
    cpu.ms = CPU0 + 50;
    expect(budget.enter(0)).toBeNull();
    // CPU time cannot grow faster than wall time: 1 ms later it may be over, and is read.
    now += 1;
    cpu.ms = CPU0 + 50.5;
    expect(budget.leave(0)).toEqual(breachOf('cpuMs', 50));
  });

  it('keeps the first breach: later calls answer it and count nothing more', () => {
    const budget = budgetOf({ maxHostCalls: 1, maxArgBytes: 10 });
    budget.enter(1);
    const first = budget.enter(1);
    expect(first).toEqual(breachOf('maxHostCalls', 1));
    expect(budget.enter(1000)).toBe(first);
    expect(budget.leave(5)).toBe(first);
    expect(budget.hold({ cursors: 1e6, bytes: 1e9 })).toBe(first);
    expect(budget.hold({ cursors: 0, bytes: 0 })).toBe(first);
    expect(budget.fail('memoryMb')).toBe(first);
    expect([budget.hostCalls, budget.argBytes, budget.resultBytes]).toEqual([2, 2, 0]);
    expect(budget.breach).toBe(first);
  });

  it('recount starts the counts again for a replay; the time used still counts', () => {
    const budget = budgetOf({ maxHostCalls: 2, wallMs: 100, cpuMs: 1000 });
    budget.enter(7, 2);
    budget.leave(9);
    budget.recount();
    expect([budget.hostCalls, budget.argBytes, budget.resultBytes]).toEqual([0, 0, 0]);
    expect(budget.enter(0, 2)).toBeNull();
    now += 101;
    expect(budget.enter(0, 0)).toEqual(breachOf('wallMs', 100));
  });

  it('tells the time left before the nearer limit, at least 1 ms, rounded up', () => {
    const budget = budgetOf({ wallMs: 100, cpuMs: 40 });
    expect(budget.timeLeft()).toEqual({ ms: 40, limit: 'cpuMs' });
    cpu.ms = CPU0 + 10.2;
    now += 5;
    expect(budget.timeLeft()).toEqual({ ms: 30, limit: 'cpuMs' });
    now += 80;
    expect(budget.timeLeft()).toEqual({ ms: 15, limit: 'wallMs' });
    now += 20;
    expect(budget.timeLeft()).toEqual({ ms: 1, limit: 'wallMs' });
    const even = budgetOf({ wallMs: 50, cpuMs: 50 });
    expect(even.timeLeft()).toEqual({ ms: 50, limit: 'wallMs' });
  });

  it('names each breach, as a timeout for time limits and a systemException otherwise', () => {
    expect(breachOf('wallMs', 100)).toEqual({
      limit: 'wallMs',
      code: 'timeout',
      message: 'Wall time limit of 100 ms exceeded',
    });
    expect(breachOf('cpuMs', 7)).toMatchObject({
      code: 'timeout',
      message: 'CPU time limit of 7 ms exceeded',
    });
    expect(breachOf('maxOpenCursors', 2)).toMatchObject({
      code: 'systemException',
      message: 'Open result set limit of 2 result sets exceeded',
    });
    expect(breachOf('maxHostBytes', 9)).toMatchObject({
      code: 'systemException',
      message: 'Host memory limit of 9 bytes exceeded',
    });
  });
});
