import { badRequest } from '@warden/sys-api';
import { describeValue, isPlainObject } from './describe-value.js';

/** How often and how patiently a failed mail is retried. */
export interface RetryPolicy {
  /** Attempts before a mail is `dead` (default 8). */
  maxAttempts: number;
  /** Delay after the first failure, in ms (default 1000); doubles on each later failure. */
  baseMs: number;
  /** Upper bound of one delay, in ms (default 5 minutes). */
  maxMs: number;
}

const DEFAULTS: RetryPolicy = { maxAttempts: 8, baseMs: 1000, maxMs: 5 * 60_000 };

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
