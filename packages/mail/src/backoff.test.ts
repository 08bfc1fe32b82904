import { describe, expect, it } from 'vitest';
import { backoffDelay, resolveRetryPolicy } from './backoff.js';

describe('backoff', () => {
  const policy = resolveRetryPolicy({ baseMs: 1000, maxMs: 10_000 });

  it('has the documented defaults', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({ maxAttempts: 40, baseMs: 1000, maxMs: 7_200_000 });
  });

  it('doubles per failure, capped, with half of it jittered', () => {
    const low = (n: number) => backoffDelay(n, policy, () => 0);
    const high = (n: number) => backoffDelay(n, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(low)).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect([1, 2, 3, 4, 5, 6].map(high)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('spreads retries of mails that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(2000);
  });
});
