import { badRequest } from '@warden/sys-api';
import { describeValue, isPlainObject } from './describe-value.js';

/** How often and how patiently a failed mail is retried. */
export interface RetryPolicy {
  /** Attempts before a mail is `dead` (default 40). */
  maxAttempts: number;
  /** Delay after the first failure, in ms (default 1000); doubles on each later failure. */
  baseMs: number;
  /** Upper bound of one delay, in ms (default 2 hours). */
  maxMs: number;
}

// As mail servers do, a mail outlives an outage of a day or more: 40 attempts, the pause doubling
// from 1 s to 2 h, keep it queued 27 to 54 hours (40 on average) before it is dead.
const DEFAULTS: RetryPolicy = { maxAttempts: 40, baseMs: 1000, maxMs: 2 * 3_600_000 };

/** Fills and checks a partial retry policy. */
export function resolveRetryPolicy(input: unknown): RetryPolicy {
  if (input === undefined) return { ...DEFAULTS };
  if (!isPlainObject(input))
    throw badRequest(`createMailDispatcher: retry must be an object, got ${describeValue(input)}`);
  const policy = { ...DEFAULTS };
  for (const key of Object.keys(input)) {
    if (!(key in DEFAULTS)) throw badRequest(`createMailDispatcher: unknown retry option '${key}'`);
    const value = input[key];
    if (value === undefined) continue;
    const min = key === 'maxAttempts' ? 1 : 0;
    if (!Number.isInteger(value) || (value as number) < min) {
      throw badRequest(
        `createMailDispatcher: retry.${key} must be an integer >= ${min}, got ${describeValue(value)}`,
      );
    }
    policy[key as keyof RetryPolicy] = value as number;
  }
  if (policy.maxMs < policy.baseMs) {
    throw badRequest(
      `createMailDispatcher: retry.maxMs (${policy.maxMs}) must be >= retry.baseMs (${policy.baseMs})`,
    );
  }
  return policy;
}

/**
 * The wait before attempt `failures + 1`: exponential, capped, with "equal jitter" (half fixed,
 * half random) so that many mails failing together do not retry in lockstep.
 */
export function backoffDelay(
  failures: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseMs * 2 ** Math.max(0, failures - 1);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped / 2 + (random() * capped) / 2);
}
