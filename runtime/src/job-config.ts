import { badRequest } from '@warden/sys-api';
import type { JobSettings } from './job-runner.js';

/** `createRuntime({jobs})`: how this runtime runs the job queue and fires schedules. */
export interface JobsConfig extends Partial<JobSettings> {
  /** A schedule tick older than this when first seen counts as missed, ms (default 60000). */
  graceMs?: number;
}

export interface ResolvedJobs extends JobSettings {
  graceMs: number;
}

/** Checks `jobs` at the boundary and fills the defaults. */
export function jobSettings(jobs: JobsConfig | undefined): ResolvedJobs {
  const j = jobs ?? {};
  if (typeof j !== 'object' || j === null) throw badRequest('createRuntime: jobs must be an object');
  if (j.run !== undefined && typeof j.run !== 'boolean')
    throw badRequest(`createRuntime: jobs.run must be true or false, got ${typeof j.run}`);
  const int = (key: keyof JobsConfig, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const value = j[key] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
      throw badRequest(
        `createRuntime: jobs.${key} must be an integer from ${min} to ${max}, got ${String(value)}`,
      );
    return value as number;
  };
  return {
    run: j.run ?? true,
    concurrency: int('concurrency', 1, 1, 64),
    pollMs: int('pollMs', 500, 10),
    leaseMs: int('leaseMs', 30_000, 100),
    wallMs: int('wallMs', 600_000, 100),
    retryBaseMs: int('retryBaseMs', 1000, 1),
    maxLost: int('maxLost', 5, 1, 100),
    graceMs: int('graceMs', 60_000, 0),
  };
}
